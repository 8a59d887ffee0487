"""A fast path for `afterword overview`: read with sqlite3 when the stored agenda is current.

Like the fast `today` (cli.fast_agenda): when the agenda was planned today with this
version and the default timings, the overview is a handful of reads, printed through the
full command's renderer (cli.overview_text) without importing the ORM, the services or
Typer. Otherwise it declines and the full command runs (and re-plans if due). It also
declines for a workspace with demo rows in it (their uids are name-based, version 5):
the full command knows which are the demo's and says so. A test compares the two paths.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from afterword.cli.overview_text import Overview

# The tables whose rows can be the demo's (demo.workspace's _DEMO_ROWS; a test keeps them equal).
DEMO_TABLES = (
    "applications",
    "journal_entries",
    "mood_checkins",
    "ingested_messages",
    "reflections",
    "plan_moves",
    "plan_steps",
    "plan_reviews",
    "practice_cards",
    "practice_answers",
    "practice_sessions",
    "goals",
    "salary_research",
)


def try_overview(args: list[str], as_of: dt.date | None) -> int | None:
    """Prints the overview from the stored agenda if it is current; None to decline."""
    from afterword.cli.fast_agenda import timings_are_set

    if args or timings_are_set():
        return None
    from afterword.cli.fast_store import read_agenda_store

    view = read_agenda_store(lambda connection, handle: _read(connection, handle, as_of))
    if view is None:
        return None
    from afterword.cli.overview_text import render_overview

    sys.stdout.write(render_overview(view) + "\n")
    return 0


def _read(connection: sqlite3.Connection, handle: str, as_of: dt.date | None) -> Overview | None:
    from zoneinfo import ZoneInfo

    from afterword.cli.overview_text import Overview
    from afterword.pipeline.decision_timeline import DecisionTimeline, TimelineUnit
    from afterword.pipeline.status import OPEN_STATUSES, Status
    from afterword.playbook.freshness import plan_fingerprint

    # One read transaction: the plan's marks and the rows come from the same state.
    connection.execute("BEGIN")
    user = connection.execute(
        "SELECT id, timezone, planned_on, planned_with FROM users WHERE handle = ?", (handle,)
    ).fetchone()
    if user is None or user[2] is None:
        return None
    user_id, timezone, planned_on, planned_with = user
    zone = ZoneInfo(timezone)
    if as_of is not None:
        now = dt.datetime.combine(as_of, dt.time(12, 0), tzinfo=zone).astimezone(dt.UTC)
    else:
        clock = sys.modules.get("afterword.clock")  # loaded (and maybe pinned) in tests only
        now = clock.now() if clock is not None else dt.datetime.now(dt.UTC)
    today = now.astimezone(zone).date()
    if dt.date.fromisoformat(planned_on) != today or planned_with != plan_fingerprint({}):
        return None  # a re-plan is due: the full command does it, then answers
    for table in DEMO_TABLES:
        demo_row = connection.execute(
            f"SELECT 1 FROM {table} WHERE user_id = ? AND substr(uid, 15, 1) = '5' LIMIT 1",
            (user_id,),
        ).fetchone()
        if demo_row is not None:
            return None

    def instant(text: str) -> dt.datetime:
        return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)

    date = dt.date.fromisoformat
    view = Overview(today=today, now=now, timezone=timezone, demo=False)
    applications = connection.execute(
        "SELECT id, company, role, status FROM applications WHERE user_id = ? ORDER BY id",
        (user_id,),
    ).fetchall()
    view.applications = [(row[0], row[1], row[3]) for row in applications]
    if not applications:
        return view
    actions = []
    for kind, due, snoozed, priority, action_id, application_id in connection.execute(
        "SELECT kind, due, snoozed_until, priority, id, application_id FROM actions "
        "WHERE user_id = ? AND state = 'open'",
        (user_id,),
    ):
        effective = date(due)
        if snoozed is not None and date(snoozed) > effective:
            effective = date(snoozed)
        actions.append((effective, priority, action_id, kind, application_id))
    view.actions = [(kind, due, app_id) for due, _p, _id, kind, app_id in sorted(actions)]
    for at, number, kind, company in connection.execute(
        "SELECT i.scheduled_at, i.round, i.kind, a.company FROM interviews i "
        "JOIN applications a ON a.id = i.application_id "
        "WHERE i.user_id = ? AND i.scheduled_at IS NOT NULL ORDER BY i.scheduled_at, i.id",
        (user_id,),
    ):
        if instant(at) >= now:
            view.upcoming.append((instant(at), number, kind, company))
    view.offers = [
        (company, role, None if deadline is None else date(deadline))
        for company, role, deadline in connection.execute(
            "SELECT a.company, a.role, coalesce(o.extended_deadline, o.deadline) AS d "
            "FROM offers o JOIN applications a ON a.id = o.application_id "
            "WHERE o.user_id = ? AND o.decision = 'pending' ORDER BY d IS NULL, d, o.id",
            (user_id,),
        )
    ]
    last_round: dict[int, tuple[str | None, str | None, int | None, str | None]] = {}
    for app_id, at, by, within, unit in connection.execute(
        "SELECT application_id, scheduled_at, decision_by, decision_within, "
        "decision_within_unit FROM interviews WHERE user_id = ? "
        "ORDER BY application_id, round, id",
        (user_id,),
    ):
        last_round[app_id] = (at, by, within, unit)
    waiting_statuses = {status.value for status in OPEN_STATUSES - {Status.OFFER}}
    for app_id, company, role, status in applications:
        last = last_round.get(app_id)
        if status not in waiting_statuses or last is None:
            continue
        at, by, within, unit = last
        if (instant(at) if at is not None else now) > now:
            continue
        timeline = (
            None
            if by is None and within is None
            else DecisionTimeline(
                by=None if by is None else date(by),
                within=within,
                unit=None if unit is None else TimelineUnit(unit),
            )
        )
        view.waiting.append(
            (company, role, timeline.describe() if timeline else "no timeline given yet")
        )
    view.changes = [
        (instant(at), company, status, cause)
        for at, company, status, cause in connection.execute(
            "SELECT s.at, a.company, s.to_status, s.cause FROM status_changes s "
            "JOIN applications a ON a.id = s.application_id WHERE s.user_id = ? "
            "ORDER BY s.at DESC, s.application_id, s.id LIMIT 5",
            (user_id,),
        )
    ]
    return view
