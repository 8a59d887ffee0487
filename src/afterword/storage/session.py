"""Engines and sessions. Services flush; the command or request commits (see session_scope).

SQLite runs in WAL mode, so reading never waits for a writer, and a writer waits (up to
BUSY_TIMEOUT_MS) for another instead of failing at once. A session that will write asks for
the write lock when its transaction begins (`immediate=True`): a transaction that read first
and only then tried to write would fail at once if another writer committed in between.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

import afterword.storage.models  # noqa: F401  (every mapper must be known before the first query)
from afterword import paths

_engines: dict[str, sa.Engine] = {}
# How long a writer waits for another one (an import saves a batch at a time, well within it).
BUSY_TIMEOUT_MS = 5000
# The execution option that makes a session's transactions take the write lock at BEGIN.
_IMMEDIATE = "afterword_begin_immediate"


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
    if path is not None and not path.startswith("file:"):
        # SQLite would create the file with the default mode (0644: readable by every account
        # on the machine); it keeps the mode of an existing file, and gives it to -wal and -shm.
        paths.create_private_file(path)
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # Foreign keys are off by default in SQLite; cascades and integrity depend on them.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if path is not None:
                # Readers never wait for a writer, and a commit is one append (kept in the file).
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()
            # Python's sqlite3 opens transactions lazily, at the first write, so a SAVEPOINT
            # issued first would commit on release. Let SQLAlchemy say BEGIN itself instead
            # (SQLAlchemy's documented fix for pysqlite), so savepoints nest properly.
            dbapi_connection.isolation_level = None

        @sa.event.listens_for(engine, "begin")
        def _sqlite_begin(connection: sa.Connection) -> None:
            immediate = connection.get_execution_options().get(_IMMEDIATE, False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def writing_bind(url: str) -> sa.Engine:
    """The engine for a session that will write: its transactions take the write lock at once
    on SQLite (and wait for it), instead of failing when another writer got in between."""
    return get_engine(url).execution_options(**{_IMMEDIATE: True})


# SQLite says "database is locked" (or "busy") when a writer waited BUSY_TIMEOUT_MS in vain;
# PostgreSQL reports lock waits and conflicts by these SQLSTATEs.
_BUSY_WORDS = ("database is locked", "database is busy", "database table is locked")
_BUSY_SQLSTATES = frozenset({"40001", "40P01", "55P03", "57014"})

BUSY_MESSAGE = "the database is busy with other work (an import, perhaps); try again in a moment"


def is_busy(error: BaseException) -> bool:
    """Whether an error means the database was busy with another writer, not broken."""
    original = getattr(error, "orig", None) or error
    if getattr(original, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    return any(words in str(original).lower() for words in _BUSY_WORDS)


def dispose_engines() -> None:
    """Closes every pooled connection (used by tests and before deleting a database)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


@contextlib.contextmanager
def session_scope(url: str, *, immediate: bool = False) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls everything back otherwise;
    `immediate` for one that will write (see writing_bind)."""
    bind = writing_bind(url) if immediate else get_engine(url)
    session = Session(bind, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
