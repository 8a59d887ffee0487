"""The agenda as a page shows it: open actions with their company and role, bounded per group.

A long search can hold thousands of open actions. Counting them per due day reads
an index only; then only the rows shown are read, as plain rows (no ORM objects):
at most `limit` per group, soonest first. Figures are in the web bench.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.pipeline.models import Application
from afterword.playbook.actions import ActionKind
from afterword.playbook.effects import SETTLED_BY, preview
from afterword.playbook.models import ActionState, PlannedAction

GROUPS = ("overdue", "today", "this_week", "later")
# The days after today that count as "this week" (as in playbook.service.agenda).
WEEK_DAYS = 7


@dataclass(frozen=True)
class ActionItem:
    """One open action, with what a person needs to decide on it."""

    id: int
    kind: ActionKind
    due: dt.date
    effective_due: dt.date
    snoozed_until: dt.date | None
    priority: int
    reason: str
    evidence: tuple[tuple[str, str], ...]
    application_id: int | None
    company: str | None
    role: str | None
    interview_id: int | None = None

    @property
    def effect_preview(self) -> str | None:
        """What marking it done will record, said before it happens (None: nothing else)."""
        return preview(self.kind, self.company)

    @property
    def settled_by(self) -> str | None:
        """What done inside afterword also settles it ('writing the debrief'), if anything."""
        return SETTLED_BY.get(self.kind)

    @property
    def headline(self) -> str:
        """What to do, e.g. 'Thank the recruiter'."""
        return self.kind.headline

    @property
    def is_email(self) -> bool:
        """Whether the action has an email draft."""
        return self.kind.is_email


@dataclass(frozen=True)
class AgendaGroup:
    """Some of the actions of one group, and how many there are in all."""

    name: str
    items: tuple[ActionItem, ...] = ()
    total: int = 0

    @property
    def hidden(self) -> int:
        """How many actions of the group are not in `items`."""
        return self.total - len(self.items)


@dataclass(frozen=True)
class AgendaView:
    """The four groups of the agenda."""

    overdue: AgendaGroup
    today: AgendaGroup
    this_week: AgendaGroup
    later: AgendaGroup
    groups: dict[str, AgendaGroup] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """All open actions."""
        return sum(group.total for group in (self.overdue, self.today, self.this_week, self.later))


def _effective_due() -> sa.ColumnElement[dt.date]:
    # A snooze only ever pushes an action later (PlannedAction.effective_due, in SQL).
    return sa.case(
        (PlannedAction.snoozed_until > PlannedAction.due, PlannedAction.snoozed_until),
        else_=PlannedAction.due,
    )


def _evidence(raw: str | None) -> tuple[tuple[str, str], ...]:
    try:
        pairs = json.loads(raw or "[]")
        return tuple((str(label), str(value)) for label, value in pairs)
    except (ValueError, TypeError):
        return ()


def _item(row: sa.Row[Any]) -> ActionItem:
    mapping = row._mapping
    return ActionItem(
        id=mapping["id"],
        kind=ActionKind(mapping["kind"]),
        due=mapping["due"],
        effective_due=mapping["effective_due"],
        snoozed_until=mapping["snoozed_until"],
        priority=mapping["priority"],
        reason=mapping["reason"],
        evidence=_evidence(mapping["evidence_json"]),
        application_id=mapping["application_id"],
        company=mapping["company"],
        role=mapping["role"],
        interview_id=mapping["interview_id"],
    )


def _columns() -> list[sa.ColumnElement[Any]]:
    return [
        PlannedAction.id.label("id"),
        PlannedAction.kind.label("kind"),
        PlannedAction.due.label("due"),
        _effective_due().label("effective_due"),
        PlannedAction.snoozed_until.label("snoozed_until"),
        PlannedAction.priority.label("priority"),
        PlannedAction.reason.label("reason"),
        PlannedAction.evidence_json.label("evidence_json"),
        PlannedAction.application_id.label("application_id"),
        Application.company.label("company"),
        Application.role.label("role"),
        PlannedAction.interview_id.label("interview_id"),
    ]


def _open_for(user_id: Any) -> sa.Select[Any]:
    return (
        sa.select(*_columns())
        .select_from(PlannedAction)
        .outerjoin(Application, Application.id == PlannedAction.application_id)
        .where(PlannedAction.user_id == user_id, PlannedAction.state == ActionState.OPEN)
    )


# The statements of `agenda_view`, built once: a request only binds its values.
_USER = sa.bindparam("user_id", type_=sa.Integer)
_MINE = (PlannedAction.user_id == _USER, PlannedAction.state == ActionState.OPEN)
_PER_DAY = sa.select(PlannedAction.due, sa.func.count()).where(*_MINE).group_by(PlannedAction.due)
_SNOOZED = sa.select(PlannedAction.id, PlannedAction.due, PlannedAction.snoozed_until).where(
    *_MINE, PlannedAction.snoozed_until > PlannedAction.due
)
# With the (user, state, due, priority, id, snoozed_until) index this reads `limit` rows in
# index order and stops; the few actions snoozed past their due date are read by id.
_RANGE = (
    _open_for(_USER)
    .where(
        sa.or_(
            PlannedAction.snoozed_until.is_(None),
            PlannedAction.snoozed_until <= PlannedAction.due,
        ),
        PlannedAction.due >= sa.bindparam("first", type_=sa.Date),
        PlannedAction.due <= sa.bindparam("last", type_=sa.Date),
    )
    .order_by(PlannedAction.due, PlannedAction.priority, PlannedAction.id)
    .limit(sa.bindparam("limit", type_=sa.Integer))
)
_BY_ID = _open_for(_USER).where(
    PlannedAction.id.in_(sa.bindparam("ids", expanding=True, type_=sa.Integer))
)


def _bounds(today: dt.date) -> tuple[tuple[dt.date, dt.date], ...]:
    """Each group's first and last effective due day."""
    one = dt.timedelta(days=1)
    week_end = today + dt.timedelta(days=WEEK_DAYS)
    return (
        (dt.date.min, today - one),
        (today, today),
        (today + one, week_end),
        (week_end + one, dt.date.max),
    )


