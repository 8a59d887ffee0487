"""Running the playbook for a user and keeping their stored agenda in step with it.

`replan` reads the facts, asks the pure engine which actions should exist,
and reconciles: new actions are created, changed ones updated, obsolete ones
withdrawn with a reason; what the user completed or dismissed is never touched
or recreated. Everything happens in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from afterword.db.base import new_uid
from afterword.errors import InvalidInputError, NotFoundError, TransitionError
from afterword.localtime import business_calendar
from afterword.offers.service import (
    decide_offer,
    get_offer,
    note_extension_request,
    pending_offer,
    reopen_offer,
)
from afterword.pipeline.applications import get_application
from afterword.pipeline.interviews import get_interview, record_interest
from afterword.pipeline.models import Application
from afterword.pipeline.outcomes import record_outcome, retract_outcome
from afterword.pipeline.schemas import OutcomeFields
from afterword.pipeline.status import AWAITING_DECISION, OfferDecision, OutcomeKind, Status
from afterword.playbook.actions import Action
from afterword.playbook.changes import (
    CHANGED,
    changed_applications,
    mark_planned,
    watch_changes,
)
from afterword.playbook.effects import DoneHow, Effect, done_cause, effect_of, short_day
from afterword.playbook.engine import fulfilled, plan
from afterword.playbook.fact_loading import load_facts
from afterword.playbook.facts import SearchFacts
from afterword.playbook.freshness import plan_fingerprint
from afterword.playbook.models import ActionState, PlannedAction
from afterword.profile.models import User
from afterword.reflection.encouragement import terminal_lines
from afterword.reflection.encouragement_service import encouragement_for
from afterword.settings.playbook import PlaybookTimings

__all__ = ["load_facts", "watch_changes"]

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


# The keys of actions a coach suggested (coaching.service); the plan never withdraws them.
SUGGESTED_PREFIX = "coach:"


def planned_actions(
    *, session: Session, user: User, today: dt.date, timings: PlaybookTimings
) -> list[Action]:
    """The actions the engine wants for this user today (nothing is stored)."""
    facts = _whole_search(session, user)
    return plan(facts, today=today, timings=timings, calendar=business_calendar(user.country))


# Re-plan only what a write changed when that is known and safe (see `replan`). A switch for
# the test that compares the two ways on generated stories; nothing else turns it off.
PARTIAL_REPLAN = True


def replan(
    *, session: Session, user: User, today: dt.date, now: dt.datetime, timings: PlaybookTimings
) -> ReplanSummary:
    """Brings the stored agenda in line with what the playbook wants today.

    After writes that touched only some applications (see playbook.changes), on an agenda
    that was the plan for today before them, only those applications' rules and the
    search-wide rules run, and only their stored actions are compared: the other
    applications' facts and everything they read are as they were when the plan was made,
    so their actions are too. Anything else -- a new day, other timings, a write about the
    whole search, an offer in play -- re-plans the whole search. A test compares the two on
    generated stories.
    """
    calendar = business_calendar(user.country)
    changed = _changed_part(session, user, today, timings)
    facts = (
        load_facts(session=session, user_id=user.id, timezone=user.timezone, only=changed)
        if changed is not None
        else None
    )
    if facts is None:
        changed = None
        facts = _whole_search(session, user)
    wanted = {
        action.key: action
        for action in plan(facts, today=today, timings=timings, calendar=calendar, only=changed)
    }
    done_here = fulfilled(facts, today=today, timings=timings, calendar=calendar, only=changed)
    stored = _stored(session, user.id, changed, wanted)
    counts: Counter[str] = Counter()
    writes: dict[int, dict[str, Any]] = {}
    created: list[dict[str, Any]] = []
    for key, action in wanted.items():
        row = stored.get(key)
        if row is None:
            created.append(_new_row(user.id, action, now))
            counts["created"] += 1
        elif row.state in (ActionState.OPEN, ActionState.WITHDRAWN):
            changes, refreshed = _refresh(row, action, now)
            if changes:
                writes[row.id] = changes
            counts["updated"] += refreshed
    for key, row in stored.items():
        if row.state is not ActionState.OPEN or key in wanted or key.startswith(SUGGESTED_PREFIX):
            # A coach's suggestion is no rule's to withdraw: it stays until the seeker acts.
            continue
        done = done_here.get(key)
        if done is not None:
            # The user did it inside afterword (wrote the debrief, recorded a mood): that is
            # doing it, not the situation moving past it.
            writes[row.id] = {
                "state": ActionState.DONE,
                "settled_on": done.on,
                "done_note": done.note,
                "effect_json": json.dumps({"effect": Effect.FULFILLED.value}),
                "updated_at": now,
            }
            counts["done"] += 1
        else:
            writes[row.id] = {
                "state": ActionState.WITHDRAWN,
                "withdrawn_reason": _why_withdrawn(row, facts, today),
                "updated_at": now,
            }
            counts["withdrawn"] += 1
    _insert(session, created)
    _write_back(session, writes)
    # Today's words about recent news change with the same facts and day as the plan: kept
    # with it, so the fast `afterword today` prints them without asking the domains. Read
    # before the marks below are set, so the user row is written once, not twice (an
    # autoflush in the middle would write the marks and then the words).
    words = "\n".join(
        terminal_lines(encouragement_for(session=session, user_id=user.id, today=today, now=now))
    )
    user.revision = (user.revision or 0) + 1
    user.planned_on = today
    # What the plan was made with (version and timings): the fast `today` trusts the stored
    # agenda only when this matches what it would plan with now (see playbook.freshness).
    user.planned_with = timings_fingerprint(timings)
    user.planned_words = words
    session.flush()
    mark_planned(session)
    open_count = (
        len(wanted)
        if changed is None
        else session.scalar(
            sa.select(sa.func.count()).where(
                PlannedAction.user_id == user.id, PlannedAction.state == ActionState.OPEN
            )
        )
        or 0
    )
    return ReplanSummary(
        created=counts["created"],
        updated=counts["updated"],
        withdrawn=counts["withdrawn"],
        open=open_count,
    )


def _whole_search(session: Session, user: User) -> SearchFacts:
    facts = load_facts(session=session, user_id=user.id, timezone=user.timezone)
    assert facts is not None  # only a part can be refused
    return facts


def _changed_part(
    session: Session, user: User, today: dt.date, timings: PlaybookTimings
) -> set[int] | None:
    """The applications a partial re-plan covers, or None when the whole search must be."""
    if not PARTIAL_REPLAN or not plan_is_current(user=user, today=today, timings=timings):
        return None
    session.flush()  # the writes not yet flushed are counted too
    return changed_applications(session)


# What a re-plan reads of each stored action: rows, not ORM objects. At 5,000 applications
# a whole re-plan compared ~4,000 open actions; loading them as objects, setting every
# attribute and letting the flush find what changed took over a second.
_STORED = (
    PlannedAction.id,
    PlannedAction.key,
    PlannedAction.state,
    PlannedAction.kind,
    PlannedAction.rule,
    PlannedAction.application_id,
    PlannedAction.contact_id,
    PlannedAction.interview_id,
    PlannedAction.offer_id,
    PlannedAction.due,
    PlannedAction.priority,
    PlannedAction.reason,
    PlannedAction.evidence_json,
    PlannedAction.cause_on,
    PlannedAction.withdrawn_reason,
)


def _stored(
    session: Session, user_id: int, changed: set[int] | None, wanted: Iterable[str]
) -> dict[str, Any]:
    """The stored actions a re-plan compares, as rows: all of them, or those of the changed
    part (the actions about those applications, the search-wide ones, and any it wants)."""
    mine = PlannedAction.user_id == user_id
    if changed is None:
        return {row.key: row for row in session.execute(sa.select(*_STORED).where(mine))}
    stored = {
        row.key: row
        for row in session.execute(
            sa.select(*_STORED).where(
                mine,
                sa.or_(
                    PlannedAction.application_id.in_(sorted(changed)),
                    PlannedAction.application_id.is_(None),
                ),
            )
        )
    }
    missing = sorted(set(wanted) - stored.keys())
    if missing:
        for row in session.execute(sa.select(*_STORED).where(mine, PlannedAction.key.in_(missing))):
            stored[row.key] = row
    return stored


def _write_back(session: Session, writes: dict[int, dict[str, Any]]) -> None:
    """Saves the changed columns of the stored actions, by id, in one statement per shape.

    An action this session already holds as an object (one the command just settled, say)
    is changed on the object instead, so the object and the row cannot disagree."""
    table = PlannedAction.__table__
    assert isinstance(table, sa.Table)
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for action_id, values in writes.items():
        held = session.identity_map.get(identity_key(PlannedAction, action_id))
        if held is not None:
            for name, value in values.items():
                setattr(held, name, value)
            continue
        shapes.setdefault(tuple(sorted(values)), []).append({"_id": action_id, **values})
    connection = session.connection()
    for rows in shapes.values():
        connection.execute(
            sa.update(table).where(table.c.id == sa.bindparam("_id")),
            rows,
        )


def timings_fingerprint(timings: PlaybookTimings) -> str:
    """What a plan made with these timings is made with (see playbook.freshness)."""
    return plan_fingerprint(timings.model_dump(mode="json", exclude_defaults=True))


def plan_is_current(*, user: User, today: dt.date, timings: PlaybookTimings) -> bool:
    """Whether the stored agenda is the plan for `today` with these timings and this version."""
    return user.planned_on == today and user.planned_with == timings_fingerprint(timings)


def _new_row(user_id: int, action: Action, now: dt.datetime) -> dict[str, Any]:
    return {
        "uid": new_uid(),
        "user_id": user_id,
        "key": action.key,
        "state": ActionState.OPEN,
        "created_at": now,
        "updated_at": now,
        "snoozed_until": None,
        "settled_on": None,
        "withdrawn_reason": None,
        "done_note": None,
        "effect_json": None,
        **_copied(action),
    }


def _insert(session: Session, rows: list[dict[str, Any]]) -> None:
    """Stores the new actions in one executemany of one statement, in the plan's order.

    A first plan creates an action per step of every process (about 200 for 40 interviews).
    Through the ORM that was 200 objects built, tracked and flushed as one INSERT with
    thousands of parameters, which the driver re-parsed each time: most of the re-plan's
    time. Nothing reads the new rows as objects in this unit of work; the ORM reads them
    from the table when asked. Every row names every column, so all share one statement.
    """
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        _insert_unnested(connection, rows)
        return
    table = PlannedAction.__table__
    assert isinstance(table, sa.Table)
    connection.execute(sa.insert(table), rows)


# The columns that differ from one new action to the next, with their PostgreSQL array types.
_VARYING = (
    ("uid", "text"),
    ("key", "text"),
    ("kind", "text"),
    ("rule", "text"),
    ("application_id", "integer"),
    ("contact_id", "integer"),
    ("interview_id", "integer"),
    ("offer_id", "integer"),
    ("due", "date"),
    ("priority", "smallint"),
    ("reason", "text"),
    ("evidence_json", "text"),
    ("cause_on", "date"),
    ("state", "text"),
)
_UNNESTED = (
    f"INSERT INTO actions ({', '.join(name for name, _ in _VARYING)}, "
    "user_id, created_at, updated_at) "
    f"SELECT {', '.join(name for name, _ in _VARYING)}, %s, %s, %s "
    f"FROM unnest({', '.join(f'%s::{kind}[]' for _, kind in _VARYING)}) "
    f"WITH ORDINALITY AS new ({', '.join(name for name, _ in _VARYING)}, position) "
    "ORDER BY position"
)


def _insert_unnested(connection: sa.Connection, rows: list[dict[str, Any]]) -> None:
    """On PostgreSQL: all the new actions in one statement, one array per column.

    An executemany is one INSERT per row for the server to run (each checked against the
    row-level policy and every index on its own); one INSERT ... SELECT FROM unnest is one
    statement of 15 parameters however many actions there are, in the plan's order (ids
    follow it, as before). COPY would be cheaper still, but PostgreSQL refuses COPY FROM on
    tables under row-level security."""
    columns = [
        [row[name].value if isinstance(row[name], enum.Enum) else row[name] for row in rows]
        for name, _ in _VARYING
    ]
    first = rows[0]
    connection.exec_driver_sql(
        _UNNESTED, (first["user_id"], first["created_at"], first["updated_at"], *columns)
    )


def _copied(action: Action) -> dict[str, Any]:
    """The columns of a stored action that the engine's action decides."""
    return {
        "kind": action.kind,
        "rule": action.rule,
        "application_id": action.application_id,
        "contact_id": action.contact_id,
        "interview_id": action.interview_id,
        "offer_id": action.offer_id,
        "due": action.due,
        "priority": int(action.priority),
        "reason": action.reason,
        "evidence_json": json.dumps([list(pair) for pair in action.evidence], ensure_ascii=False),
        "cause_on": action.cause_on,
    }


