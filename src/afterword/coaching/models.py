"""The tables of coaching: shares, coaches' comments and the log of coaches' views.

Each row belongs to the seeker (`user_id`), so the seeker's ordinary policy lets them
read and delete it; `coach_user_id` names the coach, whom narrower policies let read the
shares given to them and write comments and log entries while a share stands.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from afterword.db.base import Base, UTCDateTime


class CoachShare(Base):
    """A seeker's search shared with one coach, read-only, until the seeker stops it."""

    __tablename__ = "coach_shares"
    __table_args__ = (sa.UniqueConstraint("user_id", "coach_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    coach_user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # The journal, moods, feedback and debriefs stay private unless this is set.
    include_private: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class CoachComment(Base):
    """A coach's comment on one of the seeker's applications."""

    __tablename__ = "coach_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    coach_user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # When its author last changed the text (None: never): the seeker is told it was edited.
    edited_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class CoachView(Base):
    """One page a coach opened of the seeker's search: who, what, when."""

    __tablename__ = "coach_views"
    __table_args__ = (sa.Index("ix_coach_views_user_viewed", "user_id", "viewed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    coach_user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    # In words the seeker recognises: the page ("Pipeline", "Application") and, for a page
    # about one record, which ("Northwind, Analyst").
    page: Mapped[str] = mapped_column(sa.String(100))
    record: Mapped[str | None] = mapped_column(sa.String(500))
    viewed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
