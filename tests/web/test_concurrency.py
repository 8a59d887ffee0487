"""An import and the web app at the same time: every form goes through, none fails with a 500.

Issue 13, finding 3: the import held SQLite's write lock for minutes, and every form meanwhile
answered "Something went wrong". Now the import saves a batch at a time, writers wait for
their turn (WAL mode, a busy timeout), and a database still busy after that answers 503 with
Retry-After -- never 500.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from afterword.storage import session as db_session
from tests.inbox.mail_factory import job_search_mailbox, mbox_bytes
from tests.web.conftest import WebClient

MESSAGES = 3000


def test_forms_and_api_writes_go_through_while_an_import_runs(
    client: WebClient, sqlite_url: str, tmp_path: Path
) -> None:
    mailbox = tmp_path / "search.mbox"
    mailbox.write_bytes(mbox_bytes(job_search_mailbox(MESSAGES)))
    env = {**os.environ, "AFTERWORD_DATABASE_URL": sqlite_url}
    importing = subprocess.Popen(
        [sys.executable, "-m", "afterword", "inbox", "import", str(mailbox)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    answers: list[int] = []
    added = during = 0
    try:
        while importing.poll() is None or len(answers) < 6:
            during += importing.poll() is None
            number = len(answers)
            if number % 2:
                response = client.api("POST", "/api/journal", json={"text": f"note {number}"})
            else:
                response = client.submit(
                    "/applications",
                    {"company": f"Company {number}", "role": "Analyst"},
                    follow_redirects=False,
                )
                added += response.status_code < 400
            answers.append(response.status_code)
    finally:
        _, errors = importing.communicate(timeout=900)
    assert importing.returncode == 0, errors.decode()
    assert during >= 3, "the import ended before the web app could write beside it"
    assert [code for code in answers if code >= 500] == []
    assert all(code < 400 for code in answers), answers
    listed = client.api("GET", "/api/applications", params={"per_page": 200}).json()
    assert listed["total"] == added
    connection = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    try:
        assert connection.execute("SELECT count(*) FROM ingested_messages").fetchone() == (
            MESSAGES,
        )
    finally:
        connection.close()


@pytest.mark.parametrize(("path", "as_api"), [("/applications", False), ("/api/journal", True)])
def test_a_database_busy_beyond_the_wait_answers_503_with_retry_after(
    client: WebClient,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    as_api: bool,
) -> None:
    monkeypatch.setattr(db_session, "BUSY_TIMEOUT_MS", 50)
    db_session.dispose_engines()  # the next request opens the database with the short wait
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the database
    try:
        if as_api:
            response = client.api("POST", path, json={"text": "a note"})
        else:
            response = client.submit(path, {"company": "Acme", "role": "Analyst"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    text = response.json()["detail"] if as_api else response.text
    assert "The database is busy with other work" in text
    assert "Something went wrong" not in text


def test_the_database_runs_in_wal_mode_so_reading_never_waits_for_a_writer(
    client: WebClient, sqlite_url: str
) -> None:
    client.get("/")
    connection = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        connection.close()
