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

# The memory a process may spend on kept pages by default. A page of a 5,000-application
# search weighs 40-120 kB; a server process with a hundred people signed in, each reloading
# Today and Pipeline, keeps both for all of them in well under this (bench/server.py).
DEFAULT_BYTES = 64 * 1024 * 1024
# A page bigger than this share of the budget is not kept: it would push out many others.
LARGEST_SHARE = 8


class PageCache:
    """The last page built at each address for each person, with the data version it was
    built from (one cache per app, in memory).

    Bounded by the bytes kept, not by a count: a count that suits one person reloading two
    pages forgets everything once a hundred people share a process, so every request would
    rebuild. The least recently used pages go first. Each address keeps only its latest
    version: a page built from newer data replaces the stale one instead of sitting beside
    it until it ages out.
    """

    def __init__(self, max_bytes: int = DEFAULT_BYTES) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._pages: OrderedDict[tuple[object, ...], tuple[tuple[object, ...], bytes]] = (
            OrderedDict()
        )
        self._lock = Lock()

    def __len__(self) -> int:
        return len(self._pages)

    def get(self, key: tuple[object, ...], version: tuple[object, ...]) -> bytes | None:
        """The page kept under `key`, if it was built from this version of the data."""
        with self._lock:
            kept = self._pages.get(key)
            if kept is None or kept[0] != version:
                return None
            self._pages.move_to_end(key)
            return kept[1]

    def put(self, key: tuple[object, ...], version: tuple[object, ...], body: bytes) -> None:
        """Keeps a page, forgetting the least recently used ones beyond the budget."""
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self.size -= len(old[1])
            if len(body) * LARGEST_SHARE > self.max_bytes:
                return  # too big to keep; the page it replaces is gone either way
            self._pages[key] = (version, body)
            self.size += len(body)
            while self.size > self.max_bytes:
                _, (_, dropped) = self._pages.popitem(last=False)
                self.size -= len(dropped)

    def clear(self) -> None:
        """Forgets every kept page."""
        with self._lock:
            self._pages.clear()
            self.size = 0


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
    # Whose page, at which address: a page is only ever found again by the same person.
    key = (
        workspace.user_id,
        # The page carries the form token: in server mode each session has its own.
        request.app.state.csrf_token_for(request),
        request.url.path,
        request.url.query,
        request.headers.get("hx-request"),
        request.headers.get("hx-target"),
    )
    # What it was built from: every change bumps the revision, and dates shift at midnight.
    version = (workspace.user.revision, workspace.today)
    body = cache.get(key, version)
    if body is not None:
        return HTMLResponse(body)
    response = await run_in_threadpool(build)
    if response.status_code == 200:
        cache.put(key, version, bytes(response.body))
    return response
