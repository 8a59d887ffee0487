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

    def holiday(self, day: dt.date) -> str | None:
        """The name of the public holiday on `day`, if it is one."""
        if self._holidays is None:
            return None
        name = self._holidays.get(day)
        return str(name) if name else None

    def is_business_day(self, day: dt.date) -> bool:
        """A weekday that is not a public holiday."""
        return day.weekday() < 5 and self.holiday(day) is None

    def add(self, day: dt.date, business_days: int) -> dt.date:
        """The date `business_days` business days after `day` (`day` itself is not counted).

        0 gives `day` when it is a business day, else the next business day.
        """
        if business_days <= 0:
            return self.on_or_after(day)
        current = day
        remaining = business_days
        while remaining:
            current += dt.timedelta(days=1)
            if self.is_business_day(current):
                remaining -= 1
        return current

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
