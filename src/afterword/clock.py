"""The only reader of wall-clock time.

Everything else receives `now` or `today` as a value. The command line's
global `--as-of DATE` (and tests) pin the clock so that the whole program sees
the state of another day.
"""

from __future__ import annotations

import datetime as dt

from afterword import localtime

_pinned: dt.datetime | None = None


def pin(instant: dt.datetime | None) -> None:
    """Pins the clock to an aware instant, or unpins it with None."""
    global _pinned
    if instant is not None and instant.tzinfo is None:
        raise ValueError("the clock can only be pinned to an aware datetime")
    _pinned = instant


def pin_date(day: dt.date, timezone: str) -> None:
    """Pins the clock to noon of `day` in `timezone` (noon keeps the local date stable)."""
    pin(dt.datetime.combine(day, dt.time(12, 0), tzinfo=localtime.zone(timezone)))


def now() -> dt.datetime:
    """Returns the current instant in UTC (or the pinned one)."""
    if _pinned is not None:
        return _pinned.astimezone(dt.UTC)
    return dt.datetime.now(dt.UTC)


def today(timezone: str) -> dt.date:
    """Returns the current date in the given IANA time zone."""
    return now().astimezone(localtime.zone(timezone)).date()
