"""The Calendar page, the subscription feed behind its secret address, and the download."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterword.calendar import service
from afterword.calendar.feed import preview
from afterword.web.deps import WorkspaceDep
from afterword.web.flash import flash
from afterword.web.security import host_name
from afterword.web.templating import is_htmx, render
from afterword.workspace import Workspace

router = APIRouter(include_in_schema=False)

CALENDAR_TYPE = "text/calendar; charset=utf-8"
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
# Tokens are token_urlsafe(24): 32 characters; anything much longer is not worth comparing.
MAX_TOKEN_LENGTH = 64


def base_url(request: Request) -> str:
    """The app's address as the browser reached it, e.g. http://localhost:8765."""
    return str(request.base_url).rstrip("/")


def subscription_url(request: Request, workspace: Workspace) -> str:
    """The absolute address of the user's feed (its token is made on first need)."""
    token = service.feed_token(session=workspace.session, user=workspace.user)
    return base_url(request) + service.feed_path(token)


def _link_context(request: Request, workspace: Workspace) -> dict[str, object]:
    host = host_name(request.headers.get("host", ""))
    return {
        "feed_url": subscription_url(request, workspace),
        "local_only": host in _LOOPBACK,
    }


@router.get("/calendar", response_class=HTMLResponse)
def calendar_page(request: Request, workspace: WorkspaceDep) -> HTMLResponse:
    """Shows the subscription link, how to use it, and what the feed holds next."""
    events = service.load_events(
        session=workspace.session, user=workspace.user, today=workspace.today, now=workspace.now
    )
    return render(
        request,
        "calendar.html",
        {
            "title": "Calendar",
            **_link_context(request, workspace),
            "coming": preview(
                events, today=workspace.today, timezone=workspace.user.timezone, limit=20
            ),
        },
    )


@router.post("/calendar/new-link", response_class=HTMLResponse)
def new_link(request: Request, workspace: WorkspaceDep) -> Response:
    """Replaces the feed's token: the old address stops working at once."""
    service.replace_feed_token(session=workspace.session, user=workspace.user)
    message = "Here is a new link. The old one no longer works, so subscribe again with this one."
    if is_htmx(request):
        return render(
            request,
            "partials/_calendar_link.html",
            {**_link_context(request, workspace), "note": message},
        )
    return flash(RedirectResponse("/calendar", status_code=303), message)


# Declared before the feed: "afterword.ics" would otherwise read as a token.
@router.get("/calendar/afterword.ics")
def download(request: Request, workspace: WorkspaceDep) -> Response:
    """The feed as a one-off file to import (it does not update itself)."""
    body = service.feed_for(
        session=workspace.session,
        user=workspace.user,
        today=workspace.today,
        now=workspace.now,
        base_url=base_url(request),
    )
    return Response(
        body,
        media_type=CALENDAR_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{service.FEED_FILE_NAME}"',
            "Cache-Control": "no-store",
        },
    )


@router.api_route("/calendar/{token}.ics", methods=["GET", "HEAD"])
def feed(request: Request, token: str, workspace: WorkspaceDep) -> Response:
    """The subscription feed; only the current token opens it."""
    if len(token) > MAX_TOKEN_LENGTH or not service.token_matches(workspace.user, token):
        # Nothing about the user, not even the error page with their navigation.
        return Response("Not found\n", status_code=404, media_type="text/plain")
    body = service.feed_for(
        session=workspace.session,
        user=workspace.user,
        today=workspace.today,
        now=workspace.now,
        base_url=base_url(request),
    )
    return Response(
        body,
        media_type=CALENDAR_TYPE,
        headers={
            "Content-Disposition": f'inline; filename="{service.FEED_FILE_NAME}"',
            "Cache-Control": "private, no-cache",
        },
    )
