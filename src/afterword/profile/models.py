"""The account every row belongs to, even in single-user mode."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from afterword.db.base import Base, UTCDateTime, new_uid


class User(Base):
    """One job seeker: the owner of applications, journal entries and everything else."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(sa.String(36), default=new_uid, unique=True)
    handle: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str | None] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(320))
    signature: Mapped[str | None] = mapped_column(sa.Text)
    timezone: Mapped[str] = mapped_column(sa.String(64))
    country: Mapped[str] = mapped_column(sa.String(2))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # The secret in the calendar feed's address; made on first need, replaced to revoke it.
    calendar_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    # Goes up with every re-plan, i.e. after every change to the user's data: pages built
    # from the data can be reused while it stays the same (web/page_cache.py).
    revision: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    # The local date the agenda was last planned for: a new day re-plans once, whichever
    # process (web worker or command) gets there first.
    planned_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    # What that plan was made with (afterword's version and any timings changed from the
    # defaults; see playbook.freshness): the same day planned with other rules is stale too.
    planned_with: Mapped[str | None] = mapped_column(sa.String(80))
    # What `afterword today` says above the agenda after recent news (reflection's
    # encouragement, as terminal lines; '' when nothing), kept with the plan so that the
    # fast path can print it: it changes only when the plan does.
    planned_words: Mapped[str | None] = mapped_column(sa.Text)
