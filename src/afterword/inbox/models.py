"""The ingestion ledger: every received message afterword has read, once, and where each IMAP folder stands."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from afterword.db.base import Base, OwnedMixin, UTCDateTime, enum_type
from afterword.inbox.labels import MailClass
from afterword.inbox.matching import MatchMethod
from afterword.inbox.message import SourceKind
from afterword.inbox.triage import TriageState


class IngestStatus(enum.StrEnum):
    """What became of a message the ledger recorded."""

    NEW = "new"  # read and waiting for triage
    SKIPPED = "skipped"  # read and deliberately left alone (e.g. not about a job)
    ERROR = "error"  # could not be read or triaged; `error` says why, `raw` keeps it to retry


class IngestedMessage(OwnedMixin, Base):
    """One received message, recorded once per user whatever source it came from again."""

    __tablename__ = "ingested_messages"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "uid"),
        # The review queue and the inbox page read by state.
        sa.Index("ix_ingested_messages_user_triage", "user_id", "triage", "sent_at"),
        # The dedup key: the Message-ID, else the fingerprint (see InboxMessage.identity).
        sa.UniqueConstraint("user_id", "identity"),
        # The messages that failed, listed and retried by status.
        sa.Index("ix_ingested_messages_user_status", "user_id", "status"),
    )

    source: Mapped[SourceKind] = mapped_column(enum_type(SourceKind))
    account: Mapped[str | None] = mapped_column(sa.String(320))
    folder: Mapped[str | None] = mapped_column(sa.String(1000))
    location: Mapped[str] = mapped_column(sa.String(2000))
    # IMAP UIDs and UIDVALIDITY are unsigned 32-bit numbers: too big for a signed INTEGER.
    uidvalidity: Mapped[int | None] = mapped_column(sa.BigInteger)
    imap_uid: Mapped[int | None] = mapped_column(sa.BigInteger)
    identity: Mapped[str] = mapped_column(sa.String(500))
    message_id: Mapped[str | None] = mapped_column(sa.String(500), index=True)
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    subject: Mapped[str | None] = mapped_column(sa.String(500))
    from_address: Mapped[str | None] = mapped_column(sa.String(320))
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[IngestStatus] = mapped_column(enum_type(IngestStatus))
    error: Mapped[str | None] = mapped_column(sa.Text)
    # A failed message's bytes (up to MAX_KEPT_RAW), so that it can be tried again whatever
    # it came from; None for every message read and triaged. Loaded only when asked for.
    raw: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    ingested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    # Triage: what the message is, which application it is about, and what became of it.
    triage: Mapped[TriageState | None] = mapped_column(enum_type(TriageState))
    label: Mapped[MailClass | None] = mapped_column(enum_type(MailClass))
    confidence: Mapped[float | None]
    reasons: Mapped[list[str] | None] = mapped_column(sa.JSON)
    # The dates found, as ISO strings by kind ({"deadline": "2026-12-01", ...}).
    dates: Mapped[dict[str, str] | None] = mapped_column(sa.JSON)
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="SET NULL"), index=True
    )
    match_method: Mapped[MatchMethod | None] = mapped_column(enum_type(MatchMethod))
    candidates: Mapped[list[int] | None] = mapped_column(sa.JSON)  # when the match is ambiguous
    # Why triage did what it did, or what it proposes (shown in the review queue).
    why: Mapped[str | None] = mapped_column(sa.Text)
    effect: Mapped[str | None] = mapped_column(sa.Text)  # the change made, in words
    # The newest text, kept for review and for learning from the user's corrections; bulk mail
    # the pre-filter settled keeps none.
    text: Mapped[str | None] = mapped_column(sa.Text)
    user_label: Mapped[MailClass | None] = mapped_column(enum_type(MailClass))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class FolderState(OwnedMixin, Base):
    """How far an IMAP folder has been read: its UIDVALIDITY and the last UID recorded."""

    __tablename__ = "inbox_folders"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "uid"),
        sa.UniqueConstraint("user_id", "account", "folder"),
    )

    account: Mapped[str] = mapped_column(sa.String(320))
    folder: Mapped[str] = mapped_column(sa.String(1000))
    uidvalidity: Mapped[int] = mapped_column(sa.BigInteger)
    last_uid: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    synced_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
