"""What the background worker does for each person once a day, and what they asked it to do.

`daily_runs` is the worker's ledger: one row per (user, job kind, local date) that was done.
A job claims its row in the same transaction as its work, so the work and the claim commit
together or not at all. A second worker that runs the same job waits on the row's key and
then finds it taken; a worker killed midway leaves neither, and the retried job does the
work. That is how a re-plan happens exactly once per person per local day.

`daily_preferences` holds each person's opt-ins (the morning digest, the scheduled mailbox
sync). No row means neither: the worker sends nothing anyone did not ask for, and reads
no one's mailbox unless they asked.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from afterword.db.base import Base, UTCDateTime

REPLAN = "replan"
DIGEST = "digest"
MAIL_SYNC = "mail_sync"
KINDS = (REPLAN, DIGEST, MAIL_SYNC)


class DailyRun(Base):
    """One daily job done for one person on one of their local dates."""

    __tablename__ = "daily_runs"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    local_date: Mapped[dt.date] = mapped_column(sa.Date, primary_key=True)
    done_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.CheckConstraint("kind IN ('replan', 'digest', 'mail_sync')", name="kind_known"),
        # The sweep asks "who has no row for today?": by kind and date first.
        sa.Index("ix_daily_runs_kind_local_date", "kind", "local_date"),
    )


class DailyPreference(Base):
    """A person's opt-ins for the worker's daily jobs."""

    __tablename__ = "daily_preferences"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    morning_digest: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    mail_sync: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    # The scheduled mailbox sync's last attempt and, when it failed, why (in words with no
    # password in them): the sweep waits out the interval after each attempt, and the
    # person sees the error on their Settings page.
    mail_sync_tried_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    mail_sync_error: Mapped[str | None] = mapped_column(sa.String(500), default=None)


def claim_daily_run(
    *, session: Session, user_id: int, kind: str, local_date: dt.date, now: dt.datetime
) -> bool:
    """Records that today's `kind` job is being done for the user, in the caller's
    transaction; False when it was done already (PostgreSQL only: the worker's database).

    While another transaction holds the same claim uncommitted, this waits for it: then
    False if it committed, True if it rolled back (its worker died)."""
    # Imported here: the PostgreSQL dialect (with its drivers' modules) costs every local
    # command that loads the models tens of milliseconds, and only the worker claims runs.
    from sqlalchemy.dialects import postgresql

    statement = (
        postgresql.insert(DailyRun)
        .values(user_id=user_id, kind=kind, local_date=local_date, done_at=now)
        .on_conflict_do_nothing()
        .returning(DailyRun.user_id)
    )
    return session.execute(statement).first() is not None


def set_preferences(
    *,
    session: Session,
    user_id: int,
    morning_digest: bool | None = None,
    mail_sync: bool | None = None,
) -> DailyPreference:
    """Turns the person's opt-ins on or off (None leaves one as it is)."""
    row = session.get(DailyPreference, user_id)
    if row is None:
        row = DailyPreference(user_id=user_id, morning_digest=False, mail_sync=False)
        session.add(row)
    if morning_digest is not None:
        row.morning_digest = morning_digest
    if mail_sync is not None:
        row.mail_sync = mail_sync
    session.flush()
    return row
