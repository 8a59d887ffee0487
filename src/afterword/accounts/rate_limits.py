"""Rate limits of server mode, counted in one table (`sign_in_attempts`) by subject.

A subject names what is limited: "email:<address>" and "ip:<client>" for failed sign-ins,
"reset-email:..." and "reset-ip:..." for reset emails, "feed-token:<hash>" and
"feed-ip:<client>" for calendar feed fetches. Each limit is a count of rows in a sliding
window; the table has no user_id, so it is readable before anyone is known (and by a
transaction that acts as nobody, like the feed's lookup).
"""

from __future__ import annotations

import datetime as dt
import math

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.accounts.models import SignInAttempt

# The window every limit counts in.
WINDOW = dt.timedelta(minutes=15)


def count(session: Session, subject: str, since: dt.datetime) -> int:
    """How many times `subject` was noted after `since`."""
    query = sa.select(sa.func.count()).where(
        SignInAttempt.subject == subject, SignInAttempt.at > since
    )
    return int(session.scalar(query) or 0)


def note(session: Session, subjects: list[str], now: dt.datetime) -> None:
    """Counts one more for each subject (the caller's transaction commits it)."""
    session.add_all([SignInAttempt(subject=subject, at=now) for subject in subjects])
    session.flush()


def forget_before(session: Session, subjects: list[str], since: dt.datetime) -> None:
    """Drops these subjects' rows that no longer count, so the table stays small."""
    session.execute(
        sa.delete(SignInAttempt).where(
            SignInAttempt.subject.in_(subjects), SignInAttempt.at <= since
        )
    )


def seconds_until_free(
    session: Session, subject: str, limit: int, now: dt.datetime, window: dt.timedelta = WINDOW
) -> int | None:
    """None while `subject` is under `limit` in the window; once it has reached it, the
    whole seconds until its oldest counted row leaves the window (at least 1), for a
    Retry-After header. Refused requests are not noted, so one leaving frees one place."""
    since = now - window
    if count(session, subject, since) < limit:
        return None
    oldest = session.scalar(
        sa.select(sa.func.min(SignInAttempt.at)).where(
            SignInAttempt.subject == subject, SignInAttempt.at > since
        )
    )
    if oldest is None:  # the rows left between the two queries
        return None
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=dt.UTC)
    return max(1, math.ceil((oldest + window - now).total_seconds()))
