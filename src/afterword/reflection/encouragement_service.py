"""Reading the numbers an encouragement is built from: a handful of counting queries, no ORM objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.offers.models import Offer
from afterword.pipeline.models import Application, Interview, Outcome
from afterword.pipeline.status import OPEN_STATUSES, OfferDecision, OutcomeKind, Status
from afterword.reflection.encouragement import (
    NAMED,
    RECENT_DAYS,
    Encouragement,
    SearchSnapshot,
    after_acceptance,
    after_offer,
    encouragement,
)


def latest_rejection(
    *, session: Session, user_id: int, today: dt.date, days: int = RECENT_DAYS
) -> tuple[int, str, dt.date] | None:
    """The most recent rejection within `days` (application id, company, date), if any.

    A rejection imported without its date is old news and does not count.
    """
    row = session.execute(
        sa.select(Outcome.application_id, Application.company, Outcome.occurred_on)
        .join(Application, Application.id == Outcome.application_id)
        .where(
            Outcome.user_id == user_id,
            Outcome.kind == OutcomeKind.REJECTION,
            Outcome.date_known.is_(True),
            Application.status == Status.REJECTED,
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
    """What the top of Today says about the latest news, or None when nothing came lately.

    An acceptance that stands outweighs everything (no "nothing else is open" after it);
    otherwise the newer of a recent offer and a recent rejection.
    """
    recent = today - dt.timedelta(days=RECENT_DAYS)
    accepted = session.execute(
        sa.select(Application.company, Offer.decided_on, Offer.received_on)
        .join(Application, Application.id == Offer.application_id)
        .where(
            Offer.user_id == user_id,
            Offer.decision == OfferDecision.ACCEPTED,
            Application.status == Status.ACCEPTED,
        )
        .order_by(Offer.decided_on.desc(), Offer.id.desc())
        .limit(1)
    ).first()
    if accepted is not None:
        company, decided_on, received_on = accepted
        day = decided_on or received_on
        if day is None or day < recent or day > today:
            return None
        still_open = session.scalar(
            sa.select(sa.func.count()).where(
                Application.user_id == user_id, Application.status.in_(OPEN_STATUSES)
            )
        )
        return after_acceptance(company, day, still_open=int(still_open or 0), today=today)
    offer = session.execute(
        sa.select(Application.company, Offer.received_on, Offer.deadline, Offer.extended_deadline)
        .join(Application, Application.id == Offer.application_id)
        .where(
            Offer.user_id == user_id,
            Offer.decision == OfferDecision.PENDING,
            Offer.received_on >= recent,
            Offer.received_on <= today,
        )
        .order_by(Offer.received_on.desc(), Offer.id.desc())
        .limit(1)
    ).first()
    rejection = latest_rejection(session=session, user_id=user_id, today=today)
    if offer is not None:
        company, received_on, deadline, extended = offer
        # The query keeps only offers with a date (received_on >= recent).
        if received_on is not None and (rejection is None or received_on >= rejection[2]):
            return after_offer(company, received_on, extended or deadline, today=today)
    snapshot = load_snapshot(session=session, user_id=user_id, today=today, now=now)
    if snapshot is None or rejection is None:
        return None
    from afterword.reflection.goals import get_goals, goal_lines

    # One no is not the only chance: the goals the search serves stand beside the open
    # processes (only after a rejection; an accepted offer has already answered them).
    goals = tuple(goal_lines(get_goals(session=session, user_id=user_id)))
    return replace(encouragement(snapshot, today=today), application_id=rejection[0], goals=goals)
