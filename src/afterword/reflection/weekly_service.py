"""Reading one week of the search: each figure is a count of events dated in that week (in
the user's time zone), read straight from the tables that record them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword import localtime
from afterword.offers.models import Offer
from afterword.pipeline.models import Application, Interview, Outcome, StatusChange
from afterword.pipeline.status import OutcomeKind
from afterword.reflection.models import PlanStep, PracticeSession
from afterword.reflection.numbers import BaseHits
from afterword.reflection.numbers_service import ANSWERS, load_base_hits
from afterword.reflection.weekly import WeekReview


def load_week(
    *,
    session: Session,
    user_id: int,
    timezone: str,
    start: dt.date,
    base_hits: BaseHits | None = None,
) -> WeekReview:
    """The review of the week starting on Monday `start` (`base_hits`: the search's, when the
    caller has already read them)."""
    zone = localtime.zone(timezone)
    end = start + dt.timedelta(days=6)
    # The week's instants in UTC: from local Monday 00:00 to the next local Monday 00:00.
    since = dt.datetime.combine(start, dt.time(), tzinfo=zone).astimezone(dt.UTC)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=zone).astimezone(
        dt.UTC
    )

    def count(query: sa.Select[Any]) -> int:
        return int(session.scalar(query) or 0)

    def local_day(instant: dt.datetime) -> dt.date:
        return instant.astimezone(zone).date()

    # An application without an applied date counts on the day it was recorded.
    applications = 0
    for applied_on, created_at in session.execute(
        sa.select(Application.applied_on, Application.created_at).where(
            Application.user_id == user_id,
            sa.or_(
                Application.applied_on.between(start, end),
                sa.and_(
                    Application.applied_on.is_(None),
                    Application.created_at >= since,
                    Application.created_at < until,
                ),
            ),
        )
    ):
        day = applied_on or local_day(created_at)
        applications += start <= day <= end
    # A reply is a company's first answer in a process (an interview stage or a rejection).
    first_answers = (
        sa.select(sa.func.min(StatusChange.at).label("at"))
        .where(StatusChange.user_id == user_id, StatusChange.to_status.in_(ANSWERS))
        .group_by(StatusChange.application_id)
        .subquery()
    )
    replies = count(
        sa.select(sa.func.count()).where(first_answers.c.at >= since, first_answers.c.at < until)
    )
    interviews = count(
        sa.select(sa.func.count()).where(
            Interview.user_id == user_id,
            Interview.scheduled_at >= since,
            Interview.scheduled_at < until,
        )
    )
    offers = count(
        sa.select(sa.func.count()).where(
            Offer.user_id == user_id, Offer.received_on.between(start, end)
        )
    )
    rejections = count(
        sa.select(sa.func.count()).where(
            Outcome.user_id == user_id,
            Outcome.kind == OutcomeKind.REJECTION,
            Outcome.occurred_on.between(start, end),
        )
    )
    practice = count(
        sa.select(sa.func.count()).where(
            PracticeSession.user_id == user_id,
            PracticeSession.at >= since,
            PracticeSession.at < until,
        )
    )
    plan_steps = count(
        sa.select(sa.func.count()).where(
            PlanStep.user_id == user_id, PlanStep.done_on.between(start, end)
        )
    )
    if base_hits is None:
        base_hits = load_base_hits(session=session, user_id=user_id)
    return WeekReview(
        start=start,
        applications=applications,
        replies=replies,
        interviews=interviews,
        offers=offers,
        rejections=rejections,
        practice=practice,
        plan_steps=plan_steps,
        sentence=base_hits.sentence,
    )
