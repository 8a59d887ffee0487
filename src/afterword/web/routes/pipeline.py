"""The Pipeline page: a quick-add form, the board by stage, and the sortable, filterable table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from afterword.pipeline.board import CLOSED, TableQuery, board, read_query, table_page
from afterword.pipeline.board import user_tags as read_user_tags
from afterword.pipeline.status import Status
from afterword.web.deps import WorkspaceDep
from afterword.web.forms import FormState
from afterword.web.page_cache import cached_page
from afterword.web.templating import is_htmx, render
from afterword.workspace import Workspace

router = APIRouter(include_in_schema=False)

TABLE_ID = "pipeline-table"

# The table's headers: (sort key, label).
HEADERS = (
    ("company", "Company"),
    ("role", "Role"),
    ("status", "Status"),
    ("applied", "Applied"),
    ("changed", "Last change"),
)
STATUS_CHOICES = [(status.value, status.label.capitalize()) for status in Status] + [
    (CLOSED, "Any closed status")
]


def executor(workspace: Workspace) -> Any:
    """Runs plain SQL on the request's connection, returning rows as tuples."""
    connection = workspace.session.connection()

    def execute(sql: str, params: dict[str, Any]) -> Sequence[Sequence[Any]]:
        return connection.execute(sa.text(sql), params).all()

    return execute


def table_url(query: TableQuery, **changes: Any) -> str:
    """The address of the table with `changes` applied to its query."""
    params = query.params(**changes)
    return "/pipeline" + ("?" + urlencode(params) if params else "")


def sort_link(query: TableQuery, key: str) -> str:
    """The address that sorts by `key`, flipping the direction when already sorted by it."""
    if query.sort == key:
        direction = "asc" if query.direction == "desc" else "desc"
    else:
        direction = "desc" if key in ("changed", "applied") else "asc"
    return table_url(query, sort=key, dir=direction, page=1)


def aria_sort(query: TableQuery, key: str) -> str:
    """The header's aria-sort value."""
    if query.sort != key:
        return "none"
    return "ascending" if query.direction == "asc" else "descending"


def table_context(workspace: Workspace, params: dict[str, str]) -> dict[str, Any]:
    """What the table partial needs: one page of rows and the links around it."""
    execute = executor(workspace)
    query = read_query(params)
    return {
        "table": table_page(
            execute, user_id=workspace.user_id, timezone=workspace.user.timezone, query=query
        ),
        "headers": HEADERS,
        "status_choices": STATUS_CHOICES,
        "tags": read_user_tags(execute, user_id=workspace.user_id),
        "table_url": table_url,
        "sort_link": sort_link,
        "aria_sort": aria_sort,
        "table_id": TABLE_ID,
    }


def pipeline_context(
    workspace: Workspace, params: dict[str, str], add_form: FormState[Any] | None = None
) -> dict[str, Any]:
    """Everything the Pipeline page shows."""
    context = table_context(workspace, params)
    context.update(
        title="Pipeline",
        columns=board(
            executor(workspace), user_id=workspace.user_id, timezone=workspace.user.timezone
        ),
        blank_query=TableQuery(),
        add_values=add_form.values if add_form else {"applied_on": workspace.today.isoformat()},
        add_errors=add_form.errors if add_form else {},
    )
    return context


@router.get("/pipeline", response_class=HTMLResponse)
async def pipeline_page(request: Request, workspace: WorkspaceDep) -> HTMLResponse:
    """Shows the board and the table; an HTMX request for the table gets the table alone."""
    params = {key: value for key, value in request.query_params.items() if len(value) <= 400}
    if is_htmx(request) and request.headers.get("hx-target") == TABLE_ID:
        return await cached_page(
            request,
            workspace,
            lambda: render(
                request, "partials/_pipeline_table.html", table_context(workspace, params)
            ),
        )
    return await cached_page(
        request,
        workspace,
        lambda: render(request, "pipeline.html", pipeline_context(workspace, params)),
    )
