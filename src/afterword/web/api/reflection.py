"""JSON API: the journal, mood check-ins, the question bank, feedback received and the numbers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from afterword.pipeline.schemas import FeedbackRead
from afterword.reflection.numbers import SearchNumbers
from afterword.reflection.numbers_service import load_numbers
from afterword.reflection.overview import (
    QuestionItem,
    feedback_received,
    question_bank,
    recent_journal,
    recent_moods,
)
from afterword.reflection.schemas import JournalFields, JournalRead, MoodFields, MoodRead
from afterword.reflection.service import (
    add_journal_entry,
    add_mood,
    delete_journal_entry,
    update_journal_entry,
)
from afterword.validation import LongText, RequiredLongText
from afterword.web.api.json_types import JsonTyped
from afterword.web.deps import WorkspaceDep

router = APIRouter(prefix="/api", tags=["reflection"])

Limit = Annotated[int, Query(ge=1, le=500, description="How many, newest first.")]
ApplicationRef = Annotated[int | None, Field(ge=1, le=2_147_483_647)]
EntryId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The journal entry's id.")]


class JournalIn(JsonTyped):
    """A new journal entry, optionally about one application."""

    model_config = ConfigDict(extra="forbid")

    text: RequiredLongText
    application_id: ApplicationRef = None


class JournalPatch(BaseModel):
    """The fields of a journal entry to change; application_id null: about no application."""

    model_config = ConfigDict(extra="forbid")

    text: LongText = None
    application_id: ApplicationRef = None


class JournalOut(JournalRead):
    """A journal entry; in lists, with the company of the application it is about."""

    company: str | None = None


class MoodIn(JsonTyped):
    """A mood check-in: 1 (very low) to 5 (very good), with an optional note."""

    model_config = ConfigDict(extra="forbid")

    mood: Annotated[int, Field(ge=1, le=5)]
    note: LongText = None
    application_id: ApplicationRef = None


class MoodOut(MoodRead):
    """A mood check-in; in lists, with the company of the application it is about."""

    company: str | None = None


class QuestionOut(BaseModel):
    """A question from a debrief; went_well true keeps a great answer, false a tough question."""

    id: int
    text: str
    went_well: bool | None
    answer_notes: str | None
    application_id: int
    company: str
    role: str
    round: int
    kind: str
    asked_at: dt.datetime | None


class QuestionBankOut(BaseModel):
    """Tough questions to practise, great answers to keep, and questions not yet judged."""

    tough: list[QuestionOut]
    great: list[QuestionOut]
    other: list[QuestionOut]


class FeedbackOut(FeedbackRead):
    """Feedback a company gave, with the role it was about."""

    role: str


class SourceOut(BaseModel):
    """Applications, interviews and offers from one source."""

    source: str
    applied: int
    interviewed: int
    offered: int


class BucketOut(BaseModel):
    """First replies that took this long."""

    label: str
    count: int


class LinkOut(BaseModel):
    """A flow of applications from one stage of the search to the next."""

    source: str
    target: str
    value: int


class NumbersOut(BaseModel):
    """The search in figures: counts, conversion by source, response times, base hits, flow."""

    applications: int
    interview_rounds: int
    interviewed: int
    offers: int
    rejections: int
    ghosted: int
    withdrawn: int
    open_now: int
    median_days_to_first_reply: float | None
    replied: int
    not_replied: int
    response_times: list[BucketOut]
    by_source: list[SourceOut]
    base_hit_rate: float | None
    base_hit_sentence: str
    flow_nodes: list[str]
    flow_links: list[LinkOut]


def _question(item: QuestionItem) -> QuestionOut:
    return QuestionOut(**item.__dict__)


def numbers_out(numbers: SearchNumbers) -> NumbersOut:
    """The API view of the numbers."""
    times = numbers.response_times
    return NumbersOut(
        applications=numbers.applications,
        interview_rounds=numbers.interview_rounds,
        interviewed=numbers.interviewed,
        offers=numbers.offers,
        rejections=numbers.rejections,
        ghosted=numbers.ghosted,
        withdrawn=numbers.withdrawn,
        open_now=numbers.open_now,
        median_days_to_first_reply=times.median_days,
        replied=times.answered,
        not_replied=times.waiting,
        response_times=[BucketOut(label=label, count=count) for label, count in times.buckets],
        by_source=[SourceOut(**row.__dict__) for row in numbers.by_source],
        base_hit_rate=numbers.base_hits.rate,
        base_hit_sentence=numbers.base_hits.sentence,
        flow_nodes=list(numbers.sankey.nodes),
        flow_links=[LinkOut(**link.__dict__) for link in numbers.sankey.links],
    )


@router.get("/journal", response_model=list[JournalOut])
def list_journal(workspace: WorkspaceDep, limit: Limit = 50) -> list[JournalOut]:
    """Journal entries, newest first."""
    items = recent_journal(session=workspace.session, user_id=workspace.user_id, limit=limit)
    return [JournalOut(**item.__dict__) for item in items]


@router.post("/journal", response_model=JournalOut, status_code=201)
def write_journal(body: JournalIn, workspace: WorkspaceDep) -> JournalOut:
    """Adds a journal entry."""
    entry = add_journal_entry(
        session=workspace.session,
        user_id=workspace.user_id,
        fields=JournalFields(text=body.text),
        now=workspace.now,
        application_id=body.application_id,
    )
    return JournalOut(**JournalRead.of(entry).model_dump())


@router.patch("/journal/{entry_id}", response_model=JournalOut)
def change_journal(entry_id: EntryId, body: JournalPatch, workspace: WorkspaceDep) -> JournalOut:
    """Changes a journal entry's text or the application it is about."""
    entry = update_journal_entry(
        session=workspace.session,
        user_id=workspace.user_id,
        entry_id=entry_id,
        changes=body.model_dump(exclude_unset=True),
    )
    return JournalOut(**JournalRead.of(entry).model_dump())


