"""Messages afterword delivered (or handed over) for the user: part of an application's timeline."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from afterword.db.base import Base, OwnedMixin, UTCDateTime, enum_type


class DeliveryRoute(enum.StrEnum):
    """How a draft left afterword."""

    SMTP = "smtp"  # sent through the user's mail server
    IMAP_DRAFTS = (
        "imap_drafts"  # saved into the user's own Drafts folder, to send from their client
    )
    EML = "eml"  # written to an .eml file
    MAILTO = "mailto"  # opened in the mail program through a mailto: link
    COPIED = "copied"  # copied as text and sent by the user


class SentMessage(OwnedMixin, Base):
    """One email afterword sent, saved or handed over, with exactly what it said."""

    __tablename__ = "messages"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    action_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("actions.id", ondelete="SET NULL"), index=True
    )
    template: Mapped[str] = mapped_column(sa.String(64))
    route: Mapped[DeliveryRoute] = mapped_column(enum_type(DeliveryRoute))
    to_name: Mapped[str | None] = mapped_column(sa.String(200))
    to_email: Mapped[str | None] = mapped_column(sa.String(320))
    subject: Mapped[str] = mapped_column(sa.String(500))
    body: Mapped[str] = mapped_column(sa.Text)
    message_id: Mapped[str | None] = mapped_column(sa.String(500), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class WeeklyDigest(OwnedMixin, Base):
    """The ledger of weekly-review emails: one row per user and week, written with the send.

    The unique (user, week) pair is what makes the digest go out at most once: a second run,
    or a second process racing the first, finds the row (or fails to insert it) and sends
    nothing.
    """

    __tablename__ = "weekly_digests"
    __table_args__ = (sa.UniqueConstraint("user_id", "week_start"),)

    week_start: Mapped[dt.date] = mapped_column(sa.Date)  # the Monday of the week reviewed
    to_email: Mapped[str] = mapped_column(sa.String(320))
    message_id: Mapped[str | None] = mapped_column(sa.String(500))
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