def _group_of(day: dt.date, today: dt.date) -> int:
    if day < today:
        return 0
    if day == today:
        return 1
    return 2 if day <= today + dt.timedelta(days=WEEK_DAYS) else 3


def _last_day_needed(
    days: dict[dt.date, int], group: int, today: dt.date, limit: int
) -> dt.date | None:
    """The day by which the group has `limit` actions (None: it never gets that many)."""
    seen = 0
    for day in sorted(day for day in days if _group_of(day, today) == group):
        seen += days[day]
        if seen >= limit:
            return day
    return None


def agenda_view(*, session: Session, user_id: int, today: dt.date, limit: int = 10) -> AgendaView:
    """Open actions grouped by when they are due, at most `limit` per group (soonest first)."""
    mine = {"user_id": user_id}
    # Plain Core statements on the session's connection: the session's ORM execution layer
    # adds about a fifth to these small reads (0.6 of 3 ms per Today page at 5,000
    # applications). Anything pending is written first, as the session's autoflush would.
    session.flush()
    connection = session.connection()
    # Counting by due date reads the index alone; the few actions snoozed past their due
    # date then move to the group of their new date.
    days: dict[dt.date, int] = {day: int(n) for day, n in connection.execute(_PER_DAY, mine)}
    moved: dict[int, list[int]] = {index: [] for index in range(len(GROUPS))}
    for ident, due, until in connection.execute(_SNOOZED, mine):
        if until is None:  # excluded by the query; kept for the type checker
            continue
        days[due] -= 1
        moved[_group_of(until, today)].append(ident)
    totals = dict.fromkeys(range(len(GROUPS)), 0)
    for day, count in days.items():
        totals[_group_of(day, today)] += count
    for index, idents in moved.items():
        totals[index] += len(idents)
    groups: dict[str, AgendaGroup] = {}
    for index, (name, (first, last)) in enumerate(zip(GROUPS, _bounds(today), strict=True)):
        items: list[ActionItem] = []
        if totals[index]:
            # Only the rows shown are read in full (reason, evidence, company): at most `limit`,
            # from the first days that hold that many, so the scan stays short.
            last = _last_day_needed(days, index, today, limit) or last
            window = {**mine, "first": first, "last": last, "limit": limit}
            items = [_item(row) for row in connection.execute(_RANGE, window)]
            if moved[index]:
                extra = connection.execute(_BY_ID, {**mine, "ids": moved[index]})
                items.extend(_item(row) for row in extra)
                items.sort(key=lambda item: (item.effective_due, item.priority, item.id))
        groups[name] = AgendaGroup(name=name, items=tuple(items[:limit]), total=totals[index])
    return AgendaView(
        overdue=groups["overdue"],
        today=groups["today"],
        this_week=groups["this_week"],
        later=groups["later"],
        groups=groups,
    )


def open_items(
    *, session: Session, user_id: int, limit: int = 500, offset: int = 0
) -> list[ActionItem]:
    """Open actions, soonest first, one page at a time (for the JSON API)."""
    query = (
        _open_for(user_id)
        .order_by(_effective_due(), PlannedAction.priority, PlannedAction.id)
        .limit(limit)
        .offset(offset)
    )
    return [_item(row) for row in session.execute(query)]


def open_item(*, session: Session, user_id: int, action_id: int) -> ActionItem | None:
    """One open action as the agenda shows it, or None when it is not open."""
    row = session.execute(_BY_ID, {"user_id": user_id, "ids": [action_id]}).first()
    return None if row is None else _item(row)
