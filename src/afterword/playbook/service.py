"""Running the playbook for a user and keeping their stored agenda in step with it.

`replan` reads the facts, asks the pure engine which actions should exist,
and reconciles: new actions are created, changed ones updated, obsolete ones
withdrawn with a reason; what the user completed or dismissed is never touched
or recreated. Everything happens in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from afterword.errors import InvalidInputError, NotFoundError
from afterword.pipeline.models import Application, Interview
from afterword.pipeline.status import OfferDecision, Status
from afterword.playbook.actions import Action
from afterword.playbook.calendar import BusinessCalendar
from afterword.playbook.engine import plan
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
from afterword.playbook.timings import PlaybookTimings
from afterword.profile.models import User

_SETTLED = (ActionState.DONE, ActionState.DISMISSED)


def load_facts(*, session: Session, user_id: int, timezone: str) -> SearchFacts:
    """Reads everything the rules need about the user's search, as plain values."""
    zone = ZoneInfo(timezone)
    applications = session.scalars(
        sa.select(Application)
        .where(Application.user_id == user_id)
        .order_by(Application.id)
        .options(
            selectinload(Application.contacts),
            selectinload(Application.interviews).selectinload(Interview.interviewers),
            selectinload(Application.outcomes),
            selectinload(Application.offers),
            selectinload(Application.feedback),
            selectinload(Application.history),
        )
    ).all()
    settled = {
        row.key: ActionRecord(key=row.key, state=row.state.value, on=row.settled_on or row.due)
        for row in session.scalars(
            sa.select(PlannedAction).where(
                PlannedAction.user_id == user_id, PlannedAction.state.in_(_SETTLED)
            )
        )
    }
    facts = tuple(_application_facts(application, zone) for application in applications)
    last_applied = max((app.applied_on for app in facts), default=None)
    return SearchFacts(applications=facts, settled=settled, last_applied_on=last_applied)


def _local(instant: dt.datetime, zone: ZoneInfo) -> dt.date:
    return instant.astimezone(zone).date()


def _application_facts(application: Application, zone: ZoneInfo) -> ApplicationFacts:
    history = application.history
    status_since = _local(history[-1].at, zone) if history else _local(application.created_at, zone)
    reneged_apps = any(
        change.from_status is Status.ACCEPTED and change.to_status is Status.DECLINED
        for change in history
    )
    return ApplicationFacts(
        id=application.id,
        company=application.company,
        role=application.role,
        status=application.status,
        applied_on=application.applied_on or _local(application.created_at, zone),
        status_since=status_since,
        contacts=tuple(
            ContactFact(id=c.id, role=c.role.value, name=c.name, email=c.email, uid=c.uid)
            for c in application.contacts
        ),
        interviews=tuple(
            InterviewFact(
                id=interview.id,
                round=interview.round,
                kind=interview.kind.value,
                on=_local(interview.scheduled_at, zone) if interview.scheduled_at else None,
                interviewer_ids=tuple(person.id for person in interview.interviewers),
                timeline=interview.timeline,
                debriefed=interview.debriefed_at is not None,
                still_interested=interview.still_interested,
                uid=interview.uid,
            )
            for interview in application.interviews
        ),
        outcomes=tuple(OutcomeFact(kind=o.kind, on=o.occurred_on) for o in application.outcomes),
        offers=tuple(
            OfferFact(
                id=offer.id,
                received_on=offer.received_on or _local(offer.created_at, zone),
                deadline=offer.effective_deadline,
                decision=offer.decision,
                decided_on=offer.decided_on,
                has_terms=offer.base_salary is not None,
                reneged=reneged_apps and offer.decision is OfferDecision.DECLINED,
                uid=offer.uid,
            )
            for offer in application.offers
        ),
        feedback_on=tuple(feedback.received_on for feedback in application.feedback),
        uid=application.uid,
    )


