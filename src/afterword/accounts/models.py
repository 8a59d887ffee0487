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
