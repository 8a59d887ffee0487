"""Printing results: JSON, plain tables, and Rich views for single records."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from afterword.cli.json_text import json_text
from afterword.cli.table import format_table
from afterword.control_chars import escape_control_characters

if TYPE_CHECKING:
    from pydantic import BaseModel
    from rich.console import Console

_console: Console | None = None


def console() -> Console:
    """The Rich console for standard output, created on first use (Rich is slow to import)."""
    global _console
    if _console is None:
        from rich.console import Console
        from rich.segment import Segment

        class _SafeConsole(Console):
            """Writes the text it is given with control characters escaped: a company name or
            a note with ESC in it is shown as '\\x1b', never acted on by the terminal. Rich's
            own styling codes are added after this, so colours still work."""

            def _render_buffer(self, buffer: Iterable[Segment]) -> str:
                return super()._render_buffer(
                    segment
                    if segment.control
                    else Segment(
                        escape_control_characters(segment.text, multiline=True),
                        segment.style,
                        segment.control,
                    )
                    for segment in buffer
                )

        # No markup and no emoji codes: what is printed is the user's own text (a company
        # called "Acme [/]" or a note with ":ok:" in it), shown as typed, never interpreted.
        # Headings are styled with explicit Text styles instead (see views.heading).
        _console = _SafeConsole(highlight=False, soft_wrap=True, markup=False, emoji=False)
    return _console


def print_json(data: Any) -> None:
    """Prints `data` as indented JSON (dates and other values as strings)."""
    sys.stdout.write(json_text(data) + "\n")


def print_record(record: BaseModel) -> None:
    """Prints a read schema as indented JSON, exactly as the JSON API would answer it."""
    print_json(record.model_dump(mode="json"))


def print_records(records: Iterable[BaseModel]) -> None:
    """Prints read schemas as a JSON list."""
    print_json([record.model_dump(mode="json") for record in records])


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, empty: str) -> None:
    """Prints a plain aligned table, or `empty` when there are no rows."""
    sys.stdout.write((format_table(headers, rows) if rows else empty) + "\n")


def say(message: str) -> None:
    """Prints a confirmation or note as plain text, control characters escaped.

    Messages carry the user's own words (company names, notes), so nothing in them is
    read as markup; plain text also spares a write the milliseconds of importing Rich."""
    if "\t" in message:
        # Tabs are layout: the console expands them by cell width (a CJK character is two).
        console().print(message)
        return
    sys.stdout.write(escape_control_characters(message, multiline=True) + "\n")


def text(value: object) -> str:
    """A value for a table cell: '' for None, yes/no for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def money(amount: int | None, currency: str | None) -> str:
    """Formats whole currency units with thousands separators: '185,000 USD'."""
    if amount is None:
        return ""
    return f"{amount:,} {currency or ''}".strip()
