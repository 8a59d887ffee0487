"""Everything about one process, gathered for a page that shows it whole.

A read model over several domains (pipeline, playbook, mail, reflection): it reads one
application with its children as plain records (views.application_records), one Core query
per table, and merges them into one timeline. tests/views/reference_application.py keeps the
ORM-loaded builder this replaced, and a parity test holds the two equal.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from afterword.offers.service import pending_offer
from afterword.pipeline.status import OfferDecision
from afterword.playbook.actions import ActionKind
from afterword.playbook.models import ActionState, PlannedAction
from afterword.views.application_records import (
    ApplicationRecord,
    OfferRecord,
    load_application,
    owned_rows,
    table_of,
)
from afterword.views.timeline import TimelineEntry, build_timeline

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from afterword.pipeline.models import Application


@dataclass(frozen=True, slots=True)
class ActionRecord:
    """A planned step as the page shows it (open, or settled with how)."""

    id: int
    kind: ActionKind
    reason: str
    due: dt.date
    snoozed_until: dt.date | None
    priority: int
    state: ActionState
    settled_on: dt.date | None
    withdrawn_reason: str | None
    done_note: str | None
    effect_json: str | None

    effective_due = PlannedAction.effective_due
    settled_by_record = PlannedAction.settled_by_record
    undoable = PlannedAction.undoable


@dataclass(frozen=True, slots=True)
class SentRecord:
    """An email afterword sent, saved or handed over."""

    route: Any
    to_name: str | None
    to_email: str | None
    subject: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class ReceivedRecord:
    """An email the inbox matched to the application."""

    sent_at: dt.datetime | None
    ingested_at: dt.datetime
    user_label: Any
    label: Any
    subject: str | None
    from_address: str | None
    effect: str | None


@dataclass(frozen=True, slots=True)
class NoteRecord:
    """A journal note about the application."""

    written_at: dt.datetime
    text: str


@dataclass(frozen=True)
class ProcessView:
    """One application, its open actions, its timeline, and its current offer."""

    application: ApplicationRecord
    actions: list[ActionRecord]
    timeline: list[TimelineEntry]
    offer: OfferRecord | None
    # Steps already settled (done, dismissed, withdrawn), latest first: what was done, and
    # what things moved past, shown apart.
    settled: list[ActionRecord] = field(default_factory=list)

    @property
    def offer_is_open(self) -> bool:
        """Whether the offer still awaits the user's decision."""
        return self.offer is not None and self.offer.decision is OfferDecision.PENDING


# How many settled steps the page shows: the recent ones are what a person may want to undo.
SETTLED_SHOWN = 12


@functools.cache
def _queries() -> dict[str, sa.Select[Any]]:
    from afterword.inbox.models import IngestedMessage
    from afterword.inbox.triage import TriageState
    from afterword.mail.models import SentMessage
    from afterword.reflection.models import JournalEntry

    actions = table_of(PlannedAction)
    mine = owned_rows(PlannedAction, ActionRecord, ("id",))
    received = owned_rows(IngestedMessage, ReceivedRecord, ("id",))
    return {
        "open": mine.where(actions.c.state == ActionState.OPEN),
        "settled": mine.where(actions.c.state != ActionState.OPEN)
        .order_by(None)
        .order_by(actions.c.updated_at.desc(), actions.c.id.desc())
        .limit(SETTLED_SHOWN),
        "messages": owned_rows(SentMessage, SentRecord, ("at", "id")),
        # Ignored emails stay out of the story (and, as `!=` does, untriaged ones too).
        "received": received.where(table_of(IngestedMessage).c.triage != TriageState.IGNORED),
        "notes": owned_rows(JournalEntry, NoteRecord, ("written_at",)),
    }


def _read(session: Session, user_id: int, application_id: int) -> dict[str, list[Any]]:
    """The open actions (soonest after snoozing first), the latest settled ones, the emails
    sent and received, and the notes about one application."""
    connection = session.connection()
    bound = {"application_id": application_id, "user_id": user_id}
    records = {
        "open": ActionRecord,
        "settled": ActionRecord,
        "messages": SentRecord,
        "received": ReceivedRecord,
        "notes": NoteRecord,
    }
    read = {
        name: [records[name](*row) for row in connection.execute(query, bound)]
        for name, query in _queries().items()
    }
    read["open"].sort(key=lambda row: (row.effective_due, row.priority, row.id))
    return read


def current_offer(application: Application | ApplicationRecord) -> Any:
    """The undecided offer if there is one, else the latest offer, else None."""
    return pending_offer(application) or (application.offers[-1] if application.offers else None)  # type: ignore[arg-type]


def process_view(
    *, session: Session, user_id: int, application_id: int, timezone: str
) -> ProcessView:
    """Reads one application and everything recorded about it (NotFoundError if not the user's)."""
    application = load_application(session=session, user_id=user_id, application_id=application_id)
    read = _read(session, user_id, application_id)
    timeline = build_timeline(
        timezone=timezone,
        history=application.history,  # type: ignore[arg-type]
        interviews=application.interviews,  # type: ignore[arg-type]
        outcomes=application.outcomes,  # type: ignore[arg-type]
        feedback=application.feedback,  # type: ignore[arg-type]
        messages=read["messages"],
        received=read["received"],
        notes=read["notes"],
    )
    return ProcessView(
        application=application,
        actions=read["open"],
        timeline=timeline,
        offer=current_offer(application),
        settled=read["settled"],
    )
