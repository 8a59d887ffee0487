"""Reading the playbook's facts with plain rows, one query per table.

Re-planning runs after every write, on the whole search: loading thousands of
applications as ORM objects with their contacts, interviews, offers and history
took over a second at 5,000 applications, for values the engine only reads. This
reads the same columns as rows (no identity map, no relationships) and builds
the same `SearchFacts`; a test compares it with a load through the ORM objects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword import localtime
from afterword.offers.models import Offer
from afterword.pipeline.decision_timeline import DecisionTimeline
from afterword.pipeline.models import (
    Application,
    Contact,
    Feedback,
    Interview,
    Outcome,
    StatusChange,
    interview_interviewers,
)
from afterword.pipeline.status import OPEN_STATUSES, OfferDecision, Status
from afterword.playbook.facts import (
    ActionRecord,
    ApplicationFacts,
    ContactFact,
    InterviewFact,
    OfferFact,
    OutcomeFact,
    SearchFacts,
)
from afterword.playbook.models import ActionState, PlannedAction
from afterword.reflection.models import JournalEntry, MoodCheckin

_SETTLED = (ActionState.DONE, ActionState.DISMISSED)


def load_facts(
    *,
    session: Session,
    user_id: int,
    timezone: str,
    where: sa.ColumnElement[bool] | None = None,
) -> SearchFacts:
    """Reads everything the rules need about the user's search, as plain values.

    `where` limits the applications read (and their children) to those it selects; the
    settled actions are always all of them.
    """
    zone = localtime.zone(timezone)
    chosen = sa.select(Application.id).where(Application.user_id == user_id)
    if where is not None:
        chosen = chosen.where(where)

    def of_chosen(column: sa.orm.InstrumentedAttribute[int | None]) -> sa.ColumnElement[bool]:
        return sa.true() if where is None else column.in_(chosen)

    def run(statement: Any) -> Iterator[Sequence[Any]]:
        # Rows by position: some selects are wider than the typed overloads of select().
        return iter(session.execute(statement))

    def local(instant: dt.datetime) -> dt.date:
        return instant.astimezone(zone).date()

    contacts: defaultdict[int, list[ContactFact]] = defaultdict(list)
    for row in run(
        sa.select(
            Contact.application_id,
            Contact.id,
            Contact.role,
            Contact.name,
            Contact.email,
            Contact.uid,
        )
        .where(Contact.user_id == user_id, of_chosen(Contact.application_id))
        .order_by(Contact.application_id, Contact.id)
    ):
        contacts[row[0]].append(ContactFact(row[1], row[2].value, row[3], row[4], row[5]))

    interviewers: defaultdict[int, list[int]] = defaultdict(list)
    for interview_id, contact_id in run(
        sa.select(interview_interviewers.c.interview_id, interview_interviewers.c.contact_id)
        .join(Interview, Interview.id == interview_interviewers.c.interview_id)
        .where(Interview.user_id == user_id, of_chosen(Interview.application_id))
        .order_by(interview_interviewers.c.interview_id, interview_interviewers.c.contact_id)
    ):
        interviewers[interview_id].append(contact_id)

    interviews: defaultdict[int, list[InterviewFact]] = defaultdict(list)
    for row in run(
        sa.select(
            Interview.application_id,
            Interview.id,
            Interview.round,
            Interview.kind,
            Interview.scheduled_at,
            Interview.decision_by,
            Interview.decision_within,
            Interview.decision_within_unit,
            Interview.debriefed_at,
            Interview.still_interested,
            Interview.uid,
        )
        .where(Interview.user_id == user_id, of_chosen(Interview.application_id))
        .order_by(Interview.application_id, Interview.round, Interview.id)
    ):
        timeline = (
            None
            if row[5] is None and row[6] is None
            else DecisionTimeline(by=row[5], within=row[6], unit=row[7])
        )
        interviews[row[0]].append(
            InterviewFact(
                id=row[1],
                round=row[2],
                kind=row[3].value,
                on=local(row[4]) if row[4] else None,
                interviewer_ids=tuple(interviewers.get(row[1], ())),
                timeline=timeline,
                debriefed=row[8] is not None,
                still_interested=row[9],
                uid=row[10],
                debriefed_on=local(row[8]) if row[8] else None,
            )
        )

    outcomes: defaultdict[int, list[OutcomeFact]] = defaultdict(list)
    for row in run(
        sa.select(
            Outcome.application_id,
            Outcome.kind,
            Outcome.occurred_on,
            Outcome.date_known,
            Outcome.created_at,
        )
        .where(Outcome.user_id == user_id, of_chosen(Outcome.application_id))
        .order_by(Outcome.application_id, Outcome.id)
    ):
        outcomes[row[0]].append(OutcomeFact(row[1], row[2], row[3], local(row[4])))

    # The history, in order: the latest change dates the status; an acceptance later
    # declined marks the process as reneged.
    status_since: dict[int, dt.date] = {}
    reneged: set[int] = set()
    for application_id, from_status, to_status, at in run(
        sa.select(
            StatusChange.application_id,
            StatusChange.from_status,
            StatusChange.to_status,
            StatusChange.at,
        )
        .where(StatusChange.user_id == user_id, of_chosen(StatusChange.application_id))
        .order_by(StatusChange.application_id, StatusChange.id)
    ):
        status_since[application_id] = local(at)
        if from_status is Status.ACCEPTED and to_status is Status.DECLINED:
            reneged.add(application_id)

    offers: defaultdict[int, list[OfferFact]] = defaultdict(list)
    for row in run(
        sa.select(
            Offer.application_id,
            Offer.id,
            Offer.received_on,
            Offer.created_at,
            Offer.deadline,
            Offer.extended_deadline,
            Offer.decision,
            Offer.decided_on,
            Offer.base_salary,
            Offer.uid,
            Offer.extension_requested_on,
            Offer.extension_again,
        )
        .where(Offer.user_id == user_id, of_chosen(Offer.application_id))
        .order_by(Offer.application_id, Offer.id)
    ):
        offers[row[0]].append(
            OfferFact(
                id=row[1],
                received_on=row[2] or local(row[3]),
                deadline=row[5] or row[4],
                decision=row[6],
                decided_on=row[7],
                has_terms=row[8] is not None,
                reneged=row[0] in reneged and row[6] is OfferDecision.DECLINED,
                uid=row[9],
                extended=row[5] is not None,
                extension_requested_on=row[10],
                extension_again=row[11],
            )
        )

    feedback: defaultdict[int, list[dt.date]] = defaultdict(list)
    for application_id, received_on in run(
        sa.select(Feedback.application_id, Feedback.received_on)
        .where(Feedback.user_id == user_id, of_chosen(Feedback.application_id))
        .order_by(Feedback.application_id, Feedback.id)
    ):
        feedback[application_id].append(received_on)

    moods = _reflection_days(session, MoodCheckin, MoodCheckin.at, user_id, zone, of_chosen)
    journal = _reflection_days(
        session, JournalEntry, JournalEntry.written_at, user_id, zone, of_chosen
    )

    facts = tuple(
        ApplicationFacts(
            id=row[0],
            company=row[1],
            role=row[2],
            status=row[3],
            applied_on=row[4] or local(row[5]),
            status_since=status_since.get(row[0]) or local(row[5]),
            contacts=tuple(contacts.get(row[0], ())),
            interviews=tuple(interviews.get(row[0], ())),
            outcomes=tuple(outcomes.get(row[0], ())),
            offers=tuple(offers.get(row[0], ())),
            feedback_on=tuple(feedback.get(row[0], ())),
            uid=row[6],
            moods_on=moods.get(row[0], ()),
            journal_on=journal.get(row[0], ()),
            interest=row[7],
        )
        for row in run(
            sa.select(
                Application.id,
                Application.company,
                Application.role,
                Application.status,
                Application.applied_on,
                Application.created_at,
                Application.uid,
                Application.interest,
            )
            .where(Application.user_id == user_id, sa.true() if where is None else where)
            .order_by(Application.id)
        )
    )
    settled = {
        key: ActionRecord(key=key, state=state.value, on=settled_on or due)
        for key, state, settled_on, due in run(
            sa.select(
                PlannedAction.key, PlannedAction.state, PlannedAction.settled_on, PlannedAction.due
            ).where(PlannedAction.user_id == user_id, PlannedAction.state.in_(_SETTLED))
        )
    }
    last_applied = max((app.applied_on for app in facts), default=None)
    return SearchFacts(applications=facts, settled=settled, last_applied_on=last_applied)


def _reflection_days(
    session: Session,
    table: type[MoodCheckin] | type[JournalEntry],
    at: sa.orm.InstrumentedAttribute[dt.datetime],
    user_id: int,
    zone: ZoneInfo,
    of_chosen: Callable[[Any], sa.ColumnElement[bool]],
) -> dict[int, tuple[dt.date, ...]]:
    """Per application, the local days of its mood check-ins (or journal entries), sorted."""
    days: defaultdict[int, list[dt.date]] = defaultdict(list)
    for application_id, instant in session.execute(
        sa.select(table.application_id, at).where(
            table.user_id == user_id,
            table.application_id.is_not(None),
            of_chosen(table.application_id),
        )
    ):
        if application_id is not None:
            days[application_id].append(instant.astimezone(zone).date())
    return {app_id: tuple(sorted(found)) for app_id, found in days.items()}


def load_changed_facts(
    *, session: Session, user_id: int, timezone: str, changed: Collection[int]
) -> SearchFacts:
    """The facts a re-plan of the `changed` applications needs, read without the rest.

    The application rules of a process read only that process (and an accepted offer, which
    the caller rules out); the search-wide rules read the search's index: when the latest
    rejection came (so every rejected process is read whole), which processes are open and
    when the user last applied (both read as single columns). Only for a search with no
    offer pending or accepted (the caller's condition).
    """
    zone = localtime.zone(timezone)
    facts = load_facts(
        session=session,
        user_id=user_id,
        timezone=timezone,
        where=sa.or_(Application.id.in_(sorted(changed)), Application.status == Status.REJECTED),
    )
    open_ids = frozenset(
        session.scalars(
            sa.select(Application.id).where(
                Application.user_id == user_id, Application.status.in_(OPEN_STATUSES)
            )
        )
    )
    last_applied = session.scalar(
        sa.select(sa.func.max(Application.applied_on)).where(Application.user_id == user_id)
    )
    for created_at in session.scalars(
        sa.select(Application.created_at).where(
            Application.user_id == user_id, Application.applied_on.is_(None)
        )
    ):
        day = created_at.astimezone(zone).date()
        last_applied = day if last_applied is None else max(last_applied, day)
    partial = SearchFacts(
        applications=facts.applications, settled=facts.settled, last_applied_on=last_applied
    )
    # The index of the chosen processes, with the open ones of the whole search.
    partial.__dict__["index"] = dataclasses.replace(facts.index, open_ids=open_ids)
    return partial
