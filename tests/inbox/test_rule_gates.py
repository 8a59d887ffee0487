"""The rules' quick tests (the words a branch's matches must start with) never change which
rules fire: fired_rules with them equals every branch searched over the whole text."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from afterword.inbox import rules
from afterword.inbox.classifier_store import corpus_rows
from afterword.inbox.rules import (
    OTHER_SPACES,
    RULES,
    Words,
    fired_rules,
    single_spaced,
)


def _searched_everywhere(subject: str, sender: str, text: str) -> list[str]:
    """fired_rules as it was before the quick tests: each branch searched over the text."""
    text = " ".join(text.split())
    fired: list[str] = []
    for rule in RULES:
        value = rules._field_text(rule, subject, sender, text)
        lowered = " " + value.lower().replace("\n", " ")
        if rule.needs and not any(word in lowered for word in rule.needs):
            continue
        if not any(branch.search(lowered) for branch in rule.branches):
            continue
        if rule.name in rules.OUTCOME_RULES and rules._only_conditional(rule, lowered):
            if rules.CONDITIONAL.name not in fired:
                fired.append(rules.CONDITIONAL.name)
            continue
        fired.append(rule.name)
    return fired


def _rule_words() -> list[str]:
    """Words the rules' patterns are written with: generated text then makes them fire."""
    found = set()
    for rule in RULES:
        found.update(re.findall(r"[a-zà-ÿ'@-]{2,}", rule.pattern.pattern))
    return sorted(found)


WORDS = [*_rule_words(), "the", "a", "we", "you", "role", "job", "Offer", "WE", "ARE", "café"]
SPACES = st.sampled_from([" ", " ", " ", " ", "  ", "\n", "\t", "\xa0", "\u2009", " \n "])


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), max_size=40))
    pieces: list[str] = []
    for word in words:
        pieces.append(word)
        pieces.append(draw(SPACES))
    return "".join(pieces)


@settings(max_examples=400, deadline=None)
@given(subject=texts(), sender=texts(), text=texts())
def test_rules_fire_exactly_as_when_every_branch_searches_the_whole_text(
    subject: str, sender: str, text: str
) -> None:
    quick = [rule.name for rule in fired_rules(subject, sender, text)]
    assert quick == _searched_everywhere(subject, sender, text)


def test_rules_fire_on_the_corpus_exactly_as_when_every_branch_searches_the_whole_text() -> None:
    for row in corpus_rows():
        subject, sender, body = row.get("subject", ""), row.get("from", ""), row.get("body", "")
        quick = [rule.name for rule in fired_rules(subject, sender, body)]
        assert quick == _searched_everywhere(subject, sender, body), row.get("id")


def test_other_spaces_are_every_character_the_patterns_read_as_whitespace() -> None:
    every = {chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()}
    assert set(OTHER_SPACES) == every - {" "}
    assert all(re.fullmatch(r"\s", space) for space in OTHER_SPACES)


@given(st.text(alphabet=st.sampled_from("ab \t\n\xa0\u3000"), max_size=30))
def test_single_spaced_means_no_whitespace_but_lone_spaces(text: str) -> None:
    expected = re.search(r"[^\S ]| {2}", text) is None
    assert single_spaced(text) is expected
    assert (Words.of(text) is not None) is expected


def test_a_branch_starting_with_alternatives_is_looked_for_by_its_whole_words() -> None:
    # "going ahead with another" starts with the whole words "going ahead": a text with
    # "going" but never followed by "ahead" cannot hold it.
    lowered = " we are going to go ahead and forward this on"
    words = Words.of(lowered)
    assert words is not None
    rejection = next(rule for rule in RULES if rule.name == "rejection_phrase")
    first = rejection.leads[0]
    assert first.starts
    assert not words.may_start(first)
    assert rejection.branches[0].search(lowered) is None
