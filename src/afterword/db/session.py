"""Engines and sessions. Services flush; the command or request commits (see session_scope)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

import afterword.db.models  # noqa: F401  (every mapper must be known before the first query)

_engines: dict[str, sa.Engine] = {}


def sqlite_path(url: str) -> str | None:
    """Returns the file path of an SQLite URL, or None for other databases or in-memory."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return parsed.database


def get_engine(url: str) -> sa.Engine:
    """Returns the process-wide engine for a database URL, creating it on first use."""
    engine = _engines.get(url)
    if engine is None:
        engine = _create_engine(url)
        _engines[url] = engine
    return engine


def _create_engine(url: str) -> sa.Engine:
    path = sqlite_path(url)
    if path is not None:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # Foreign keys are off by default in SQLite; cascades and integrity depend on them.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()
            # Python's sqlite3 opens transactions lazily, at the first write, so a SAVEPOINT
            # issued first would commit on release. Let SQLAlchemy say BEGIN itself instead
            # (SQLAlchemy's documented fix for pysqlite), so savepoints nest properly.
            dbapi_connection.isolation_level = None

        @sa.event.listens_for(engine, "begin")
        def _sqlite_begin(connection: sa.Connection) -> None:
            connection.exec_driver_sql("BEGIN")

    return engine


def dispose_engines() -> None:
    """Closes every pooled connection (used by tests and before deleting a database)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


@contextlib.contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls everything back otherwise."""
    session = Session(get_engine(url), expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
