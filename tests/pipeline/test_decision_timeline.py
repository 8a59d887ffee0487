"""Reading and describing the decision timeline a recruiter gives."""

from __future__ import annotations

import datetime as dt

import pytest

from afterword.errors import InvalidInputError
from afterword.pipeline.decision_timeline import DecisionTimeline, TimelineUnit, parse_timeline

TODAY = dt.date(2026, 12, 3)
SPAN_HINT = (
    "is neither a date (YYYY-MM-DD) nor a span such as "
    "'within 3 business days', '5 days' or '2 weeks'"
)


@pytest.mark.parametrize(
    ("text", "within", "unit"),
    [
        ("within 3 business days", 3, TimelineUnit.BUSINESS_DAYS),
        ("5 working days", 5, TimelineUnit.BUSINESS_DAYS),
        ("within 1 working day", 1, TimelineUnit.BUSINESS_DAYS),
        ("two weeks", 2, TimelineUnit.WEEKS),
        ("a week", 1, TimelineUnit.WEEKS),
        ("within a week", 1, TimelineUnit.WEEKS),
        ("in 10 days", 10, TimelineUnit.DAYS),
        ("1 day", 1, TimelineUnit.DAYS),
        ("ten days", 10, TimelineUnit.DAYS),
        ("365 days", 365, TimelineUnit.DAYS),
        ("within a month", 1, TimelineUnit.MONTHS),
        ("within five working days", 5, TimelineUnit.BUSINESS_DAYS),
    ],
)
def test_timeline_reads_spans_in_days_business_days_and_weeks(
    text: str, within: int, unit: TimelineUnit
) -> None:
    assert parse_timeline(text, today=TODAY) == DecisionTimeline(within=within, unit=unit)


def test_timeline_ignores_case_and_extra_spaces() -> None:
    assert parse_timeline("  Within   3  Business   Days ", today=TODAY) == DecisionTimeline(
        within=3, unit=TimelineUnit.BUSINESS_DAYS
    )


def test_timeline_reads_an_iso_date() -> None:
    assert parse_timeline("2026-12-09", today=TODAY) == DecisionTimeline(by=dt.date(2026, 12, 9))


def test_timeline_reads_today_and_tomorrow_relative_to_the_given_day() -> None:
    assert parse_timeline("today", today=TODAY) == DecisionTimeline(by=TODAY)
    assert parse_timeline("Tomorrow", today=TODAY) == DecisionTimeline(by=dt.date(2026, 12, 4))


@pytest.mark.parametrize("text", ["soon", "", "   ", "next week-ish", "3 hours", "2026-13-01"])
def test_timeline_refuses_text_that_is_neither_date_nor_span_and_shows_examples(
    text: str,
) -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_timeline(text, today=TODAY)
    assert str(raised.value) == f"decision timeline '{text}' {SPAN_HINT}"


@pytest.mark.parametrize(
    "text", ["0 days", "400 days", "within 366 business days", "60 weeks", "0 weeks"]
)
def test_timeline_refuses_spans_shorter_than_a_day_or_longer_than_a_year(text: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_timeline(text, today=TODAY)
    assert (
        str(raised.value) == f"decision timeline '{text}': give a span between one day and a year"
    )


def test_timeline_accepts_a_year_in_weeks() -> None:
    assert parse_timeline("52 weeks", today=TODAY) == DecisionTimeline(
        within=52, unit=TimelineUnit.WEEKS
    )


@pytest.mark.parametrize(
    ("timeline", "words"),
    [
        (DecisionTimeline(within=3, unit=TimelineUnit.BUSINESS_DAYS), "within 3 business days"),
        (DecisionTimeline(within=1, unit=TimelineUnit.BUSINESS_DAYS), "within 1 business day"),
        (DecisionTimeline(within=1, unit=TimelineUnit.DAYS), "within 1 day"),
        (DecisionTimeline(within=10, unit=TimelineUnit.DAYS), "within 10 days"),
        (DecisionTimeline(within=1, unit=TimelineUnit.WEEKS), "within 1 week"),
        (DecisionTimeline(within=2, unit=TimelineUnit.WEEKS), "within 2 weeks"),
        (DecisionTimeline(by=dt.date(2026, 12, 9)), "by 2026-12-09"),
        (DecisionTimeline(), "no timeline given"),
        (DecisionTimeline(within=3), "no timeline given"),
    ],
)
def test_timeline_describes_itself_in_plain_words_with_singular_for_one(
    timeline: DecisionTimeline, words: str
) -> None:
    assert timeline.describe() == words


def test_timeline_description_reads_back_as_the_same_timeline() -> None:
    longest = {TimelineUnit.WEEKS: 52, TimelineUnit.MONTHS: 12}
    for unit in TimelineUnit:
        for within in (1, 2, longest.get(unit, 365)):
            timeline = DecisionTimeline(within=within, unit=unit)
            assert parse_timeline(timeline.describe(), today=TODAY) == timeline
    dated = DecisionTimeline(by=dt.date(2026, 12, 9))
    assert parse_timeline(dated.describe(), today=TODAY) == dated
