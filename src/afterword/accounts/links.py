"""Single-use links sent by email: invitations and password resets (server mode).

A link carries a random token; only its SHA-256 is stored (accounts.models.AccountLink).
A link works once and only until it expires. Using a reset link ends every session of the
account. Asking for a reset answers the same whether or not the address has an account
(the web page says so); the requests are rate-limited like sign-ins.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.accounts import rate_limits
from afterword.accounts.models import Account, AccountEmail, AccountLink, SignInAttempt
from afterword.accounts.service import (
    ATTEMPT_WINDOW,
    add_account,
    end_all_sessions,
    find_account,
    hash_password,
    normalise_email,
    token_hash,
)
from afterword.errors import AfterwordError, InvalidInputError

INVITE_LIFETIME = dt.timedelta(hours=72)
RESET_LIFETIME = dt.timedelta(hours=1)
LIFETIMES = {"invite": INVITE_LIFETIME, "reset": RESET_LIFETIME}
# Reset emails asked for, per address asked about and per client, in ATTEMPT_WINDOW: enough
# for a person who mistyped, too few to flood someone's inbox.
MAX_RESETS_PER_ACCOUNT = 3
MAX_RESETS_PER_ADDRESS = 20


class LinkRefused(AfterwordError):
    """A link that cannot be used (unknown, used, expired); the message says which."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Issued:
    """A new link: the account, the token (for the email only, never stored) and its key."""

    account: Account
    token: str
    key: str  # the token's hash: the outbox row's key
    purpose: str
    expires_at: dt.datetime


PATHS = {"reset": "/login/reset", "invite": "/login/invite"}


def link_url(base_url: str, issued: Issued) -> str:
    """The link to put in the email, on the server at `base_url`."""
    return f"{base_url.rstrip('/')}{PATHS[issued.purpose]}/{issued.token}"


def _issue(session: Session, account: Account, purpose: str, now: dt.datetime) -> Issued:
    # A new link replaces any unused one of the same kind: only the newest email works.
    session.execute(
        sa.update(AccountLink)
        .where(
            AccountLink.account_id == account.id,
            AccountLink.purpose == purpose,
            AccountLink.used_at.is_(None),
        )
        .values(expires_at=now)
    )
    token = secrets.token_urlsafe(32)
    key = token_hash(token)
    expires_at = now + LIFETIMES[purpose]
    session.add(
        AccountLink(
            token_hash=key,
            account_id=account.id,
            purpose=purpose,
            created_at=now,
            expires_at=expires_at,
        )
    )
    # The outbox row, in the same transaction: the email exists to be sent once.
    session.add(AccountEmail(key=key, kind=purpose, recipient=account.email, created_at=now))
    session.flush()
    return Issued(account, token, key, purpose, expires_at)


def invite(
    *, session: Session, email: str, role: str, timezone: str, country: str, now: dt.datetime
) -> Issued:
    """An account without a password, and the link its owner sets one with.

    Inviting an address again that never accepted sends a fresh link (the old one stops
    working); an address whose account has a password is refused.
    """
    address = normalise_email(email)
    account = find_account(session=session, email=address)
    if account is None:
        account = add_account(
            session=session, email=address, role=role, password=None,
            timezone=timezone, country=country, now=now,
        )  # fmt: skip
    elif account.password_hash is not None or account.disabled_at is not None:
        raise InvalidInputError(
            f"there is already an account for {address}; "
            "they can use 'Forgot your password?' on the sign-in page"
        )
    elif account.role != role:
        raise InvalidInputError(
            f"{address} was already invited as {account.role}; invite them as {account.role}"
        )
    return _issue(session, account, "invite", now)


def _requests(session: Session, subject: str, since: dt.datetime) -> int:
    return rate_limits.count(session, subject, since)


RESET_TOO_OFTEN = "too many reset emails asked for; wait {minutes} minutes and try again"


def request_reset(*, session: Session, email: str, address: str, now: dt.datetime) -> Issued | None:
    """A reset link for the account with this address, if it has one that may sign in.

    None for an unknown or disabled address: the caller answers exactly as when a link was
    sent. Too many requests (for that address, or from that client) are refused, whoever
    the address belongs to, so the refusal tells nothing either.
    """
    try:
        asked = normalise_email(email)
    except InvalidInputError:
        asked = email.strip().lower()[:320]
    since = now - ATTEMPT_WINDOW
    minutes = int(ATTEMPT_WINDOW.total_seconds() // 60)
    if (
        _requests(session, f"reset-email:{asked}", since) >= MAX_RESETS_PER_ACCOUNT
        or _requests(session, f"reset-ip:{address}", since) >= MAX_RESETS_PER_ADDRESS
    ):
        raise InvalidInputError(RESET_TOO_OFTEN.format(minutes=minutes))
    session.add_all(
        [
            SignInAttempt(subject=f"reset-email:{asked}", at=now),
            SignInAttempt(subject=f"reset-ip:{address}", at=now),
        ]
    )
    session.flush()
    account = find_account(session=session, email=asked)
    if account is None or account.disabled_at is not None:
        return None
    return _issue(session, account, "reset", now)


UNKNOWN_LINK = "this link is not valid: check that it was copied whole, or ask for a new one"
USED_LINK = "this link has already been used; each link works once. Ask for a new one if need be"
EXPIRED_LINK = "this link has expired; ask for a new one"
DISABLED = "this account is disabled; ask the people who run this server"


def check_link(
    *, session: Session, token: str, purpose: str, now: dt.datetime
) -> tuple[AccountLink, Account]:
    """The link and its account, if the link can still be used; else LinkRefused."""
    row = session.execute(
        sa.select(AccountLink, Account)
        .join(Account, Account.id == AccountLink.account_id)
        .where(AccountLink.token_hash == token_hash(token), AccountLink.purpose == purpose)
        .with_for_update(of=AccountLink)  # two clicks at once: one waits, then sees it used
    ).first()
    if row is None:
        raise LinkRefused(UNKNOWN_LINK, status=404)
    link, account = row
    if link.used_at is not None:
        raise LinkRefused(USED_LINK, status=410)
    if link.expires_at <= now:
        raise LinkRefused(EXPIRED_LINK, status=410)
    if account.disabled_at is not None:
        raise LinkRefused(DISABLED, status=403)
    return link, account


def use_link(
    *, session: Session, token: str, purpose: str, password: str, now: dt.datetime
) -> Account:
    """Sets the account's password through the link, once; every session of it ends."""
    link, account = check_link(session=session, token=token, purpose=purpose, now=now)
    account.password_hash = hash_password(password)
    link.used_at = now
    end_all_sessions(session=session, account_id=account.id)
    session.flush()
    return account
