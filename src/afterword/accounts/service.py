"""Accounts, passwords, sign-in and sessions for server mode.

Services take the session first, flush and never commit (the command or request does).
Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's second choice);
session tokens are random and only their SHA-256 is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from afterword.accounts import rate_limits
from afterword.accounts.models import ROLES, Account, ServerSession, SignInAttempt
from afterword.errors import InvalidInputError, NotFoundError
from afterword.profile.models import User

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # hashing a megabyte on every guess would be a cheap attack
SESSION_LIFETIME = dt.timedelta(days=14)
# Failed sign-ins counted over this window: per account it stops guessing one password,
# per address it stops one machine trying many accounts (a shared campus NAT gets more).
ATTEMPT_WINDOW = rate_limits.WINDOW
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 30

_hasher = PasswordHasher()  # argon2id
# Verified when the address is unknown, so a wrong address takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


def normalise_email(text: str) -> str:
    """The address as stored: trimmed and lower-cased; refused in one line when not one."""
    address = text.strip().lower()
    local, at, domain = address.partition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in address):
        raise InvalidInputError(f"'{text.strip()}' is not an email address such as ana@example.org")
    if len(address) > 320:
        raise InvalidInputError("that email address is longer than 320 characters")
    return address


def check_password(password: str) -> str:
    """The password if it is long enough to keep; otherwise a one-line reason."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInputError(f"the password must have at most {MAX_PASSWORD_LENGTH} characters")
    return password


def hash_password(password: str) -> str:
    """The argon2id hash of a password (checked first)."""
    return _hasher.hash(check_password(password))


