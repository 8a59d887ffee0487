"""The decision timeline a recruiter gives: a date, or 'within N (business) days/weeks'.

Pure. A relative timeline becomes a date through the one span-to-date function of the
user's local calendar (afterword.localtime.add_span).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from afterword.dates import parse_date
from afterword.errors import InvalidInputError
from afterword.localtime import BusinessCalendar, Span, SpanUnit, add_span

# The unit of a relative decision timeline: the base's span unit (months included).
TimelineUnit = SpanUnit


@dataclass(frozen=True)
class DecisionTimeline:
    """Either a date (`by`) or an amount of time after the interview (`within`, `unit`)."""

    by: dt.date | None = None
    within: int | None = None
    unit: TimelineUnit | None = None

    @property
    def span(self) -> Span | None:
        """The relative timeline as a span, or None when it is a date."""
        if self.by is not None or self.within is None or self.unit is None:
            return None
        return Span(self.within, self.unit)

    def describe(self) -> str:
        """Says the timeline in plain words, e.g. 'within 3 business days'."""
        if self.by is not None:
            return f"by {self.by.isoformat()}"
        span = self.span
        return f"within {span.describe()}" if span is not None else "no timeline given"


@dataclass(frozen=True)
class Expected:
    """When a decision is expected after an interview, and how we know."""

    on: dt.date
    promised: bool  # False: no timeline was given, so the default wait is assumed
    words: str  # the timeline in plain words, e.g. 'within 3 business days'


def expected_decision(
    interview_on: dt.date,
    timeline: DecisionTimeline | None,
    *,
    default_business_days: int,
    calendar: BusinessCalendar,
) -> Expected:
    """When the company should decide after an interview on `interview_on`: the date it gave,
    its span counted on the user's business calendar, or (no timeline) the default wait.

    One answer for the playbook's follow-ups and the Offers page's deadline timeline.
    """
    if timeline is not None and timeline.by is not None:
        return Expected(max(timeline.by, interview_on), True, timeline.describe())
    span = timeline.span if timeline is not None else None
    if timeline is not None and span is not None:
        return Expected(add_span(interview_on, span, calendar), True, timeline.describe())
    wait = Span(default_business_days, SpanUnit.BUSINESS_DAYS)
    return Expected(
        add_span(interview_on, wait, calendar),
        False,
        f"no timeline given (assuming {default_business_days} business days)",
    )


def parse_timeline(text: str, *, today: dt.date) -> DecisionTimeline:
    """Reads '2026-12-09', 'within 3 business days', '5 working days', 'two weeks', ..."""
    # 'by 2026-12-09' is how describe() writes a date; read it back too.
    cleaned = " ".join(text.strip().lower().split()).removeprefix("by ")
    span = Span.read(re.sub(r"^(?:within|in)\s+", "", cleaned))
    if span is None:
        try:
            return DecisionTimeline(by=parse_date(cleaned, today=today))
        except InvalidInputError:
            raise InvalidInputError(
                f"decision timeline '{text}' is neither a date (YYYY-MM-DD) nor a span such as "
                "'within 3 business days', '5 days' or '2 weeks'"
            ) from None
    if span.count <= 0 or span.length_in_days > 365:
        raise InvalidInputError(
            f"decision timeline '{text}': give a span between one day and a year"
        )
    return DecisionTimeline(within=span.count, unit=span.unit)
