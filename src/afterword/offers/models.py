"""The offer table (terms, deadline and decision of one offer) and the salary research that
sets a target before any offer talk."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from afterword.db.base import Base, OwnedMixin, UTCDateTime, enum_type
from afterword.pipeline.status import OfferDecision

if TYPE_CHECKING:
    from afterword.pipeline.models import Application


class Offer(OwnedMixin, Base):
    """An offer's terms and its state. Amounts are whole units of `currency` per year."""

    __tablename__ = "offers"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    received_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    base_salary: Mapped[int | None]
    currency: Mapped[str | None] = mapped_column(sa.String(3))
    bonus_amount: Mapped[int | None]
    bonus_percent: Mapped[float | None]
    sign_on: Mapped[int | None]
    # Equity as the grant's total value in `currency`, vested by the schedule below.
    equity_value: Mapped[int | None]
    vesting_schedule: Mapped[str | None] = mapped_column(sa.String(100))
    vesting_cliff_months: Mapped[int | None]
    start_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    level: Mapped[str | None] = mapped_column(sa.String(100))
    location: Mapped[str | None] = mapped_column(sa.String(200))
    deadline: Mapped[dt.date | None] = mapped_column(sa.Date)
    extended_deadline: Mapped[dt.date | None] = mapped_column(sa.Date)
    # When the user asked the company for more time (the extension request was sent), and
    # whether they want afterword to plan one more request after that.
    extension_requested_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    extension_again: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    decision: Mapped[OfferDecision] = mapped_column(enum_type(OfferDecision))
    decided_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    application: Mapped[Application] = relationship(back_populates="offers")

    @property
    def effective_deadline(self) -> dt.date | None:
        """The deadline in force: the extended one when the company granted more time."""
        return self.extended_deadline or self.deadline


class SalaryResearch(OwnedMixin, Base):
    """The salary research for one application: a target range, a walk-away number, sources.

    Amounts are whole units of `currency` per year, like an offer's.
    """

    __tablename__ = "salary_research"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "uid"),
        sa.UniqueConstraint("application_id"),
    )

    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE")
    )
    currency: Mapped[str | None] = mapped_column(sa.String(3))
    target_low: Mapped[int | None] = mapped_column(sa.BigInteger)
    target_high: Mapped[int | None] = mapped_column(sa.BigInteger)
    walk_away: Mapped[int | None] = mapped_column(sa.BigInteger)
    sources: Mapped[str | None] = mapped_column(sa.Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
