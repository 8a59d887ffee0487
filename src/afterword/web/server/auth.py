"""Every page and API route needs a signed-in person; the request then works for them."""

from __future__ import annotations

from urllib.parse import quote

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from afterword import clock
from afterword.accounts.service import SignedIn, signed_in
from afterword.accounts.user_settings import own_row, own_settings
from afterword.settings import Settings
from afterword.storage.row_security import acting_as
from afterword.storage.session import session_scope

SESSION_COOKIE = "afterword_session"
LOGIN_COOKIE = "afterword_sign_in"
# Reachable before signing in: the sign-in page, the pages of emailed links below /login/
# (forgotten password, reset, invitation), the app's own files, and calendar feeds (a
# calendar app cannot sign in; the secret token in the address stands for the person).
PUBLIC_PATHS = frozenset({"/login", "/favicon.ico"})
STATIC_PREFIX = "/static/"
PUBLIC_PREFIXES = (STATIC_PREFIX, "/login/", "/feeds/")
# Changes to settings that belong to the whole server (config.toml and its files): nobody
# signed in to the web app may make them. Each person's timings and mail account are their
# own (accounts.user_settings), and so is their template wording (drafts.own).
SERVER_WIDE = ("/settings/digest",)
SERVER_WIDE_REFUSAL = (
    "on a shared server this setting belongs to the server, not to one person; "
    "ask the people who run it"
)


def is_public(path: str) -> bool:
    """Whether a path is served to people who have not signed in."""
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _look_up(base: Settings, token: str) -> tuple[SignedIn, Settings] | None:
    with session_scope(base.database_url) as session:
        signed = signed_in(session=session, token=token, now=clock.now())
        if signed is None:
            return None
        # The person's own settings, read afresh on every request (a change made through any
        # web process holds at once). Their row is behind the row-level policy: the rest of
        # this transaction acts as them (SET LOCAL, so it ends with the transaction).
        session.execute(
            sa.text("SELECT set_config('app.user_id', :user_id, true)"),
            {"user_id": str(signed.user_id)},
        )
        row = own_row(session=session, user_id=signed.user_id)
        return signed, own_settings(base, row, handle=signed.handle)


class SignInRequired:
    """Finds the session behind the cookie; without one, pages go to /login and the API
    answers 401. With one, the request's settings name that person's user, and the
    database sees only their rows (storage.row_security)."""

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Lets the request through for a signed-in person, or a public path."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        path = scope["path"]
        # The app's own files are the same for everyone: a browser sends its cookie with
        # every stylesheet and script, and none of them needs the session looked up.
        token = None if path.startswith(STATIC_PREFIX) else request.cookies.get(SESSION_COOKIE)
        found = await run_in_threadpool(_look_up, self.settings, token) if token else None
        state = scope.setdefault("state", {})
        state["signed_in"] = found[0] if found else None
        if found is None:
            if is_public(path):
                with acting_as(None):
                    await self.app(scope, receive, send)
                return
            if path.startswith("/api/") or path == "/api":
                response: JSONResponse | RedirectResponse = JSONResponse(
                    {"detail": "sign in first: this server needs a signed-in account"},
                    status_code=401,
                )
            else:
                target = path + (
                    f"?{scope['query_string'].decode()}" if scope["query_string"] else ""
                )
                response = RedirectResponse(f"/login?next={quote(target)}", status_code=303)
            await response(scope, receive, send)
            return
        signed, own = found
        if scope["method"] not in ("GET", "HEAD", "OPTIONS") and path.startswith(SERVER_WIDE):
            refused: JSONResponse | PlainTextResponse = (
                JSONResponse({"detail": SERVER_WIDE_REFUSAL}, status_code=403)
                if path.startswith("/api/")
                else PlainTextResponse(SERVER_WIDE_REFUSAL, status_code=403)
            )
            await refused(scope, receive, send)
            return
        state["settings"] = own
        with acting_as(signed.user_id):
            await self.app(scope, receive, send)
