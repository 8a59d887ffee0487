"""The words after a rejection: specific to the user's numbers, honest, and never gushing."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from afterword.reflection.encouragement import (
    RECENT_DAYS,
    Encouragement,
    SearchSnapshot,
    encouragement,
    is_recent,
)

TODAY = dt.date(2026, 11, 23)

BASE = SearchSnapshot(
    rejected_company="Initech",
    rejected_on=dt.date(2026, 11, 20),
    applications=12,
    interviews_reached=4,
    rejections=1,
    offers=0,
    open_processes=3,
    upcoming_interviews=1,
    applied_recently=2,
    open_companies=("Acme", "Globex", "Umbrella"),
)


def _text(result: Encouragement) -> str:
    return " ".join((result.heading, *result.sentences, result.next_step))


def _situation(**changes: object) -> str:
    return _text(encouragement(dataclasses.replace(BASE, **changes), today=TODAY))


def test_first_rejection_names_the_company_and_says_it_is_the_first() -> None:
    text = _situation()
    assert "Initech said no 3 days ago" in text
    assert "first no" in text


def test_it_counts_applications_interviews_and_names_the_open_processes() -> None:
    text = _situation()
    assert "Across 12 applications you have reached interviews in 4" in text
    assert "3 other processes are still open: Acme, Globex and Umbrella" in text
    assert "with 1 interview ahead" in text


def test_many_rejections_are_counted_and_put_in_perspective() -> None:
    text = _situation(rejections=9)
    assert "9 rejections so far" in text
    assert "first no" not in text
    assert "no far more often than yes" in text


def test_a_second_rejection_is_neither_first_nor_many() -> None:
    text = _situation(rejections=2)
    assert "first no" not in text
    assert "rejections so far" not in text
    assert "Disappointment is a fair response" in text


def test_zero_open_processes_says_so_plainly_and_suggests_applying() -> None:
    text = _situation(open_processes=0, open_companies=(), upcoming_interviews=0)
    assert "nothing else is open" in text
    assert "still open" not in text
    assert (
        "apply"
        in encouragement(
            dataclasses.replace(BASE, open_processes=0, open_companies=()), today=TODAY
        ).next_step
    )


def test_no_recent_applications_nudges_gently_even_with_processes_open() -> None:
    result = encouragement(dataclasses.replace(BASE, applied_recently=0), today=TODAY)
    assert "apply" in result.next_step


def test_an_upcoming_interview_turns_the_next_step_towards_it() -> None:
    result = encouragement(BASE, today=TODAY)
    assert "next interview" in result.next_step


def test_without_interviews_ahead_the_next_step_is_asking_for_feedback() -> None:
    result = encouragement(dataclasses.replace(BASE, upcoming_interviews=0), today=TODAY)
    assert "feedback" in result.next_step


def test_offers_already_received_are_mentioned_as_evidence() -> None:
    text = _situation(offers=1)
    assert "received 1 offer" in text


def test_no_interviews_yet_speaks_of_applications_only() -> None:
    text = _situation(interviews_reached=0, applications=7)
    assert "You have sent 7 applications so far" in text
    assert "reached interviews" not in text


def test_one_open_process_and_more_than_three_are_worded_right() -> None:
    one = _situation(open_processes=1, open_companies=("Acme",), upcoming_interviews=0)
    assert "1 other process is still open: Acme." in one
    many = _situation(open_processes=6, open_companies=("Acme", "Globex", "Umbrella"))
    assert "Acme, Globex, Umbrella and 3 others" in many


def test_a_rejection_today_and_yesterday_read_naturally() -> None:
    assert "said no today" in _situation(rejected_on=TODAY)
    assert "said no yesterday" in _situation(rejected_on=TODAY - dt.timedelta(days=1))


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"rejections": 12, "open_processes": 0, "open_companies": (), "applications": 40},
        {"offers": 2, "upcoming_interviews": 0},
        {"applications": 1, "interviews_reached": 1, "open_processes": 0, "open_companies": ()},
    ],
)
def test_never_an_exclamation_mark_or_empty_cheerleading(changes: dict[str, object]) -> None:
    text = _situation(**changes)
    assert "!" not in text
    for phrase in (
        "you've got this",
        "amazing",
        "everything happens for a reason",
        "stay positive",
    ):
        assert phrase not in text.lower()


def test_recent_means_within_two_weeks_and_not_in_the_future() -> None:
    assert is_recent(TODAY, TODAY)
    assert is_recent(TODAY - dt.timedelta(days=RECENT_DAYS), TODAY)
    assert not is_recent(TODAY - dt.timedelta(days=RECENT_DAYS + 1), TODAY)
    assert not is_recent(TODAY + dt.timedelta(days=1), TODAY)
    assert not is_recent(None, TODAY)
