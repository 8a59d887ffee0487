"""Validated input for an offer's terms."""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from afterword.offers.terms import format_vesting, parse_vesting
from afterword.validation import Currency, Day, InputModel, LongText, Money, ShortText


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
