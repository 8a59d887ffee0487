"""The sign-in page and signing out."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from afterword import clock
from afterword.accounts.service import end_all_sessions, end_session, open_session, sign_in
from afterword.storage.session import session_scope
from afterword.web.server.auth import LOGIN_COOKIE, SESSION_COOKIE
from afterword.web.templating import render

router = APIRouter(include_in_schema=False)
SESSION_SECONDS = 14 * 24 * 3600


def _safe_next(target: str | None) -> str:
    """Only a path on this site: a sign-in link must not send people elsewhere."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def _over_https(request: Request) -> bool:
    """Whether the browser reached us over HTTPS (directly, or through a TLS proxy that says
    so). Trusting the header is safe here: it can only make the cookie stricter."""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def public_page(
    request: Request, template: str, context: Mapping[str, Any], *, status: int = 200
) -> HTMLResponse:
    """A page for people not signed in, whose forms carry a token bound to the sign-in
    cookie (kept under /login, so the pages below /login/ share it)."""
    nonce = request.cookies.get(LOGIN_COOKIE)
    if not nonce:
        nonce = secrets.token_urlsafe(24)
        request.state.login_nonce = nonce
    response = render(request, template, dict(context), status_code=status)
    response.set_cookie(
        LOGIN_COOKIE,
        nonce,
        httponly=True,
        samesite="lax",
        secure=_over_https(request),
        path="/login",
    )
    return response


def _login_page(
    request: Request, *, next_: str, email: str = "", refusal: str | None = None, status: int = 200
) -> HTMLResponse:
    context = {"title": "Sign in", "next": next_, "email": email, "refusal": refusal}
    return public_page(request, "login.html", context, status=status)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> Response:
    """The sign-in form (a signed-in person goes straight on)."""
    if getattr(request.state, "signed_in", None) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_page(request, next_=_safe_next(next))


def _sign_in(
    database_url: str, email: str, password: str, address: str, replacing: str | None
) -> tuple[str | None, str | None]:
    with session_scope(database_url) as session:
        now = clock.now()
        outcome = sign_in(session=session, email=email, password=password, address=address, now=now)
        if outcome.account is None:
            return None, outcome.refusal
        return open_session(
            session=session, account=outcome.account, now=now, replacing=replacing
        ), None


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    email: Annotated[str, Form(max_length=400)] = "",
    password: Annotated[str, Form(max_length=4096)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Signs in: a new session (and cookie) every time, never the one the browser brought."""
    address = request.client.host if request.client else "unknown"
    token, refusal = await run_in_threadpool(
        _sign_in,
        request.app.state.settings.database_url,
        email,
        password,
        address,
        request.cookies.get(SESSION_COOKIE),
    )
    if token is None:
        status = 429 if refusal and refusal.startswith("too many") else 401
        return _login_page(
            request, next_=_safe_next(next), email=email, refusal=refusal, status=status
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=_over_https(request),
        path="/",
    )
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


def _sign_out(database_url: str, token: str) -> None:
    with session_scope(database_url) as session:
        end_session(session=session, token=token)


@router.post("/logout")
async def logout(request: Request) -> Response:
    """Ends this session on the server; the cookie goes too."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await run_in_threadpool(_sign_out, request.app.state.settings.database_url, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _sign_out_everywhere(database_url: str, account_id: int) -> None:
    with session_scope(database_url) as session:
        end_all_sessions(session=session, account_id=account_id)


@router.post("/logout/everywhere")
async def logout_everywhere(request: Request) -> Response:
    """Ends every session of the signed-in account, on every device."""
    signed = request.state.signed_in  # the middleware let only a signed-in request through
    await run_in_threadpool(
        _sign_out_everywhere, request.app.state.settings.database_url, signed.account_id
    )
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
