"""Reading dates and times that people type (pure: `today` and the zone are passed in)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfoNotFoundError

from afterword import localtime
from afterword.errors import InvalidInputError

# Dates outside this span are typing mistakes or hostile input, whoever gives them (the command
# line, a form, the API, an import, an email): date arithmetic near year 9999 overflows.
EARLIEST = dt.date(1970, 1, 1)
LATEST = dt.date(2200, 12, 31)

_RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}


_RELATIVE_WORD = re.compile(r"^\s*(?:today|tomorrow|yesterday)\b", flags=re.IGNORECASE)
_DATETIME = re.compile(
    r"^\s*(?P<date>\d{4}-\d{2}-\d{2}|today|tomorrow|yesterday)"
    r"(?:[T ]\s*(?P<time>\d{1,2}:\d{2})(?::\d{2})?)?"
    r"\s*(?P<offset>Z|[+-]\d{2}:?\d{2})?\s*(?P<zone>[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)*)?\s*$"
)


def is_plausible(day: dt.date) -> bool:
    """Whether a date lies within the span afterword accepts (EARLIEST to LATEST)."""
    return EARLIEST <= day <= LATEST


def implausible(day: dt.date) -> str | None:
    """Why a date cannot be right ('... is not a plausible date'), or None when it can."""
    if is_plausible(day):
        return None
    return (
        f"{day.isoformat()} is not a plausible date "
        f"(afterword takes dates from {EARLIEST.year} to {LATEST.year})"
    )


def check_plausible(day: dt.date, *, what: str) -> dt.date:
    """The date, if plausible; else InvalidInputError naming `what`."""
    problem = implausible(day)
    if problem:
        raise InvalidInputError(f"{what}: {problem}")
    return day


def parse_date(text: str, *, today: dt.date, what: str = "date") -> dt.date:
    """Reads YYYY-MM-DD, 'today', 'yesterday' or 'tomorrow' (a plausible date only)."""
    cleaned = text.strip().lower()
    if cleaned in _RELATIVE_DAYS:
        return check_plausible(today + dt.timedelta(days=_RELATIVE_DAYS[cleaned]), what=what)
    try:
        day = dt.date.fromisoformat(cleaned)
    except ValueError:
        raise InvalidInputError(
            f"{what} '{text}' is not a date; use YYYY-MM-DD (e.g. {today.isoformat()}) or 'today'"
        ) from None
    return check_plausible(day, what=what)


def parse_datetime(
    text: str, *, default_zone: str, today: dt.date, what: str = "time"
) -> dt.datetime:
    """Reads 'YYYY-MM-DD HH:MM' with an optional offset or IANA zone; returns an aware instant.

    Without an offset or zone the time is read in `default_zone` (the user's zone).
    """
    # 'Tomorrow 10:00' works like 'tomorrow 10:00'.
    normalised = _RELATIVE_WORD.sub(lambda word: word[0].lower(), text)
    match = _DATETIME.match(normalised)
    if match is None:
        raise InvalidInputError(
            f"{what} '{text}' is not a date and time; use 'YYYY-MM-DD HH:MM', optionally "
            f"followed by a time zone (e.g. '{today.isoformat()} 14:30 Europe/London')"
        )
    try:
        word = match["date"]
        day = (
            today + dt.timedelta(days=_RELATIVE_DAYS[word])
            if word in _RELATIVE_DAYS
            else dt.date.fromisoformat(word)
        )
        hour, minute = (int(part) for part in (match["time"] or "09:00").split(":"))
        local = dt.datetime.combine(day, dt.time(hour, minute))
    except ValueError:
        raise InvalidInputError(f"{what} '{text}' is not a real date and time") from None
    check_plausible(day, what=what)
    if match["offset"] and match["zone"]:
        raise InvalidInputError(
            f"{what} '{text}' gives both an offset and a time zone; give only one of them"
        )
    if match["offset"]:
        return dt.datetime.fromisoformat(f"{local.isoformat()}{_normal_offset(match['offset'])}")
    zone = match["zone"] or default_zone
    try:
        return local.replace(tzinfo=localtime.zone(zone))
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInputError(f"{what} '{text}': '{zone}' is not a known time zone") from None


def _normal_offset(offset: str) -> str:
    if offset == "Z":
        return "+00:00"
    return offset if ":" in offset else f"{offset[:3]}:{offset[3:]}"