@dataclass(frozen=True)
class ReplanSummary:
    """How the stored agenda changed."""

    created: int
    updated: int
    withdrawn: int
    open: int

    def __str__(self) -> str:
        return (
            f"{self.open} open action(s): {self.created} new, {self.updated} changed, "
            f"{self.withdrawn} no longer needed"
        )


def planned_actions(
    *, session: Session, user: User, today: dt.date, timings: PlaybookTimings
) -> list[Action]:
    """The actions the engine wants for this user today (nothing is stored)."""
    facts = load_facts(session=session, user_id=user.id, timezone=user.timezone)
    return plan(facts, today=today, timings=timings, calendar=BusinessCalendar(user.country))


def replan(
    *, session: Session, user: User, today: dt.date, now: dt.datetime, timings: PlaybookTimings
) -> ReplanSummary:
    """Brings the stored agenda in line with what the playbook wants today."""
    facts = load_facts(session=session, user_id=user.id, timezone=user.timezone)
    wanted = {
        action.key: action
        for action in plan(
            facts, today=today, timings=timings, calendar=BusinessCalendar(user.country)
        )
    }
    stored = {
        row.key: row
        for row in session.scalars(sa.select(PlannedAction).where(PlannedAction.user_id == user.id))
    }
    companies = {app.id: (app.company, app.status) for app in facts.applications}
    counts: Counter[str] = Counter()
    for key, action in wanted.items():
        row = stored.get(key)
        if row is None:
            session.add(_new_row(user.id, action, now))
            counts["created"] += 1
        elif row.state in (ActionState.OPEN, ActionState.WITHDRAWN) and _refresh(row, action, now):
            counts["updated"] += 1
    for key, row in stored.items():
        if row.state is ActionState.OPEN and key not in wanted:
            row.state = ActionState.WITHDRAWN
            row.withdrawn_reason = _why_withdrawn(row, companies)
            row.updated_at = now
            counts["withdrawn"] += 1
    user.revision = (user.revision or 0) + 1
    user.planned_on = today
    session.flush()
    # The agenda now reflects every write so far: a later has_changes() asks about new ones only,
    # so a command that re-planned explicitly is not re-planned again on its way out.
    session.info[_CHANGED] = False
    return ReplanSummary(
        created=counts["created"],
        updated=counts["updated"],
        withdrawn=counts["withdrawn"],
        open=len(wanted),
    )


def _new_row(user_id: int, action: Action, now: dt.datetime) -> PlannedAction:
    row = PlannedAction(user_id=user_id, key=action.key, state=ActionState.OPEN, created_at=now)
    _copy(row, action)
    row.updated_at = now
    return row


def _copy(row: PlannedAction, action: Action) -> None:
    row.kind = action.kind
    row.rule = action.rule
    row.application_id = action.application_id
    row.contact_id = action.contact_id
    row.interview_id = action.interview_id
    row.offer_id = action.offer_id
    row.due = action.due
    row.priority = int(action.priority)
    row.reason = action.reason
    row.evidence_json = json.dumps([list(pair) for pair in action.evidence], ensure_ascii=False)
    row.cause_on = action.cause_on


def _refresh(row: PlannedAction, action: Action, now: dt.datetime) -> bool:
    """Updates an open (or withdrawn, now wanted again) row; True if anything changed."""
    before = (
        row.state,
        row.kind,
        row.due,
        row.priority,
        row.reason,
        row.contact_id,
        row.evidence_json,
    )
    _copy(row, action)
    row.state = ActionState.OPEN
    row.withdrawn_reason = None
    after = (
        row.state,
        row.kind,
        row.due,
        row.priority,
        row.reason,
        row.contact_id,
        row.evidence_json,
    )
    if before != after:
        row.updated_at = now
        return True
    return False


def _why_withdrawn(row: PlannedAction, companies: dict[int, tuple[str, Status]]) -> str:
    if row.application_id is not None and row.application_id in companies:
        company, status = companies[row.application_id]
        return f"no longer needed: things moved on at {company} (now {status.label})"
    return "no longer needed: the situation that called for it has changed"


