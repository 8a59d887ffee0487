"""The Pipeline page's read model: the board by stage and one page of the table, in plain SQL.

Built for a search of thousands of applications: every query is bounded (counts,
LIMIT/OFFSET, the tags of one page only) and rows come back as tuples, never as ORM
objects. The SQL takes `:name` parameters, so it runs the same on SQLite and
PostgreSQL through SQLAlchemy's `text()` (see `listing.py`, which the CLI shares).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from afterword import localtime
from afterword.pipeline.status import CLOSED_STATUSES, OPEN_STATUSES, Status

# Runs one SQL statement with named parameters and returns all rows as tuples.
Execute = Callable[[str, dict[str, Any]], Sequence[Sequence[Any]]]

PER_PAGE = 50
CARDS_PER_COLUMN = 10
CLOSED = "closed"

# The board's columns, in the order a process moves: (key, heading, statuses).
COLUMNS: tuple[tuple[str, str, tuple[Status, ...]], ...] = (
    ("applied", "Applied", (Status.APPLIED,)),
    ("interviewing", "Interviewing", (Status.INTERVIEWING,)),
    ("hiring_manager_chat", "Hiring-manager chat", (Status.HIRING_MANAGER_CHAT,)),
    ("offer", "Offer", (Status.OFFER,)),
    ("accepted", "Accepted", (Status.ACCEPTED,)),
    (CLOSED, "Closed", tuple(status for status in Status if status in CLOSED_STATUSES)),
)

# Sortable columns of the table: the key in the address -> the SQL expression.
_STATUS_ORDER = "CASE a.status " + " ".join(
    f"WHEN '{status.value}' THEN {index}" for index, status in enumerate(Status)
)
SORTS: dict[str, str] = {
    "company": "lower(a.company)",
    "role": "lower(a.role)",
    "status": _STATUS_ORDER + " END",
    "applied": "a.applied_on",
    "changed": "a.updated_at",
}
DEFAULT_SORT = ("changed", "desc")


@dataclasses.dataclass(frozen=True)
class Card:
    """One application on the board, or one row of the table."""

    id: int
    company: str
    role: str
    status: Status
    applied_on: dt.date | None
    changed_on: dt.date
    tags: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Column:
    """One stage of the board: how many are in it, and the most recently moved ones."""

    key: str
    heading: str
    count: int
    cards: tuple[Card, ...]


@dataclasses.dataclass(frozen=True)
class TableQuery:
    """What the table shows: filters, sort and page, read leniently from the address."""

    status: str | None = None
    q: str | None = None
    tag: str | None = None
    open_only: bool = False
    sort: str = DEFAULT_SORT[0]
    direction: str = DEFAULT_SORT[1]
    page: int = 1

    def params(self, **changes: Any) -> dict[str, str]:
        """The query as address parameters (defaults left out), with `changes` applied."""
        values = {
            "status": self.status,
            "q": self.q,
            "tag": self.tag,
            "open": "1" if self.open_only else None,
            "sort": self.sort,
            "dir": self.direction,
            "page": str(self.page),
        }
        values.update(changes)
        if values["sort"] == DEFAULT_SORT[0] and values["dir"] == DEFAULT_SORT[1]:
            values.update(sort=None, dir=None)
        if values["page"] in ("1", 1):
            values["page"] = None
        return {name: str(value) for name, value in values.items() if value not in (None, "")}

    @property
    def filtered(self) -> bool:
        """Whether any filter narrows the table."""
        return bool(self.status or self.q or self.tag or self.open_only)


@dataclasses.dataclass(frozen=True)
class TablePage:
    """One page of the table and what it takes to draw the pager."""

    query: TableQuery
    rows: tuple[Card, ...]
    total: int
    per_page: int = PER_PAGE
    pages: int = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pages", max(1, -(-self.total // self.per_page)))


def read_query(values: Mapping[str, str | None]) -> TableQuery:
    """Builds the table query from address parameters; anything unknown falls back to a default."""
    status = (values.get("status") or "").strip().lower() or None
    if status is not None and status != CLOSED and status not in set(Status):
        status = None
    sort = (values.get("sort") or "").strip().lower()
    direction = (values.get("dir") or "").strip().lower()
    if sort not in SORTS:
        sort, direction = DEFAULT_SORT
    if direction not in ("asc", "desc"):
        direction = "desc" if sort == "changed" else "asc"
    try:
        page = min(max(int(values.get("page") or 1), 1), 1_000_000)
    except ValueError:
        page = 1
    q = " ".join((values.get("q") or "").split())[:200] or None
    tag = " ".join((values.get("tag") or "").lower().split())[:64] or None
    open_only = (values.get("open") or "").lower() in ("1", "on", "true", "yes")
    return TableQuery(
        status=status,
        q=q,
        tag=tag,
        open_only=open_only,
        sort=sort,
        direction=direction,
        page=page,
    )


def _statuses(query: TableQuery) -> tuple[str, ...] | None:
    """The statuses the filters allow; None for all, an empty tuple for none."""
    wanted: set[Status] | None = None
    if query.status == CLOSED:
        wanted = set(CLOSED_STATUSES)
    elif query.status:
        wanted = {Status(query.status)}
    if query.open_only:
        wanted = (wanted if wanted is not None else set(Status)) & set(OPEN_STATUSES)
    if wanted is None:
        return None
    return tuple(status.value for status in Status if status in wanted)


def _in_clause(column: str, values: Sequence[Any], prefix: str) -> tuple[str, dict[str, Any]]:
    names = [f"{prefix}_{index}" for index in range(len(values))]
    clause = f"{column} IN ({', '.join(':' + name for name in names)})"
    return clause, dict(zip(names, values, strict=True))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(user_id: int, query: TableQuery) -> tuple[str, dict[str, Any]] | None:
    clauses = ["a.user_id = :user_id"]
    params: dict[str, Any] = {"user_id": user_id}
    statuses = _statuses(query)
    if statuses is not None:
        if not statuses:
            return None  # e.g. "closed" and "open only" together: nothing can match
        clause, values = _in_clause("a.status", statuses, "status")
        clauses.append(clause)
        params.update(values)
    if query.q:
        # lower() on both sides: SQLite's LIKE ignores case, PostgreSQL's does not.
        clauses.append(
            "(lower(a.company) LIKE :q ESCAPE '\\' OR lower(a.role) LIKE :q ESCAPE '\\')"
        )
        params["q"] = f"%{_escape_like(query.q.lower())}%"
    if query.tag:
        clauses.append(
            "EXISTS (SELECT 1 FROM application_tags t "
            "WHERE t.application_id = a.id AND t.name = :tag)"
        )
        params["tag"] = query.tag
    return " AND ".join(clauses), params


def _as_date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _local_day(value: Any, zone: ZoneInfo) -> dt.date:
    """The day, in the user's zone, of a stored UTC instant (SQLite gives naive text)."""
    instant = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.UTC)
    return instant.astimezone(zone).date()


