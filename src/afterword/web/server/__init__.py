"""Server mode for the web app: sign-in, server-side sessions, the user per request.

Imported by `create_app` only when `mode = "server"`; the single-user app never loads it.
See docs/server.md.
"""

from __future__ import annotations

import secrets

from fastapi import FastAPI, Request

from afterword.errors import AfterwordError
from afterword.settings import Settings
from afterword.storage.row_security import role_bypasses_policies, scope_rows_to_current_user
from afterword.storage.session import get_engine
from afterword.web.security import signed_token
from afterword.web.server import calendar_feed, coaching
from afterword.web.server.auth import LOGIN_COOKIE, SignInRequired
from afterword.web.server.links import router as links_router
from afterword.web.server.login import router


def install(app: FastAPI, settings: Settings, secret: bytes) -> None:
    """Makes the app serve signed-in people only, each their own workspace."""
    engine = get_engine(settings.database_url)
    role = role_bypasses_policies(engine)
    if role is not None:
        raise AfterwordError(
            f"server mode must not connect as '{role}': that role ignores row-level security "
            "(superuser or BYPASSRLS); connect as an ordinary role (see docs/server.md)"
        )
    scope_rows_to_current_user(engine)

    def csrf_token_for(request: Request) -> str:
        signed = getattr(request.state, "signed_in", None)
        if signed is not None:
            return str(signed.form_token)
        # The sign-in form: a token bound to the browser's sign-in cookie.
        nonce = getattr(request.state, "login_nonce", None) or request.cookies.get(LOGIN_COOKIE)
        if not nonce:
            return secrets.token_hex(20)  # matches nothing a request could send
        return signed_token(secret, "login", nonce)

    app.state.csrf_token_for = csrf_token_for
    app.include_router(router)
    app.include_router(links_router)
    app.include_router(calendar_feed.router)
    for coaching_router in coaching.ROUTERS:
        app.include_router(coaching_router)
    app.add_middleware(SignInRequired, settings=settings)
