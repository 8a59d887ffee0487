"""Journal entries and mood check-ins."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from afterword.db.base import Base, OwnedMixin, UTCDateTime


class JournalEntry(OwnedMixin, Base):
    """A free-form note to oneself, optionally about one application."""

    __tablename__ = "journal_entries"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="SET NULL"), index=True
    )
    written_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    text: Mapped[str] = mapped_column(sa.Text)


class MoodCheckin(OwnedMixin, Base):
    """How the user felt (1 low to 5 high) at a moment, with an optional note."""

    __tablename__ = "mood_checkins"
    __table_args__ = (sa.UniqueConstraint("user_id", "uid"),)

    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    mood: Mapped[int] = mapped_column(sa.SmallInteger)
    note: Mapped[str | None] = mapped_column(sa.Text)