_CARD_COLUMNS = "a.id, a.company, a.role, a.status, a.applied_on, a.updated_at"


def _card(row: Sequence[Any], zone: ZoneInfo, tags: tuple[str, ...] = ()) -> Card:
    return Card(
        id=row[0],
        company=row[1],
        role=row[2],
        status=Status(row[3]),
        applied_on=_as_date(row[4]),
        changed_on=_local_day(row[5], zone),
        tags=tags,
    )


def board(execute: Execute, *, user_id: int, timezone: str) -> tuple[Column, ...]:
    """Every column of the board with its count and its most recently changed cards."""
    zone = localtime.zone(timezone)
    rows = execute(
        "SELECT a.status, COUNT(*) FROM applications a WHERE a.user_id = :user_id "
        "GROUP BY a.status",
        {"user_id": user_id},
    )
    counts: dict[str, int] = {str(row[0]): int(row[1]) for row in rows}
    columns = []
    for key, heading, statuses in COLUMNS:
        count = sum(counts.get(status.value, 0) for status in statuses)
        cards: tuple[Card, ...] = ()
        if count:
            clause, params = _in_clause("a.status", [s.value for s in statuses], "status")
            rows = execute(
                f"SELECT {_CARD_COLUMNS} FROM applications a "
                f"WHERE a.user_id = :user_id AND {clause} "
                f"ORDER BY a.updated_at DESC, a.id DESC LIMIT {CARDS_PER_COLUMN}",
                {"user_id": user_id, **params},
            )
            cards = tuple(_card(row, zone) for row in rows)
        columns.append(Column(key=key, heading=heading, count=count, cards=cards))
    return tuple(columns)


def table_page(
    execute: Execute, *, user_id: int, timezone: str, query: TableQuery, per_page: int = PER_PAGE
) -> TablePage:
    """One page of the user's applications, filtered and sorted as the query says."""
    found = _where(user_id, query)
    if found is None:
        return TablePage(query=query, rows=(), total=0, per_page=per_page)
    where, params = found
    total = int(execute(f"SELECT COUNT(*) FROM applications a WHERE {where}", params)[0][0])
    pages = max(1, -(-total // per_page))
    if query.page > pages:
        query = dataclasses.replace(query, page=pages)
    direction = "DESC" if query.direction == "desc" else "ASC"
    # The id keeps equal keys in a stable order. Missing applied dates go last either way;
    # only that column can be empty, and the prefix elsewhere would stop an index serving
    # the sort.
    key = SORTS[query.sort]
    nulls_last = f"{key} IS NULL, " if query.sort == "applied" else ""
    order = f"{nulls_last}{key} {direction}, a.id {direction}"
    rows = execute(
        f"SELECT {_CARD_COLUMNS} FROM applications a WHERE {where} ORDER BY {order} "
        f"LIMIT {per_page} OFFSET {(query.page - 1) * per_page}",
        params,
    )
    tags: dict[int, list[str]] = {}
    if rows:
        clause, id_params = _in_clause("t.application_id", [row[0] for row in rows], "id")
        for application_id, name in execute(
            f"SELECT t.application_id, t.name FROM application_tags t WHERE {clause} "
            "ORDER BY t.application_id, t.name",
            id_params,
        ):
            tags.setdefault(application_id, []).append(name)
    zone = localtime.zone(timezone)
    cards = tuple(_card(row, zone, tuple(tags.get(row[0], ()))) for row in rows)
    return TablePage(query=query, rows=cards, total=total, per_page=per_page)


def user_tags(execute: Execute, *, user_id: int, limit: int = 200) -> list[str]:
    """The tags the user has used, alphabetically (for the tag filter's choices)."""
    rows = execute(
        # From the (user_id, name) index alone: no lookup per application.
        "SELECT DISTINCT name FROM application_tags WHERE user_id = :user_id ORDER BY name "
        f"LIMIT {int(limit)}",
        {"user_id": user_id},
    )
    return [row[0] for row in rows]
