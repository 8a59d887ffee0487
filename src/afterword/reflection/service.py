"""Writing and reading the journal and mood check-ins."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.pipeline.applications import get_application
from afterword.reflection.models import JournalEntry, MoodCheckin
from afterword.reflection.schemas import JournalFields, MoodFields


def add_journal_entry(
    *,
    session: Session,
    user_id: int,
    fields: JournalFields,
    now: dt.datetime,
    application_id: int | None = None,
) -> JournalEntry:
    """Adds a journal entry, optionally about one application."""
    if application_id is not None:
        get_application(session=session, user_id=user_id, application_id=application_id)
    entry = JournalEntry(
        user_id=user_id, application_id=application_id, written_at=now, text=fields.text
    )
    session.add(entry)
    session.flush()
    return entry


def list_journal(*, session: Session, user_id: int, limit: int | None = None) -> list[JournalEntry]:
    """Lists journal entries, newest first."""
    query = (
        sa.select(JournalEntry)
        .where(JournalEntry.user_id == user_id)
        .order_by(JournalEntry.written_at.desc(), JournalEntry.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def add_mood(
    *,
    session: Session,
    user_id: int,
    fields: MoodFields,
    now: dt.datetime,
    application_id: int | None = None,
) -> MoodCheckin:
    """Records a mood check-in."""
    if application_id is not None:
        get_application(session=session, user_id=user_id, application_id=application_id)
    checkin = MoodCheckin(
        user_id=user_id, application_id=application_id, at=now, mood=fields.mood, note=fields.note
    )
    session.add(checkin)
    session.flush()
    return checkin


def list_moods(*, session: Session, user_id: int, limit: int | None = None) -> list[MoodCheckin]:
    """Lists mood check-ins, newest first."""
    query = (
        sa.select(MoodCheckin)
        .where(MoodCheckin.user_id == user_id)
        .order_by(MoodCheckin.at.desc(), MoodCheckin.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
