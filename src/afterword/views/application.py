"""Everything about one process, gathered for a page that shows it whole.

A read model over several domains (pipeline, playbook, mail, reflection): it reads one
application with its children as plain records (views.application_records), one Core query
per table, and merges them into one timeline. tests/views/reference_application.py keeps the
ORM-loaded builder this replaced, and a parity test holds the two equal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from afterword.offers.service import pending_offer
from afterword.pipeline.status import OfferDecision
from afterword.playbook.models import ActionKind, ActionState, PlannedAction
from afterword.views.application_records import (
    ApplicationRecord,
    OfferRecord,
    columns_of,
    load_application,
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


def _actions(session: Session, user_id: int, application_id: int) -> tuple[list[Any], list[Any]]:
    """The open actions about one application, soonest (after snoozing) first; and the
    latest settled ones (done, dismissed, withdrawn)."""
    table = PlannedAction.__table__
    mine = sa.select(*columns_of(ActionRecord, table)).where(  # type: ignore[arg-type]
        table.c.user_id == user_id, table.c.application_id == application_id
    )
    open_rows = [
        ActionRecord(*row)
        for row in session.execute(mine.where(table.c.state == ActionState.OPEN))
    ]
    settled = mine.where(table.c.state != ActionState.OPEN).order_by(
        table.c.updated_at.desc(), table.c.id.desc()
    )
    return (
        sorted(open_rows, key=lambda row: (row.effective_due, row.priority, row.id)),
        [ActionRecord(*row) for row in session.execute(settled.limit(SETTLED_SHOWN))],
    )


def _story(session: Session, user_id: int, application_id: int) -> dict[str, list[Any]]:
    """The emails sent and received and the notes written about one application."""
    from afterword.inbox.models import IngestedMessage
    from afterword.inbox.triage import TriageState
    from afterword.mail.models import SentMessage
    from afterword.reflection.models import JournalEntry

    def rows(model: Any, record: type, *where: Any, order: tuple[Any, ...] = ()) -> list[Any]:
        table = model.__table__
        query = sa.select(*columns_of(record, table)).where(
            table.c.user_id == user_id, table.c.application_id == application_id, *where
        )
        return [record(*row) for row in session.execute(query.order_by(*order))]

    sent, received, notes = (
        SentMessage.__table__,
        IngestedMessage.__table__,
        JournalEntry.__table__,
    )
    return {
        "messages": rows(SentMessage, SentRecord, order=(sent.c.at, sent.c.id)),
        # Ignored emails stay out of the story.
        "received": rows(
            IngestedMessage,
            ReceivedRecord,
            # NULL triage (not triaged yet) is kept out too, as `!=` did in the ORM query.
            received.c.triage != TriageState.IGNORED,
            order=(received.c.id,),
        ),
        "notes": rows(JournalEntry, NoteRecord, order=(notes.c.written_at,)),
    }


def current_offer(application: Application | ApplicationRecord) -> Any:
    """The undecided offer if there is one, else the latest offer, else None."""
    return pending_offer(application) or (application.offers[-1] if application.offers else None)  # type: ignore[arg-type]


def process_view(
    *, session: Session, user_id: int, application_id: int, timezone: str
) -> ProcessView:
    """Reads one application and everything recorded about it (NotFoundError if not the user's)."""
    application = load_application(
        session=session, user_id=user_id, application_id=application_id
    )
    actions, settled = _actions(session, user_id, application_id)
    timeline = build_timeline(
        timezone=timezone,
        history=application.history,
        interviews=application.interviews,  # type: ignore[arg-type]
        outcomes=application.outcomes,  # type: ignore[arg-type]
        feedback=application.feedback,  # type: ignore[arg-type]
        **_story(session, user_id, application_id),
    )
    return ProcessView(
        application=application,
        actions=actions,
        timeline=timeline,
        offer=current_offer(application),
        settled=settled,
    )
