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
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstanceState, ORMExecuteState, Session

from afterword.errors import InvalidInputError, NotFoundError, TransitionError
from afterword.localtime import business_calendar
from afterword.offers.models import Offer
from afterword.offers.service import (
    decide_offer,
    get_offer,
    note_extension_request,
    pending_offer,
    reopen_offer,
)
from afterword.pipeline.applications import get_application
from afterword.pipeline.interviews import get_interview, record_interest
from afterword.pipeline.models import (
    Application,
    Contact,
    Feedback,
    Interview,
    Outcome,
    StatusChange,
)
from afterword.pipeline.outcomes import record_outcome, retract_outcome
from afterword.pipeline.schemas import OutcomeFields
from afterword.pipeline.status import AWAITING_DECISION, OfferDecision, OutcomeKind, Status
from afterword.playbook.actions import Action
from afterword.playbook.effects import DoneHow, Effect, done_cause, effect_of, short_day
from afterword.playbook.engine import fulfilled, plan
from afterword.playbook.fact_loading import load_changed_facts, load_facts
from afterword.playbook.facts import (
    SearchFacts,
)
from afterword.playbook.freshness import plan_fingerprint
from afterword.playbook.models import ActionState, PlannedAction
from afterword.playbook.timings import PlaybookTimings
from afterword.profile.models import User
from afterword.reflection.models import JournalEntry, MoodCheckin

_SETTLED = (ActionState.DONE, ActionState.DISMISSED)


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
    return plan(facts, today=today, timings=timings, calendar=business_calendar(user.country))


def replan(
    *, session: Session, user: User, today: dt.date, now: dt.datetime, timings: PlaybookTimings
) -> ReplanSummary:
    """Brings the stored agenda in line with what the playbook wants today.

    After a write that touched only some applications (see `watch_changes`), on an agenda
    that was current before it, only those applications' rules and the search-wide rules
    run, and only their stored actions are compared: nothing else can have changed. A
    search with an offer pending or accepted is always planned whole, because offers make
    one process's steps depend on the others (notices, wrap-up, comparisons).
    """
    changed: set[int] | None = session.info.get(_CHANGED_APPLICATIONS)
    if changed is not None and not plan_is_current(user=user, today=today, timings=timings):
        changed = None  # a new day (or other rules): every application's steps may move
    if changed is not None and session.scalar(
        sa.select(
            sa.exists().where(Application.user_id == user.id, Application.status.in_(_OFFER_STAGES))
        )
    ):
        changed = None  # an offer in play: one process's steps depend on the others
    if changed is None:
        facts = load_facts(session=session, user_id=user.id, timezone=user.timezone)
    else:
        facts = load_changed_facts(
            session=session, user_id=user.id, timezone=user.timezone, changed=changed
        )
    calendar = business_calendar(user.country)
    wanted = {
        action.key: action
        for action in plan(facts, today=today, timings=timings, calendar=calendar, only=changed)
    }
    done_here = fulfilled(facts, today=today, timings=timings, calendar=calendar, only=changed)
    query = sa.select(PlannedAction).where(PlannedAction.user_id == user.id)
    if changed is not None:
        # The search-wide rules' actions belong to no application (a test keeps it so).
        query = query.where(
            sa.or_(
                PlannedAction.application_id.in_(sorted(changed)),
                PlannedAction.application_id.is_(None),
                PlannedAction.key.in_(sorted(wanted)),
            )
        )
    stored = {row.key: row for row in session.scalars(query)}
    counts: Counter[str] = Counter()
    for key, action in wanted.items():
        row = stored.get(key)
        if row is None:
            session.add(_new_row(user.id, action, now))
            counts["created"] += 1
        elif row.state in (ActionState.OPEN, ActionState.WITHDRAWN) and _refresh(row, action, now):
            counts["updated"] += 1
    for key, row in stored.items():
        if row.state is not ActionState.OPEN or key in wanted:
            continue
        done = done_here.get(key)
        if done is not None:
            # The user did it inside afterword (wrote the debrief, recorded a mood): that is
            # doing it, not the situation moving past it.
            row.state = ActionState.DONE
            row.settled_on = done.on
            row.done_note = done.note
            row.effect_json = json.dumps({"effect": Effect.FULFILLED.value})
            counts["done"] += 1
        else:
            row.state = ActionState.WITHDRAWN
            row.withdrawn_reason = _why_withdrawn(row, facts, today)
            counts["withdrawn"] += 1
        row.updated_at = now
    user.revision = (user.revision or 0) + 1
    user.planned_on = today
    user.planned_with = timings_fingerprint(timings)
    session.flush()
    open_count = len(wanted)
    if changed is not None:
        open_count = (
            session.scalar(
                sa.select(sa.func.count())
                .select_from(PlannedAction)
                .where(PlannedAction.user_id == user.id, PlannedAction.state == ActionState.OPEN)
            )
            or 0
        )
    # The agenda now reflects every write so far: a later has_changes() asks about new ones only,
    # so a command that re-planned explicitly is not re-planned again on its way out.
    session.info[_CHANGED] = False
    if session.info.get(_WATCHED):
        session.info[_CHANGED_APPLICATIONS] = set()
    return ReplanSummary(
        created=counts["created"],
        updated=counts["updated"],
        withdrawn=counts["withdrawn"],
        open=open_count,
    )