# What, when it changes, makes an action "changed" (and its updated_at move); the other
# columns it copies (the rule's name, the ids it is about) are kept in step silently.
_NOTICED = ("state", "kind", "due", "priority", "reason", "contact_id", "evidence_json")


def _refresh(row: Any, action: Action, now: dt.datetime) -> tuple[dict[str, Any], bool]:
    """The columns of an open (or withdrawn, now wanted again) row that `action` changes,
    and whether the change is one to notice (then updated_at moves too)."""
    wanted = {**_copied(action), "state": ActionState.OPEN, "withdrawn_reason": None}
    changes = {name: value for name, value in wanted.items() if getattr(row, name) != value}
    noticed = any(name in changes for name in _NOTICED)
    if noticed:
        changes["updated_at"] = now
    return changes, noticed


def _why_withdrawn(row: Any, facts: SearchFacts, today: dt.date) -> str:
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


def settle_done_before(
    *, session: Session, user_id: int, before: dt.date, now: dt.datetime
) -> list[PlannedAction]:
    """Marks the open actions about an application that fell due before `before` as done,
    without recording an effect: for a record that already shows the outcome of those steps
    (the demo's story, written as if its person did what was asked). What the steps would
    have recorded is in the story itself, so recording it again would change the story.
    """
    settled = []
    for row in open_actions(session=session, user_id=user_id):
        if row.application_id is None or row.due >= before:
            continue
        _check_settleable(row)
        row.state = ActionState.DONE
        row.settled_on = row.due
        row.updated_at = now
        settled.append(row)
    session.flush()
    return settled


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
    if effect is Effect.PLAN_STEP_DONE:
        return _tick_plan_step(session, row, on=on, cause=cause)
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


