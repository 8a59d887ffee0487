"""An import killed with SIGKILL at random moments, then run again, ends exactly as a clean run.

Issue 13: imports save their work in batches, so another writer waits for one batch and
not the whole import; the ledger is what makes that safe. Here the real command line
imports a few thousand messages in a subprocess, is killed (kill -9) several times at
random points, is started again each time, and the database it leaves -- every ledger row,
every application's status, outcome and planned action -- must equal a clean run's.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from afterword.storage.migrate import upgrade
from afterword.storage.session import dispose_engines
from tests.inbox.mail_factory import COMPANIES, job_search_mailbox, mbox_bytes

MESSAGES = 3000
KILLS = 4
AS_OF = "2026-11-20"  # before all the mail: every message is news, in both runs alike


def _environment(home: Path) -> dict[str, str]:
    database = home / "afterword.sqlite3"
    return {
        **os.environ,
        "AFTERWORD_DATABASE_URL": f"sqlite:///{database}",
        "AFTERWORD_DATA_DIR": str(home / "data"),
        "AFTERWORD_CONFIG_DIR": str(home / "config"),
        "AFTERWORD_DEFAULT_TIMEZONE": "Europe/London",
        "AFTERWORD_DEFAULT_COUNTRY": "GB",
    }


def _afterword(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "afterword", "--as-of", AS_OF, *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _workspace(home: Path) -> dict[str, str]:
    """A fresh database with an application at each company the mail is about."""
    home.mkdir()
    env = _environment(home)
    upgrade(env["AFTERWORD_DATABASE_URL"])
    dispose_engines()
    for company in COMPANIES:
        added = _afterword(env, "applications", "add", company, "Data Engineer")
        assert added.wait(timeout=120) == 0, added.stderr.read() if added.stderr else ""
    return env


def _snapshot(env: dict[str, str]) -> dict[str, list[tuple[object, ...]]]:
    """Everything the import decides, without the instants at which it ran."""
    path = env["AFTERWORD_DATABASE_URL"].removeprefix("sqlite:///")
    queries = {
        "ledger": "SELECT identity, status, triage, label, application_id, match_method, "
        "candidates, effect, error, why, subject, dates FROM ingested_messages ORDER BY identity",
        "applications": "SELECT id, company, status FROM applications ORDER BY id",
        "outcomes": "SELECT application_id, kind, occurred_on FROM outcomes "
        "ORDER BY application_id, id",
        "history": "SELECT application_id, from_status, to_status, cause FROM status_changes "
        "ORDER BY application_id, id",
        "actions": "SELECT application_id, kind, due, state FROM actions "
        "ORDER BY application_id, kind, due",
    }
    connection = sqlite3.connect(path)
    try:
        return {name: connection.execute(sql).fetchall() for name, sql in queries.items()}
    finally:
        connection.close()


def _ledger_size(env: dict[str, str]) -> int:
    connection = sqlite3.connect(env["AFTERWORD_DATABASE_URL"].removeprefix("sqlite:///"))
    try:
        return int(connection.execute("SELECT count(*) FROM ingested_messages").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # not created yet
    finally:
        connection.close()


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mail") / "search.mbox"
    path.write_bytes(mbox_bytes(job_search_mailbox(MESSAGES)))
    return path


def test_an_import_killed_at_random_points_and_resumed_ends_as_a_clean_run(
    tmp_path: Path, mailbox: Path
) -> None:
    clean = _workspace(tmp_path / "clean")
    run = _afterword(clean, "inbox", "import", str(mailbox))
    assert run.wait(timeout=900) == 0, run.stderr.read() if run.stderr else ""
    expected = _snapshot(clean)
    assert len(expected["ledger"]) == MESSAGES
    assert any(status != "applied" for _, _, status in expected["applications"])

    killed = _workspace(tmp_path / "killed")
    chooser = random.Random(13)
    kills = attempts = 0
    saved: list[int] = []  # ledger rows after each kill: the batches saved before it
    while True:
        attempts += 1
        assert attempts <= KILLS + 5, "the import never finished"
        run = _afterword(killed, "inbox", "import", str(mailbox))
        if kills < KILLS:
            # At a random point: once this run has saved a random number of batches (none,
            # for a kill while starting up or in its first batch), plus a moment more. Counted
            # from where the run starts, and never in the last batches, so that a fast machine
            # (the classifier is built at install time) cannot finish before the kill.
            start = _ledger_size(killed)
            target = min(start + chooser.randrange(0, 1000, 500), MESSAGES - 1000)
            while run.poll() is None and _ledger_size(killed) < target:
                time.sleep(0.02)
            time.sleep(chooser.uniform(0, 0.3))
            if run.poll() is None:
                os.kill(run.pid, signal.SIGKILL)
                run.wait()
                kills += 1
                saved.append(len(_snapshot(killed)["ledger"]))
                continue
        assert run.wait(timeout=900) == 0, run.stderr.read() if run.stderr else ""
        break
    assert kills >= 2, "the import finished before it could be killed twice"
    # Each run carried on from the batches the one before had saved, and none was lost.
    assert saved == sorted(saved) and saved[-1] > 0, saved
    assert _snapshot(killed) == expected
