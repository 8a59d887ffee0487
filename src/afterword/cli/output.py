"""Printing results: JSON, plain tables, and Rich views for single records."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from afterword.cli.table import format_table

if TYPE_CHECKING:
    from rich.console import Console

_console: Console | None = None


def console() -> Console:
    """The Rich console for standard output, created on first use (Rich is slow to import)."""
    global _console
    if _console is None:
        from rich.console import Console

        _console = Console(highlight=False, soft_wrap=True)
    return _console


def print_json(data: Any) -> None:
    """Prints `data` as indented JSON (dates and other values as strings)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, empty: str) -> None:
    """Prints a plain aligned table, or `empty` when there are no rows."""
    sys.stdout.write((format_table(headers, rows) if rows else empty) + "\n")


def say(message: str) -> None:
    """Prints a confirmation or note (Rich markup allowed)."""
    console().print(message)


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
