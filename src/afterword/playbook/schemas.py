"""The read schema of a planned action: what the agenda shows and `--json` prints."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from afterword.pipeline.schemas import Instant, ReadModel, Uid
from afterword.playbook.actions import ActionKind
from afterword.playbook.models import ActionState

if TYPE_CHECKING:
    from afterword.playbook.models import PlannedAction


class EvidenceRead(BaseModel):
    """One fact the rule used."""

    label: str
    value: str


class ActionRead(ReadModel):
    """An action the playbook proposed: what to do, for which process, by when, and why."""

    id: int
    uid: Uid
    key: str = Field(
        description="Names the situation the action answers; the same situation gives the same key."
    )
    kind: ActionKind
    headline: str
    is_email: bool
    rule: str
    state: ActionState
    due: dt.date
    effective_due: dt.date = Field(description="The due date, or the snooze date if later.")
    snoozed_until: dt.date | None
    settled_on: dt.date | None = Field(description="When it was done or dismissed.")
    priority: int
    reason: str
    evidence: list[EvidenceRead]
    done_note: str | None
    withdrawn_reason: str | None = Field(
        description="Why the playbook no longer proposes it, when it was withdrawn."
    )
    application_id: int | None
    company: str | None = Field(description="The application's company, if it has one.")
    contact_id: int | None
    interview_id: int | None
    offer_id: int | None
    created_at: Instant
    updated_at: Instant

    @classmethod
    def of(cls, row: PlannedAction, *, company: str | None) -> ActionRead:
        """The action as stored; `company` is its application's (actions hold only the id)."""
        return cls(
            **cls.columns(
                row,
                headline=row.kind.headline,
                is_email=row.kind.is_email,
                evidence=[EvidenceRead(label=label, value=value) for label, value in row.evidence],
                company=company,
            )
        )
