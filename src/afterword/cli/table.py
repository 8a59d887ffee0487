"""Plain aligned text tables (pure; standard library only, so the fast path can use it)."""

from __future__ import annotations

from afterword.control_chars import escape_control_characters

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence


def format_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, max_width: int = 40
) -> str:
    """Aligns cells in columns, cutting any cell longer than `max_width` with an ellipsis."""
    # Work column by column with C-level builtins: a 5,000-row list must render in milliseconds.
    columns = (
        [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in headers]
    )
    for index, column in enumerate(columns):
        if max(map(len, column), default=0) > max_width or not "".join(column).isprintable():
            columns[index] = [_clip(cell, max_width) for cell in column]
    widths = [
        max(len(header), *map(len, column)) for header, column in zip(headers, columns, strict=True)
    ]
    # Pad every column but the last, then join rows; ljust and join run in C.
    padded = [
        [cell.ljust(width) for cell in column]
        for column, width in zip(columns, widths, strict=True)
    ]
    if padded:
        padded[-1] = columns[-1]
    header_cells = [h.ljust(w) for h, w in zip(headers, widths, strict=True)]
    lines = ["  ".join(header_cells), "  ".join("-" * width for width in widths)]
    lines.extend(map("  ".join, zip(*padded, strict=True)))
    return "\n".join(map(str.rstrip, lines))


def _clip(cell: str, max_width: int) -> str:
    cell = " ".join(cell.split())  # a newline or tab inside a cell would break the columns
    # ESC, BEL or CR in stored text (a subject, a company) must never reach the terminal as is.
    cell = escape_control_characters(cell)
    return cell if len(cell) <= max_width else cell[: max_width - 1] + "…"
