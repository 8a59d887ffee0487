"""A fast path for `afterword applications list` on the local SQLite database.

Listing is what people run most, and it should feel instant; but Typer, Rich,
pydantic and SQLAlchemy together take several hundred milliseconds to import.
This module answers the plain forms of the list command with the standard
library alone. Anything it does not fully understand -- another command, an
unknown option, a database that is not a current local SQLite file -- it
declines (returns None) and the full command line runs instead, so behaviour
never differs: both paths share the query (pipeline.listing) and the
rendering (cli.application_list), and a test compares their output.
"""

from __future__ import annotations

import os
import sqlite3
import sys

from afterword import paths
from afterword.pipeline.listing import list_rows, make_filter

TYPE_CHECKING = False  # importing typing at run time would cost this path ~6 ms
if TYPE_CHECKING:
    from typing import Any

    from afterword.pipeline.listing import ListFilter

_COMMAND = ("applications", "list")


def try_fast_path(argv: list[str]) -> int | None:
    """Runs `applications list` if it can, returning the exit code; None to decline."""
    if tuple(argv[:2]) != _COMMAND:
        return None
    parsed = _parse_options(argv[2:])
    if parsed is None:
        return None
    list_filter, as_json = parsed
    location = _database_location()
    if location is None:
        return None
    path, handle = location
    try:
        rows = _read(path, handle, list_filter)
    except sqlite3.Error:
        return None  # let the full command line report the problem properly
    if rows is None:
        return None
    from afterword.cli.application_list import render_application_list

    sys.stdout.write(render_application_list(rows, as_json=as_json) + "\n")
    return 0


def _parse_options(args: list[str]) -> tuple[ListFilter, bool] | None:
    from afterword.pipeline.status import Status

    statuses: list[str] = []
    tag: str | None = None
    as_json = only_open = False
    queue = list(args)
    while queue:
        token = queue.pop(0)
        name, has_value, inline = token.partition("=")
        if token == "--json":
            as_json = True
        elif token == "--open":
            only_open = True
        elif name in ("--status", "--tag"):
            value = inline if has_value else (queue.pop(0) if queue else None)
            if value is None or value.startswith("-"):
                return None
            if name == "--tag":
                tag = value
            elif value in Status.__members__.values():
                statuses.append(value)
            else:
                return None  # unknown status: the full command line explains the choices
        else:
            return None
    list_filter = make_filter(statuses, tag, only_open=only_open)
    return None if list_filter is None else (list_filter, as_json)


def _database_location() -> tuple[str, str] | None:
    """The SQLite file and user handle the settings would give, or None if unsure."""
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


def _read(path: str, handle: str, list_filter: ListFilter) -> list[Any] | None:
    from afterword.storage.schema_version import HEAD

    # Read-only: the fast path must never create or change anything.
    quoted = path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    connection = sqlite3.connect(f"file:{quoted}?mode=ro", uri=True)
    try:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if version is None or version[0] != HEAD:
            return None  # the full command line upgrades the schema first

        def execute(sql: str, params: dict[str, Any]) -> list[Any]:
            return connection.execute(sql, params).fetchall()

        return list_rows(execute, user_handle=handle, list_filter=list_filter)
    finally:
        connection.close()
