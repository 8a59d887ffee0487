"""Shared fixtures: a migrated database per test, on SQLite and on a real PostgreSQL.

Storage tests take the `database_url` fixture and run twice, once per database.
PostgreSQL comes from AFTERWORD_TEST_POSTGRES_URL, or from a throwaway server the
tests start from the installed binaries. Without either the PostgreSQL runs are
skipped with a hint -- except under CI=true, where they fail.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword import clock
from afterword.db.base import Base
from afterword.storage.migrate import upgrade
from afterword.storage.session import dispose_engines, get_engine, session_scope
from tests.postgres_server import find_bindir, running_server

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_HINT = (
    "PostgreSQL is not available: install it (Debian: apt-get install postgresql) "
    "or set AFTERWORD_TEST_POSTGRES_URL=postgresql+psycopg://user@host/db"
)


@pytest.fixture(autouse=True)
def _isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Keeps every test away from the real user's files, settings and clock."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("AFTERWORD_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("AFTERWORD_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("AFTERWORD_DEFAULT_TIMEZONE", "Europe/London")
    monkeypatch.setenv("AFTERWORD_DEFAULT_COUNTRY", "GB")
    # No test leaves a warm process behind: those of tests/cli/test_warm_process.py turn it
    # on for themselves, in a runtime folder of their own, and stop what they start.
    monkeypatch.setenv("AFTERWORD_DAEMON", "off")
    for name in ("AFTERWORD_DATABASE_URL", "AFTERWORD_USER"):
        monkeypatch.delenv(name, raising=False)
    from afterword.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
    clock.pin(None)


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str | None]:
    """A PostgreSQL database for the whole test run, migrated once; None if unavailable."""
    given = os.environ.get("AFTERWORD_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    bindir = find_bindir()
    if bindir is None:
        yield None
        return
    with running_server(bindir) as url:
        yield url


@pytest.fixture(scope="session")
def _migrated_postgres(postgres_server_url: str | None) -> str | None:
    if postgres_server_url is None:
        return None
    engine = get_engine(postgres_server_url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(postgres_server_url)
    return postgres_server_url


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file; each test gets a copy (much faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    dispose_engines()
    return path


def _empty_postgres(url: str) -> None:
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    with get_engine(url).begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    _sqlite_template: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[str]:
    """The URL of an empty, migrated database -- SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "afterword.sqlite3"
        shutil.copy(_sqlite_template, path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("_migrated_postgres")
        if url is None:
            if IN_CI:
                pytest.fail(f"CI=true but {POSTGRES_HINT}")
            pytest.skip(POSTGRES_HINT)
        _empty_postgres(url)
    monkeypatch.setenv("AFTERWORD_DATABASE_URL", url)
    yield url
    if request.param == "sqlite":
        dispose_engines()


# Server mode connects as a role that is neither superuser nor BYPASSRLS: for any other, the
# row-level security policies would not apply (see docs/server.md).
SERVER_ROLE = "afterword_server_test"


@pytest.fixture(scope="session")
def _server_role_url(_migrated_postgres: str | None) -> str | None:
    if _migrated_postgres is None:
        return None
    with get_engine(_migrated_postgres).begin() as connection:
        exists = connection.execute(
            sa.text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": SERVER_ROLE}
        ).first()
        if exists is None:
            connection.execute(
                sa.text(f"CREATE ROLE {SERVER_ROLE} LOGIN PASSWORD 'afterword-test'")
            )
        connection.execute(
            sa.text(
                f"GRANT USAGE ON SCHEMA public TO {SERVER_ROLE}; "
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
                f"TO {SERVER_ROLE}; GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {SERVER_ROLE}"
            )
        )
    url = sa.make_url(_migrated_postgres).set(username=SERVER_ROLE, password="afterword-test")
    return url.render_as_string(hide_password=False)


@pytest.fixture
def server_database_url(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """An empty, migrated PostgreSQL database for server mode, reached as an ordinary role."""
    url = request.getfixturevalue("_server_role_url")
    if url is None:
        if IN_CI:
            pytest.fail(f"CI=true but {POSTGRES_HINT}")
        pytest.skip(POSTGRES_HINT)
    _empty_postgres(request.getfixturevalue("_migrated_postgres"))
    monkeypatch.setenv("AFTERWORD_DATABASE_URL", url)
    yield url
    # A served app makes the process's engine for this URL scope every transaction to the
    # signed-in user (storage/row_security.py); the next test must start from a plain one.
    dispose_engines()


@pytest.fixture
def sqlite_url(
    tmp_path: Path, _sqlite_template: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """An empty, migrated SQLite database only (for tests that need no second run)."""
    path = tmp_path / "afterword.sqlite3"
    shutil.copy(_sqlite_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("AFTERWORD_DATABASE_URL", url)
    yield url
    dispose_engines()


NOW = dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def now() -> dt.datetime:
    """A fixed instant for services: Thursday 2026-12-03, 15:00 UTC."""
    return NOW


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    """A session on the test database; committed at the end of the test."""
    with session_scope(database_url) as opened:
        yield opened


@pytest.fixture
def user_id(session: Session, now: dt.datetime) -> int:
    """The id of a freshly created user (Europe/London, GB)."""
    from afterword.profile.service import get_or_create_user

    return get_or_create_user(
        session=session, handle="me", timezone="Europe/London", country="GB", now=now
    ).id


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Reports how much the story walker checked (tests/playbook/test_story_walker.py)."""
    import sys

    walker = sys.modules.get("tests.playbook.test_story_walker")
    checked = getattr(walker, "CHECKED", None)
    if checked and checked["days"]:
        terminalreporter.write_line(
            f"story walker: {checked['days']:,} generated days checked (invariants before and "
            f"after the user acted) across {checked['searches']} searches; "
            f"{checked['actions']:,} actions done along the way"
        )