@router.delete("/journal/{entry_id}", status_code=204, response_class=Response)
def remove_journal(entry_id: EntryId, workspace: WorkspaceDep) -> Response:
    """Deletes a journal entry."""
    delete_journal_entry(session=workspace.session, user_id=workspace.user_id, entry_id=entry_id)
    return Response(status_code=204)


@router.get("/moods", response_model=list[MoodOut])
def list_moods(workspace: WorkspaceDep, limit: Limit = 90) -> list[MoodOut]:
    """Mood check-ins, newest first."""
    items = recent_moods(session=workspace.session, user_id=workspace.user_id, limit=limit)
    return [MoodOut(**item.__dict__) for item in items]


@router.post("/moods", response_model=MoodOut, status_code=201)
def check_in(body: MoodIn, workspace: WorkspaceDep) -> MoodOut:
    """Records a mood check-in."""
    checkin = add_mood(
        session=workspace.session,
        user_id=workspace.user_id,
        fields=MoodFields(mood=body.mood, note=body.note),
        now=workspace.now,
        application_id=body.application_id,
    )
    return MoodOut(**MoodRead.of(checkin).model_dump())


@router.get("/questions", response_model=QuestionBankOut)
def list_questions(workspace: WorkspaceDep, limit: Limit = 100) -> QuestionBankOut:
    """The question bank from debriefs, grouped by how each question went."""
    bank = question_bank(session=workspace.session, user_id=workspace.user_id, limit=limit)
    return QuestionBankOut(
        tough=[_question(item) for item in bank.tough],
        great=[_question(item) for item in bank.great],
        other=[_question(item) for item in bank.other],
    )


@router.get("/feedback", response_model=list[FeedbackOut])
def list_feedback(workspace: WorkspaceDep, limit: Limit = 100) -> list[FeedbackOut]:
    """Feedback received from companies, newest first."""
    items = feedback_received(session=workspace.session, user_id=workspace.user_id, limit=limit)
    return [FeedbackOut(**item.__dict__) for item in items]


@router.get("/numbers", response_model=NumbersOut)
def numbers(workspace: WorkspaceDep) -> NumbersOut:
    """The search in figures, as on the Numbers page."""
    return numbers_out(
        load_numbers(
            session=workspace.session,
            user_id=workspace.user_id,
            timezone=workspace.user.timezone,
        )
    )