def timings_fingerprint(timings: PlaybookTimings) -> str:
    """What a plan made with these timings is made with (see playbook.freshness)."""
    return plan_fingerprint(timings.model_dump(mode="json", exclude_defaults=True))


def plan_is_current(*, user: User, today: dt.date, timings: PlaybookTimings) -> bool:
    """Whether the stored agenda is the plan for `today` with these timings and this version."""
    return user.planned_on == today and user.planned_with == timings_fingerprint(timings)


def _new_row(user_id: int, action: Action, now: dt.datetime) -> PlannedAction:
    row = PlannedAction(user_id=user_id, key=action.key, state=ActionState.OPEN, created_at=now)
    _copy(row, action)
    row.updated_at = now
    return row


def _as_stored(action: Action) -> tuple[object, ...]:
    """The action's values as `_copy` stores them, in its order."""
    return (
        action.kind,
        action.rule,
        action.application_id,
        action.contact_id,
        action.interview_id,
        action.offer_id,
        action.due,
        int(action.priority),
        action.reason,
        json.dumps([list(pair) for pair in action.evidence], ensure_ascii=False),
        action.cause_on,
    )


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
    if (
        row.state is ActionState.OPEN
        and row.withdrawn_reason is None
        and _as_stored(action)
        == (
            row.kind,
            row.rule,
            row.application_id,
            row.contact_id,
            row.interview_id,
            row.offer_id,
            row.due,
            row.priority,
            row.reason,
            row.evidence_json,
            row.cause_on,
        )
    ):
        # Most rows of a re-plan are unchanged: setting their attributes again would only
        # make the ORM track thousands of no-op changes (a tenth of a whole re-plan).
        return False
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


def _why_withdrawn(row: PlannedAction, facts: SearchFacts, today: dt.date) -> str:
    """Why an open action is no longer wanted, as specifically as the record tells."""
    app = facts.application(row.application_id) if row.application_id is not None else None
    if app is None:
        return "no longer needed: the situation that called for it has changed"
    accepted = facts.index.acceptance
    if accepted is not None and accepted[0] != app.id:
        chosen = facts.application(accepted[0])
        if chosen is not None:
            return f"no longer needed: you accepted the offer from {chosen.company}"
    if app.not_interested(today) is not None and app.status in AWAITING_DECISION:
        return f"no longer needed: you no longer want the job at {app.company}"
    return f"no longer needed: things moved on at {app.company} (now {app.status.label})"


