"""The background worker on a real PostgreSQL, run as real `afterword worker` processes."""

from __future__ import annotations

import datetime as dt
import email
import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from afterword import clock
from afterword.accounts.daily import DIGEST, REPLAN
from afterword.profile.models import User
from afterword.settings import load_settings
from afterword.storage.session import dispose_engines, session_scope
from afterword.worker.daily import replan_day
from tests.mail.conftest import StartSmtp, start_smtp  # noqa: F401
from tests.server.worker_support import (
    add_people,
    clear_queue,
    jobs_by_status,
    ledger,
    revisions,
    wait_for,
    worker_process,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def queue_url(server_database_url: str, _migrated_postgres: str) -> Iterator[str]:
    """The server database with an empty job queue, on engines of this test's own: another
    test may have hooked the shared ones to scope rows to a signed-in person."""
    dispose_engines()
    clear_queue(_migrated_postgres)
    yield server_database_url
    clear_queue(_migrated_postgres)
    dispose_engines()


def _today_of(url: str) -> dict[int, dt.date]:
    with session_scope(url) as session:
        return {user.id: clock.today(user.timezone) for user in session.query(User)}


def test_a_worker_killed_in_the_middle_of_the_sweep_leaves_everyone_replanned_exactly_once(
    queue_url: str, tmp_path: Path
) -> None:
    people = add_people(queue_url, 300, applications=4)
    before = revisions(queue_url)
    log = tmp_path / "worker.log"
    with worker_process(queue_url, log) as first:
        # Kill it once the sweep is under way: some people done, others not yet.
        wait_for(
            lambda: len(ledger(queue_url, REPLAN)) >= 30,
            seconds=120, what="the sweep to start re-planning", log=log,
        )  # fmt: skip
        busy = jobs_by_status(queue_url).get("doing", 0)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    done_at_kill = len(ledger(queue_url, REPLAN))
    assert done_at_kill < len(people), "the sweep ended before the kill; seed more people"
    assert busy >= 1, "no job was running when the worker was killed"
    # The killed worker's job is still marked as running: the next worker takes it back.
    with worker_process(queue_url, log):
        wait_for(
            lambda: len(ledger(queue_url, REPLAN)) == len(people)
            and not jobs_by_status(queue_url).get("todo")
            and not jobs_by_status(queue_url).get("doing"),
            seconds=180, what="every re-plan to be done", log=log,
        )  # fmt: skip
        time.sleep(3)  # a few more sweeps: none may re-plan anyone again
    after = revisions(queue_url)
    rows = ledger(queue_url, REPLAN)
    today = _today_of(queue_url)
    # Invariant: one ledger row per person, for their own local date...
    assert Counter(user for user, _ in rows) == Counter(list(people))
    assert all(day == today[user] for user, day in rows)
    # ...and exactly one re-plan each (every re-plan bumps the revision by one).
    assert {user: after[user] - before[user] for user in people} == dict.fromkeys(people, 1)


def test_the_morning_digest_reaches_each_person_who_asked_once_a_day(
    queue_url: str,
    tmp_path: Path,
    start_smtp: StartSmtp,  # noqa: F811
) -> None:
    people = add_people(queue_url, 24, applications=2, digest_every=3)
    asked = {address for user, address in people.items() if (user - min(people)) % 3 == 0}
    smtp = start_smtp()
    env = {
        "AFTERWORD_SERVER_MAIL__HOST": smtp.host, "AFTERWORD_SERVER_MAIL__PORT": str(smtp.port),
        "AFTERWORD_SERVER_MAIL__SECURITY": "none",
        "AFTERWORD_SERVER_MAIL__SENDER": "careers@uni.example",
        "AFTERWORD_WEB__PUBLIC_URL": "https://jobs.uni.example/",
    }  # fmt: skip
    log = tmp_path / "worker.log"
    # Two workers at once, then a third after they stop: still one digest per person.
    with (
        worker_process(queue_url, log, "--digest-hour", "0", env=env),
        worker_process(queue_url, log, "--digest-hour", "0", env=env),
    ):
        wait_for(
            lambda: len(ledger(queue_url, DIGEST)) == len(asked),
            seconds=120, what="the digests", log=log,
        )  # fmt: skip
        time.sleep(3)
    with worker_process(queue_url, log, "--digest-hour", "0", env=env):
        time.sleep(4)
    messages = [email.message_from_bytes(item.content) for item in smtp.received]
    assert Counter(message["To"] for message in messages) == Counter(asked)
    for message in messages:
        body = message.get_payload(decode=True)
        assert isinstance(body, bytes)
        body = body.decode()
        assert message["Subject"] == "Today in your job search: 3 things to do"
        assert body.count("https://jobs.uni.example/applications/") == 3
        assert message["From"] == "careers@uni.example"
    # Everyone was re-planned once, whether the digest or the re-plan got there first.
    assert len(ledger(queue_url, REPLAN)) == len(people)
    assert set(revisions(queue_url).values()) == {1}


def test_replanning_a_day_twice_replans_once(queue_url: str) -> None:
    people = add_people(queue_url, 1, applications=1)
    (user_id,) = people
    settings = load_settings(mode="server", database_url=queue_url)
    day = _today_of(queue_url)[user_id]
    outcomes = [replan_day(settings=settings, user_id=user_id, local_date=day) for _ in range(3)]
    assert outcomes == [True, False, False]
    assert revisions(queue_url)[user_id] == 1
