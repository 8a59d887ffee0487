"""Business days: weekdays that are not public holidays in the user's country (pure).

Holidays come from the `holidays` package (data, no I/O). A country it does not
know simply has no holidays: weekends still count, and nothing fails.
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays


@functools.cache
def _holidays_for(country: str, subdivision: str | None) -> holidays.HolidayBase | None:
    try:
        return holidays.country_holidays(country, subdiv=subdivision)
    except (NotImplementedError, KeyError):
        return None


class BusinessCalendar:
    """Counts business days for one country (and optional subdivision, e.g. 'US', 'CA')."""

    def __init__(self, country: str, subdivision: str | None = None) -> None:
        self.country = country.upper()
        self._holidays = _holidays_for(self.country, subdivision)
        self._known_years: set[int] = set()
        self._holiday_names: dict[dt.date, str] = {}
        # Planning asks the same questions thousands of times (many interviews share a day).
        self._added: dict[tuple[dt.date, int], dt.date] = {}

    def _load_year(self, year: int) -> None:
        self._known_years.add(year)
        if self._holidays is not None:
            self._holidays.years = {year}
            for day, name in self._holidays.items():
                if day.year == year:
                    self._holiday_names[day] = str(name)

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
