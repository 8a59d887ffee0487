"""JSON API: the agenda's actions, their email drafts, and settling them (done, dismiss, snooze)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from afterword.errors import InvalidInputError
from afterword.mail.compose import mailto_link
from afterword.mail.models import SentMessage
from afterword.mail.service import action_draft, previous_delivery, record_sent_by_user
from afterword.pipeline.models import Application
from afterword.playbook.effects import preview
from afterword.playbook.models import PlannedAction
from afterword.playbook.service import (
    complete_action,
    dismiss_action,
    get_action,
    snooze_action,
    undo_action,
)
from afterword.validation import Day, refuse_nul
from afterword.views.agenda import open_items
from afterword.web.api.json_types import JsonTyped
from afterword.web.deps import WorkspaceDep
from afterword.workspace import Workspace

router = APIRouter(prefix="/api", tags=["actions"])

ActionId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The action's id.")]


class EvidenceOut(BaseModel):
    """One fact the rule used."""

    label: str
    value: str


class ActionOut(BaseModel):
    """An action: what to do, for which process, by when, and why."""

    id: int
    kind: str
    headline: str
    is_email: bool
    state: str
    due: dt.date
    effective_due: dt.date
    snoozed_until: dt.date | None
    priority: int
    reason: str
    evidence: list[EvidenceOut]
    application_id: int | None
    company: str | None
    role: str | None
    done_note: str | None = Field(
        default=None, description="How a done action was done, and what it recorded."
    )
    effect_when_done: str | None = Field(
        default=None, description="What marking it done records, said before it happens."
    )


class DeliveryOut(BaseModel):
    """An email that left afterword (or that the user sent themselves)."""

    id: int
    route: str
    at: dt.datetime
    to_email: str | None
    subject: str


class DraftOut(BaseModel):
    """An email action's draft, ready to copy or send."""

    action_id: int
    template: str
    to_name: str | None
    to_email: str | None
    subject: str
    body: str
    missing: list[str]
    warnings: list[str]
    mailto: str
    previous_delivery: DeliveryOut | None


class SnoozeIn(JsonTyped):
    """How long to hide an action: a number of days, or a date."""

    model_config = ConfigDict(extra="forbid")

    days: Annotated[int | None, Field(ge=1, le=365)] = None
    until: Day | None = None

    @model_validator(mode="after")
    def _one_of(self) -> SnoozeIn:
        if (self.days is None) == (self.until is None):
            raise ValueError("give either days or until")
        return self


class CopiedIn(JsonTyped):
    """The subject and body as the user sent them, when they changed the draft."""

    model_config = ConfigDict(extra="forbid")

    subject: Annotated[str | None, Field(max_length=500), AfterValidator(refuse_nul)] = None
    body: Annotated[str | None, Field(max_length=20_000), AfterValidator(refuse_nul)] = None
    again: bool = Field(
        default=False,
        description="Record it even though the step is done, dismissed or no longer needed, "
        "or the email already went out.",
    )


def _action_out(row: PlannedAction, application: Application | None) -> ActionOut:
    return ActionOut(
        id=row.id,
        kind=row.kind.value,
        headline=row.kind.headline,
        is_email=row.kind.is_email,
        state=row.state.value,
        due=row.due,
        effective_due=row.effective_due,
        snoozed_until=row.snoozed_until,
        priority=row.priority,
        reason=row.reason,
        evidence=[EvidenceOut(label=label, value=value) for label, value in row.evidence],
        application_id=row.application_id,
        company=application.company if application else None,
        role=application.role if application else None,
        done_note=row.done_note,
        effect_when_done=preview(row.kind, application.company if application else None),
    )


def _out(workspace: Workspace, row: PlannedAction) -> ActionOut:
    application = (
        workspace.session.get(Application, row.application_id) if row.application_id else None
    )
    return _action_out(row, application)


def _delivery_out(message: SentMessage | None) -> DeliveryOut | None:
    return _delivery(message) if message is not None else None


def _delivery(message: SentMessage) -> DeliveryOut:
    return DeliveryOut(
        id=message.id,
        route=message.route.value,
        at=message.at,
        to_email=message.to_email,
        subject=message.subject,
    )


