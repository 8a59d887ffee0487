"""Changing and deleting journal entries (both databases)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError, NotFoundError
from afterword.pipeline.applications import add_application
from afterword.pipeline.schemas import ApplicationFields
from afterword.reflection.schemas import JournalFields
from afterword.reflection.service import (
    add_journal_entry,
    delete_journal_entry,
    get_journal_entry,
    list_journal,
    update_journal_entry,
)


def _entry(session: Session, user_id: int, now: dt.datetime, app_id: int | None = None) -> int:
    return add_journal_entry(
        session=session,
        user_id=user_id,
        fields=JournalFields(text="Stumbled on the design question."),
        now=now,
        application_id=app_id,
    ).id


def test_an_entry_keeps_what_was_not_changed(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app_id = add_application(
        session=session,
        user_id=user_id,
        fields=ApplicationFields(company="Northwind", role="Data Engineer"),
        now=now,
    ).id
    entry_id = _entry(session, user_id, now, app_id)
    entry = update_journal_entry(
        session=session,
        user_id=user_id,
        entry_id=entry_id,
        changes={"text": "Practise trade-offs."},
    )
    assert (entry.text, entry.application_id, entry.written_at) == (
        "Practise trade-offs.",
        app_id,
        now,
    )
    entry = update_journal_entry(
        session=session, user_id=user_id, entry_id=entry_id, changes={"application_id": None}
    )
    assert (entry.text, entry.application_id) == ("Practise trade-offs.", None)


def test_an_entry_refuses_empty_text_an_unknown_application_and_unknown_fields(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    entry_id = _entry(session, user_id, now)
    with pytest.raises(InvalidInputError, match="text"):
        update_journal_entry(
            session=session, user_id=user_id, entry_id=entry_id, changes={"text": ""}
        )
    with pytest.raises(NotFoundError, match="no application with id 99"):
        update_journal_entry(
            session=session, user_id=user_id, entry_id=entry_id, changes={"application_id": 99}
        )
    with pytest.raises(InvalidInputError, match="unknown field"):
        update_journal_entry(
            session=session, user_id=user_id, entry_id=entry_id, changes={"mood": 3}
        )
    assert get_journal_entry(session=session, user_id=user_id, entry_id=entry_id).text == (
        "Stumbled on the design question."
    )


def test_a_deleted_entry_is_gone_and_cannot_be_deleted_twice(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    entry_id = _entry(session, user_id, now)
    delete_journal_entry(session=session, user_id=user_id, entry_id=entry_id)
    assert list_journal(session=session, user_id=user_id) == []
    with pytest.raises(NotFoundError, match=f"no journal entry with id {entry_id}"):
        delete_journal_entry(session=session, user_id=user_id, entry_id=entry_id)