# -- what the user does with actions ------------------------------------------------------


def get_action(*, session: Session, user_id: int, action_id: int) -> PlannedAction:
    """One of the user's actions, or NotFoundError."""
    row = session.get(PlannedAction, action_id)
    if row is None or row.user_id != user_id:
        raise NotFoundError(f"there is no action with id {action_id}")
    return row


def complete_action(
    *,
    session: Session,
    user_id: int,
    action_id: int,
    on: dt.date,
    now: dt.datetime,
    how: DoneHow = DoneHow.MARKED,
) -> PlannedAction:
    """Marks an action done and records what doing it means (see playbook.effects).

    A withdrawal done records the process as withdrawn, a decline the offer as declined,
    and so on, in the same transaction, with the cause in the history. `done_note` says
    what changed; `undo_action` takes it back.
    """
    row = get_action(session=session, user_id=user_id, action_id=action_id)
    _check_settleable(row)
    recorded = _record_effect(session, row, on=on, now=now, how=how)
    row.state = ActionState.DONE
    row.settled_on = on
    row.updated_at = now
    row.done_note = recorded.note
    row.effect_json = json.dumps(recorded.data) if recorded.data else None
    session.flush()
    return row


def dismiss_action(
    *, session: Session, user_id: int, action_id: int, on: dt.date, now: dt.datetime
) -> PlannedAction:
    """Dismisses an action the user does not want to do; it never comes back (unless undone)."""
    row = get_action(session=session, user_id=user_id, action_id=action_id)
    _check_settleable(row)
    row.state = ActionState.DISMISSED
    row.settled_on = on
    row.updated_at = now
    session.flush()
    return row


def _check_settleable(row: PlannedAction) -> None:
    if row.state in _SETTLED:
        raise InvalidInputError(f"action {row.id} is already {row.state.value}")
    if row.state is ActionState.WITHDRAWN:
        raise InvalidInputError(f"action {row.id} was withdrawn ({row.withdrawn_reason})")


@dataclass(frozen=True)
class _Recorded:
    note: str  # what doing it changed, in words, for the user and `afterword why`
    data: dict[str, Any] | None  # what undo needs; None when nothing but the action changed


def _record_effect(
    session: Session, row: PlannedAction, *, on: dt.date, now: dt.datetime, how: DoneHow
) -> _Recorded:
    cause = done_cause(row.kind, how, on)
    effect = effect_of(row.kind)
    application = (
        get_application(session=session, user_id=row.user_id, application_id=row.application_id)
        if row.application_id is not None
        else None
    )
    if application is None or effect is Effect.NONE:
        return _Recorded(cause, None)
    user_id = row.user_id
    if effect in (Effect.PROCESS_WITHDRAWN, Effect.PROCESS_GHOSTED):
        outcome = (
            OutcomeKind.WITHDRAWN if effect is Effect.PROCESS_WITHDRAWN else OutcomeKind.GHOSTED
        )
        before = application.status
        try:
            recorded = record_outcome(
                session=session,
                user_id=user_id,
                application_id=application.id,
                fields=OutcomeFields(kind=outcome, occurred_on=on, note=cause),
                now=now,
                cause=cause,
            )
        except TransitionError:
            return _Recorded(_unchanged(cause, application), None)
        return _Recorded(
            f"{cause}; {application.company} recorded as {application.status.label}",
            {
                "effect": effect.value,
                "application_id": application.id,
                "outcome_id": recorded.id,
                "from": before.value,
                "history_id": application.history[-1].id,
            },
        )
    if effect is Effect.OFFER_DECLINED:
        offer = pending_offer(application)
        if offer is None:
            return _Recorded(_unchanged(cause, application), None)
        decide_offer(
            session=session,
            user_id=user_id,
            offer_id=offer.id,
            decision=OfferDecision.DECLINED,
            decided_on=on,
            now=now,
            cause=cause,
        )
        return _Recorded(
            f"{cause}; the {application.company} offer recorded as declined",
            {
                "effect": effect.value,
                "offer_id": offer.id,
                "history_id": application.history[-1].id,
            },
        )
    if effect is Effect.EXTENSION_REQUESTED and row.offer_id is not None:
        offer = get_offer(session=session, user_id=user_id, offer_id=row.offer_id)
        previous = {
            "requested_on": offer.extension_requested_on.isoformat()
            if offer.extension_requested_on
            else None,
            "again": offer.extension_again,
        }
        note_extension_request(
            session=session,
            user_id=user_id,
            offer_id=offer.id,
            requested_on=on,
            again=False,
            now=now,
        )
        return _Recorded(
            f"{cause}; noted on the {application.company} offer",
            {"effect": effect.value, "offer_id": offer.id, "previous": previous},
        )
    if effect is Effect.STILL_INTERESTED and row.interview_id is not None:
        interview = get_interview(session=session, user_id=user_id, interview_id=row.interview_id)
        previous_answer = interview.still_interested
        record_interest(
            session=session, user_id=user_id, interview_id=interview.id, interested=True
        )
        return _Recorded(
            f"{cause}; noted that you still want the job at {application.company}",
            {"effect": effect.value, "interview_id": interview.id, "previous": previous_answer},
        )
    return _Recorded(cause, None)


