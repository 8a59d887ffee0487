"""Reading dates and times that people type."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from afterword.dates import parse_date, parse_datetime
from afterword.errors import InvalidInputError

TODAY = dt.date(2026, 12, 3)


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


def in_utc(text: str, *, default_zone: str = "Europe/London") -> dt.datetime:
    parsed = parse_datetime(text, default_zone=default_zone, today=TODAY)
    assert parsed.tzinfo is not None
    return parsed.astimezone(dt.UTC)


# parse_date


def test_date_reads_iso_format() -> None:
    assert parse_date("2026-02-28", today=TODAY) == dt.date(2026, 2, 28)


def test_date_ignores_surrounding_spaces() -> None:
    assert parse_date("  2026-12-09 ", today=TODAY) == dt.date(2026, 12, 9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", dt.date(2026, 12, 3)),
        ("yesterday", dt.date(2026, 12, 2)),
        ("tomorrow", dt.date(2026, 12, 4)),
        ("Today", dt.date(2026, 12, 3)),
        (" TOMORROW ", dt.date(2026, 12, 4)),
    ],
)
def test_date_reads_relative_words_against_the_given_today(text: str, expected: dt.date) -> None:
    assert parse_date(text, today=TODAY) == expected


def test_date_relative_words_cross_month_and_year_boundaries() -> None:
    assert parse_date("tomorrow", today=dt.date(2026, 12, 31)) == dt.date(2027, 1, 1)
    assert parse_date("yesterday", today=dt.date(2028, 3, 1)) == dt.date(2028, 2, 29)


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "03/12/2026", "next tuesday", ""])
def test_date_refuses_bad_values_and_shows_the_expected_format(text: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_date(text, today=TODAY)
    assert str(raised.value) == (
        f"date '{text}' is not a date; use YYYY-MM-DD (e.g. 2026-12-03) or 'today'"
    )


def test_date_error_names_the_field_it_was_reading() -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_date("soon", today=TODAY, what="start date")
    assert str(raised.value) == (
        "start date 'soon' is not a date; use YYYY-MM-DD (e.g. 2026-12-03) or 'today'"
    )


# parse_datetime


def test_datetime_without_zone_is_read_in_the_default_zone() -> None:
    parsed = parse_datetime("2026-07-01 14:30", default_zone="Europe/London", today=TODAY)
    assert parsed.tzinfo == ZoneInfo("Europe/London")
    assert parsed.astimezone(dt.UTC) == utc(2026, 7, 1, 13, 30)


def test_datetime_in_winter_london_equals_utc() -> None:
    assert in_utc("2026-12-03 14:30") == utc(2026, 12, 3, 14, 30)


def test_datetime_accepts_t_separator_and_seconds() -> None:
    assert in_utc("2026-12-03T14:30:00") == utc(2026, 12, 3, 14, 30)


def test_datetime_with_date_only_means_nine_in_the_morning_local_time() -> None:
    assert in_utc("2026-07-01", default_zone="Europe/Berlin") == utc(2026, 7, 1, 7, 0)


def test_datetime_explicit_iana_zone_overrides_the_default() -> None:
    assert in_utc("2026-12-03 09:00 Asia/Tokyo") == utc(2026, 12, 3, 0, 0)
    assert in_utc("2026-12-03 09:00 America/Argentina/Buenos_Aires") == utc(2026, 12, 3, 12, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-03 14:30 +02:00", utc(2026, 12, 3, 12, 30)),
        ("2026-12-03 14:30+0530", utc(2026, 12, 3, 9, 0)),
        ("2026-12-03 14:30 -05:00", utc(2026, 12, 3, 19, 30)),
        ("2026-12-03T14:30Z", utc(2026, 12, 3, 14, 30)),
        ("2026-12-03 14:30 Z", utc(2026, 12, 3, 14, 30)),
    ],
)
def test_datetime_numeric_offsets_and_z_are_fixed_offsets(text: str, expected: dt.datetime) -> None:
    assert in_utc(text, default_zone="Asia/Tokyo") == expected


def test_datetime_in_london_before_and_after_spring_forward() -> None:
    # Clocks go from 01:00 GMT to 02:00 BST on Sunday 2026-03-29.
    assert in_utc("2026-03-29 00:30") == utc(2026, 3, 29, 0, 30)
    assert in_utc("2026-03-29 03:00") == utc(2026, 3, 29, 2, 0)
    assert in_utc("2026-03-28 12:00") == utc(2026, 3, 28, 12, 0)
    assert in_utc("2026-03-30 12:00") == utc(2026, 3, 30, 11, 0)


def test_datetime_in_the_spring_gap_is_moved_forward_by_the_gap() -> None:
    # 01:30 does not exist in London that night; it is read as 02:30 BST.
    instant = in_utc("2026-03-29 01:30")
    assert instant == utc(2026, 3, 29, 1, 30)
    assert instant.astimezone(ZoneInfo("Europe/London")).time() == dt.time(2, 30)


def test_datetime_in_new_york_around_fall_back() -> None:
    # Clocks go from 02:00 EDT back to 01:00 EST on Sunday 2026-11-01.
    assert in_utc("2026-11-01 00:30 America/New_York") == utc(2026, 11, 1, 4, 30)
    assert in_utc("2026-11-01 03:00 America/New_York") == utc(2026, 11, 1, 8, 0)
    assert in_utc("2026-10-31 12:00 America/New_York") == utc(2026, 10, 31, 16, 0)
    assert in_utc("2026-11-02 12:00 America/New_York") == utc(2026, 11, 2, 17, 0)


def test_datetime_in_the_repeated_hour_takes_the_first_occurrence() -> None:
    # 01:30 happens twice in New York that night; the earlier one (EDT) is meant.
    assert in_utc("2026-11-01 01:30 America/New_York") == utc(2026, 11, 1, 5, 30)


@pytest.mark.parametrize("text", ["2026-02-30 10:00", "2026-12-03 25:00", "2026-12-03 10:61"])
def test_datetime_refuses_impossible_dates_and_times(text: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_datetime(text, default_zone="Europe/London", today=TODAY)
    assert str(raised.value) == f"time '{text}' is not a real date and time"


def test_datetime_refuses_unknown_zone_names() -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_datetime("2026-12-03 10:00 Mars/Olympus", default_zone="Europe/London", today=TODAY)
    assert str(raised.value) == (
        "time '2026-12-03 10:00 Mars/Olympus': 'Mars/Olympus' is not a known time zone"
    )


def test_datetime_refuses_an_unknown_default_zone() -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_datetime("2026-12-03 10:00", default_zone="Nowhere/Land", today=TODAY, what="start")
    assert str(raised.value) == "start '2026-12-03 10:00': 'Nowhere/Land' is not a known time zone"


@pytest.mark.parametrize("text", ["10:00", "03/12/2026 10:00", "next week 10:00", ""])
def test_datetime_refuses_other_formats_and_shows_an_example(text: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_datetime(text, default_zone="Europe/London", today=TODAY, what="interview time")
    assert str(raised.value) == (
        f"interview time '{text}' is not a date and time; use 'YYYY-MM-DD HH:MM', optionally "
        "followed by a time zone (e.g. '2026-12-03 14:30 Europe/London')"
    )


def test_datetime_refuses_an_offset_together_with_a_zone() -> None:
    with pytest.raises(InvalidInputError, match="both an offset and a time zone"):
        parse_datetime("2026-12-03 14:30 +02:00 Asia/Tokyo", default_zone="UTC", today=TODAY)


@pytest.mark.parametrize(
    ("text", "day"), [("tomorrow 10:00", 4), ("Today 10:00", 3), ("yesterday", 2)]
)
def test_datetime_accepts_relative_day_words(text: str, day: int) -> None:
    instant = parse_datetime(text, default_zone="UTC", today=TODAY)
    assert instant.date() == dt.date(2026, 12, day)
