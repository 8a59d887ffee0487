"""The application list as plain rows, read with plain SQL.

This is the hot read path of the command line. It imports nothing beyond the
standard library's basics (no typing, no dataclasses) so that `afterword
applications list` can answer from sqlite3 before the ORM would even have
finished importing. The same SQL runs through SQLAlchemy on PostgreSQL (both
accept `:name` parameters), so every database gives the same rows.
"""

from __future__ import annotations

# Imported for type checkers only: importing `typing` at run time costs the fast path ~6 ms.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Any

    # Runs one SQL statement with named parameters and returns all rows as tuples.
    Execute = Callable[[str, dict[str, Any]], Sequence[Sequence[Any]]]


class ListFilter:
    """Which applications to list: by status (any of), and by tag."""

    __slots__ = ("statuses", "tag")

    def __init__(self, statuses: tuple[str, ...] = (), tag: str | None = None) -> None:
        self.statuses = statuses
        self.tag = tag


class ApplicationRow:
    """One line of the application list."""

    __slots__ = ("applied_on", "company", "id", "interest", "location", "role", "status", "tags")

    def __init__(
        self,
        id: int,
        company: str,
        role: str,
        status: str,
        applied_on: str | None,
        interest: int | None,
        location: str | None,
        tags: tuple[str, ...],
    ) -> None:
        self.id = id
        self.company = company
        self.role = role
        self.status = status
        self.applied_on = applied_on
        self.interest = interest
        self.location = location
        self.tags = tags

    def as_json(self) -> dict[str, Any]:
        """The row as a JSON object (the `--json` output of the list)."""
        return {
            "id": self.id,
            "company": self.company,
            "role": self.role,
            "status": self.status,
            "applied_on": self.applied_on,
            "interest": self.interest,
            "location": self.location,
            "tags": list(self.tags),
        }


def make_filter(statuses: Sequence[str], tag: str | None, *, only_open: bool) -> ListFilter | None:
    """Builds the filter from the command's options; None when --open excludes every status given."""
    from afterword.pipeline.status import OPEN_STATUSES, Status

    wanted = set(statuses)
    if only_open:
        wanted = (wanted or {status.value for status in Status}) & {s.value for s in OPEN_STATUSES}
        if not wanted:
            return None
    ordered = tuple(status.value for status in Status if status.value in wanted)
    cleaned_tag = " ".join(tag.strip().lower().split()) if tag else None
    return ListFilter(statuses=ordered, tag=cleaned_tag or None)


def _where(user_handle: str, list_filter: ListFilter) -> tuple[str, dict[str, Any]]:
    clauses = ["u.handle = :handle"]
    params: dict[str, Any] = {"handle": user_handle}
    if list_filter.statuses:
        names = [f"status_{index}" for index in range(len(list_filter.statuses))]
        clauses.append(f"a.status IN ({', '.join(':' + name for name in names)})")
        params.update(zip(names, list_filter.statuses, strict=True))
    if list_filter.tag:
        clauses.append(
            "EXISTS (SELECT 1 FROM application_tags f WHERE f.application_id = a.id AND f.name = :tag)"
        )
        params["tag"] = list_filter.tag
    return " AND ".join(clauses), params


def list_rows(
    execute: Execute, *, user_handle: str, list_filter: ListFilter
) -> list[ApplicationRow]:
    """Returns the user's applications matching the filter, in the order they were added."""
    where, params = _where(user_handle, list_filter)
    base = f"FROM applications a JOIN users u ON u.id = a.user_id WHERE {where}"
    tags: dict[int, list[str]] = {}
    tag_sql = (
        "SELECT t.application_id, t.name FROM application_tags t "
        f"WHERE t.application_id IN (SELECT a.id {base}) ORDER BY t.application_id, t.name"
    )
    for application_id, name in execute(tag_sql, params):
        tags.setdefault(application_id, []).append(name)
    sql = (
        "SELECT a.id, a.company, a.role, a.status, a.applied_on, a.interest, a.location "
        f"{base} ORDER BY a.id"
    )
    return [
        ApplicationRow(
            row[0],
            row[1],
            row[2],
            row[3],
            None if row[4] is None else str(row[4])[:10],
            row[5],
            row[6],
            tuple(tags.get(row[0], ())),
        )
        for row in execute(sql, params)
    ]


def table_lines(rows: Iterable[ApplicationRow]) -> tuple[list[str], list[list[str]]]:
    """Headers and cells of the list as people read it (status labels, stars for interest)."""
    headers = ["ID", "Company", "Role", "Status", "Applied", "Interest", "Tags"]
    cells = [
        [
            str(row.id),
            row.company,
            row.role,
            row.status.replace("_", " "),
            row.applied_on or "",
            "*" * row.interest if row.interest else "",
            ", ".join(row.tags),
        ]
        for row in rows
    ]
    return headers, cells
