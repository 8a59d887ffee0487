"""The digest email's words (pure): the weekly review's facts, and nothing else."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from afterword.reflection.weekly import (
    QUIET_WEEK,
    WeekReview,
    digest_text,
    last_full_week,
    review_lines,
    week_of,
)

COUNTS = st.integers(0, 500)


@st.composite
def reviews(draw: st.DrawFn) -> WeekReview:
    return WeekReview(
        start=week_of(draw(st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)))),
        applications=draw(COUNTS),
        replies=draw(COUNTS),
        interviews=draw(COUNTS),
        offers=draw(COUNTS),
        rejections=draw(COUNTS),
        practice=draw(COUNTS),
        plan_steps=draw(COUNTS),
        sentence=draw(st.sampled_from(["No decisions yet.", "1 offer from 10 decisions."])),
    )


@given(review=reviews())
def test_the_digest_body_is_the_review_itself_in_plain_text(review: WeekReview) -> None:
    subject, body = digest_text(review)
    year, week, _ = review.start.isocalendar()
    assert subject == f"Your job search, week {week} of {year}"
    lines = body.splitlines()
    shown = review_lines(review)
    start = lines.index(review.label)
    assert lines[start : start + len(shown)] == shown
    # Every figure and the sentence come from the review; the rest is the fixed frame.
    frame = [line for line in lines if line not in shown]
    assert all(not any(ch.isdigit() for ch in line) for line in frame)
    assert (QUIET_WEEK in body) == review.quiet


@given(day=st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)))
def test_a_digest_reviews_the_last_week_that_has_ended(day: dt.date) -> None:
    monday = last_full_week(day)
    assert monday.weekday() == 0
    assert monday + dt.timedelta(days=6) < day <= monday + dt.timedelta(days=13)
