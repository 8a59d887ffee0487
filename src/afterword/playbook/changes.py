"""What a unit of work changed, as far as the playbook is concerned.

`watch_changes` follows a session's flushes. Besides *whether* anything was written (so the
agenda follows every write), it keeps *which applications* the writes were about, when that
is all they touched: then a re-plan can run those applications' rules only (see
playbook.service.replan). Only rows known to be facts of one application count as such; any
other write -- the game plan, the practice bank, the profile, a bulk statement, a deleted
application, an offer -- leaves the set unknown (None), and the whole search is re-planned.
An unknown kind of row therefore costs time, never correctness.
"""

from __future__ import annotations

import itertools
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from afterword.offers.models import SalaryResearch
from afterword.pipeline.models import (
    Application,
    ApplicationTag,
    Contact,
    Feedback,
    Interview,
    Outcome,
    StatusChange,
)
from afterword.playbook.models import PlannedAction
from afterword.profile.models import User
from afterword.reflection.models import JournalEntry, MoodCheckin, Reflection

CHANGED = "afterword.facts_changed"
TOUCHED = "afterword.touched_applications"
_WATCHED = "afterword.changes_watched"

# Rows that are facts about the one application they name (application_id), and that no
# other application's rules read (interviews' questions feed the practice bank, offers the
# search-wide rules: neither is here).
_OF_ONE_APPLICATION: tuple[type[Any], ...] = (
    ApplicationTag,
    Contact,
    Feedback,
    Interview,
    JournalEntry,
    MoodCheckin,
    Outcome,
    PlannedAction,
    Reflection,
    SalaryResearch,
    StatusChange,
)
# What re-planning itself writes on the user: the plan's marks, not facts.
_PLAN_MARKS = frozenset({"revision", "planned_on", "planned_with", "planned_words"})


def watch_changes(session: Session) -> None:
    """Remembers whether (and about which applications) anything was written in this session."""
    session.info[TOUCHED] = set()
    session.info[_WATCHED] = True

    def _flushed(flushed: Session, _context: UOWTransaction) -> None:
        flushed.info[CHANGED] = True
        touched = flushed.info.get(TOUCHED)
        if touched is not None:
            flushed.info[TOUCHED] = _touched(flushed, touched)

    def _executed(state: ORMExecuteState) -> None:
        # A bulk statement says nothing row by row: the whole search is re-planned.
        if state.is_insert or state.is_update or state.is_delete:
            state.session.info[TOUCHED] = None

    sa.event.listen(session, "after_flush", _flushed)
    sa.event.listen(session, "do_orm_execute", _executed)


def mark_planned(session: Session) -> None:
    """The agenda now reflects every write so far: later questions are about new writes only
    (so a command that re-planned explicitly is not re-planned again on its way out)."""
    session.info[CHANGED] = False
    # Unwatched sessions stay unknown: what they write is not followed.
    session.info[TOUCHED] = set() if session.info.get(_WATCHED) else None


def changed_applications(session: Session) -> set[int] | None:
    """The applications written about since the last re-plan; None when unknown or wider."""
    touched = session.info.get(TOUCHED)
    return None if touched is None else set(touched)


def _touched(session: Session, touched: set[int]) -> set[int] | None:
    """`touched` plus the applications this flush wrote about; None if it wrote anything else."""
    found = set(touched)
    deleted = set(session.deleted)
    for row in itertools.chain(session.new, session.dirty, deleted):
        if row not in session.new and row not in deleted and not session.is_modified(row):
            continue  # in the dirty list without a change of value
        if isinstance(row, Application):
            if row in deleted or row.id is None:
                return None
            found.add(row.id)
        elif isinstance(row, _OF_ONE_APPLICATION):
            if row.application_id is None:
                return None
            found.add(row.application_id)
        elif isinstance(row, User):
            state = sa.inspect(row)
            if row in session.new or any(
                attr.history.has_changes() for attr in state.attrs if attr.key not in _PLAN_MARKS
            ):
                return None
        else:
            return None
    return found
