"""The records of one application as the Application page shows them: plain rows, no ORM.

Loading an application through the ORM (identity map, relationship collections, one
selectin query per relationship) was most of the page's cost. These records hold only the
columns the page and its forms read, and are filled by one Core query per table, filtered
by the application's id. Each class declares its columns as its fields, so the query and
the record cannot drift apart; the few derived values (a display name, the deadline in
force) are the models' own properties, borrowed, so their rule keeps one owner.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from afterword.errors import NotFoundError
from afterword.offers.models import Offer
from afterword.pipeline.models import (
    Application,
    ApplicationTag,
    Contact,
    ContactRole,
    Feedback,
    Interview,
    InterviewKind,
    InterviewQuestion,
    Outcome,
    SalaryPeriod,
    StatusChange,
    interview_interviewers,
)
from afterword.pipeline.status import OfferDecision, OutcomeKind, Status

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class ContactRecord:
    """A person in the process."""

    id: int
    name: str | None
    email: str | None
    role: ContactRole
    phone: str | None
    notes: str | None

    display_name = Contact.display_name


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    """A question asked in a round, and how answering it went."""

    id: int
    text: str
    went_well: bool | None
    answer_notes: str | None


@dataclass(frozen=True, slots=True)
class InterviewRecord:
    """One round and its debrief, with the people met and the questions asked."""

    id: int
    application_id: int
    round: int
    kind: InterviewKind
    scheduled_at: dt.datetime | None
    timezone: str | None
    duration_minutes: int | None
    location: str | None
    self_rating: int | None
    went_well: str | None
    went_badly: str | None
    notes: str | None
    decision_by: dt.date | None
    decision_within: int | None
    decision_within_unit: Any
    further_round_expected: bool | None
    still_interested: bool | None
    debriefed_at: dt.datetime | None
    created_at: dt.datetime
    interviewers: list[ContactRecord] = field(default_factory=list)
    questions: list[QuestionRecord] = field(default_factory=list)

    timeline = Interview.timeline


@dataclass(frozen=True, slots=True)
class OutcomeRecord:
    """News about the process."""

    kind: OutcomeKind
    occurred_on: dt.date
    note: str | None
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    """What the company said."""

    id: int
    received_on: dt.date
    text: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class StatusChangeRecord:
    """One move of the status."""

    from_status: Status | None
    to_status: Status
    at: dt.datetime
    cause: str


@dataclass(frozen=True, slots=True)
class OfferRecord:
    """An offer's terms and state, as the summary and the offer form show them."""

    id: int
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
    extension_requested_on: dt.date | None
    extension_again: bool
    decision: OfferDecision
    notes: str | None

    effective_deadline = Offer.effective_deadline


@dataclass(frozen=True, slots=True)
class ApplicationRecord:
    """The application's facts and its children, each list in the order the models keep."""

    id: int
    company: str
    role: str
    link: str | None
    source: str | None
    location: str | None
    salary_min: int | None
    salary_max: int | None
    salary_currency: str | None
    salary_period: SalaryPeriod | None
    interest: int | None
    notes: str | None
    status: Status
    applied_on: dt.date | None
    tag_names: list[str] = field(default_factory=list)
    contacts: list[ContactRecord] = field(default_factory=list)
    interviews: list[InterviewRecord] = field(default_factory=list)
    outcomes: list[OutcomeRecord] = field(default_factory=list)
    history: list[StatusChangeRecord] = field(default_factory=list)
    feedback: list[FeedbackRecord] = field(default_factory=list)
    offers: list[OfferRecord] = field(default_factory=list)

    @property
    def tags(self) -> list[str]:
        """The tag names (the page only asks whether there are any)."""
        return self.tag_names


def columns_of(record: type, table: sa.Table, *, skip: int = 0) -> list[sa.Column[Any]]:
    """The table's columns a record holds: its leading fields, in order (`skip` trailing
    fields are children filled separately)."""
    names = [f.name for f in fields(record)]
    return [table.c[name] for name in names[: len(names) - skip]]


def _table(model: type) -> sa.Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, sa.Table)
    return table


def load_application(*, session: Session, user_id: int, application_id: int) -> ApplicationRecord:
    """One of the user's applications with its children (NotFoundError if not theirs)."""
    apps = _table(Application)
    row = session.execute(
        sa.select(*columns_of(ApplicationRecord, apps, skip=7)).where(
            apps.c.id == application_id, apps.c.user_id == user_id
        )
    ).first()
    if row is None:
        raise NotFoundError(f"there is no application with id {application_id}")

    def children(model: type, order: str, record: type, *, skip: int = 0) -> list[Any]:
        table = _table(model)
        query = (
            sa.select(*columns_of(record, table, skip=skip))
            .where(table.c.application_id == application_id, table.c.user_id == user_id)
            .order_by(table.c[order])
        )
        return [record(*values) for values in session.execute(query)]

    tags = _table(ApplicationTag)
    tag_names = list(
        session.scalars(
            sa.select(tags.c.name)
            .where(tags.c.application_id == application_id)
            .order_by(tags.c.name)
        )
    )
    interviews = children(Interview, "round", InterviewRecord, skip=2)
    if interviews:
        _fill_rounds(session, user_id, application_id, interviews)
    return ApplicationRecord(
        *row,
        tag_names=tag_names,
        contacts=children(Contact, "id", ContactRecord),
        interviews=interviews,
        outcomes=children(Outcome, "id", OutcomeRecord),
        history=children(StatusChange, "id", StatusChangeRecord),
        feedback=children(Feedback, "id", FeedbackRecord),
        offers=children(Offer, "id", OfferRecord),
    )


def _fill_rounds(
    session: Session, user_id: int, application_id: int, interviews: list[InterviewRecord]
) -> None:
    """Adds each round's interviewers and questions (one query each for all rounds)."""
    by_id = {interview.id: interview for interview in interviews}
    rounds = _table(Interview)
    in_this_process = sa.select(rounds.c.id).where(
        rounds.c.application_id == application_id, rounds.c.user_id == user_id
    )
    contacts, links = _table(Contact), interview_interviewers
    met = (
        sa.select(links.c.interview_id, *columns_of(ContactRecord, contacts))
        .join(contacts, contacts.c.id == links.c.contact_id)
        .where(links.c.interview_id.in_(in_this_process))
        .order_by(links.c.interview_id, contacts.c.id)
    )
    for interview_id, *values in session.execute(met):
        by_id[interview_id].interviewers.append(ContactRecord(*values))
    questions = _table(InterviewQuestion)
    asked = (
        sa.select(questions.c.interview_id, *columns_of(QuestionRecord, questions))
        .where(questions.c.interview_id.in_(in_this_process), questions.c.user_id == user_id)
        .order_by(questions.c.id)
    )
    for interview_id, *values in session.execute(asked):
        by_id[interview_id].questions.append(QuestionRecord(*values))
