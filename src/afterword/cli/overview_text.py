"""Printing `afterword overview`: shared by the Typer command and its fast path.

Standard library only. The full command reads its values through the services, the fast
path (cli.fast_overview) with sqlite3; both print through `render_overview`, so the two can
only differ in what they read, and a test compares that on generated searches.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from afterword.control_chars import escape_control_characters
from afterword.pipeline.status import OPEN_STATUSES, Status
from afterword.playbook.wording import HEADLINES

DEMO_NOTICE = (
    "This is the demo workspace: sample data to explore. Remove it with 'afterword demo clear'."
)
NO_APPLICATIONS = (
    '\nNo applications yet. Add your first: afterword applications add "Company" "Role"'
)


@dataclass
class Overview:
    """What the overview shows, as plain values (instants in UTC, dates local)."""

    today: dt.date
    now: dt.datetime
    timezone: str
    demo: bool
    # Every application (id, company, status), by id.
    applications: list[tuple[int, str, str]] = field(default_factory=list)
    # The open actions (kind, due after snoozing, application id), in agenda order.
    actions: list[tuple[str, dt.date, int | None]] = field(default_factory=list)
    # Dated interviews from now on, soonest first: (when, round, kind, company).
    upcoming: list[tuple[dt.datetime, int, str, str]] = field(default_factory=list)
    # Offers awaiting a decision, nearest deadline first: (company, role, deadline).
    offers: list[tuple[str, str, dt.date | None]] = field(default_factory=list)
    # Processes whose latest round is behind them: (company, role, the promise in words).
    waiting: list[tuple[str, str, str]] = field(default_factory=list)
    # The latest status changes, newest first: (when, company, status, cause).
    changes: list[tuple[dt.datetime, str, str, str]] = field(default_factory=list)


def local_time(instant: dt.datetime, timezone: str) -> str:
    """An instant in the user's zone, e.g. '2026-12-03 14:30 GMT'."""
    return instant.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M %Z")


def render_overview(view: Overview) -> str:
    """The overview's text."""
    today = view.today
    out = [f"afterword -- {today:%A %d %B %Y}"]
    if view.demo:
        out.append(DEMO_NOTICE)
    if not view.applications:
        out.append(NO_APPLICATIONS)
        return _safe("\n".join(out))
    week_end = today + dt.timedelta(days=7)
    overdue = [row for row in view.actions if row[1] < today]
    due_today = [row for row in view.actions if row[1] == today]
    this_week = [row for row in view.actions if today < row[1] <= week_end]
    out.append(
        f"\nTo do: {len(overdue) + len(due_today)} now ({len(overdue)} overdue), "
        f"{len(this_week)} more this week -- see 'afterword today'"
    )
    companies = {app_id: company for app_id, company, _status in view.applications}
    for kind, _due, application_id in [*overdue, *due_today][:3]:
        company = companies.get(application_id, "") if application_id is not None else ""
        out.append(f"  {HEADLINES[kind]}" + (f" -- {company}" if company else ""))

    counts: dict[Status, int] = {}
    for _app_id, _company, status in view.applications:
        counts[Status(status)] = counts.get(Status(status), 0) + 1
    open_count = sum(counts.get(status, 0) for status in OPEN_STATUSES)

    def spelled(statuses: list[Status]) -> str:
        return ", ".join(f"{counts[s]} {s.label}" for s in statuses if counts.get(s))

    out.append(f"\nPipeline: {len(view.applications)} applications, {open_count} open")
    out.append(f"  open:   {spelled([s for s in Status if s in OPEN_STATUSES]) or 'none'}")
    out.append(f"  closed: {spelled([s for s in Status if s not in OPEN_STATUSES]) or 'none'}")

    out.append("\nComing up")
    for at, number, kind, company in view.upcoming[:5]:
        out.append(
            f"  {local_time(at, view.timezone)}  round {number} "
            f"({kind.replace('_', ' ')}) -- {company}"
        )
    if not view.upcoming:
        out.append("  no interviews scheduled")

    if view.offers:
        out.append("\nOffers awaiting your decision")
        for company, role, deadline in view.offers:
            when = "no deadline recorded"
            if deadline is not None:
                days = (deadline - today).days
                when = (
                    f"expires {deadline} ({'in ' + str(days) + ' days' if days >= 0 else 'passed'})"
                )
            out.append(f"  {company} -- {role}: {when}")

    if view.waiting:
        out.append("\nWaiting to hear back")
        for company, role, promise in view.waiting[:8]:
            out.append(f"  {company} -- {role}: {promise}")

    out.append("\nRecent changes")
    for at, company, status, cause in view.changes[:5]:
        out.append(
            f"  {local_time(at, view.timezone)}  {company}: {Status(status).label} ({cause})"
        )
    out.append("\nMore: afterword today  |  afterword applications list  |  afterword --help")
    return _safe("\n".join(out))


def _safe(text: str) -> str:
    # What the user typed (a company, a cause) is shown, never acted on by the terminal.
    return "\n".join(escape_control_characters(line) for line in text.split("\n"))
