"""Writing and reading the journal and mood check-ins."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError, NotFoundError
from afterword.pipeline.applications import get_application
from afterword.reflection.models import JournalEntry, MoodCheckin
from afterword.reflection.schemas import JournalFields, MoodFields
from afterword.validation import invalid_input


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


def get_journal_entry(*, session: Session, user_id: int, entry_id: int) -> JournalEntry:
    """Returns one of the user's journal entries, or raises NotFoundError."""
    entry = session.get(JournalEntry, entry_id)
    if entry is None or entry.user_id != user_id:
        raise NotFoundError(f"there is no journal entry with id {entry_id}")
    return entry


def update_journal_entry(
    *, session: Session, user_id: int, entry_id: int, changes: dict[str, Any]
) -> JournalEntry:
    """Changes an entry's text or the application it is about (None: about none)."""
    entry = get_journal_entry(session=session, user_id=user_id, entry_id=entry_id)
    unknown = set(changes) - {"text", "application_id"}
    if unknown:
        raise InvalidInputError(f"cannot edit unknown field(s): {', '.join(sorted(unknown))}")
    try:
        fields = JournalFields.model_validate({"text": changes.get("text", entry.text)})
    except ValidationError as error:
        raise invalid_input(error) from None
    application_id = changes.get("application_id", entry.application_id)
    if application_id is not None:
        get_application(session=session, user_id=user_id, application_id=application_id)
    entry.text = fields.text
    entry.application_id = application_id
    session.flush()
    return entry


def delete_journal_entry(*, session: Session, user_id: int, entry_id: int) -> None:
    """Deletes a journal entry."""
    session.delete(get_journal_entry(session=session, user_id=user_id, entry_id=entry_id))
    session.flush()


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
