"""The deadlines of undecided offers, soonest first, as plain values (one small query)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.offers.models import Offer
from afterword.pipeline.models import Application
from afterword.pipeline.status import OfferDecision


@dataclass(frozen=True)
class OfferDeadline:
    """A pending offer and the day the company wants an answer by."""

    offer_id: int
    application_id: int
    company: str
    role: str
    deadline: dt.date | None  # the extended deadline when the company granted more time
    extended: bool

    def days_left(self, today: dt.date) -> int | None:
        """Days from today to the deadline (negative once it has passed)."""
        return (self.deadline - today).days if self.deadline is not None else None


def pending_deadlines(*, session: Session, user_id: int, limit: int = 20) -> list[OfferDeadline]:
    """The user's undecided offers, the nearest deadline first (offers without one last)."""
    deadline = sa.func.coalesce(Offer.extended_deadline, Offer.deadline)
    rows = session.execute(
        sa.select(
            Offer.id,
            Offer.application_id,
            Application.company,
            Application.role,
            deadline,
            Offer.extended_deadline.is_not(None),
        )
        .join(Application, Application.id == Offer.application_id)
        .where(Offer.user_id == user_id, Offer.decision == OfferDecision.PENDING)
        .order_by(deadline.is_(None), deadline, Offer.id)
        .limit(limit)
    ).all()
    return [
        OfferDeadline(
            offer_id=row[0],
            application_id=row[1],
            company=row[2],
            role=row[3],
            deadline=row[4],
            extended=bool(row[5]),
        )
        for row in rows
    ]
