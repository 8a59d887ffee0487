"""The export document's reflection-loop section: reflections, the game plan, the practice bank,
long-term goals and salary research. Rows are matched by uid on import, like the rest."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AwareDatetime, Field, StringConstraints

from afterword.reflection.game_plan import Move
from afterword.validation import InputModel

_Uid = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=36)]
_Text = Annotated[str, StringConstraints(max_length=100_000)]
_Money = Annotated[int, Field(ge=0, le=1_000_000_000_000)]


class ReflectionExport(InputModel):
    """A structured reflection about one application (and perhaps one of its rounds)."""

    uid: _Uid
    application_uid: _Uid
    interview_uid: _Uid | None = None
    written_at: AwareDatetime
    went_well: _Text | None = None
    was_tough: _Text | None = None
    do_differently: _Text | None = None
    out_of_my_hands: _Text | None = None


class PlanStepExport(InputModel):
    """A dated step of a move."""

    uid: _Uid
    text: _Text
    due: dt.date
    done_on: dt.date | None = None


class PlanMoveExport(InputModel):
    """A chosen move of the game plan, with its steps."""

    uid: _Uid
    move: Move
    application_uid: _Uid | None = None
    chosen_on: dt.date
    why: _Text | None = None
    steps: list[PlanStepExport] = Field(default_factory=list)


class PlanReviewExport(InputModel):
    """A revisit of the game plan."""

    uid: _Uid
    reviewed_on: dt.date
    application_uid: _Uid | None = None
    note: _Text | None = None


class PracticeAnswerExport(InputModel):
    """One version of an answer."""

    uid: _Uid
    version: Annotated[int, Field(ge=1, le=100_000)]
    text: _Text
    written_at: AwareDatetime


class PracticeSessionExport(InputModel):
    """One practice and how it went (1 again to 4 easy)."""

    uid: _Uid
    at: AwareDatetime
    rating: Annotated[int, Field(ge=1, le=4)]


class PracticeCardExport(InputModel):
    """A question in the practice bank with its schedule, answers and practice sessions."""

    uid: _Uid
    text: _Text
    question_uid: _Uid | None = None
    feedback_uid: _Uid | None = None
    schedule: _Text | None = Field(default=None, description="The scheduler's state (JSON).")
    due_at: AwareDatetime | None = None
    practised_at: AwareDatetime | None = None
    last_rating: Annotated[int, Field(ge=1, le=4)] | None = None
    practice_count: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    created_at: AwareDatetime
    answers: list[PracticeAnswerExport] = Field(default_factory=list)
    sessions: list[PracticeSessionExport] = Field(default_factory=list)


class GoalsExport(InputModel):
    """The long-term goals."""

    uid: _Uid
    aim: _Text | None = None
    field: _Text | None = None
    reasons: _Text | None = None
    updated_at: AwareDatetime


class SalaryExport(InputModel):
    """The salary research for one application."""

    uid: _Uid
    application_uid: _Uid
    currency: Annotated[str, StringConstraints(min_length=3, max_length=3)] | None = None
    target_low: _Money | None = None
    target_high: _Money | None = None
    walk_away: _Money | None = None
    sources: _Text | None = None
    updated_at: AwareDatetime


class ReflectionLoopSection(InputModel):
    """Everything of the reflection loop."""

    reflections: list[ReflectionExport] = Field(default_factory=list)
    plan_moves: list[PlanMoveExport] = Field(default_factory=list)
    plan_reviews: list[PlanReviewExport] = Field(default_factory=list)
    practice: list[PracticeCardExport] = Field(default_factory=list)
    goals: GoalsExport | None = None
    salary: list[SalaryExport] = Field(default_factory=list)
