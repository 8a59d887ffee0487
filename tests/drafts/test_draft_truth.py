"""A draft states only facts from the record; afterword's own numbers are never the company's word.

Every fact a template may use is tagged with where it came from (drafts.context.SOURCES):
recorded by the user, said by the company, or computed by afterword. The checks here render
every template from generated records, sparse and full, and look at which sentences a
computed value reaches: only the user's own request may carry one (asking for a new
deadline), and only as a question. A question from the debrief is never pasted raw into a
sentence: it appears in quotes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import fields, replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterword.drafts.context import SOURCES, TEMPLATES, DraftContext, Source
from afterword.drafts.render import render_draft

TODAY = dt.date(2026, 12, 3)
# A computed value may reach a draft only as the user's own request, phrased as a question.
USER_REQUESTS = {("extension_request", "proposed_deadline")}
# `today` is the day of writing: it only decides whether a date shows its year, and is
# never stated as a fact, so varying it is not a test of attribution.
NOT_STATED = {"today"}
COMPUTED = [
    name for name, source in SOURCES.items() if source is Source.COMPUTED and name not in NOT_STATED
]
# Two values far enough apart to tell apart in any sentence, in the same year as TODAY.
PROBES = (dt.date(2026, 12, 17), dt.date(2026, 12, 29))

days = st.dates(dt.date(2026, 11, 1), dt.date(2027, 1, 31))
maybe = st.none()
questions = st.sampled_from(
    [
        "Tell me about a migration you led",
        "Design a rate limiter",
        "How would you shard the orders table?",
        "Walk me through your last project.",
        "Why us",
    ]
)


@st.composite
def contexts(draw: st.DrawFn, template: str) -> DraftContext:
    """A record as sparse or as full as a real user's: each fact present or not."""
    base = DraftContext(template=template, company="Acme", role="Data Engineer", today=TODAY)
    values: dict[str, Any] = {
        "sender_name": draw(maybe | st.just("Sam Rivera")),
        "signature": draw(maybe | st.just("Sam Rivera\n+44 20 7946 0000")),
        "recipient_name": draw(maybe | st.just("Priya Shah")),
        "recipient_email": draw(maybe | st.just("priya@acme.example")),
        "recipient_role": draw(maybe | st.sampled_from(["recruiter", "interviewer", "other"])),
        "recipient_was_there": draw(st.booleans()),
        "interview_on": draw(maybe | days),
        "interview_kind": draw(maybe | st.sampled_from(["technical", "onsite", "phone screen"])),
        "interviewer_names": tuple(
            draw(st.lists(st.sampled_from(["Tom Okafor", "Lee Chen"]), max_size=2, unique=True))
        ),
        "discussed": tuple(draw(st.lists(questions, max_size=3, unique=True))),
        "timeline_known": draw(st.booleans()),
        "decision_promised_by": draw(maybe | days),
        "decision_promised_within": draw(maybe | st.just("within 3 business days")),
        "followed_up_on": draw(maybe | days),
        "offer_company": draw(maybe | st.just("Globex")),
        "offer_deadline": draw(maybe | days),
        "start_date": draw(maybe | days),
        "accepted_company": draw(maybe | st.just("Globex")),
        "interest": draw(maybe | st.integers(1, 5)),
        "feedback_text": draw(maybe | st.just("The take-home had no tests.")),
    }
    for name in COMPUTED:
        values[name] = draw(maybe | days)
    return replace(base, **values)


def sentences(text: str) -> list[str]:
    """The body's sentences (and lines), for comparing two renderings."""
    parts = re.split(r"(?<=[.?!])\s+|\n+", text)
    return [part.strip() for part in parts if part.strip()]


def test_every_fact_a_draft_can_use_says_where_it_came_from() -> None:
    assert set(SOURCES) == {field.name for field in fields(DraftContext)}


@pytest.mark.parametrize("template", TEMPLATES)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_no_sentence_presents_an_afterword_computed_value_as_the_companys(
    template: str, data: st.DataObject
) -> None:
    context = data.draw(contexts(template))
    for name in COMPUTED:
        first, second = (render_draft(replace(context, **{name: probe})).body for probe in PROBES)
        changed = set(sentences(first)) ^ set(sentences(second))
        if (template, name) in USER_REQUESTS:
            # The user's own ask ("Would it be possible to extend that to ...?").
            assert all(sentence.endswith("?") for sentence in changed), changed
        else:
            assert not changed, f"{template}: the computed '{name}' reached {changed}"


@pytest.mark.parametrize("template", TEMPLATES)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_question_from_the_debrief_never_appears_unquoted(
    template: str, data: st.DataObject
) -> None:
    context = data.draw(contexts(template))
    body = render_draft(context).body
    for question in context.discussed:
        text = question.rstrip(" .;:,!")
        for found in re.finditer(re.escape(text), body):
            before = body[found.start() - 1] if found.start() else ""
            assert before == "“", f"{template}: '{text}' appears unquoted in {body!r}"


def test_the_companys_own_timeline_is_said_in_its_own_terms() -> None:
    by_date = DraftContext(
        template="follow_up",
        company="Acme",
        role="Data Engineer",
        today=TODAY,
        timeline_known=True,
        decision_promised_by=dt.date(2026, 12, 10),
        expected_decision_on=dt.date(2026, 12, 11),
    )
    within = replace(
        by_date, decision_promised_by=None, decision_promised_within="within 3 business days"
    )
    assert "hoped to decide by Thursday 10 December" in render_draft(by_date).body
    assert "11 December" not in render_draft(by_date).body
    assert "hoped to decide within 3 business days of the interview" in render_draft(within).body