def _tick_plan_step(session: Session, row: PlannedAction, *, on: dt.date, cause: str) -> _Recorded:
    """Doing a game-plan step's action ticks the step off in the plan."""
    from afterword.reflection.plan_service import set_step_done, step_by_uid

    step = step_by_uid(session=session, user_id=row.user_id, uid=row.key.split(":", 1)[1])
    if step is None or step.done_on is not None:
        return _Recorded(cause, None)
    set_step_done(session=session, user_id=row.user_id, step_id=step.id, done_on=on)
    return _Recorded(
        f"{cause}; the step is ticked off in your game plan",
        {"effect": Effect.PLAN_STEP_DONE.value, "step_id": step.id},
    )


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


def reopen_by_key(
    *, session: Session, user_id: int, key: str, today: dt.date, now: dt.datetime
) -> None:
    """Opens again the done action of this key after the record that settled it was taken
    back (a plan step ticked off, then marked not done); nothing when it is not done."""
    row = session.scalar(
        sa.select(PlannedAction).where(PlannedAction.user_id == user_id, PlannedAction.key == key)
    )
    if row is None or row.state is not ActionState.DONE:
        return
    if row.settled_by_record:
        row.state = ActionState.OPEN
        row.settled_on = None
        row.done_note = None
        row.effect_json = None
        row.updated_at = now
        session.flush()
        return
    undo_action(session=session, user_id=user_id, action_id=row.id, today=today, now=now)


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
    elif effect is Effect.PLAN_STEP_DONE:
        from afterword.reflection.plan_service import set_step_done

        set_step_done(session=session, user_id=user_id, step_id=int(data["step_id"]), done_on=None)
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


def has_changes(session: Session) -> bool:
    """Whether the session wrote anything since `watch_changes`."""
    return bool(session.info.get(CHANGED))
