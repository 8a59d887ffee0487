"""The ingestion ledger: every received message afterword has read, once, and where each IMAP folder stands."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from afterword.db.base import Base, OwnedMixin, UTCDateTime, enum_type
from afterword.inbox.message import SourceKind


class IngestStatus(enum.StrEnum):
    """What became of a message the ledger recorded."""

    NEW = "new"  # read and waiting for triage
    SKIPPED = "skipped"  # read and deliberately left alone (e.g. not about a job)
    ERROR = "error"  # could not be read; `error` says why


class IngestedMessage(OwnedMixin, Base):
    """One received message, recorded once per user whatever source it came from again."""

    __tablename__ = "ingested_messages"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "uid"),
        # The dedup key: the Message-ID, else the fingerprint (see InboxMessage.identity).
        sa.UniqueConstraint("user_id", "identity"),
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
    ingested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


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
