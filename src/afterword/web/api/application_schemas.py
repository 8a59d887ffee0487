"""The JSON API's bodies for applications, interviews, outcomes and offers.

Answers are the domains' read schemas (ApplicationRead, InterviewRead, ...), the same shape
the command line's `--json` prints; only the list page and the outcome answer add to them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from afterword.offers.schemas import OfferTerms
from afterword.pipeline.models import ContactRole, InterviewKind, SalaryPeriod
from afterword.pipeline.schemas import (
    ApplicationFields,
    ContactFields,
    DebriefFields,
    FeedbackFields,
    OutcomeFields,
    OutcomeRead,
)
from afterword.pipeline.status import Status
from afterword.validation import (
    Currency,
    Day,
    Email,
    LongText,
    Moment,
    Money,
    Rating,
    ShortText,
    Tag,
    Url,
    refuse_nul,
)
from afterword.web.api.json_types import JsonTyped

ApplicationId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The application's id.")]
InterviewId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The interview's id.")]
ContactId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The contact's id.")]
FeedbackId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The feedback's id.")]
RowId = Annotated[int, Field(ge=1, le=2_147_483_647)]


class Checked(JsonTyped):
    """Input PostgreSQL can store: no NUL anywhere (dates are checked by validation.Day)."""

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        # Also in fields that are not text (an enum, a number): they fail anyway, but by name.
        return refuse_nul(data)


# -- request bodies ---------------------------------------------------------------------------


class ApplicationIn(ApplicationFields, Checked):
    """A new application (it starts as 'applied')."""


class ApplicationPatch(Checked):
    """The fields to change; a field set to null is cleared."""

    model_config = ConfigDict(extra="forbid")

    company: ShortText = None
    role: ShortText = None
    link: Url = None
    source: ShortText = None
    location: ShortText = None
    salary_min: Money = None
    salary_max: Money = None
    salary_currency: Currency = None
    salary_period: SalaryPeriod | None = None
    interest: Rating = None
    notes: LongText = None
    applied_on: Day | None = None
    tags: list[Tag] | None = Field(default=None, max_length=50)


class PersonIn(ContactFields, Checked):
    """A person in the process."""


class PersonPatch(Checked):
    """The fields of a person to change; a field set to null is cleared."""

    model_config = ConfigDict(extra="forbid")

    name: ShortText = None
    role: ContactRole | None = None
    email: Email = None
    phone: ShortText = None
    notes: LongText = None


class InterviewIn(Checked):
    """An interview round; a time without an offset is read in the user's time zone."""

    model_config = ConfigDict(extra="forbid")

    kind: InterviewKind = InterviewKind.OTHER
    scheduled_at: Moment | None = None
    timezone: ShortText = None
    duration_minutes: int | None = Field(default=None, ge=1, le=24 * 60)
    location: ShortText = None
    interviewer_ids: list[RowId] = Field(default_factory=list, max_length=50)
    interviewers: list[PersonIn] = Field(default_factory=list, max_length=50)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"'{value}' is not a time zone such as Europe/London") from None
        return value


class InterviewPatch(InterviewIn):
    """The fields of an interview to change (null clears); interviewers given are added."""


class DebriefIn(DebriefFields, Checked):
    """The debrief; only the fields given change, and the questions are added."""


class OutcomeIn(OutcomeFields, Checked):
    """News from the company, or your own decision to withdraw."""


class FeedbackIn(FeedbackFields, Checked):
    """What the company said about its decision."""


class FeedbackPatch(Checked):
    """The fields of feedback to change."""

    model_config = ConfigDict(extra="forbid")

    received_on: Day | None = None
    text: LongText = None


class OfferIn(OfferTerms, Checked):
    """An offer's terms; recorded if new, otherwise the open offer's terms change."""

    received_on: Day | None = None


# -- responses ----------------------------------------------------------------------------------


class ApplicationRow(BaseModel):
    """One line of the list."""

    id: int
    company: str
    role: str
    status: Status
    applied_on: dt.date | None
    changed_on: dt.date
    tags: list[str]


class ApplicationList(BaseModel):
    """One page of applications, and how many match in all."""

    items: list[ApplicationRow]
    total: int
    page: int
    pages: int
    per_page: int


class OutcomeOut(OutcomeRead):
    """A recorded outcome, and the status the application moved to."""

    status: Status = Field(description="The application's status once the news is recorded.")


def columns(row: Any, model: type[BaseModel], **extra: Any) -> dict[str, Any]:
    """The model's fields read from a database row, with `extra` values on top."""
    names = [name for name in model.model_fields if name not in extra]
    return {**{name: getattr(row, name) for name in names}, **extra}
