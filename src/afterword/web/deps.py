"""Request dependencies: one workspace (session, user, clock) per request, committed at the end."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from collections.abc import AsyncIterator
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from afterword import clock
from afterword.playbook.service import has_changes, plan_is_current
from afterword.settings import Settings
from afterword.workspace import Workspace, workspace_scope

# At most this many requests hold a database connection at once. The session is opened on
# the event loop, so a request must never wait for a pooled connection there (that would
# block the loop that the connection's holder needs to finish): the wait happens here,
# asynchronously. It stays below SQLAlchemy's default pool (5 + 10 overflow).
DATABASE_SLOTS = 12


class RequestState:
    """What the app keeps between requests: database slots and the day each user was planned."""

    def __init__(self) -> None:
        self.slots = asyncio.Semaphore(DATABASE_SLOTS)
        self.plan_lock = asyncio.Lock()
        # user handle -> (the local date the agenda was planned for, the user's time zone)
        self.planned_on: dict[str, tuple[dt.date, str]] = {}

    def planned_today(self, handle: str) -> bool:
        """Whether this user's agenda was already planned for their current date."""
        known = self.planned_on.get(handle)
        return known is not None and clock.today(known[1]) == known[0]


@functools.cache
def _local_database(url: str) -> bool:
    """Whether the database is a local SQLite file: opening and committing a read there is
    sub-millisecond, and done on the event loop saves two thread hops per page."""
    return sa.make_url(url).get_backend_name() == "sqlite"


def request_settings(request: Request) -> Settings:
    """The settings this request works with: in server mode, those of the signed-in person
    (web/server/auth.py); otherwise the app's."""
    settings: Settings = getattr(request.state, "settings", None) or request.app.state.settings
    return settings


def _plan_now(settings: Settings) -> tuple[dt.date, str]:
    """Re-plans the agenda in its own transaction unless another process already did today."""
    with workspace_scope(settings, immediate=True) as workspace:
        if not plan_is_current(
            user=workspace.user, today=workspace.today, timings=settings.playbook
        ):
            workspace.replan()
        return workspace.today, workspace.user.timezone


async def _plan_for_today(request: Request) -> None:
    """Re-plans once a day per user, so actions that fall due today show without any change.

    One request does it (in a worker thread: it can take seconds on a large search) while
    the others wait, instead of every request of the morning re-planning at once.
    """
    state: RequestState = request.app.state.requests
    settings = request_settings(request)
    handle = settings.user
    if state.planned_today(handle):
        return
    async with state.plan_lock:
        if not state.planned_today(handle):
            async with state.slots:
                state.planned_on[handle] = await run_in_threadpool(_plan_now, settings)


async def get_workspace(request: Request) -> AsyncIterator[Workspace]:
    """Opens the user's workspace; commits when the handler succeeds, rolls back otherwise.

    Opening a session and committing a read are sub-millisecond, so they run on the event
    loop; a commit that re-plans after a change can take seconds on a large search, so it
    goes to a worker thread. This saves two thread hops per page compared with a plain
    `def` dependency (about 1 ms of 2.4, measured while building bench/web.py).
    """
    await _plan_for_today(request)
    settings = request_settings(request)
    on_loop = _local_database(settings.database_url)
    async with request.app.state.requests.slots:
        if request.method in ("GET", "HEAD", "OPTIONS") and on_loop:
            scope = workspace_scope(settings)
            workspace = scope.__enter__()
        elif request.method in ("GET", "HEAD", "OPTIONS"):
            # A server's database is across a socket: BEGIN, the row-level SET LOCAL, the
            # user and COMMIT are four round trips, each as slow as the database is busy.
            # On the loop they would hold up every other request of the process meanwhile.
            scope = workspace_scope(settings)
            workspace = await run_in_threadpool(scope.__enter__)
        else:
            # A form or an API call writes: it waits for its turn to write from the start
            # (behind an import's batch, say), in a worker thread so the loop never waits.
            scope = workspace_scope(request_settings(request), immediate=True)
            workspace = await run_in_threadpool(scope.__enter__)
        request.state.workspace = workspace
        try:
            yield workspace
        except BaseException as error:
            # Rolled back and closed: the error page must not read the (now detached) user.
            request.state.workspace = None
            scope.__exit__(type(error), error, error.__traceback__)
            raise
        if has_changes(workspace.session) or not on_loop:
            await run_in_threadpool(scope.__exit__, None, None, None)
        else:
            scope.__exit__(None, None, None)


# scope="function": the transaction ends when the handler returns, before the response is
# sent, so a page never reports a change that did not commit.
WorkspaceDep = Annotated[Workspace, Depends(get_workspace, scope="function")]
