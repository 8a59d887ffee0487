"""Validated input for the pipeline, shared by the command line, the web app and the importers."""

from __future__ import annotations

from pydantic import Field, model_validator

from afterword.pipeline.decision_timeline import TimelineUnit
from afterword.pipeline.models import ContactRole, InterviewKind, SalaryPeriod
from afterword.pipeline.status import OutcomeKind
from afterword.validation import (
    Currency,
    Day,
    Email,
    InputModel,
    LongText,
    Moment,
    Money,
    Rating,
    RequiredLongText,
    RequiredText,
    ShortText,
    Tag,
    Url,
)


class ApplicationFields(InputModel):
    """What a person records about an application."""

    company: RequiredText
    role: RequiredText
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
    tags: list[Tag] = Field(default_factory=list)

    @model_validator(mode="after")
    def _salary_range_in_order(self) -> ApplicationFields:
        low, high = self.salary_min, self.salary_max
        if low is not None and high is not None and low > high:
            raise ValueError(f"the salary range starts above where it ends ({low} > {high})")
        self.tags = sorted(set(self.tags))
        return self


class ContactFields(InputModel):
    """A person in a process; at least a name or an email address."""

    name: ShortText = None
    role: ContactRole = ContactRole.RECRUITER
    email: Email = None
    phone: ShortText = None
    notes: LongText = None

    @model_validator(mode="after")
    def _name_or_email(self) -> ContactFields:
        if self.name is None and self.email is None:
            raise ValueError("a contact needs a name or an email address")
        return self


class InterviewFields(InputModel):
    """An interview round as scheduled."""

    kind: InterviewKind = InterviewKind.OTHER
    scheduled_at: Moment | None = None
    timezone: ShortText = None
    duration_minutes: int | None = Field(default=None, ge=1, le=24 * 60)
    location: ShortText = None

    @model_validator(mode="after")
    def _aware_time(self) -> InterviewFields:
        if self.scheduled_at is not None and self.scheduled_at.tzinfo is None:
            raise ValueError("the interview time needs a time zone")
        return self


class QuestionFields(InputModel):
    """A question asked in an interview, and how it went."""

    text: RequiredText
    went_well: bool | None = None
    answer_notes: LongText = None


class DebriefFields(InputModel):
    """What the user writes down right after an interview."""

    self_rating: Rating = None
    went_well: LongText = None
    went_badly: LongText = None
    notes: LongText = None
    decision_by: Day | None = None
    decision_within: int | None = Field(default=None, ge=1, le=365)
    decision_within_unit: TimelineUnit | None = None
    further_round_expected: bool | None = None
    still_interested: bool | None = None
    questions: list[QuestionFields] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_timeline(self) -> DebriefFields:
        if self.decision_by is not None and self.decision_within is not None:
            raise ValueError("give the decision timeline as a date or as a span, not both")
        if (self.decision_within is None) != (self.decision_within_unit is None):
            raise ValueError("a decision span needs both a number and a unit")
        return self


class OutcomeFields(InputModel):
    """News from the company (or the user's own decision to withdraw)."""

    kind: OutcomeKind
    occurred_on: Day
    note: LongText = None
    date_known: bool = Field(
        default=True,
        description="False when the source did not say when the news came: occurred_on is then "
        "the day afterword learnt of it, and the news starts none of the same-day steps.",
    )


class FeedbackFields(InputModel):
    """What the company said about its decision."""

    received_on: Day
    text: RequiredLongText
