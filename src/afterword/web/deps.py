"""Request dependencies: one workspace (session, user, clock) per request, committed at the end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from afterword.workspace import Workspace, workspace_scope


def _plan_for_today(workspace: Workspace, request: Request) -> None:
    """Re-plans once a day per user, so actions that fall due today show without any change."""
    planned_on: dict[int, object] = request.app.state.planned_on
    if planned_on.get(workspace.user_id) != workspace.today:
        workspace.replan()
        planned_on[workspace.user_id] = workspace.today


def get_workspace(request: Request) -> Iterator[Workspace]:
    """Opens the user's workspace; commits when the handler succeeds, rolls back otherwise."""
    with workspace_scope(request.app.state.settings) as workspace:
        request.state.workspace = workspace
        _plan_for_today(workspace, request)
        yield workspace


# scope="function": the transaction ends when the handler returns, before the response is
# sent, so a page never reports a change that did not commit.
WorkspaceDep = Annotated[Workspace, Depends(get_workspace, scope="function")]
