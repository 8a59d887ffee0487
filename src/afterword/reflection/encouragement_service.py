"""Reading the numbers an encouragement is built from: a handful of counting queries, no ORM objects."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.offers.models import Offer
from afterword.pipeline.models import Application, Interview, Outcome
from afterword.pipeline.status import OPEN_STATUSES, OutcomeKind, Status
from afterword.reflection.encouragement import (
    NAMED,
    RECENT_DAYS,
    Encouragement,
    SearchSnapshot,
    encouragement,
)


def latest_rejection(
    *, session: Session, user_id: int, today: dt.date, days: int = RECENT_DAYS
) -> tuple[int, str, dt.date] | None:
    """The most recent rejection within `days` (application id, company, date), if any."""
    row = session.execute(
        sa.select(Outcome.application_id, Application.company, Outcome.occurred_on)
        .join(Application, Application.id == Outcome.application_id)
        .where(
            Outcome.user_id == user_id,
            Outcome.kind == OutcomeKind.REJECTION,
            Outcome.occurred_on >= today - dt.timedelta(days=days),
            Outcome.occurred_on <= today,
        )
        .order_by(Outcome.occurred_on.desc(), Outcome.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1], row[2]) if row is not None else None


def load_snapshot(
    *, session: Session, user_id: int, today: dt.date, now: dt.datetime
) -> SearchSnapshot | None:
    """The user's numbers after a recent rejection, or None when there was none lately."""
    rejection = latest_rejection(session=session, user_id=user_id, today=today)
    if rejection is None:
        return None
    rejected_id, company, rejected_on = rejection
    mine = Application.user_id == user_id
    open_ = sa.and_(mine, Application.status.in_(OPEN_STATUSES), Application.id != rejected_id)
    applications, rejections, applied_recently = session.execute(
        sa.select(
            sa.func.count(),
            sa.func.count().filter(Application.status == Status.REJECTED),
            sa.func.count().filter(
                sa.or_(
                    Application.applied_on >= today - dt.timedelta(days=RECENT_DAYS),
                    # Without an applied date, the day it was recorded stands in for it.
                    sa.and_(
                        Application.applied_on.is_(None),
                        Application.created_at >= now - dt.timedelta(days=RECENT_DAYS),
                    ),
                )
            ),
        ).where(mine)
    ).one()
    interviews_reached = session.scalar(
        sa.select(sa.func.count(sa.distinct(Interview.application_id))).where(
            Interview.user_id == user_id
        )
    )
    offers = session.scalar(sa.select(sa.func.count()).where(Offer.user_id == user_id))
    open_processes = session.scalar(sa.select(sa.func.count()).where(open_))
    upcoming = session.scalar(
        sa.select(sa.func.count())
        .select_from(Interview)
        .join(Application, Application.id == Interview.application_id)
        .where(Interview.user_id == user_id, Interview.scheduled_at >= now, open_)
    )
    # The processes that moved most recently are the ones on the user's mind.
    names = session.scalars(
        sa.select(Application.company)
        .where(open_)
        .order_by(Application.updated_at.desc(), Application.id.desc())
        .limit(NAMED)
    ).all()
    return SearchSnapshot(
        rejected_company=company,
        rejected_on=rejected_on,
        applications=int(applications),
        interviews_reached=int(interviews_reached or 0),
        rejections=max(int(rejections), 1),
        offers=int(offers or 0),
        open_processes=int(open_processes or 0),
        upcoming_interviews=int(upcoming or 0),
        applied_recently=int(applied_recently),
        open_companies=tuple(names),
    )


def encouragement_for(
    *, session: Session, user_id: int, today: dt.date, now: dt.datetime
) -> Encouragement | None:
    """The encouragement to show today, or None when no rejection came lately."""
    snapshot = load_snapshot(session=session, user_id=user_id, today=today, now=now)
    return encouragement(snapshot, today=today) if snapshot is not None else None
