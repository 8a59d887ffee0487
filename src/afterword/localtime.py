"""The user's local time and calendar, owned in one place, below every domain (pure).

A workspace builds one `LocalContext` for its user: their time zone, the business days of
their country (weekends and the public holidays of the `holidays` package), the order they
write numeric dates in, their locale for dates, and the one function that turns a span
("5 business days", "two weeks", "a month") into a date. Every part of afterword that
reasons about the user's days goes through it, so that "accept within 5 working days" and
"we'll decide within 5 business days" land on the same day.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import holidays

# Countries whose people write the month first: 03/12 is the 12th of March there.
MONTH_FIRST_COUNTRIES = frozenset(
    {"US", "CA", "PH", "FM", "MH", "PW", "GU", "PR", "AS", "VI", "MP", "UM"}
)


@functools.cache
def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name` (ZoneInfoNotFoundError when there is none), built once."""
    return ZoneInfo(name)


def day_first(country: str) -> bool:
    """Tells whether people in `country` write 03/12 for the 3rd of December."""
    return country.strip().upper() not in MONTH_FIRST_COUNTRIES


# -- spans --------------------------------------------------------------------------------------


class SpanUnit(enum.StrEnum):
    """The unit of a span of time, as companies state them."""

    BUSINESS_DAYS = "business_days"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


# The one table of number words, for spans written out ("within five business days").
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fourteen": 14, "fifteen": 15, "twenty": 20, "twenty-one": 21, "thirty": 30,
}  # fmt: skip
NUMBER = r"\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
# "business days", "working days", "calendar days", "days", "weeks", "months".
UNIT = r"(?:business|working|calendar)\s+days?|days?|weeks?|months?"
_SPAN = re.compile(rf"^(?P<count>{NUMBER})\s+(?P<unit>{UNIT})$", re.IGNORECASE)


def number(text: str) -> int | None:
    """'5' or 'five' -> 5; None when it is not a number afterword reads."""
    cleaned = text.strip().lower()
    return int(cleaned) if cleaned.isdigit() else NUMBER_WORDS.get(cleaned)


def unit_of(text: str) -> SpanUnit:
    """'business days', 'working day', 'calendar days', 'weeks', 'month' -> the unit."""
    words = text.strip().lower().split()
    if words[0] in ("business", "working"):
        return SpanUnit.BUSINESS_DAYS
    last = words[-1]
    if last.startswith("week"):
        return SpanUnit.WEEKS
    if last.startswith("month"):
        return SpanUnit.MONTHS
    return SpanUnit.DAYS


@dataclass(frozen=True)
class Span:
    """An amount of time as stated: 5 business days, 2 weeks, a month."""

    count: int
    unit: SpanUnit

    @classmethod
    def read(cls, text: str) -> Span | None:
        """'5 business days', 'five working days', 'two weeks', 'a month'; None otherwise."""
        match = _SPAN.match(" ".join(text.strip().split()))
        if match is None:
            return None
        count = number(match["count"])
        return None if count is None else cls(count, unit_of(match["unit"]))

    def describe(self) -> str:
        """'3 business days', '1 week'."""
        unit = self.unit.value.replace("_", " ")
        return f"{self.count} {unit.removesuffix('s') if self.count == 1 else unit}"

    # The inbox ledger keeps a span as this text, and Span.read reads it back.
    __str__ = describe

    @property
    def length_in_days(self) -> int:
        """Its length as counted for bounds ("at most a year"): a day each (business days
        too), a week 7, a month 30."""
        per = {SpanUnit.WEEKS: 7, SpanUnit.MONTHS: 30}
        return self.count * per.get(self.unit, 1)


# -- business days -------------------------------------------------------------------------------


@functools.cache
def _holidays_for(country: str, subdivision: str | None) -> holidays.HolidayBase | None:
    # Imported here: the package is large, and most commands never count a business day.
    import holidays

    try:
        return holidays.country_holidays(country, subdiv=subdivision)
    except (NotImplementedError, KeyError):
        return None


def _computed_year(country: str, subdivision: str | None, year: int) -> dict[str, str]:
    """The public holidays of one year, from the `holidays` package, by ISO date."""
    known = _holidays_for(country, subdivision)
    if known is None:
        return {}
    known.years = {year}
    return {day.isoformat(): str(name) for day, name in known.items() if day.year == year}


class _HolidayFile:
    """Years of holidays already computed, kept in a file between commands.

    Loading the `holidays` package and computing a country's year costs a command that
    counts a business day (a rejection, a whole re-plan) 150-400 ms, every time, for an
    answer that only changes with the package. The file keeps each year's answer with the
    package's version; another version, or a file that cannot be read, is simply ignored
    and the year computed again. The command line points it into the data folder."""

    def __init__(self) -> None:
        self.path: str | None = None
        self._years: dict[str, dict[str, str]] | None = None
        self._version: str | None = None

    def year(self, country: str, subdivision: str | None, year: int) -> dict[str, str]:
        if self.path is None:
            return _computed_year(country, subdivision, year)
        key = f"{country}/{subdivision or ''}/{year}"
        years = self._read()
        found = years.get(key)
        if found is None:
            found = years[key] = _computed_year(country, subdivision, year)
            self._write(years)
        return found

    def _package_version(self) -> str:
        if self._version is None:
            from importlib.metadata import version

            self._version = version("holidays")
        return self._version

    def _read(self) -> dict[str, dict[str, str]]:
        if self._years is None:
            import json

            self._years = {}
            try:
                with open(self.path or "", encoding="utf-8") as file:
                    stored = json.load(file)
                if stored.get("holidays") == self._package_version():
                    self._years = {
                        str(key): {str(day): str(name) for day, name in names.items()}
                        for key, names in stored["years"].items()
                    }
            except (OSError, ValueError, AttributeError, KeyError, TypeError):
                pass  # no file yet, or one from elsewhere: computed again and rewritten
        return self._years

    def _write(self, years: dict[str, dict[str, str]]) -> None:
        import contextlib
        import json
        import os
        import tempfile

        if self.path is None:
            return
        text = json.dumps({"holidays": self._package_version(), "years": years})
        folder = os.path.dirname(self.path) or "."
        try:
            # Written whole and renamed into place: a reader never sees half a file.
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".holidays-")
        except OSError:
            return  # no folder, or a read-only one: it costs time, never an answer
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


