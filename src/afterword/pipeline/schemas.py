"""The pipeline's records in and out: validated input (`*Fields`) and read schemas (`*Read`).

Input models are shared by the command line, the web app and the importers. Read schemas are
the one shape of each stored record: the JSON API answers with them, the command line's
`--json` prints them, and the export maps them to its records (transfer/document.py says how).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from afterword.pipeline.decision_timeline import TimelineUnit
from afterword.pipeline.models import ContactRole, InterviewKind, SalaryPeriod
from afterword.pipeline.status import OutcomeKind, Status
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

if TYPE_CHECKING:
    from afterword.pipeline.models import (
        Application,
        Contact,
        Feedback,
        Interview,
        InterviewQuestion,
        Outcome,
        StatusChange,
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


# -- read schemas -------------------------------------------------------------------------------


def _utc(value: dt.datetime) -> dt.datetime:
    # A row read back from the database is in UTC, but one a service has just written may
    # still hold the zone it was typed in: the same record must read the same either way.
    return value.astimezone(dt.UTC)


Instant = Annotated[dt.datetime, AfterValidator(_utc)]
Uid = Annotated[
    str,
    Field(description="Stable identifier of the row, the same in every database that holds it."),
]


class ReadModel(BaseModel):
    """A stored record as every adapter shows it: `Model.of(row)` builds it from the ORM row."""

    model_config = ConfigDict(frozen=True)

    @classmethod
    def columns(cls, row: Any, **given: Any) -> dict[str, Any]:
        """The row's attributes named by the schema's fields, with `given` values on top."""
        return {
            **{name: getattr(row, name) for name in cls.model_fields if name not in given},
            **given,
        }


class ApplicationRead(ReadModel):
    """An application's own fields (its children are records of their own)."""

    id: int
    uid: Uid
    company: str
    role: str
    status: Status
    link: str | None
    source: str | None
    location: str | None
    salary_min: int | None
    salary_max: int | None
    salary_currency: str | None
    salary_period: SalaryPeriod | None
    interest: int | None
    notes: str | None
    applied_on: dt.date | None
    tags: list[str]
    created_at: Instant
    updated_at: Instant

    @classmethod
    def of(cls, row: Application) -> ApplicationRead:
        """The application as stored."""
        return cls(**cls.columns(row, tags=row.tag_names))


class ContactRead(ReadModel):
    """A person in one application's process."""

    id: int
    uid: Uid
    application_id: int
    name: str | None
    role: ContactRole
    email: str | None
    phone: str | None
    notes: str | None
    created_at: Instant

    @classmethod
    def of(cls, row: Contact) -> ContactRead:
        """The contact as stored."""
        return cls(**cls.columns(row))


class QuestionRead(ReadModel):
    """A question asked in an interview, and how the answer went."""

    id: int
    uid: Uid
    text: str
    went_well: bool | None
    answer_notes: str | None

    @classmethod
    def of(cls, row: InterviewQuestion) -> QuestionRead:
        """The question as stored."""
        return cls(**cls.columns(row))


class InterviewRead(ReadModel):
    """An interview round with its debrief, its interviewers and the questions asked."""

    id: int
    uid: Uid
    application_id: int
    round: int = Field(description="1 for the application's first round, and so on.")
    kind: InterviewKind
    scheduled_at: Instant | None
    timezone: str | None
    duration_minutes: int | None
    location: str | None
    self_rating: int | None
    went_well: str | None
    went_badly: str | None
    notes: str | None
    decision_by: dt.date | None
    decision_within: int | None
    decision_within_unit: TimelineUnit | None
    further_round_expected: bool | None
    still_interested: bool | None
    debriefed_at: Instant | None = Field(
        description="When the debrief was last written; null before any debrief."
    )
    created_at: Instant
    interviewers: list[ContactRead]
    interviewer_uids: list[str] = Field(
        description="The interviewers' uids, in the order of `interviewers` (as the export "
        "links them)."
    )
    questions: list[QuestionRead]

    @classmethod
    def of(cls, row: Interview) -> InterviewRead:
        """The interview as stored, interviewers and questions in the order they were added."""
        people = sorted(row.interviewers, key=lambda person: person.id)
        return cls(
            **cls.columns(
                row,
                interviewers=[ContactRead.of(person) for person in people],
                interviewer_uids=[person.uid for person in people],
                questions=[QuestionRead.of(q) for q in sorted(row.questions, key=lambda q: q.id)],
            )
        )


class OutcomeRead(ReadModel):
    """News that moved a process on (or the user's own decision to withdraw)."""

    id: int
    uid: Uid
    application_id: int
    kind: OutcomeKind
    occurred_on: dt.date
    note: str | None
    date_known: bool = Field(
        description="False when the source did not say when the news came: occurred_on is "
        "then the day afterword learnt of it."
    )
    created_at: Instant

    @classmethod
    def of(cls, row: Outcome) -> OutcomeRead:
        """The outcome as stored."""
        return cls(**cls.columns(row))


class FeedbackRead(ReadModel):
    """What a company said about its decision."""

    id: int
    uid: Uid
    application_id: int
    company: str = Field(description="The application's company, for lists across processes.")
    received_on: dt.date
    text: str
    created_at: Instant

    @classmethod
    def of(cls, row: Feedback) -> FeedbackRead:
        """The feedback as stored."""
        return cls(**cls.columns(row, company=row.application.company))


class StatusChangeRead(ReadModel):
    """One entry of an application's append-only history."""

    id: int
    uid: Uid
    application_id: int
    from_status: Status | None = Field(description="The status before; null at the very start.")
    to_status: Status
    at: Instant
    cause: str = Field(description="Why the status changed, in plain words.")

    @classmethod
    def of(cls, row: StatusChange) -> StatusChangeRead:
        """The history entry as stored."""
        return cls(**cls.columns(row))
