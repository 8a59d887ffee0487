"""When practice comes due (pure): never after the interview it prepares for."""

from __future__ import annotations

import datetime as dt


def practice_day(*, interview_on: dt.date, today: dt.date) -> dt.date:
    """The day to practise for an interview: the day before it, or today when that has passed
    -- never after the interview itself."""
    day_before = interview_on - dt.timedelta(days=1)
    return day_before if day_before >= today else min(today, interview_on)


def due_day(*, scheduled: dt.date | None, today: dt.date, interview_on: dt.date | None) -> dt.date:
    """When a question is due: the scheduler's day, brought forward so that it comes before the
    next interview (a new question is due today)."""
    day = today if scheduled is None else scheduled
    if interview_on is not None and interview_on >= today:
        day = min(day, practice_day(interview_on=interview_on, today=today))
    return day
