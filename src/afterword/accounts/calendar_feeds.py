"""Each person's calendar subscription address in server mode.

A calendar app fetches the feed without signing in, so the address itself is the secret: a
random token of 256 bits. Only its SHA-256 is stored (accounts.models.CalendarFeed), so the
address is shown once, when made; a copy of the database opens no one's calendar.

Finding whose feed a token opens happens before anyone is known, in a transaction that acts
as nobody: the row-level policy of migration 2026_12_07_0020 shows such a transaction the one
row whose hash it names in `app.feed_token_hash`, and nothing else. The feed itself is then
read in a transaction scoped to that one person.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.accounts import rate_limits
from afterword.accounts.models import Account, CalendarFeed

# 32 random bytes: 256 bits, 43 URL-safe characters.
TOKEN_BYTES = 32
# Anything much longer than a token is not worth hashing.
MAX_TOKEN_LENGTH = 64
# Fetches counted in rate_limits.WINDOW (15 minutes). A calendar app polls every few minutes
# at most, from a few devices: 30 per address is plenty for one person. A client address
# may fetch many people's feeds (a career centre's proxy, a shared calendar server), so its
# limit is larger; it bounds what one client can make the database do, since each fetch
# costs queries (a 256-bit token cannot be guessed either way).
FETCHES_PER_TOKEN = 30
FETCHES_PER_ADDRESS = 300


def token_hash(token: str) -> str:
    """What is stored of a feed token. The same digest as accounts.service uses for session
    tokens, computed here because the single-user Calendar page imports this module and
    must not load the server's sign-in code (argon2)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_address_token(*, session: Session, user_id: int, now: dt.datetime) -> str:
    """Gives the person a new feed token and returns it (the only time it is seen in full);
    any earlier address stops working in the same transaction."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed = session.get(CalendarFeed, user_id)
    if feed is None:
        session.add(CalendarFeed(user_id=user_id, token_hash=token_hash(token), created_at=now))
    else:
        feed.token_hash = token_hash(token)
        feed.created_at = now
    session.flush()
    return token


def stop(*, session: Session, user_id: int) -> bool:
    """Stops the person's feed; whether there was one."""
    result = session.execute(sa.delete(CalendarFeed).where(CalendarFeed.user_id == user_id))
    return bool(getattr(result, "rowcount", 0))


def has_feed(*, session: Session, user_id: int) -> bool:
    """Whether the person has a feed address that works."""
    return session.get(CalendarFeed, user_id) is not None


def owner_of(*, session: Session, token: str) -> int | None:
    """The user whose feed `token` opens, or None: an unknown token, a stopped or replaced
    one, and one whose account is disabled all answer alike."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    digest = token_hash(token)
    if session.get_bind().dialect.name == "postgresql":
        # Lets this transaction (acting as nobody) see the one row with this hash.
        session.execute(
            sa.text("SELECT set_config('app.feed_token_hash', :digest, true)"),
            {"digest": digest},
        )
    row = session.execute(
        sa.select(CalendarFeed.user_id, Account.disabled_at)
        .join(Account, Account.user_id == CalendarFeed.user_id)
        .where(CalendarFeed.token_hash == digest)
    ).one_or_none()
    if row is None or row.disabled_at is not None:
        return None
    return int(row.user_id)


def fetch_refused_for(
    *, session: Session, token: str, address: str, now: dt.datetime
) -> int | None:
    """Counts one fetch of a feed address from a client, unless that address or that client
    has reached its limit: then the seconds to wait, and nothing is counted (so waiting is
    enough). Unknown tokens count for their client like any other."""
    subjects = [
        f"feed-ip:{address}",
        f"feed-token:{token_hash(token[: MAX_TOKEN_LENGTH + 1])}",
    ]
    limits = (FETCHES_PER_ADDRESS, FETCHES_PER_TOKEN)
    waits = [
        rate_limits.seconds_until_free(session, subject, limit, now)
        for subject, limit in zip(subjects, limits, strict=True)
    ]
    refused = [wait for wait in waits if wait is not None]
    if refused:
        return max(refused)
    rate_limits.forget_before(session, subjects, now - rate_limits.WINDOW)
    rate_limits.note(session, subjects, now)
    return None
