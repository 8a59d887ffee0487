"""Feedback themes (pure): statements, each a strength, a gap or a circumstance, by theme.

The figures are measured on hand-labelled statements written for afterword: the tuning set
(`feedback_statements.tsv`, which the lexicon was built against and which is part of the
classifier's training statements) and two held-out sets the classifier never trains on
(`feedback_statements_holdout.tsv`, `feedback_statements_holdout2.tsv`). The floors below
guard against regressions; bench/themes.py prints the figures per theme, before and after.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from afterword.reflection.feedback_themes import (
    Polarity,
    classify,
    feedback_themes,
    lexicon_theme,
    split_statements,
    statements,
    training_statements,
)

DATA = Path(__file__).parent / "data"


def _labelled(name: str) -> list[tuple[str, str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        rows = [
            row for row in csv.reader(handle, delimiter="\t") if row and not row[0].startswith("#")
        ]
    return [(text, theme, polarity) for text, theme, polarity in rows[1:]]


def _measure(rows: list[tuple[str, str, str]]) -> tuple[dict[str, float], float, float]:
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    polar = polar_right = 0
    for text, theme, polarity in rows:
        found = classify(text)
        total[theme] += 1
        right[theme] += found.theme == theme
        if polarity != "neutral":
            polar += 1
            polar_right += found.polarity.value == polarity
    per_theme = {theme: right[theme] / total[theme] for theme in total}
    return per_theme, sum(right.values()) / len(rows), polar_right / polar


def test_the_labelled_sets_are_large_enough_and_use_known_labels() -> None:
    rows = _labelled("feedback_statements.tsv")
    assert len(rows) >= 150
    themes = {theme for _, theme, _ in rows}
    assert {"system_design", "communication", "experience_level", "culture_fit"} <= themes
    assert {polarity for _, _, polarity in rows} == {"strength", "gap", "neutral"}


@pytest.mark.parametrize(
    ("name", "theme_floor", "polarity_floor"),
    [
        ("feedback_statements.tsv", 0.95, 0.95),
        ("feedback_statements_holdout.tsv", 0.85, 0.85),
        ("feedback_statements_holdout2.tsv", 0.75, 0.75),
    ],
)
def test_themes_and_strength_versus_gap_agree_with_hand_labels(
    name: str, theme_floor: float, polarity_floor: float
) -> None:
    per_theme, theme_accuracy, polarity_accuracy = _measure(_labelled(name))
    print(f"\n{name}: theme {theme_accuracy:.1%}, strength vs gap {polarity_accuracy:.1%}")
    for theme, accuracy in sorted(per_theme.items()):
        print(f"  {theme}: {accuracy:.0%}")
    assert theme_accuracy >= theme_floor
    assert polarity_accuracy >= polarity_floor


def test_no_held_out_statement_is_among_the_training_statements() -> None:
    def words(text: str) -> str:
        return " ".join(text.lower().split())

    trained = {words(text) for text, _, _ in training_statements()}
    for name in ("feedback_statements_holdout.tsv", "feedback_statements_holdout2.tsv"):
        held_out = {words(text) for text, _, _ in _labelled(name)}
        assert not held_out & trained, name


def test_the_classifier_names_themes_the_lexicon_has_no_cue_for() -> None:
    # No cue word of the lexicon appears in these; the examples it learnt from carry them.
    assert lexicon_theme("You got stuck on the syntax for a while")[0] == "other"
    found = classify("You kept mixing up the syntax of the loop")
    assert found.theme == "coding" and found.polarity is Polarity.GAP
    assert found.cue  # there is always a reason to show


@pytest.mark.parametrize(
    "praise",
    ["Strong coding", "great communication", "Excellent system design", "Clear explanations"],
)
def test_praise_is_never_a_gap(praise: str) -> None:
    assert classify(praise).polarity is Polarity.STRENGTH


def test_a_contrast_splits_praise_from_the_gap_that_follows() -> None:
    found = statements("Strong coding, but we wanted more depth on system design.")
    assert [(s.theme, s.polarity) for s in found] == [
        ("coding", Polarity.STRENGTH),
        ("system_design", Polarity.GAP),
    ]


def test_sentences_and_bullets_become_separate_statements() -> None:
    text = "Great culture fit. Your answers tended to ramble!\n- lacked experience leading a team"
    assert split_statements(text) == [
        "Great culture fit",
        "Your answers tended to ramble",
        "lacked experience leading a team",
    ]


def test_an_internal_hire_is_a_circumstance_not_a_gap() -> None:
    found = classify("The position has been filled internally")
    assert found.theme == "circumstances" and found.polarity is Polarity.NEUTRAL


def test_gaps_raised_by_several_companies_come_first_with_their_quotes() -> None:
    themes = feedback_themes(
        [
            ("Acme", "Strong coding, but we wanted more system design depth."),
            ("Globex", "Your system design answer lacked depth."),
            ("Initech", "We went with a candidate with more years of experience."),
        ]
    )
    first = themes[0]
    assert first.name == "System design" and first.recurring
    assert [quote.source for quote in first.gaps] == ["Acme", "Globex"]
    coding = next(theme for theme in themes if theme.id == "coding")
    assert coding.gaps == () and [q.text for q in coding.strengths] == ["Strong coding"]


def test_no_feedback_has_no_themes() -> None:
    assert feedback_themes([]) == ()
    assert feedback_themes([("Acme", "Thanks for your time.")]) == ()
