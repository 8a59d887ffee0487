"""Long-term goals: what the search is for, in the user's own words (one set per user)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError
from afterword.reflection.models import Goal

# The three parts of a goal, with how they are shown.
GOAL_PARTS: tuple[tuple[str, str], ...] = (
    ("aim", "The kind of role"),
    ("field", "The field"),
    ("reasons", "Why it matters to you"),
)


def get_goals(*, session: Session, user_id: int) -> Goal | None:
    """The user's long-term goals, if written."""
    return session.scalar(sa.select(Goal).where(Goal.user_id == user_id).limit(1))


def set_goals(
    *, session: Session, user_id: int, changes: Mapping[str, str | None], now: dt.datetime
) -> Goal:
    """Writes (or rewrites) parts of the goals; a blank part is cleared."""
    unknown = set(changes) - {name for name, _ in GOAL_PARTS}
    if unknown:
        raise InvalidInputError(f"cannot set unknown part(s): {', '.join(sorted(unknown))}")
    goal = get_goals(session=session, user_id=user_id)
    if goal is None:
        goal = Goal(user_id=user_id, updated_at=now)
        session.add(goal)
    for name, value in changes.items():
        cleaned = (value or "").strip()[:10_000] or None
        setattr(goal, name, cleaned)
    goal.updated_at = now
    session.flush()
    return goal


def goal_lines(goal: Goal | None) -> list[tuple[str, str]]:
    """The written parts of the goals as (label, text), in order."""
    if goal is None:
        return []
    return [(label, text) for name, label in GOAL_PARTS if (text := getattr(goal, name))]
