"""Printing the agenda (`today`, `plan`): shared by the Typer commands and the fast path.

Standard library only. The full commands turn their ORM rows into `ActionLine`s, the fast
path reads them with sqlite3; both print through the functions here, so the two can only
differ in what they read, and a test compares that.
"""

from __future__ import annotations

import datetime as dt

from afterword.playbook.wording import EMAIL_KINDS, HEADLINES, long_date, preview

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import TypeVar

    T = TypeVar("T")

DONE_HINT = "\nDone one? afterword actions done ID   Not for you? afterword actions dismiss ID"
NOTHING_PLANNED = (
    "Nothing planned. Log an interview or an outcome and the playbook will suggest next steps."
)


class ActionLine:
    """One stored action with the application it is about, as the agenda prints it."""

    __slots__ = (
        "application_id",
        "company",
        "contact_id",
        "done_note",
        "due",
        "id",
        "kind",
        "priority",
        "reason",
        "role",
        "rule",
        "snoozed_until",
        "state",
    )

    def __init__(
        self,
        id: int,
        kind: str,
        due: dt.date,
        snoozed_until: dt.date | None,
        priority: int,
        state: str,
        done_note: str | None,
        application_id: int | None,
        company: str | None,
        role: str | None,
        contact_id: int | None,
        rule: str,
        reason: str,
    ) -> None:
        self.id = id
        self.kind = kind
        self.due = due
        self.snoozed_until = snoozed_until
        self.priority = priority
        self.state = state
        self.done_note = done_note
        self.application_id = application_id
        self.company = company
        self.role = role
        self.contact_id = contact_id
        self.rule = rule
        self.reason = reason

    @property
    def effective_due(self) -> dt.date:
        """The due date, or the snooze date when the user pushed it later."""
        if self.snoozed_until is not None and self.snoozed_until > self.due:
            return self.snoozed_until
        return self.due

    def line(self, today: dt.date) -> str:
        """The action as one entry of the agenda: when, what, where, why, and what doing it does."""
        where = f" -- {self.company} ({self.role})" if self.company is not None else ""
        days = (self.effective_due - today).days
        when = "today" if days == 0 else f"{self.effective_due:%a %d %b}"
        if days < 0:
            when += f", {-days} day{'s' if days != -1 else ''} late"
        mail = " [email]" if self.kind in EMAIL_KINDS else ""
        line = f"  [{self.id}] {when}: {HEADLINES[self.kind]}{where}{mail}\n        {self.reason}"
        effect = preview(self.kind, self.company)
        return line + (f"\n        ({effect})" if effect else "")


def soonest_first(rows: Iterable[ActionLine]) -> list[ActionLine]:
    """Open actions in agenda order: by the day they are due (after snoozing), then priority."""
    return sorted(rows, key=lambda row: (row.effective_due, row.priority, row.id))


def week_groups(
    rows: Sequence[T], day: dt.date, *, due: Callable[[T], dt.date]
) -> dict[str, list[T]]:
    """The agenda's groups for `day`: overdue, due today, and the next seven days."""
    week_end = day + dt.timedelta(days=7)
    return {
        "overdue": [row for row in rows if due(row) < day],
        "due_today": [row for row in rows if due(row) == day],
        "this_week": [row for row in rows if day < due(row) <= week_end],
    }


def render_today(rows: list[ActionLine], day: dt.date, *, preface: Sequence[str] = ()) -> str:
    """What `afterword today` prints for these open actions (in agenda order) on `day`;
    `preface` goes under the date (the words after recent news, on the full path only)."""
    groups = week_groups(rows, day, due=lambda row: row.effective_due)
    out = [long_date(day), *preface]
    if not any(groups.values()):
        week_end = day + dt.timedelta(days=7)
        later = sum(1 for row in rows if row.effective_due > week_end)
        out.append(
            "\nNothing to do this week."
            + (f" {later} action(s) later: afterword plan" if later else "")
        )
        return "\n".join(out)
    for title, name in (("Overdue", "overdue"), ("Today", "due_today"), ("This week", "this_week")):
        if groups[name]:
            out.append(f"\n{title}")
            out.extend(row.line(day) for row in groups[name])
    out.append(DONE_HINT)
    return "\n".join(out)


def render_plan(rows: list[ActionLine], today: dt.date) -> str:
    """What `afterword plan` prints for these open actions (in agenda order)."""
    if not rows:
        return NOTHING_PLANNED
    return "\n".join(row.line(today) for row in rows)
