"""The calendar feed in server mode: fetched by calendar apps, which cannot sign in.

The path is public (auth.is_public). The token names one person; their feed is read in a
transaction scoped to that person alone (storage.row_security), never an unscoped one.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from afterword import clock
from afterword.accounts import calendar_feeds
from afterword.calendar import service
from afterword.profile.models import User
from afterword.settings import Settings
from afterword.storage.row_security import acting_as
from afterword.storage.session import session_scope
from afterword.web.routes.calendar import CALENDAR_TYPE, public_base

router = APIRouter(include_in_schema=False)


def _not_found() -> Response:
    # The same answer for a token never made, replaced, stopped, or a disabled account's.
    return Response("Not found\n", status_code=404, media_type="text/plain")


def _too_many(wait: int) -> Response:
    # The same answer whichever limit was reached (the token's or the client's), and whether
    # the token is real or not: it tells a guesser nothing.
    minutes = max(1, -(-wait // 60))
    return Response(
        f"Too many requests for this calendar feed; try again in {minutes} minute"
        f"{'' if minutes == 1 else 's'}.\n",
        status_code=429,
        media_type="text/plain",
        headers={"Retry-After": str(wait)},
    )


@router.api_route(service.SERVER_FEED_PREFIX + "{token}.ics", methods=["GET", "HEAD"])
def feed(request: Request, token: str) -> Response:
    """The person's events as an iCalendar feed, for whoever holds the address."""
    settings: Settings = request.app.state.settings
    address = request.client.host if request.client else "unknown"
    # Whoever else may be signed in in this browser, the lookup acts as nobody ...
    with acting_as(None), session_scope(settings.database_url) as session:
        wait = calendar_feeds.fetch_refused_for(
            session=session, token=token, address=address, now=clock.now()
        )
        user_id = None if wait else calendar_feeds.owner_of(session=session, token=token)
    if wait:
        return _too_many(wait)
    if user_id is None:
        return _not_found()
    # ... and the feed is read as the token's owner only.
    with acting_as(user_id), session_scope(settings.database_url) as session:
        user = session.get(User, user_id)
        if user is None:
            return _not_found()
        body = service.feed_for(
            session=session,
            user=user,
            today=clock.today(user.timezone),
            now=clock.now(),
            base_url=public_base(settings, request),
        )
    return Response(
        body,
        media_type=CALENDAR_TYPE,
        headers={
            "Content-Disposition": f'inline; filename="{service.FEED_FILE_NAME}"',
            "Cache-Control": "private, no-cache",
        },
    )
