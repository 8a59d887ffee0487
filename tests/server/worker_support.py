"""Helpers for the worker tests: people in bulk, a worker process, the queue's state."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from afterword import clock
from afterword.accounts.daily import DailyRun, set_preferences
from afterword.accounts.models import Account
from afterword.accounts.service import hash_password
from afterword.pipeline.applications import add_application
from afterword.pipeline.interviews import log_interview
from afterword.pipeline.models import InterviewKind
from afterword.pipeline.schemas import ApplicationFields, InterviewFields
from afterword.profile.models import User
from afterword.storage.session import get_engine, session_scope

ZONES = ("Europe/London", "Asia/Tokyo", "America/New_York", "Pacific/Auckland")
PASSWORD_HASH = hash_password("a long enough passphrase")


def add_people(
    url: str, count: int, *, applications: int = 3, digest_every: int = 0
) -> dict[int, str]:
    """`count` job seekers across four time zones, each with applications sent three weeks
    ago and interviewed two days ago (so a thank-you and a debrief are due), through the
    pipeline's own services; their user ids and
    addresses. Every `digest_every`-th person opts in to the morning digest."""
    people: dict[int, str] = {}
    now = clock.now()
    applied = (now - dt.timedelta(days=21)).date()
    interviewed = now - dt.timedelta(days=2)
    with session_scope(url) as session:
        for number in range(count):
            user = User(
                handle=f"seeker{number}", timezone=ZONES[number % len(ZONES)], country="GB",
                created_at=now,
            )  # fmt: skip
            session.add(user)
            session.flush()
            email = f"seeker{number}@example.org"
            session.add(
                Account(user_id=user.id, email=email, role="seeker",
                        password_hash=PASSWORD_HASH, created_at=now)
            )  # fmt: skip
            for which in range(applications):
                application = add_application(
                    session=session, user_id=user.id, now=now,
                    fields=ApplicationFields(
                        company=f"Firm {which}", role="Analyst", applied_on=applied
                    ),
                )  # fmt: skip
                session.flush()
                log_interview(
                    session=session, user_id=user.id, application_id=application.id, now=now,
                    fields=InterviewFields(kind=InterviewKind.TECHNICAL, scheduled_at=interviewed),
                )  # fmt: skip
            if digest_every and number % digest_every == 0:
                set_preferences(session=session, user_id=user.id, morning_digest=True)
            people[user.id] = email
    return people


def clear_queue(owner_url: str) -> None:
    """Empties procrastinate's tables (the test database is shared by the whole run)."""
    with get_engine(owner_url).begin() as connection:
        connection.execute(
            sa.text(
                "TRUNCATE procrastinate_events, procrastinate_periodic_defers, "
                "procrastinate_jobs, procrastinate_workers RESTART IDENTITY CASCADE"
            )
        )


def ledger(url: str, kind: str) -> list[tuple[int, dt.date]]:
    """The (user, local date) rows of the ledger for one kind of job."""
    with session_scope(url) as session:
        rows = session.execute(
            sa.select(DailyRun.user_id, DailyRun.local_date).where(DailyRun.kind == kind)
        )
        return [(user_id, day) for user_id, day in rows]


def jobs_by_status(url: str) -> dict[str, int]:
    """How many of afterword's per-person jobs are in each state."""
    with get_engine(url).connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT status::text, count(*) FROM procrastinate_jobs "
                "WHERE queue_name = 'daily' GROUP BY status"
            )
        ).all()
    return {status: int(count) for status, count in rows}


def revisions(url: str) -> dict[int, int]:
    """Each person's plan revision (it goes up by one with every re-plan)."""
    with session_scope(url) as session:
        rows = session.execute(sa.select(User.id, User.revision))
        return {row.id: row.revision for row in rows}


def afterword_command() -> list[str]:
    """The installed `afterword` command, as this interpreter runs it."""
    return [sys.executable, "-m", "afterword"]


@contextmanager
def worker_process(
    url: str, log: Path, *extra: str, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Starts `afterword worker` in server mode on `url`; stops it (if still alive) after."""
    environment = {
        **os.environ, "AFTERWORD_MODE": "server", "AFTERWORD_DATABASE_URL": url,
        **(env or {}),
    }  # fmt: skip
    command = [*afterword_command(), "worker", "--sweep-every", "1", "--stalled-after", "2"]
    with log.open("ab") as output:
        process = subprocess.Popen([*command, *extra], env=environment, stdout=output,
                                   stderr=subprocess.STDOUT)  # fmt: skip
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(condition: Callable[[], bool], *, seconds: float, what: str, log: Path) -> None:
    """Polls until `condition` holds; fails with the worker's log when it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}; worker log:\n{log.read_text()[-4000:]}")
