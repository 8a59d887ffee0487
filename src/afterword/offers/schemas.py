"""An offer in and out: its validated terms (`OfferTerms`) and its read schema (`OfferRead`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import Field, field_validator, model_validator

from afterword.offers.terms import compensation, format_vesting, parse_vesting
from afterword.pipeline.schemas import Instant, ReadModel, Uid
from afterword.pipeline.status import OfferDecision
from afterword.validation import Currency, Day, InputModel, LongText, Money, ShortText

if TYPE_CHECKING:
    from afterword.offers.models import Offer


class OfferTerms(InputModel):
    """An offer's terms; every field is optional because offers arrive piece by piece."""

    base_salary: Money = None
    currency: Currency = None
    bonus_amount: Money = None
    bonus_percent: float | None = Field(default=None, ge=0, le=500)
    sign_on: Money = None
    equity_value: Money = None
    vesting_schedule: str | None = None
    vesting_cliff_months: int | None = Field(default=None, ge=0, le=120)
    start_date: Day | None = None
    level: ShortText = None
    location: ShortText = None
    deadline: Day | None = None
    extended_deadline: Day | None = None
    notes: LongText = None

    @field_validator("vesting_schedule")
    @classmethod
    def _readable_schedule(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return format_vesting(parse_vesting(value))

    @model_validator(mode="after")
    def _consistent(self) -> OfferTerms:
        if self.bonus_amount is not None and self.bonus_percent is not None:
            raise ValueError("give the bonus as an amount or as a percentage of base, not both")
        if self.deadline and self.extended_deadline and self.extended_deadline < self.deadline:
            raise ValueError(
                f"the extended deadline {self.extended_deadline} is before the original "
                f"deadline {self.deadline}"
            )
        return self


class OfferRead(ReadModel):
    """An offer as stored: terms, deadlines, the user's decision, and its yearly totals."""

    id: int
    uid: Uid
    application_id: int
    company: str = Field(description="The application's company, for lists across processes.")
    decision: OfferDecision
    received_on: dt.date | None
    base_salary: int | None
    currency: str | None
    bonus_amount: int | None
    bonus_percent: float | None
    sign_on: int | None
    equity_value: int | None
    vesting_schedule: str | None
    vesting_cliff_months: int | None
    start_date: dt.date | None
    level: str | None
    location: str | None
    deadline: dt.date | None
    extended_deadline: dt.date | None
    notes: str | None
    decided_on: dt.date | None
    extension_requested_on: dt.date | None = Field(
        description="The day the user asked the company for more time, if they did."
    )
    extension_again: bool = Field(
        description="Whether the user wants afterword to plan one more request for more time."
    )
    first_year_total: int | None = Field(
        description="Base, bonus, equity vesting in year one and sign-on; null without a base."
    )
    four_year_total: int | None = Field(
        description="The first four yearly totals added up; null without a base."
    )
    created_at: Instant
    updated_at: Instant

    @classmethod
    def of(cls, row: Offer) -> OfferRead:
        """The offer as stored, with totals computed from its terms."""
        # Without a base salary a total would be a misleading fragment of the offer.
        pay = compensation(row) if row.base_salary is not None else None
        return cls(
            **cls.columns(
                row,
                company=row.application.company,
                first_year_total=pay.total_for_year(1) if pay else None,
                four_year_total=pay.total_over(4) if pay else None,
            )
        )