# -- what the user does with actions ------------------------------------------------------


def get_action(*, session: Session, user_id: int, action_id: int) -> PlannedAction:
    """One of the user's actions, or NotFoundError."""
    row = session.get(PlannedAction, action_id)
    if row is None or row.user_id != user_id:
        raise NotFoundError(f"there is no action with id {action_id}")
    return row


def complete_action(
    *, session: Session, user_id: int, action_id: int, on: dt.date, now: dt.datetime
) -> PlannedAction:
    """Marks an action done; it never comes back."""
    return _settle(session, user_id, action_id, ActionState.DONE, on, now)


def dismiss_action(
    *, session: Session, user_id: int, action_id: int, on: dt.date, now: dt.datetime
) -> PlannedAction:
    """Dismisses an action the user does not want to do; it never comes back."""
    return _settle(session, user_id, action_id, ActionState.DISMISSED, on, now)


def _settle(
    session: Session,
    user_id: int,
    action_id: int,
    state: ActionState,
    on: dt.date,
    now: dt.datetime,
) -> PlannedAction:
    row = get_action(session=session, user_id=user_id, action_id=action_id)
    if row.state in _SETTLED:
        raise InvalidInputError(f"action {action_id} is already {row.state.value}")
    if row.state is ActionState.WITHDRAWN:
        raise InvalidInputError(f"action {action_id} was withdrawn ({row.withdrawn_reason})")
    row.state = state
    row.settled_on = on
    row.updated_at = now
    session.flush()
    return row


def snooze_action(
    *,
    session: Session,
    user_id: int,
    action_id: int,
    until: dt.date,
    today: dt.date,
    now: dt.datetime,
) -> PlannedAction:
    """Hides an open action until a later date."""
    row = get_action(session=session, user_id=user_id, action_id=action_id)
    if row.state is not ActionState.OPEN:
        raise InvalidInputError(
            f"action {action_id} is {row.state.value}; only open actions can be snoozed"
        )
    if until <= today:
        raise InvalidInputError(
            f"snooze until a day after today ({today.isoformat()}), not {until.isoformat()}"
        )
    row.snoozed_until = until
    row.updated_at = now
    session.flush()
    return row


def open_actions(*, session: Session, user_id: int) -> list[PlannedAction]:
    """The user's open actions, soonest (after snoozing) first."""
    rows = session.scalars(
        sa.select(PlannedAction).where(
            PlannedAction.user_id == user_id, PlannedAction.state == ActionState.OPEN
        )
    ).all()
    return sorted(rows, key=lambda row: (row.effective_due, row.priority, row.id))


@dataclass(frozen=True)
class Agenda:
    """Open actions grouped the way a person scans them."""

    overdue: list[PlannedAction]
    today: list[PlannedAction]
    this_week: list[PlannedAction]
    later: list[PlannedAction]


def agenda(*, session: Session, user_id: int, today: dt.date) -> Agenda:
    """Groups open actions into overdue, due today, the next seven days, and later."""
    week_end = today + dt.timedelta(days=7)
    rows = open_actions(session=session, user_id=user_id)
    return Agenda(
        overdue=[row for row in rows if row.effective_due < today],
        today=[row for row in rows if row.effective_due == today],
        this_week=[row for row in rows if today < row.effective_due <= week_end],
        later=[row for row in rows if row.effective_due > week_end],
    )


# -- re-planning after changes ------------------------------------------------------------

_CHANGED = "afterword.facts_changed"


def watch_changes(session: Session) -> None:
    """Remembers whether anything was written in this session, so the agenda can follow."""

    def _mark(flushed: Session, _context: object) -> None:
        flushed.info[_CHANGED] = True

    sa.event.listen(session, "after_flush", _mark)


def has_changes(session: Session) -> bool:
    """Whether the session wrote anything since `watch_changes`."""
    return bool(session.info.get(_CHANGED))
