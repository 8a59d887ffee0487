"""Rendering the application list; shared by the Typer command and the fast path."""

from __future__ import annotations

import json

from afterword.cli.table import format_table
from afterword.pipeline.listing import table_lines

TYPE_CHECKING = False
if TYPE_CHECKING:
    from afterword.pipeline.listing import ApplicationRow

EMPTY_MESSAGE = 'No applications match.\nAdd one with: afterword applications add "Company" "Role"'


def render_application_list(rows: list[ApplicationRow], *, as_json: bool) -> str:
    """The text printed by `afterword applications list`."""
    if as_json:
        if not rows:
            return "[]"
        # One object per line: readable, valid JSON, and fast (indent= would use the slow
        # pure-Python encoder; thousands of rows would take longer than everything else).
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        return "[\n  " + ",\n  ".join(dumps(row.as_json()) for row in rows) + "\n]"
    if not rows:
        return EMPTY_MESSAGE
    headers, cells = table_lines(rows)
    return format_table(headers, cells)
