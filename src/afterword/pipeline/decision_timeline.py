"""The decision timeline a recruiter gives: a date, or 'within N (business) days/weeks'.

Pure. Turning a relative timeline into a date needs the business-day calendar,
which belongs to the playbook; here the timeline is only read and described.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from afterword.dates import parse_date
from afterword.errors import InvalidInputError


class TimelineUnit(enum.StrEnum):
    """The unit of a relative decision timeline."""

    BUSINESS_DAYS = "business_days"
    DAYS = "days"
    WEEKS = "weeks"


@dataclass(frozen=True)
class DecisionTimeline:
    """Either a date (`by`) or an amount of time after the interview (`within`, `unit`)."""

    by: dt.date | None = None
    within: int | None = None
    unit: TimelineUnit | None = None

    def describe(self) -> str:
        """Says the timeline in plain words, e.g. 'within 3 business days'."""
        if self.by is not None:
            return f"by {self.by.isoformat()}"
        if self.within is not None and self.unit is not None:
            unit = self.unit.value.replace("_", " ")
            if self.within == 1:
                unit = unit.removesuffix("s")
            return f"within {self.within} {unit}"
        return "no timeline given"


_RELATIVE = re.compile(
    r"^(?:within\s+|in\s+)?(?P<amount>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<unit>business\s+days?|working\s+days?|days?|weeks?)$"
)
_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


def parse_timeline(text: str, *, today: dt.date) -> DecisionTimeline:
    """Reads '2026-12-09', 'within 3 business days', '5 working days', 'two weeks', ..."""
    # 'by 2026-12-09' is how describe() writes a date; read it back too.
    cleaned = " ".join(text.strip().lower().split()).removeprefix("by ")
    match = _RELATIVE.match(cleaned)
    if match is None:
        try:
            return DecisionTimeline(by=parse_date(cleaned, today=today))
        except InvalidInputError:
            raise InvalidInputError(
                f"decision timeline '{text}' is neither a date (YYYY-MM-DD) nor a span such as "
                "'within 3 business days', '5 days' or '2 weeks'"
            ) from None
    amount_text = match["amount"]
    amount = int(amount_text) if amount_text.isdigit() else _WORDS[amount_text]
    unit_text = match["unit"]
    if unit_text.startswith(("business", "working")):
        unit = TimelineUnit.BUSINESS_DAYS
    elif unit_text.startswith("week"):
        unit = TimelineUnit.WEEKS
    else:
        unit = TimelineUnit.DAYS
    days = amount * 7 if unit is TimelineUnit.WEEKS else amount
    if amount <= 0 or days > 365:
        raise InvalidInputError(
            f"decision timeline '{text}': give a span between one day and a year"
        )
    return DecisionTimeline(within=amount, unit=unit)