def _unchanged(cause: str, application: Application) -> str:
    return f"{cause}; {application.company} is {application.status.label}, so nothing else changed"


def undo_action(
    *, session: Session, user_id: int, action_id: int, today: dt.date, now: dt.datetime
) -> PlannedAction:
    """Takes back a done or dismissed action: it is open again, and what doing it recorded
    (a withdrawal, a declined offer, ...) is reversed, with the undo in the history.

    Refused, changing nothing, when the record has moved on since (say, the process was
    reopened), or when the action was settled by something recorded in afterword (a
    debrief, a mood): then that record is what to change.
    """
    row = get_action(session=session, user_id=user_id, action_id=action_id)
    if row.state is ActionState.OPEN:
        raise InvalidInputError(f"action {action_id} is open; there is nothing to undo")
    if row.state is ActionState.WITHDRAWN:
        raise InvalidInputError(
            f"action {action_id} was withdrawn by afterword ({row.withdrawn_reason}); "
            "there is nothing to undo"
        )
    if row.settled_by_record:
        raise InvalidInputError(
            f"action {action_id} was settled by what you recorded ({row.done_note}); "
            "change or delete that record instead"
        )
    data: dict[str, Any] = json.loads(row.effect_json) if row.effect_json else {}
    effect = Effect(data.get("effect", Effect.NONE.value))
    cause = f"undone on {short_day(today)}: {row.done_note or row.kind.headline}"
    _reverse(session, user_id, effect, data, cause=cause, now=now)
    row.state = ActionState.OPEN
    row.settled_on = None
    row.done_note = None
    row.effect_json = None
    row.updated_at = now
    session.flush()
    return row


def _reverse(
    session: Session,
    user_id: int,
    effect: Effect,
    data: dict[str, Any],
    *,
    cause: str,
    now: dt.datetime,
) -> None:
    if effect in (Effect.PROCESS_WITHDRAWN, Effect.PROCESS_GHOSTED):
        application = get_application(
            session=session, user_id=user_id, application_id=int(data["application_id"])
        )
        _still_as_left(application, int(data["history_id"]))
        retract_outcome(
            session=session,
            user_id=user_id,
            outcome_id=int(data["outcome_id"]),
            back_to=Status(data["from"]),
            cause=cause,
            now=now,
        )
    elif effect is Effect.OFFER_DECLINED:
        offer = get_offer(session=session, user_id=user_id, offer_id=int(data["offer_id"]))
        _still_as_left(offer.application, int(data["history_id"]))
        reopen_offer(session=session, user_id=user_id, offer_id=offer.id, cause=cause, now=now)
    elif effect is Effect.EXTENSION_REQUESTED:
        previous = data["previous"]
        note_extension_request(
            session=session,
            user_id=user_id,
            offer_id=int(data["offer_id"]),
            requested_on=dt.date.fromisoformat(previous["requested_on"])
            if previous["requested_on"]
            else None,
            again=bool(previous["again"]),
            now=now,
        )
    elif effect is Effect.STILL_INTERESTED:
        record_interest(
            session=session,
            user_id=user_id,
            interview_id=int(data["interview_id"]),
            interested=data["previous"],
        )


