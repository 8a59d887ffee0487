"""Reading one week of the search: each figure is a count of events dated in that week (in
the user's time zone), read straight from the tables that record them."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

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
    figures = session.execute(
        _week_counts(),
        {"user_id": user_id, "start": start, "end": end, "since": since, "until": until},
    ).one()
    applications, replies, interviews, offers, rejections, practice, plan_steps = (
        int(value or 0) for value in figures
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


@functools.cache
def _week_counts() -> sa.Select[Any]:
    """Every count of a week in one statement, built once: Today asks for it on each build.

    Bound values: user_id, start and end (local dates), since and until (the week's instants).
    """
    user_id = sa.bindparam("user_id", type_=sa.Integer)
    start, end = sa.bindparam("start", type_=sa.Date), sa.bindparam("end", type_=sa.Date)
    since: sa.BindParameter[Any] = sa.bindparam("since")
    until: sa.BindParameter[Any] = sa.bindparam("until")

    def count(*where: Any) -> sa.ScalarSelect[Any]:
        return sa.select(sa.func.count()).where(*where).scalar_subquery()

    # A reply is a company's first answer in a process (an interview stage or a rejection):
    # a process answered this week and never before. Read from the week's changes (an index
    # range) with one index probe each for an earlier answer, instead of grouping every
    # change of the search to find each process's first (1.5 ms -> 0.01 ms at 5,000).
    earlier = aliased(StatusChange)
    replies = (
        sa.select(sa.func.count(sa.distinct(StatusChange.application_id)))
        .where(
            StatusChange.user_id == user_id,
            StatusChange.to_status.in_(ANSWERS),
            StatusChange.at >= since,
            StatusChange.at < until,
            ~sa.exists().where(
                earlier.user_id == user_id,
                earlier.application_id == StatusChange.application_id,
                earlier.to_status.in_(ANSWERS),
                earlier.at < since,
            ),
        )
        .scalar_subquery()
    )
    return sa.select(
        # An application without an applied date counts on the day it was recorded (the
        # week's instants are exactly those of its local days).
        count(
            Application.user_id == user_id,
            sa.or_(
                Application.applied_on.between(start, end),
                sa.and_(
                    Application.applied_on.is_(None),
                    Application.created_at >= since,
                    Application.created_at < until,
                ),
            ),
        ),
        replies,
        count(
            Interview.user_id == user_id,
            Interview.scheduled_at >= since,
            Interview.scheduled_at < until,
        ),
        count(Offer.user_id == user_id, Offer.received_on.between(start, end)),
        count(
            Outcome.user_id == user_id,
            Outcome.kind == OutcomeKind.REJECTION,
            Outcome.occurred_on.between(start, end),
        ),
        count(
            PracticeSession.user_id == user_id,
            PracticeSession.at >= since,
            PracticeSession.at < until,
        ),
        count(PlanStep.user_id == user_id, PlanStep.done_on.between(start, end)),
    )
