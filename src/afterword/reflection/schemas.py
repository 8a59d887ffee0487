"""Validated input for journal entries and mood check-ins."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from afterword.validation import InputModel, LongText, RequiredLongText


class JournalFields(InputModel):
    """A journal entry."""

    text: RequiredLongText


class MoodFields(InputModel):
    """A mood check-in: 1 (very low) to 5 (very good)."""

    mood: Annotated[int, Field(ge=1, le=5)]
    note: LongText = None