def _still_as_left(application: Application, history_id: int) -> None:
    """Refuses an undo when the process changed after the action recorded its effect."""
    if not application.history or application.history[-1].id != history_id:
        raise InvalidInputError(
            f"{application.company} has changed since (now {application.status.label}); "
            "undo the later change first, or record what happened instead"
        )


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
_CHANGED_APPLICATIONS = "afterword.changed_applications"  # ids, or None: all of them
_WATCHED = "afterword.watched"  # watch_changes keeps _CHANGED_APPLICATIONS up to date


def watch_changes(session: Session) -> None:
    """Remembers whether anything was written in this session, so the agenda can follow,
    and which applications the writes were about, so that it can follow them alone."""
    session.info[_WATCHED] = True
    session.info[_CHANGED_APPLICATIONS] = set()

    def _mark(flushed: Session, _context: object) -> None:
        flushed.info[_CHANGED] = True
        touched = flushed.info.get(_CHANGED_APPLICATIONS)
        if touched is None:
            return
        for instance in (*flushed.new, *flushed.dirty, *flushed.deleted):
            found = _application_of(instance)
            if found is _EVERYTHING:
                flushed.info[_CHANGED_APPLICATIONS] = None
                return
            if isinstance(found, int):
                touched.add(found)

    def _statement(state: ORMExecuteState) -> None:
        # A bulk statement names no objects: nothing says which applications it touched.
        if state.is_insert or state.is_update or state.is_delete:
            state.session.info[_CHANGED_APPLICATIONS] = None

    sa.event.listen(session, "after_flush", _mark)
    sa.event.listen(session, "do_orm_execute", _statement)


_EVERYTHING = object()
# What a change to the user row may change without moving anyone's plan.
_PLAN_MARKS = frozenset({"revision", "planned_on", "planned_with"})


def _application_of(instance: object) -> object:
    """The application a written object's facts belong to: its id, None when it is no fact
    of the playbook's, or _EVERYTHING when it can move any application's steps."""
    state: InstanceState[Any] = sa.inspect(instance)
    if isinstance(instance, User):
        changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
        return None if changed <= _PLAN_MARKS else _EVERYTHING
    if isinstance(instance, Application):
        if state.deleted or state.was_deleted:
            return _EVERYTHING  # its offers and news leave the search with it
        status = state.attrs.status.history
        if any(value in _OFFER_STAGES for value in (*status.added, *status.deleted)):
            return _EVERYTHING  # into or out of an offer: other processes' steps follow
        return instance.id
    if isinstance(instance, Offer):
        return _EVERYTHING
    if isinstance(instance, _FACT_TABLES):
        moved = state.attrs.application_id.history
        if moved.deleted and any(value is not None for value in moved.deleted):
            return _EVERYTHING  # moved from one application to another
        return getattr(instance, "application_id", None)
    return None


_OFFER_STAGES = frozenset({Status.OFFER, Status.ACCEPTED})
_FACT_TABLES = (
    Contact,
    Interview,
    Outcome,
    StatusChange,
    Feedback,
    MoodCheckin,
    JournalEntry,
    PlannedAction,
)


def has_changes(session: Session) -> bool:
    """Whether the session wrote anything since `watch_changes`."""
    return bool(session.info.get(_CHANGED))
