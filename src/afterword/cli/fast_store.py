"""Where the fast paths read from: the local SQLite file the settings would name, opened
read-only and only when its schema is current. Standard library only (see cli.fast).

Shared by `applications list` (cli.fast), the agenda (cli.fast_agenda) and the overview
(cli.fast_overview), in a module of its own so that none imports another.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from typing import TypeVar

from afterword import paths

T = TypeVar("T")


def database_location(*, playbook_free: bool = False) -> tuple[str, str] | None:
    """The SQLite file and user handle the settings would give, or None if unsure.

    `playbook_free`: None too when the config file sets playbook timings (see fast_agenda).
    """
    url = os.environ.get("AFTERWORD_DATABASE_URL")
    handle = os.environ.get("AFTERWORD_USER")
    mode = os.environ.get("AFTERWORD_MODE")
    config_file = paths.config_file()
    if os.path.exists(config_file):
        import tomllib

        try:
            with open(config_file, "rb") as handle_file:
                config = tomllib.load(handle_file)
        except (OSError, tomllib.TOMLDecodeError):
            return None
        if playbook_free and "playbook" in config:
            return None
        url = url or config.get("database_url")
        handle = handle or config.get("user")
        mode = mode or config.get("mode")
    if mode not in (None, "local"):
        return None  # server mode (or a mistake): the full command line says what applies
    url = url or paths.default_database_url()
    if not isinstance(url, str) or not url.startswith("sqlite:///") or "?" in url:
        return None
    path = url.removeprefix("sqlite:///")
    if not path or path == ":memory:" or not os.path.isfile(path):
        return None
    return path, handle if isinstance(handle, str) else "me"


def open_read_only(path: str) -> sqlite3.Connection | None:
    """A read-only connection to the database at `path`; None when its schema is not current."""
    from afterword.storage.schema_version import HEAD

    # Read-only: the fast path must never create or change anything. Autocommit mode, so
    # that a reader can BEGIN its own read transaction.
    quoted = path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    connection = sqlite3.connect(f"file:{quoted}?mode=ro", uri=True, isolation_level=None)
    try:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        connection.close()
        raise
    if version is None or version[0] != HEAD:
        connection.close()
        return None  # the full command line upgrades the schema first
    return connection


def read_agenda_store(read: Callable[[sqlite3.Connection, str], T | None]) -> T | None:
    """What `read(connection, handle)` finds in the local database for the agenda's fast
    paths (today, plan, overview), or None to decline: not local, timings set in the config
    (the stored plan was made with the defaults), schema not current, or any problem, which
    the full command line then reports properly."""
    location = database_location(playbook_free=True)
    if location is None:
        return None
    path, handle = location
    try:
        connection = open_read_only(path)
        if connection is None:
            return None
        try:
            return read(connection, handle)
        finally:
            connection.close()
    except (sqlite3.Error, ValueError, LookupError):  # LookupError: an unknown time zone
        return None
