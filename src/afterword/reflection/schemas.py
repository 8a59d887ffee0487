"""Journal entries and mood check-ins in and out: validated input and read schemas."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field, model_validator

from afterword.pipeline.schemas import Instant, ReadModel, Uid
from afterword.validation import Day, InputModel, LongText, RequiredLongText

if TYPE_CHECKING:
    from afterword.reflection.models import JournalEntry, MoodCheckin


class JournalFields(InputModel):
    """A journal entry."""

    text: RequiredLongText


class MoodFields(InputModel):
    """A mood check-in: 1 (very low) to 5 (very good)."""

    mood: Annotated[int, Field(ge=1, le=5)]
    note: LongText = None


# The four prompts of a structured reflection, in the order they are asked, with their wording.
REFLECTION_PROMPTS: tuple[tuple[str, str], ...] = (
    ("went_well", "What went well"),
    ("was_tough", "What was tough"),
    ("do_differently", "What I would do differently"),
    ("out_of_my_hands", "What was out of my hands"),
)


class ReflectionFields(InputModel):
    """A structured reflection: any of the four prompts, but at least one."""

    went_well: LongText = None
    was_tough: LongText = None
    do_differently: LongText = None
    out_of_my_hands: LongText = None

    @model_validator(mode="after")
    def _something_written(self) -> ReflectionFields:
        if not any(getattr(self, name) for name, _ in REFLECTION_PROMPTS):
            raise ValueError("write something under at least one of the prompts")
        return self


class PlanStepFields(InputModel):
    """A concrete step of a game-plan move: what, and by when."""

    text: RequiredLongText
    due: Day


class PlanMoveFields(InputModel):
    """A move chosen for the game plan, why, and its steps (at least one: a move without a
    dated step is a wish, not a plan)."""

    move: Annotated[str, Field(min_length=1, max_length=40)]
    why: LongText = None
    steps: Annotated[list[PlanStepFields], Field(min_length=1, max_length=20)]

    @model_validator(mode="after")
    def _known_move(self) -> PlanMoveFields:
        from afterword.reflection.game_plan import parse_move

        self.move = parse_move(self.move).value
        return self


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
