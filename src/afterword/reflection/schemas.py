"""Journal entries and mood check-ins in and out: validated input and read schemas."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from afterword.pipeline.schemas import Instant, ReadModel, Uid
from afterword.validation import InputModel, LongText, RequiredLongText

if TYPE_CHECKING:
    from afterword.reflection.models import JournalEntry, MoodCheckin


class JournalFields(InputModel):
    """A journal entry."""

    text: RequiredLongText


class MoodFields(InputModel):
    """A mood check-in: 1 (very low) to 5 (very good)."""

    mood: Annotated[int, Field(ge=1, le=5)]
    note: LongText = None


class JournalRead(ReadModel):
    """A journal entry, optionally about one application."""

    id: int
    uid: Uid
    application_id: int | None
    written_at: Instant
    text: str

    @classmethod
    def of(cls, row: JournalEntry) -> JournalRead:
        """The entry as stored."""
        return cls(**cls.columns(row))


class MoodRead(ReadModel):
    """A mood check-in, optionally about one application."""

    id: int
    uid: Uid
    application_id: int | None
    at: Instant
    mood: int = Field(description="1 (very low) to 5 (very good).")
    note: str | None

    @classmethod
    def of(cls, row: MoodCheckin) -> MoodRead:
        """The check-in as stored."""
        return cls(**cls.columns(row))