_holiday_file = _HolidayFile()


def keep_holidays_in(path: str | None) -> None:
    """Keeps computed years of public holidays in the file at `path` (None: in memory only)."""
    if path != _holiday_file.path:
        _holiday_file.path = path
        _holiday_file._years = None


class BusinessCalendar:
    """Counts business days for one country (and optional subdivision, e.g. 'US', 'CA').

    A country the `holidays` package does not know simply has no holidays: weekends still
    count, and nothing fails.
    """

    def __init__(self, country: str, subdivision: str | None = None) -> None:
        self.country = country.upper()
        self._subdivision = subdivision
        self._known_years: set[int] = set()
        self._holiday_names: dict[dt.date, str] = {}
        # Planning asks the same questions thousands of times (many interviews share a day).
        self._added: dict[tuple[dt.date, int], dt.date] = {}

    def _load_year(self, year: int) -> None:
        self._known_years.add(year)
        # The package is read on the first question about a day, not when the calendar is
        # made: many re-plans (a write to one process) never count a business day.
        for day, name in _holiday_file.year(self.country, self._subdivision, year).items():
            self._holiday_names[dt.date.fromisoformat(day)] = name

    def holiday(self, day: dt.date) -> str | None:
        """The name of the public holiday on `day`, if it is one."""
        if day.year not in self._known_years:
            self._load_year(day.year)
        return self._holiday_names.get(day)

    def is_business_day(self, day: dt.date) -> bool:
        """A weekday that is not a public holiday."""
        return day.weekday() < 5 and self.holiday(day) is None

    def add(self, day: dt.date, business_days: int) -> dt.date:
        """The date `business_days` business days after `day` (`day` itself is not counted).

        0 gives `day` when it is a business day, else the next business day.
        """
        cached = self._added.get((day, business_days))
        if cached is not None:
            return cached
        if business_days <= 0:
            result = self.on_or_after(day)
        else:
            result, remaining = day, business_days
            while remaining:
                result += dt.timedelta(days=1)
                if self.is_business_day(result):
                    remaining -= 1
        self._added[(day, business_days)] = result
        return result

    def shift(self, day: dt.date, count: int) -> dt.date:
        """`count` business days from `day`, forward or (negative) back; 0 keeps `day`."""
        if count >= 0:
            return day if count == 0 else self.add(day, count)
        result, remaining = day, -count
        while remaining:
            result -= dt.timedelta(days=1)
            if self.is_business_day(result):
                remaining -= 1
        return result

    def on_or_after(self, day: dt.date) -> dt.date:
        """`day`, or the first business day after it."""
        while not self.is_business_day(day):
            day += dt.timedelta(days=1)
        return day

    def on_or_before(self, day: dt.date) -> dt.date:
        """`day`, or the last business day before it."""
        while not self.is_business_day(day):
            day -= dt.timedelta(days=1)
        return day


@functools.cache
def business_calendar(country: str) -> BusinessCalendar:
    """The business calendar of `country`, built once per process."""
    return BusinessCalendar(country)


def add_span(start: dt.date, span: Span, calendar: BusinessCalendar) -> dt.date:
    """The day a span ends, counted from `start`: the one span-to-date function.

    Business days skip weekends and the country's public holidays; a month is a calendar
    month (31 January + 1 month = 28 February); weeks and days are calendar days.
    """
    if span.unit is SpanUnit.BUSINESS_DAYS:
        return calendar.add(start, span.count)
    if span.unit is SpanUnit.WEEKS:
        return start + dt.timedelta(weeks=span.count)
    if span.unit is SpanUnit.MONTHS:
        from dateutil.relativedelta import relativedelta

        return start + relativedelta(months=span.count)
    return start + dt.timedelta(days=span.count)


# -- the context ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalContext:
    """One user's local time and calendar: built once per workspace, passed down."""

    timezone: str
    country: str

    @functools.cached_property
    def zone(self) -> ZoneInfo:
        """The user's time zone."""
        return zone(self.timezone)

    @functools.cached_property
    def calendar(self) -> BusinessCalendar:
        """The business days of the user's country."""
        return business_calendar(self.country.upper())

    @property
    def day_first(self) -> bool:
        """Whether the user writes 03/12 for the 3rd of December."""
        return day_first(self.country)

    @property
    def date_order(self) -> str:
        """ "DMY" or "MDY": how the user writes numeric dates."""
        return "DMY" if self.day_first else "MDY"

    @property
    def locale(self) -> str:
        """The locale dates are written in, e.g. en_GB or en_US."""
        return f"en_{self.country.upper()}"

    def date_of(self, instant: dt.datetime) -> dt.date:
        """The user's local date of an instant."""
        return instant.astimezone(self.zone).date()

    def wall_clock(self, instant: dt.datetime) -> dt.datetime:
        """An instant as the user's own clock showed it (stored times are UTC; people read
        their own day and hour)."""
        return instant.astimezone(self.zone)

    def after(self, start: dt.date, span: Span) -> dt.date:
        """The day `span` after `start`, in the user's calendar (see `add_span`)."""
        return add_span(start, span, self.calendar)
