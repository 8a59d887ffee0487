"""Fast paths for the hottest reads on the local SQLite database: `applications list` here,
`today` and `plan` in cli.fast_agenda, `overview` in cli.fast_overview.

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

import sqlite3
import sys

from afterword.cli.fast_store import database_location, open_read_only
from afterword.pipeline.listing import list_rows, make_filter

TYPE_CHECKING = False  # importing typing at run time would cost this path ~6 ms
if TYPE_CHECKING:
    from typing import Any

    from afterword.pipeline.listing import ListFilter

_COMMAND = ("applications", "list")


def try_fast_path(argv: list[str]) -> int | None:
    """Runs a fast path if one can answer, returning the exit code; None to decline."""
    as_of = None
    if argv and (argv[0] == "--as-of" or argv[0].startswith("--as-of=")):
        # Only the agenda takes a pinned day here (the stored plan says which day it is for).
        value = argv[1] if argv[0] == "--as-of" and len(argv) > 1 else argv[0][8:]
        argv = argv[2:] if argv[0] == "--as-of" else argv[1:]
        import datetime as dt

        try:
            as_of = dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    if argv[:1] and argv[0] in ("today", "plan"):
        from afterword.cli.fast_agenda import try_agenda

        return try_agenda(argv[0], argv[1:], as_of)
    if argv[:1] == ["overview"]:
        from afterword.cli.fast_overview import try_overview

        return try_overview(argv[1:], as_of)
    if tuple(argv[:2]) != _COMMAND or as_of is not None:
        return None
    parsed = _parse_options(argv[2:])
    if parsed is None:
        return None
    list_filter, as_json = parsed
    location = database_location()
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


def _read(path: str, handle: str, list_filter: ListFilter) -> list[Any] | None:
    connection = open_read_only(path)
    if connection is None:
        return None
    try:

        def execute(sql: str, params: dict[str, Any]) -> list[Any]:
            return connection.execute(sql, params).fetchall()

        return list_rows(execute, user_handle=handle, list_filter=list_filter)
    finally:
        connection.close()
