"""Keeping other websites out, even on 127.0.0.1.

Three defences, all needed for a local app (a page the user visits elsewhere can make
their browser send requests to 127.0.0.1, or show afterword in a frame):

- The Host-header check refuses requests that name an unknown host, which defeats DNS
  rebinding (a hostile name that resolves to 127.0.0.1 and so becomes "same origin").
- Every state-changing request must carry a token that only our own pages know (from a
  meta tag, sent by HTMX as a header, or as a hidden form field). Another site can make
  the browser *send* a form to us, but cannot read our pages to learn the token.
- Every response carries headers that forbid framing (so no site can trick a click on
  Send or Delete), script or style from anywhere but our own files, content sniffing,
  and sending our addresses on as a Referer.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from afterword import paths
from afterword.errors import AfterwordError
from afterword.settings import Settings

CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_LOOPBACK = ("localhost", "127.0.0.1", "::1")


class CsrfError(AfterwordError):
    """A state-changing request came without our token: probably from another website."""


def load_secret(settings: Settings) -> bytes:
    """The key that signs tokens: from the settings, else a random one kept in the data dir."""
    if settings.web.secret:
        return settings.web.secret.encode()
    path = os.path.join(paths.data_dir(), "web-secret")
    try:
        with open(path, "rb") as existing:
            return existing.read().strip()
    except FileNotFoundError:
        pass
    paths.make_private_dir(os.path.dirname(path))
    key = secrets.token_hex(32).encode()
    # O_EXCL: two servers starting at once must not overwrite each other's key.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        with open(path, "rb") as existing:
            return existing.read().strip()
    with os.fdopen(descriptor, "wb") as created:
        created.write(key)
    return key


def signed_token(secret: bytes, purpose: str, subject: str) -> str:
    """A token for one purpose and one user that only the holder of the secret can make."""
    message = f"{purpose}:{subject}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:40]


def tokens_match(given: str | None, expected: str) -> bool:
    """Compares tokens in constant time."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def allowed_hosts(settings: Settings) -> frozenset[str]:
    """The host names this app answers to."""
    hosts = {*_LOOPBACK, *settings.web.allowed_hosts}
    if settings.web.host not in ("0.0.0.0", "::", ""):
        hosts.add(settings.web.host)
    return frozenset(host.lower() for host in hosts)


def host_name(header: str) -> str:
    """The host part of a Host header ("127.0.0.1:8765" -> "127.0.0.1", "[::1]:80" -> "::1")."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


# Only afterword's own files run or style a page: its templates hold no inline script or style
# attribute, and every asset is vendored under /static. Pico's icons are data: images.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The API's documentation page is Swagger UI, vendored under /static like every other asset
# and started by a file of its own; its React components set style attributes, so that page
# alone allows inline styles. Everything else keeps the strict policy.
API_DOCS_PATH = "/api/docs"
_API_DOCS_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)
_OTHER_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-frame-options", b"DENY"),  # frame-ancestors for browsers that predate it
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    *_OTHER_HEADERS,
)
_API_DOCS_HEADERS = ((b"content-security-policy", _API_DOCS_POLICY.encode()), *_OTHER_HEADERS)


class SecurityHeadersMiddleware:
    """Adds SECURITY_HEADERS to every HTTP response: pages, the API, files and errors."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Passes the request on, adding the headers to the response's start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _API_DOCS_HEADERS if scope["path"] == API_DOCS_PATH else SECURITY_HEADERS

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                given = {name.lower() for name, _value in message.get("headers", [])}
                extra = [header for header in headers if header[0] not in given]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


class HostCheckMiddleware:
    """Refuses requests whose Host header names a host we do not serve."""

    def __init__(self, app: ASGIApp, *, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Lets the request through only for a known host."""
        if scope["type"] in ("http", "websocket"):
            headers = dict(scope["headers"])
            host = host_name(headers.get(b"host", b"").decode("latin-1"))
            if host not in self.hosts:
                response = PlainTextResponse(
                    "This address is not one afterword answers to (unknown Host header).",
                    status_code=400,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def verify_csrf(request: Request) -> None:
    """Refuses a state-changing request without our token, or sent from another origin."""
    if request.method in SAFE_METHODS:
        return
    origin = request.headers.get("origin")
    if origin and origin != "null":
        origin_host = urlsplit(origin).netloc.lower()
        if origin_host != request.headers.get("host", "").lower():
            raise CsrfError("this request came from another website and was refused")
    expected: str = request.app.state.csrf_token_for(request)
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()  # cached by Starlette; the endpoint reads it again
        field = form.get(CSRF_FIELD)
        given = field if isinstance(field, str) else None
    if not tokens_match(given, expected):
        raise CsrfError(
            "this form has expired or came from another website; reload the page and try again"
        )
