"""The reference for the Application page's read: the ORM-loaded builder it had before.

views.application now reads plain records with Core queries; this is the earlier
process_view, unchanged, kept so that the parity tests can hold the lean read to the
full one (same fields, same page).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from afterword.offers.service import pending_offer
from afterword.pipeline.applications import get_application
from afterword.pipeline.models import Application, Interview
from afterword.pipeline.status import OfferDecision
from afterword.views.timeline import TimelineEntry, build_timeline

if TYPE_CHECKING:
    from afterword.offers.models import Offer
    from afterword.playbook.models import PlannedAction


def _received(session: Session, user_id: int, application_id: int) -> list[Any]:
    """Emails the inbox matched to this application (ignored ones stay out of the story)."""
    from afterword.inbox.models import IngestedMessage
    from afterword.inbox.triage import TriageState

    return list(
        session.scalars(
            sa.select(IngestedMessage).where(
                IngestedMessage.user_id == user_id,
                IngestedMessage.application_id == application_id,
                IngestedMessage.triage != TriageState.IGNORED,
            )
        )
    )


@dataclass(frozen=True)
class ProcessView:
    """One application, its open actions, its timeline, and its current offer."""

    application: Application
    actions: list[PlannedAction]
    timeline: list[TimelineEntry]
    offer: Offer | None
    # Steps already settled (done, dismissed, withdrawn), latest first: what was done, and
    # what things moved past, shown apart.
    settled: list[PlannedAction] = field(default_factory=list)

    @property
    def offer_is_open(self) -> bool:
        """Whether the offer still awaits the user's decision."""
        return self.offer is not None and self.offer.decision is OfferDecision.PENDING


def open_actions_for(*, session: Session, user_id: int, application_id: int) -> list[PlannedAction]:
    """The open actions about one application, soonest (after snoozing) first."""
    from afterword.playbook.models import ActionState, PlannedAction

    rows = session.scalars(
        sa.select(PlannedAction).where(
            PlannedAction.user_id == user_id,
            PlannedAction.application_id == application_id,
            PlannedAction.state == ActionState.OPEN,
        )
    ).all()
    return sorted(rows, key=lambda row: (row.effective_due, row.priority, row.id))


# How many settled steps the page shows: the recent ones are what a person may want to undo.
SETTLED_SHOWN = 12


def settled_actions_for(
    *, session: Session, user_id: int, application_id: int
) -> list[PlannedAction]:
    """The latest settled actions about one application (done, dismissed, withdrawn)."""
    from afterword.playbook.models import ActionState, PlannedAction

    query = (
        sa.select(PlannedAction)
        .where(
            PlannedAction.user_id == user_id,
            PlannedAction.application_id == application_id,
            PlannedAction.state != ActionState.OPEN,
        )
        .order_by(PlannedAction.updated_at.desc(), PlannedAction.id.desc())
        .limit(SETTLED_SHOWN)
    )
    return list(session.scalars(query))


def current_offer(application: Application) -> Offer | None:
    """The undecided offer if there is one, else the latest offer, else None."""
    return pending_offer(application) or (application.offers[-1] if application.offers else None)


def process_view(
    *, session: Session, user_id: int, application_id: int, timezone: str
) -> ProcessView:
    """Loads one application and everything recorded about it (NotFoundError if not the user's)."""
    from afterword.mail.service import messages_for
    from afterword.reflection.models import JournalEntry

    application = get_application(session=session, user_id=user_id, application_id=application_id)
    # Load the children in a few queries rather than one lazy query per interview.
    session.scalars(
        sa.select(Application)
        .where(Application.id == application.id)
        .options(
            selectinload(Application.tags),
            selectinload(Application.contacts),
            selectinload(Application.history),
            selectinload(Application.outcomes),
            selectinload(Application.feedback),
            selectinload(Application.offers),
            selectinload(Application.interviews).selectinload(Interview.interviewers),
            selectinload(Application.interviews).selectinload(Interview.questions),
        )
    ).all()
    notes = session.scalars(
        sa.select(JournalEntry)
        .where(JournalEntry.user_id == user_id, JournalEntry.application_id == application.id)
        .order_by(JournalEntry.written_at)
    ).all()
    timeline = build_timeline(
        timezone=timezone,
        history=application.history,
        interviews=application.interviews,
        outcomes=application.outcomes,
        feedback=application.feedback,
        messages=messages_for(session=session, user_id=user_id, application_id=application.id),
        received=_received(session, user_id, application.id),
        notes=notes,
    )
    return ProcessView(
        application=application,
        actions=open_actions_for(session=session, user_id=user_id, application_id=application.id),
        timeline=timeline,
        offer=current_offer(application),
        settled=settled_actions_for(
            session=session, user_id=user_id, application_id=application.id
        ),
    )