def _verifies(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def find_account(*, session: Session, email: str) -> Account | None:
    """The account with this address, if any."""
    return session.scalars(sa.select(Account).where(Account.email == email)).first()


def _account(session: Session, email: str) -> Account:
    address = normalise_email(email)
    account = find_account(session=session, email=address)
    if account is None:
        raise NotFoundError(f"there is no account for {address}")
    return account


def add_account(
    *,
    session: Session,
    email: str,
    role: str,
    password: str | None,
    timezone: str,
    country: str,
    now: dt.datetime,
) -> Account:
    """Creates an account and the user its records will belong to."""
    address = normalise_email(email)
    if role not in ROLES:
        raise InvalidInputError(f"'{role}' is not a role; the roles are: {', '.join(ROLES)}")
    if find_account(session=session, email=address) is not None:
        raise InvalidInputError(f"there is already an account for {address}")
    password_hash = hash_password(password) if password is not None else None
    # The handle only has to be unique; the address can change, the handle stays.
    user = User(
        handle=f"account-{uuid.uuid4().hex}",
        email=address,
        timezone=timezone,
        country=country,
        created_at=now,
    )
    session.add(user)
    session.flush()
    account = Account(
        user_id=user.id, email=address, role=role, password_hash=password_hash, created_at=now
    )
    session.add(account)
    session.flush()
    return account


def list_accounts(*, session: Session) -> list[Account]:
    """Every account, by address."""
    return list(session.scalars(sa.select(Account).order_by(Account.email)))


def end_all_sessions(*, session: Session, account_id: int) -> None:
    """Ends every session of an account ("sign out everywhere")."""
    _end_sessions(session, account_id)
    session.flush()


def _end_sessions(session: Session, account_id: int) -> None:
    session.execute(sa.delete(ServerSession).where(ServerSession.account_id == account_id))


def disable_account(*, session: Session, email: str, now: dt.datetime) -> Account:
    """Stops an account signing in, and signs it out everywhere; its records stay."""
    account = _account(session, email)
    if account.disabled_at is None:
        account.disabled_at = now
    _end_sessions(session, account.id)
    session.flush()
    return account


def reset_password(*, session: Session, email: str, password: str) -> Account:
    """Sets a new password and signs the account out everywhere."""
    account = _account(session, email)
    account.password_hash = hash_password(password)
    _end_sessions(session, account.id)
    session.flush()
    return account


@dataclass(frozen=True)
class SignIn:
    """What a sign-in attempt came to: the account, or the reason it was refused."""

    account: Account | None
    refusal: str | None = None


WRONG_CREDENTIALS = "that email address and password do not match an account that can sign in"


def _failures(session: Session, subject: str, since: dt.datetime) -> int:
    return rate_limits.count(session, subject, since)


def sign_in(
    *, session: Session, email: str, password: str, address: str, now: dt.datetime
) -> SignIn:
    """Checks a sign-in; a failure is recorded (the caller commits it too) for the limits."""
    try:
        email = normalise_email(email)
    except InvalidInputError:
        email = email.strip().lower()[:320]
    since = now - ATTEMPT_WINDOW
    minutes = int(ATTEMPT_WINDOW.total_seconds() // 60)
    if _failures(session, f"email:{email}", since) >= MAX_FAILURES_PER_ACCOUNT:
        return SignIn(
            None,
            f"too many failed sign-ins for this account; wait {minutes} minutes and try again",
        )
    if _failures(session, f"ip:{address}", since) >= MAX_FAILURES_PER_ADDRESS:
        return SignIn(
            None,
            f"too many failed sign-ins from this address; wait {minutes} minutes and try again",
        )
    account = find_account(session=session, email=email)
    hashed = account.password_hash if account is not None else None
    verified = _verifies(hashed, password[:MAX_PASSWORD_LENGTH])
    if account is None or not verified or account.disabled_at is not None:
        # Attempts older than the window count for nothing any more.
        session.execute(sa.delete(SignInAttempt).where(SignInAttempt.at <= since))
        session.add_all(
            [
                SignInAttempt(subject=f"email:{email}", at=now),
                SignInAttempt(subject=f"ip:{address}", at=now),
            ]
        )
        session.flush()
        return SignIn(None, WRONG_CREDENTIALS)
    if _hasher.check_needs_rehash(account.password_hash or ""):
        account.password_hash = _hasher.hash(password)
    return SignIn(account)


def token_hash(token: str) -> str:
    """What is stored of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(
    *, session: Session, account: Account, now: dt.datetime, replacing: str | None = None
) -> str:
    """Starts a session for the account and returns its token (for the cookie).

    Always a new token: a session id planted before sign-in never becomes a signed-in one
    (session fixation); the one the browser had, if any, is ended.
    """
    if replacing:
        end_session(session=session, token=replacing)
    # Expired sessions go as new ones come, so the table never grows without bound.
    session.execute(sa.delete(ServerSession).where(ServerSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    session.add(
        ServerSession(
            token_hash=token_hash(token),
            account_id=account.id,
            form_token=secrets.token_hex(20),
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    session.flush()
    return token


@dataclass(frozen=True)
class SignedIn:
    """The account behind a valid session cookie."""

    account_id: int
    user_id: int
    email: str
    role: str
    form_token: str
    handle: str  # the user's handle: it names their workspace


def signed_in(*, session: Session, token: str, now: dt.datetime) -> SignedIn | None:
    """The account of a live session, or None (unknown, expired, or the account disabled).

    One query for the session, its account and its user's handle, as plain columns: every
    request of a signed-in person asks it first."""
    row = session.execute(
        sa.select(
            ServerSession.expires_at,
            ServerSession.form_token,
            Account.id,
            Account.user_id,
            Account.email,
            Account.role,
            Account.disabled_at,
            User.handle,
        )
        .join(Account, Account.id == ServerSession.account_id)
        .join(User, User.id == Account.user_id)
        .where(ServerSession.token_hash == token_hash(token))
    ).first()
    if row is None:
        return None
    expires_at, form_token, account_id, user_id, email, role, disabled_at, handle = row
    if expires_at <= now or disabled_at is not None:
        return None
    return SignedIn(
        account_id=account_id,
        user_id=user_id,
        email=email,
        role=role,
        form_token=form_token,
        handle=handle,
    )


def end_session(*, session: Session, token: str) -> None:
    """Ends one session (signing out)."""
    session.execute(sa.delete(ServerSession).where(ServerSession.token_hash == token_hash(token)))
    session.flush()
