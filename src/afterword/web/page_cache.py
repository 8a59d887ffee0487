"""Reusing a rendered page while the data behind it has not changed.

Today and Pipeline are the pages people reload most, and on a large search building them
costs a dozen queries and a large template. Every change to a user's data re-plans their
agenda, and every re-plan bumps `User.revision`; the workspace reads the user row on every
request anyway, so the key (page, query, user, revision, local date) costs nothing to make
and can never serve a page built from older data. Each server process keeps its own small
cache; nothing is shared or written anywhere.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse

from afterword.web.flash import COOKIE as FLASH_COOKIE
from afterword.workspace import Workspace

# Pages kept per app: a few query variants of two pages for one or a few users.
CAPACITY = 64


class PageCache:
    """The last pages built, by the data they were built from (one per app, in memory)."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._pages: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple[object, ...]) -> bytes | None:
        """The page kept under `key`, if any."""
        with self._lock:
            body = self._pages.get(key)
            if body is not None:
                self._pages.move_to_end(key)
            return body

    def put(self, key: tuple[object, ...], body: bytes) -> None:
        """Keeps a page, forgetting the least recently used beyond capacity."""
        with self._lock:
            self._pages[key] = body
            while len(self._pages) > self.capacity:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        """Forgets every kept page."""
        with self._lock:
            self._pages.clear()


async def cached_page(
    request: Request, workspace: Workspace, build: Callable[[], HTMLResponse]
) -> HTMLResponse:
    """Returns the page built by `build`, reusing the last one built from the same data.

    A page kept answers on the event loop (a dictionary lookup); only building one goes to a
    worker thread, where its queries and template may take milliseconds without holding up
    other requests. The thread hop cost about a third of a kept page's time.
    """
    if FLASH_COOKIE in request.cookies:
        # A one-time message belongs to this response only.
        return await run_in_threadpool(build)
    cache: PageCache = request.app.state.page_cache
    key = (
        request.url.path,
        request.url.query,
        request.headers.get("hx-request"),
        request.headers.get("hx-target"),
        workspace.user_id,
        # The page carries the form token: in server mode each session has its own.
        request.app.state.csrf_token_for(request),
        workspace.user.revision,
        workspace.today,
    )
    body = cache.get(key)
    if body is not None:
        return HTMLResponse(body)
    response = await run_in_threadpool(build)
    if response.status_code == 200:
        cache.put(key, bytes(response.body))
    return response
