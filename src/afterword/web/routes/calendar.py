"""The Calendar page, the subscription feed behind its secret address, and the download."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterword import clock
from afterword.accounts import calendar_feeds
from afterword.calendar import service
from afterword.calendar.feed import preview
from afterword.settings import Settings
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


def public_base(settings: Settings, request: Request) -> str:
    """The server's address as people outside reach it (web.public_url when set)."""
    return (settings.web.public_url or str(request.base_url)).rstrip("/")


def subscription_url(request: Request, workspace: Workspace) -> str:
    """The absolute address of the user's feed (its token is made on first need)."""
    token = service.feed_token(session=workspace.session, user=workspace.user)
    return base_url(request) + service.feed_path(token)


def _link_context(
    request: Request, workspace: Workspace, *, new_token: str | None = None
) -> dict[str, object]:
    host = host_name(request.headers.get("host", ""))
    if workspace.settings.server_mode:
        # Only the token's hash is kept: the address can be shown once, just after it is made.
        return {
            "server_feed": True,
            "has_feed": calendar_feeds.has_feed(
                session=workspace.session, user_id=workspace.user_id
            ),
            "feed_url": (
                public_base(workspace.settings, request) + service.server_feed_path(new_token)
                if new_token
                else None
            ),
            "local_only": host in _LOOPBACK,
        }
    return {
        "feed_url": subscription_url(request, workspace),
        "local_only": host in _LOOPBACK,
    }


@router.get("/calendar", response_class=HTMLResponse)
def calendar_page(request: Request, workspace: WorkspaceDep) -> HTMLResponse:
    """Shows the subscription link, how to use it, and what the feed holds next."""
    return _page(request, workspace, _link_context(request, workspace))


def _page(request: Request, workspace: Workspace, link: dict[str, object]) -> HTMLResponse:
    events = service.load_events(
        session=workspace.session, user=workspace.user, today=workspace.today, now=workspace.now
    )
    return render(
        request,
        "calendar.html",
        {
            "title": "Calendar",
            **link,
            "coming": preview(
                events, today=workspace.today, timezone=workspace.user.timezone, limit=20
            ),
        },
    )


@router.post("/calendar/new-link", response_class=HTMLResponse)
def new_link(request: Request, workspace: WorkspaceDep) -> Response:
    """Replaces the feed's token: the old address stops working at once."""
    if workspace.settings.server_mode:
        token = calendar_feeds.new_address_token(
            session=workspace.session, user_id=workspace.user_id, now=clock.now()
        )
        # Shown on this answer only (no redirect: the address is not kept to show later).
        message = (
            "Here is your link. Copy it now: for your safety it is shown only this once. "
            "Any earlier link no longer works."
        )
        return _link_answer(request, workspace, message, new_token=token)
    service.replace_feed_token(session=workspace.session, user=workspace.user)
    message = "Here is a new link. The old one no longer works, so subscribe again with this one."
    if is_htmx(request):
        return render(
            request,
            "partials/_calendar_link.html",
            {**_link_context(request, workspace), "note": message},
        )
    return flash(RedirectResponse("/calendar", status_code=303), message)


def _link_answer(
    request: Request, workspace: Workspace, message: str, *, new_token: str | None = None
) -> HTMLResponse:
    context = {**_link_context(request, workspace, new_token=new_token), "note": message}
    if is_htmx(request):
        return render(request, "partials/_calendar_link.html", context)
    return _page(request, workspace, context)


@router.post("/calendar/stop-feed", response_class=HTMLResponse)
def stop_feed(request: Request, workspace: WorkspaceDep) -> Response:
    """Server mode: stops the feed; its address answers 'not found' from now on."""
    if not workspace.settings.server_mode:
        return Response("Not found\n", status_code=404, media_type="text/plain")
    stopped = calendar_feeds.stop(session=workspace.session, user_id=workspace.user_id)
    message = (
        "The feed is stopped: calendars subscribed to it get nothing new."
        if stopped
        else "There was no feed to stop."
    )
    return _link_answer(request, workspace, message)


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
    """The subscription feed; only the current token opens it. In server mode the token is
    the person's server feed token (only its hash is kept; web.server.calendar_feed serves
    the same feed without a session)."""
    if workspace.settings.server_mode:
        owner = calendar_feeds.owner_of(session=workspace.session, token=token)
        matches = owner == workspace.user_id
    else:
        matches = len(token) <= MAX_TOKEN_LENGTH and service.token_matches(workspace.user, token)
    if not matches:
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
