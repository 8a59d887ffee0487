"""The clock: the only reader of wall-clock time, pinnable for --as-of and tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from afterword import clock


def test_pinned_clock_returns_the_pinned_instant_in_utc() -> None:
    clock.pin(dt.datetime(2026, 12, 3, 16, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    assert clock.now() == dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC)
    assert clock.now().tzinfo is dt.UTC


def test_today_east_of_utc_is_already_tomorrow_late_in_the_evening() -> None:
    clock.pin(dt.datetime(2026, 12, 3, 22, 30, tzinfo=dt.UTC))
    assert clock.today("UTC") == dt.date(2026, 12, 3)
    assert clock.today("Europe/London") == dt.date(2026, 12, 3)
    assert clock.today("Europe/Berlin") == dt.date(2026, 12, 3)
    assert clock.today("Europe/Moscow") == dt.date(2026, 12, 4)
    assert clock.today("Asia/Tokyo") == dt.date(2026, 12, 4)


def test_today_west_of_utc_is_still_yesterday_early_in_the_morning() -> None:
    clock.pin(dt.datetime(2026, 12, 3, 3, 0, tzinfo=dt.UTC))
    assert clock.today("UTC") == dt.date(2026, 12, 3)
    assert clock.today("America/New_York") == dt.date(2026, 12, 2)
    assert clock.today("Pacific/Kiritimati") == dt.date(2026, 12, 3)


def test_pin_date_pins_noon_in_the_given_zone() -> None:
    clock.pin_date(dt.date(2026, 12, 3), "Asia/Tokyo")
    assert clock.now() == dt.datetime(2026, 12, 3, 3, 0, tzinfo=dt.UTC)
    assert clock.today("Asia/Tokyo") == dt.date(2026, 12, 3)


def test_pin_date_keeps_the_local_date_in_zones_far_from_utc() -> None:
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Los_Angeles", "UTC"):
        clock.pin_date(dt.date(2026, 3, 29), zone)
        assert clock.today(zone) == dt.date(2026, 3, 29), zone


def test_pin_date_on_a_dst_change_day_is_noon_local_time() -> None:
    clock.pin_date(dt.date(2026, 3, 29), "Europe/London")
    assert clock.now() == dt.datetime(2026, 3, 29, 11, 0, tzinfo=dt.UTC)


def test_pinning_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="aware datetime"):
        clock.pin(dt.datetime(2026, 12, 3, 15, 0))


def test_refused_naive_pin_leaves_the_previous_pin_in_place() -> None:
    pinned = dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC)
    clock.pin(pinned)
    with pytest.raises(ValueError):
        clock.pin(dt.datetime(2027, 1, 1))
    assert clock.now() == pinned


def test_unpinned_clock_reads_the_real_time_in_utc() -> None:
    clock.pin(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    clock.pin(None)
    before = dt.datetime.now(dt.UTC)
    current = clock.now()
    after = dt.datetime.now(dt.UTC)
    assert current.tzinfo is dt.UTC
    assert before <= current <= after