@router.get("/actions", response_model=list[ActionOut])
def list_actions(
    workspace: WorkspaceDep,
    limit: Annotated[int, Query(ge=1, le=500, description="How many, soonest first.")] = 200,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="How many to skip.")] = 0,
) -> list[ActionOut]:
    """The open actions, soonest first (snoozed ones by their new date)."""
    items = open_items(
        session=workspace.session, user_id=workspace.user_id, limit=limit, offset=offset
    )
    return [
        ActionOut(
            id=item.id,
            kind=item.kind.value,
            headline=item.headline,
            is_email=item.is_email,
            state="open",
            due=item.due,
            effective_due=item.effective_due,
            snoozed_until=item.snoozed_until,
            priority=item.priority,
            reason=item.reason,
            evidence=[EvidenceOut(label=label, value=value) for label, value in item.evidence],
            application_id=item.application_id,
            company=item.company,
            role=item.role,
        )
        for item in items
    ]


@router.get("/actions/{action_id}", response_model=ActionOut)
def read_action(workspace: WorkspaceDep, action_id: ActionId) -> ActionOut:
    """One action, whatever its state."""
    row = get_action(session=workspace.session, user_id=workspace.user_id, action_id=action_id)
    return _out(workspace, row)


@router.get("/actions/{action_id}/draft", response_model=DraftOut)
def read_draft(workspace: WorkspaceDep, action_id: ActionId) -> DraftOut:
    """The email draft of an email action (422 when the action is not an email)."""
    _row, draft = action_draft(
        session=workspace.session,
        user=workspace.user,
        action_id=action_id,
        today=workspace.today,
        per_person=workspace.settings.server_mode,
    )
    earlier = previous_delivery(
        session=workspace.session, user_id=workspace.user_id, action_id=action_id
    )
    return DraftOut(
        action_id=action_id,
        template=draft.template,
        to_name=draft.to_name,
        to_email=draft.to_email,
        subject=draft.subject,
        body=draft.body,
        missing=list(draft.missing),
        warnings=list(draft.warnings),
        mailto=mailto_link(draft.to_email, draft.subject, draft.body),
        previous_delivery=_delivery_out(earlier),
    )


@router.post("/actions/{action_id}/done", response_model=ActionOut)
def mark_done(workspace: WorkspaceDep, action_id: ActionId) -> ActionOut:
    """Marks an open action done; it never comes back."""
    row = complete_action(
        session=workspace.session,
        user_id=workspace.user_id,
        action_id=action_id,
        on=workspace.today,
        now=workspace.now,
    )
    return _out(workspace, row)


@router.post("/actions/{action_id}/dismiss", response_model=ActionOut)
def dismiss(workspace: WorkspaceDep, action_id: ActionId) -> ActionOut:
    """Dismisses an open action the user does not want to do; it never comes back."""
    row = dismiss_action(
        session=workspace.session,
        user_id=workspace.user_id,
        action_id=action_id,
        on=workspace.today,
        now=workspace.now,
    )
    return _out(workspace, row)


@router.post("/actions/{action_id}/snooze", response_model=ActionOut)
def snooze(workspace: WorkspaceDep, action_id: ActionId, body: SnoozeIn) -> ActionOut:
    """Hides an open action until a later day: `{"days": 3}` or `{"until": "2026-12-01"}`."""
    if body.days is not None:
        until = workspace.today + dt.timedelta(days=body.days)
    elif body.until is not None:
        until = body.until
    else:  # the model refuses this already; kept for the type checker
        raise InvalidInputError("give either days or until")
    row = snooze_action(
        session=workspace.session,
        user_id=workspace.user_id,
        action_id=action_id,
        until=until,
        today=workspace.today,
        now=workspace.now,
    )
    return _out(workspace, row)


@router.post("/actions/{action_id}/undo", response_model=ActionOut)
def undo(workspace: WorkspaceDep, action_id: ActionId) -> ActionOut:
    """Takes back a done or dismissed action and what marking it done recorded."""
    row = undo_action(
        session=workspace.session,
        user_id=workspace.user_id,
        action_id=action_id,
        today=workspace.today,
        now=workspace.now,
    )
    return _out(workspace, row)


@router.post("/actions/{action_id}/copied", response_model=DeliveryOut, status_code=201)
def copied(
    workspace: WorkspaceDep, action_id: ActionId, body: CopiedIn | None = None
) -> DeliveryOut:
    """Records that the user sent the email themselves; the action counts as done."""
    _row, message = record_sent_by_user(
        session=workspace.session,
        per_person=workspace.settings.server_mode,
        user=workspace.user,
        action_id=action_id,
        subject=body.subject if body else None,
        body=body.body if body else None,
        again=body.again if body else False,
        now=workspace.now,
        today=workspace.today,
        again_hint='send "again": true',
    )
    return _delivery(message)
