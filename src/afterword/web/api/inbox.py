"""JSON API: received messages, what triage did with them, and the review queue."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from afterword.inbox.inbox import Inbox
from afterword.inbox.labels import MailClass
from afterword.inbox.models import IngestedMessage
from afterword.inbox.triage import TriageState
from afterword.web.api.json_types import JsonTyped
from afterword.web.deps import WorkspaceDep

router = APIRouter(prefix="/api", tags=["inbox"])

MessageId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The message's id.")]


class MessageOut(BaseModel):
    """A received message and its triage: what it is, its application, what happened."""

    id: int
    state: TriageState | None
    sent_at: dt.datetime | None
    from_address: str | None
    subject: str | None
    label: MailClass | None = Field(description="What afterword made of it.")
    confidence: float | None
    reasons: list[str]
    dates: dict[str, str]
    application_id: int | None
    candidates: list[int] = Field(description="The applications it could be about, if ambiguous.")
    why: str | None = Field(description="Why triage did what it did, or why it waits.")
    change: str | None = Field(description="The change made, or proposed while it waits.")
    your_label: MailClass | None = Field(description="What you said it is, if you did.")
    error: str | None = Field(description="Why it could not be read, for unreadable messages.")


class ResolveIn(JsonTyped):
    """Your word on a message: nothing to confirm afterword's reading, or the class and/or the
    application it really is about."""

    model_config = ConfigDict(extra="forbid")

    label: MailClass | None = None
    application_id: Annotated[int | None, Field(ge=1, le=2_147_483_647)] = None


def _out(row: IngestedMessage) -> MessageOut:
    return MessageOut(
        id=row.id,
        state=row.triage,
        sent_at=row.sent_at,
        from_address=row.from_address,
        subject=row.subject,
        label=row.label,
        confidence=row.confidence,
        reasons=row.reasons or [],
        dates=row.dates or {},
        application_id=row.application_id,
        candidates=row.candidates or [],
        why=row.why,
        change=row.effect,
        your_label=row.user_label,
        error=row.error,
    )


@router.get("/inbox/messages", response_model=list[MessageOut])
def list_messages(
    ws: WorkspaceDep,
    state: Annotated[
        list[TriageState] | None,
        Query(description="Only these states (review: waiting for you); all when not given."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="How many, newest first.")] = 50,
) -> list[MessageOut]:
    """Received messages, newest first."""
    rows = Inbox(ws).recent(state or list(TriageState), limit=limit)
    return [_out(row) for row in rows]


@router.get("/inbox/counts", response_model=dict[str, int])
def counts(ws: WorkspaceDep) -> dict[str, int]:
    """How many received messages are in each triage state."""
    found = Inbox(ws).counts()
    return {str(state): found.get(state, 0) for state in TriageState}


@router.get("/inbox/messages/{message_id}", response_model=MessageOut)
def show_message(ws: WorkspaceDep, message_id: MessageId) -> MessageOut:
    """One received message and its triage."""
    return _out(Inbox(ws).message(message_id))


@router.post("/inbox/messages/{message_id}/resolve", response_model=MessageOut)
def resolve_message(ws: WorkspaceDep, message_id: MessageId, body: ResolveIn) -> MessageOut:
    """Confirms or corrects a message; the change it implies is made, or nothing changes and the
    answer says why."""
    row = Inbox(ws).resolve(message_id, label=body.label, application_id=body.application_id)
    return _out(row)
