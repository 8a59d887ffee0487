"""Reading the events the calendar feed shows, and keeping the feed's secret address.

The feed's address carries a random token instead of a login: calendar apps cannot sign
in, so whoever holds the address can read the feed. Making a new token revokes the old
address at once.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.calendar.feed import (
    ActionEvent,
    CalendarEvents,
    DeadlineEvent,
    InterviewEvent,
    build_feed,
)
from afterword.offers.models import Offer
from afterword.pipeline.models import Application, Interview, InterviewKind
from afterword.pipeline.status import OfferDecision
from afterword.playbook.models import ActionState, PlannedAction
from afterword.profile.models import User
from afterword.settings import WebSettings
from afterword.validation import is_timezone

# Interviews this long ago still show, so the week just past reads complete.
RECENT_INTERVIEW_DAYS = 30
# A deadline that passed without a recorded decision stays visible for a week.
RECENT_DEADLINE_DAYS = 7
FEED_FILE_NAME = "afterword.ics"

_INTERVIEW_LABELS = {
    InterviewKind.RECRUITER_SCREEN: "Recruiter screen",
    InterviewKind.PHONE_SCREEN: "Phone screen",
    InterviewKind.TECHNICAL: "Technical interview",
    InterviewKind.SYSTEM_DESIGN: "System design interview",
    InterviewKind.BEHAVIOURAL: "Behavioural interview",
    InterviewKind.TAKE_HOME: "Take-home task due",
    InterviewKind.ONSITE: "Onsite interview",
    InterviewKind.PANEL: "Panel interview",
    InterviewKind.HIRING_MANAGER: "Hiring-manager conversation",
    InterviewKind.FINAL: "Final interview",
    InterviewKind.OTHER: "Interview",
}


def new_token() -> str:
    """A fresh unguessable token (192 random bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def feed_token(*, session: Session, user: User) -> str:
    """The user's feed token, made on first need."""
    if not user.calendar_token:
        user.calendar_token = new_token()
        session.flush()
    return user.calendar_token


def replace_feed_token(*, session: Session, user: User) -> str:
    """Gives the user a new feed token; the old address stops working."""
    user.calendar_token = new_token()
    session.flush()
    return user.calendar_token


def token_matches(user: User, given: str) -> bool:
    """Whether `given` is the user's feed token (compared in constant time)."""
    expected = user.calendar_token
    if not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def feed_path(token: str) -> str:
    """The path of the subscription feed for this token."""
    return f"/calendar/{token}.ics"


# Server mode's feeds: outside /calendar, so the prefix can be public (no sign-in) without
# making the signed-in Calendar page or the download public too.
SERVER_FEED_PREFIX = "/feeds/"


def server_feed_path(token: str) -> str:
    """The path of a server-mode feed for this token (accounts.calendar_feeds)."""
    return f"{SERVER_FEED_PREFIX}{token}.ics"


def configured_base_url(web: WebSettings) -> str:
    """The app's address from the [web] settings, as `afterword serve` would answer at it."""
    host = web.host
    if host in ("0.0.0.0", "::", ""):
        # Listening everywhere: the first name the app answers to is the best guess.
        host = web.allowed_hosts[0] if web.allowed_hosts else "localhost"
    elif host in ("127.0.0.1", "::1"):
        host = "localhost"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{web.port}"


def _zone(given: str | None, fallback: str) -> str:
    """The interview's zone when it is a real one (it is free text), else the user's."""
    return given if given and is_timezone(given) else fallback


def _interview_label(kind: InterviewKind) -> str:
    return _INTERVIEW_LABELS.get(kind, "Interview")


def load_events(
    *, session: Session, user: User, today: dt.date, now: dt.datetime
) -> CalendarEvents:
    """Reads the open actions, recent and coming interviews, and pending offer deadlines."""
    actions = [
        ActionEvent(
            uid=row.uid,
            title=row.kind.headline,
            due=row.effective_due,
            reason=row.reason,
            company=company,
            path=f"/applications/{row.application_id}" if row.application_id else "/",
        )
        for row, company in session.execute(
            sa.select(PlannedAction, Application.company)
            .outerjoin(Application, PlannedAction.application_id == Application.id)
            .where(PlannedAction.user_id == user.id, PlannedAction.state == ActionState.OPEN)
            .order_by(PlannedAction.due, PlannedAction.id)
        )
    ]
    since = now - dt.timedelta(days=RECENT_INTERVIEW_DAYS)
    interviews = [
        InterviewEvent(
            uid=row.uid,
            company=company,
            role=role,
            label=_interview_label(row.kind),
            starts_at=row.scheduled_at,
            timezone=_zone(row.timezone, user.timezone),
            duration_minutes=row.duration_minutes,
            location=row.location,
            path=f"/applications/{row.application_id}",
        )
        for row, company, role in session.execute(
            sa.select(Interview, Application.company, Application.role)
            .join(Application, Interview.application_id == Application.id)
            .where(Interview.user_id == user.id, Interview.scheduled_at >= since)
            .order_by(Interview.scheduled_at, Interview.id)
        )
        if row.scheduled_at is not None
    ]
    deadline = sa.func.coalesce(Offer.extended_deadline, Offer.deadline)
    deadlines = [
        DeadlineEvent(
            uid=row.uid,
            company=company,
            role=role,
            deadline=row.effective_deadline,
            extended=row.extended_deadline is not None,
            path="/offers",
        )
        for row, company, role in session.execute(
            sa.select(Offer, Application.company, Application.role)
            .join(Application, Offer.application_id == Application.id)
            .where(
                Offer.user_id == user.id,
                Offer.decision == OfferDecision.PENDING,
                deadline >= today - dt.timedelta(days=RECENT_DEADLINE_DAYS),
            )
            .order_by(deadline, Offer.id)
        )
        if row.effective_deadline is not None
    ]
    return CalendarEvents(actions=actions, interviews=interviews, deadlines=deadlines)


def feed_for(
    *, session: Session, user: User, today: dt.date, now: dt.datetime, base_url: str | None
) -> bytes:
    """The user's whole feed as iCalendar bytes."""
    events = load_events(session=session, user=user, today=today, now=now)
    return build_feed(events, now=now, base_url=base_url)
