"""A fast path for `afterword today` and `afterword plan`: the stored agenda, when current.

Every write re-plans the agenda in its own transaction, so between writes the stored
agenda is the plan -- until the local day changes, afterword is upgraded or the playbook
timings are changed (playbook.freshness). When none of that happened, this module reads
the open actions with sqlite3 and prints them through the same functions as the full
commands (cli.agenda_text), without importing the ORM or the engine. Otherwise -- a
re-plan is due, an option it does not know, timings set in the settings, a database that
is not a current local SQLite file -- it declines, and the full command re-plans, then
answers. The words `today` says above the agenda after recent news are stored with the plan
(users.planned_words), so they print the same either way. A test compares the two paths on
generated searches.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from afterword.cli.agenda_text import ActionLine

COMMANDS = ("today", "plan")

_OPEN_ACTIONS = (
    "SELECT a.id, a.kind, a.due, a.snoozed_until, a.priority, a.state, a.done_note, "
    "a.application_id, p.company, p.role, a.contact_id, a.rule, a.reason "
    "FROM actions a LEFT JOIN applications p ON p.id = a.application_id "
    "WHERE a.user_id = ? AND a.state = 'open'"
)


def try_agenda(command: str, args: list[str], as_of: dt.date | None) -> int | None:
    """Prints `today` or `plan` from the stored agenda if it is current; None to decline."""
    # Text only: --json prints the read schemas (playbook.schemas.ActionRead), which the full
    # command builds; scripts can wait the extra moment, people reading the agenda should not.
    if args or timings_are_set():
        return None
    from afterword.cli.fast_store import read_agenda_store

    found = read_agenda_store(
        lambda connection, handle: _read(
            connection, handle, as_of, digest_on=as_of is None and _digest_on()
        )
    )
    if found is None:
        return None
    rows, day, words = found
    from afterword.cli.agenda_text import render_plan, render_today

    if command == "today":
        text = render_today(rows, day, preface=words.split("\n") if words else ())
    else:
        text = render_plan(rows, day)
    sys.stdout.write(text + "\n")
    return 0


def timings_are_set() -> bool:
    """Whether the environment sets playbook timings (the config file is checked with the URL).

    The fast path cannot validate them without pydantic, nor fingerprint them as the full
    path does; it leaves such setups to the full path.
    """
    return any(name.upper().startswith("AFTERWORD_PLAYBOOK") for name in os.environ)


def _digest_on() -> bool:
    """Whether the weekly digest email is on, with a server to send it (settings.review).

    Read here without pydantic; when it is on, a week whose digest has not gone yet sends the
    agenda to the full path, which sends it (cli.agenda) -- mail code is never loaded here.
    """
    from afterword import paths

    review: object = os.environ.get("AFTERWORD_REVIEW__WEEKLY_DIGEST")
    smtp_host: object = os.environ.get("AFTERWORD_MAIL__SMTP_HOST")
    try:
        import tomllib

        with open(paths.config_file(), "rb") as file:
            config = tomllib.load(file)
    except (OSError, ValueError):
        config = {}
    section = config.get("review")
    if review is None and isinstance(section, dict):
        review = section.get("weekly_digest")
    mail = config.get("mail")
    if smtp_host is None and isinstance(mail, dict):
        smtp_host = mail.get("smtp_host")
    on = review is True or (isinstance(review, str) and review.lower() in ("1", "true", "yes"))
    return on and bool(smtp_host)


def _digest_sent(connection: sqlite3.Connection, user_id: int, day: dt.date) -> bool:
    """Whether the digest of the last week that ended before `day` is in the ledger."""
    week = day - dt.timedelta(days=day.weekday() + 7)  # reflection.weekly.last_full_week
    row = connection.execute(
        "SELECT 1 FROM weekly_digests WHERE user_id = ? AND week_start = ?",
        (user_id, week.isoformat()),
    ).fetchone()
    return row is not None


def _read(
    connection: sqlite3.Connection, handle: str, as_of: dt.date | None, *, digest_on: bool = False
) -> tuple[list[ActionLine], dt.date, str] | None:
    from afterword.cli.agenda_text import ActionLine, soonest_first
    from afterword.playbook.freshness import plan_fingerprint

    # One read transaction: the user's plan marks and the actions come from the same state.
    connection.execute("BEGIN")
    user = connection.execute(
        "SELECT id, timezone, planned_on, planned_with, planned_words FROM users WHERE handle = ?",
        (handle,),
    ).fetchone()
    if user is None or user[2] is None or user[4] is None:
        return None
    user_id, timezone, planned_on, planned_with, words = user
    day = as_of or _today(timezone)
    if dt.date.fromisoformat(planned_on) != day or planned_with != plan_fingerprint({}):
        return None  # a re-plan is due: the full command does it, then answers
    if digest_on and not _digest_sent(connection, user_id, day):
        return None  # last week's digest is due: the full command sends it
    date = dt.date.fromisoformat
    rows = [
        ActionLine(
            row[0],
            row[1],
            date(row[2]),
            None if row[3] is None else date(row[3]),
            row[4],
            row[5],
            row[6],
            row[7],
            row[8],
            row[9],
            row[10],
            row[11],
            row[12],
        )
        for row in connection.execute(_OPEN_ACTIONS, (user_id,))
    ]
    return soonest_first(rows), day, words


def _today(timezone: str) -> dt.date:
    """Today in the user's time zone, from the clock the full path would read."""
    from zoneinfo import ZoneInfo

    clock = sys.modules.get("afterword.clock")  # loaded (and maybe pinned) in tests only
    now = clock.now() if clock is not None else dt.datetime.now(dt.UTC)
    return now.astimezone(ZoneInfo(timezone)).date()
