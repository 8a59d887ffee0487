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

    def count(query: sa.Select[Any]) -> sa.ScalarSelect[Any]:
        return query.scalar_subquery()

    # An application without an applied date counts on the day it was recorded (the week's
    # instants are exactly those of its local days).
    applications = sa.select(sa.func.count()).where(
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
    # A reply is a company's first answer in a process (an interview stage or a rejection).
    first_answers = (
        sa.select(sa.func.min(StatusChange.at).label("at"))
        .where(StatusChange.user_id == user_id, StatusChange.to_status.in_(ANSWERS))
        .group_by(StatusChange.application_id)
        .subquery()
    )
    replies = sa.select(sa.func.count()).where(
        first_answers.c.at >= since, first_answers.c.at < until
    )
    interviews = sa.select(sa.func.count()).where(
        Interview.user_id == user_id,
        Interview.scheduled_at >= since,
        Interview.scheduled_at < until,
    )
    offers = sa.select(sa.func.count()).where(
        Offer.user_id == user_id, Offer.received_on.between(start, end)
    )
    rejections = sa.select(sa.func.count()).where(
        Outcome.user_id == user_id,
        Outcome.kind == OutcomeKind.REJECTION,
        Outcome.occurred_on.between(start, end),
    )
    practice = sa.select(sa.func.count()).where(
        PracticeSession.user_id == user_id,
        PracticeSession.at >= since,
        PracticeSession.at < until,
    )
    plan_steps = sa.select(sa.func.count()).where(
        PlanStep.user_id == user_id, PlanStep.done_on.between(start, end)
    )
    # All the week's counts in one statement: a page asks for them on every build.
    figures = session.execute(
        sa.select(
            *(
                count(query)
                for query in (
                    applications,
                    replies,
                    interviews,
                    offers,
                    rejections,
                    practice,
                    plan_steps,
                )
            )
        )
    ).one()
    (
        applications_sent,
        replies_count,
        interviews_count,
        offers_count,
        rejections_count,
        practice_count,
        steps_count,
    ) = (int(value or 0) for value in figures)
    if base_hits is None:
        base_hits = load_base_hits(session=session, user_id=user_id)
    return WeekReview(
        start=start,
        applications=applications_sent,
        replies=replies_count,
        interviews=interviews_count,
        offers=offers_count,
        rejections=rejections_count,
        practice=practice_count,
        plan_steps=steps_count,
        sentence=base_hits.sentence,
    )
