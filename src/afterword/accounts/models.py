"""Tables of server mode: accounts, server-side sessions and sign-in attempts."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from afterword.db.base import Base, UTCDateTime

ROLES = ("seeker", "coach", "admin")


class Account(Base):
    """A person who signs in; their records belong to the linked `users` row."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    # Kept lower-cased: people type their address with whatever capitals they like.
    email: Mapped[str] = mapped_column(sa.String(320), unique=True)
    role: Mapped[str] = mapped_column(sa.String(16))
    # argon2id, in the PHC string format (the parameters travel with the hash).
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.CheckConstraint("role IN ('seeker', 'coach', 'admin')", name="role_known"),
    )


class ServerSession(Base):
    """One signed-in browser. The cookie holds a random token; only its hash is stored, so
    a copy of the database signs nobody in."""

    __tablename__ = "server_sessions"

    token_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    # The form token of this session: every state-changing request must carry it.
    form_token: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


class SignInAttempt(Base):
    """A failed sign-in, counted per account and per address to slow password guessing."""

    __tablename__ = "sign_in_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "email:<address>" or "ip:<address>": one table serves both limits.
    subject: Mapped[str] = mapped_column(sa.String(400))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    __table_args__ = (sa.Index("ix_sign_in_attempts_subject_at", "subject", "at"),)


LINK_PURPOSES = ("invite", "reset")


class AccountLink(Base):
    """A single-use link sent by email: an invitation, or a password reset.

    Only the token's SHA-256 is stored, so a copy of the database opens no one's account.
    A used link keeps its row (with `used_at`), so a second click can be told so plainly.
    """

    __tablename__ = "account_links"

    token_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.CheckConstraint("purpose IN ('invite', 'reset')", name="purpose_known"),)


class AccountEmail(Base):
    """The outbox of account emails: one row per link, marked when sent, so sending again
    (a retried job, a second worker) never mails the same link twice."""

    __tablename__ = "account_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The link's token hash: what makes two attempts the same email.
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    recipient: Mapped[str] = mapped_column(sa.String(320))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # While the email waits for the worker: the link itself (only its hash is kept in
    # account_links, and the worker cannot rebuild it) and when it stops working. As
    # sensitive as the token, so it is cleared once sent or expired (docs/server.md).
    link: Mapped[str | None] = mapped_column(sa.String(2000), default=None)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class UserSettings(Base):
    """One person's own settings in server mode (config.toml belongs to the server there).

    Read on every request, so a change made through one web process reaches all of them at
    once. The mail password is sealed with the server's key (accounts.sealing), never plain.
    """

    __tablename__ = "user_settings"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # Only the timings that differ from the defaults, as the [playbook] section would hold.
    playbook: Mapped[dict[str, object] | None] = mapped_column(sa.JSON)
    # The [mail] section's values; None when the person has no mail account set up.
    mail: Mapped[dict[str, object] | None] = mapped_column(sa.JSON)
    mail_password_sealed: Mapped[str | None] = mapped_column(sa.Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class CalendarFeed(Base):
    """One person's calendar subscription in server mode: calendar apps cannot sign in, so
    the feed's address carries a secret token instead.

    Only the token's SHA-256 is kept (the address is shown once, when made); one row per
    person, so making a new address replaces the old, and deleting the row stops the feed.
    """

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
