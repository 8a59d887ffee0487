"""One-time messages shown on the next page ("Application added"), carried in a cookie."""

from __future__ import annotations

from urllib.parse import quote, unquote

from starlette.requests import Request
from starlette.responses import Response

COOKIE = "afterword_flash"


def flash(response: Response, message: str) -> Response:
    """Shows `message` on the next page the browser opens."""
    response.set_cookie(COOKIE, quote(message), max_age=60, httponly=True, samesite="strict")
    return response


def take_flash(request: Request) -> str | None:
    """The message waiting for this page, if any (the template clears the cookie)."""
    raw = request.cookies.get(COOKIE)
    return unquote(raw)[:300] if raw else None
