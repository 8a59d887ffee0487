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
import functools
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


def table_of(model: type) -> sa.Table:
    """A model's table, for Core queries."""
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, sa.Table)
    return table


# Every query below is built once and run with these two values bound: building a statement
# and its cache key costs about as much as running it on a small table.
APPLICATION: sa.BindParameter[int] = sa.bindparam("application_id")
USER: sa.BindParameter[int] = sa.bindparam("user_id")


@functools.cache
def owned_rows(model: type, record: type, order: tuple[str, ...], skip: int = 0) -> sa.Select[Any]:
    """The user's rows of one table about one application, as `record`'s columns."""
    table = table_of(model)
    return (
        sa.select(*columns_of(record, table, skip=skip))
        .where(table.c.application_id == APPLICATION, table.c.user_id == USER)
        .order_by(*(table.c[name] for name in order))
    )


@functools.cache
def _queries() -> dict[str, sa.Select[Any]]:
    apps, tags, rounds = table_of(Application), table_of(ApplicationTag), table_of(Interview)
    contacts, links, questions = (
        table_of(Contact),
        interview_interviewers,
        table_of(InterviewQuestion),
    )
    in_this_process = sa.select(rounds.c.id).where(
        rounds.c.application_id == APPLICATION, rounds.c.user_id == USER
    )
    return {
        "application": sa.select(*columns_of(ApplicationRecord, apps, skip=7)).where(
            apps.c.id == APPLICATION, apps.c.user_id == USER
        ),
        "tags": sa.select(tags.c.name)
        .where(tags.c.application_id == APPLICATION, tags.c.user_id == USER)
        .order_by(tags.c.name),
        "interviewers": sa.select(links.c.interview_id, *columns_of(ContactRecord, contacts))
        .join(contacts, contacts.c.id == links.c.contact_id)
        .where(links.c.interview_id.in_(in_this_process))
        .order_by(links.c.interview_id, contacts.c.id),
        "questions": sa.select(questions.c.interview_id, *columns_of(QuestionRecord, questions))
        .where(questions.c.interview_id.in_(in_this_process), questions.c.user_id == USER)
        .order_by(questions.c.id),
    }


def load_application(*, session: Session, user_id: int, application_id: int) -> ApplicationRecord:
    """One of the user's applications with its children (NotFoundError if not theirs)."""
    # Core on the session's own connection: same transaction (and, in server mode, the same
    # row scoping), without the ORM's per-statement work.
    connection = session.connection()
    bound = {"application_id": application_id, "user_id": user_id}
    queries = _queries()
    row = connection.execute(queries["application"], bound).first()
    if row is None:
        raise NotFoundError(f"there is no application with id {application_id}")

    def children(model: type, record: type, *, skip: int = 0, order: str = "id") -> list[Any]:
        query = owned_rows(model, record, (order,), skip)
        return [record(*values) for values in connection.execute(query, bound)]

    interviews = children(Interview, InterviewRecord, skip=2, order="round")
    if interviews:
        # Each round's interviewers and questions: one query each for all rounds.
        by_id = {interview.id: interview for interview in interviews}
        for interview_id, *values in connection.execute(queries["interviewers"], bound):
            by_id[interview_id].interviewers.append(ContactRecord(*values))
        for interview_id, *values in connection.execute(queries["questions"], bound):
            by_id[interview_id].questions.append(QuestionRecord(*values))
    return ApplicationRecord(
        *row,  # type: ignore[misc] # the leading fields, in the query's order
        tag_names=list(connection.execute(queries["tags"], bound).scalars()),
        contacts=children(Contact, ContactRecord),
        interviews=interviews,
        outcomes=children(Outcome, OutcomeRecord),
        history=children(StatusChange, StatusChangeRecord),
        feedback=children(Feedback, FeedbackRecord),
        offers=children(Offer, OfferRecord),
    )
