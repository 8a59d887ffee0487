"""Outcomes (offer, chat, more interviews, rejection, ghosted, withdrawn) and feedback."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError, NotFoundError
from afterword.pipeline.applications import get_application
from afterword.pipeline.history import apply_event, record_status
from afterword.pipeline.models import Feedback, Outcome
from afterword.pipeline.schemas import FeedbackFields, OutcomeFields
from afterword.pipeline.status import OutcomeKind, Status
from afterword.pipeline.transitions import Event, EventKind
from afterword.validation import invalid_input

_CAUSES = {
    OutcomeKind.OFFER: "offer received",
    OutcomeKind.HIRING_MANAGER_CHAT: "invited to a hiring-manager chat",
    OutcomeKind.MORE_INTERVIEWS: "invited to more interviews",
    OutcomeKind.REJECTION: "not selected",
    OutcomeKind.GHOSTED: "marked as ghosted (no answer)",
    OutcomeKind.WITHDRAWN: "withdrew from the process",
}


def record_outcome(
    *,
    session: Session,
    user_id: int,
    application_id: int,
    fields: OutcomeFields,
    now: dt.datetime,
    cause: str | None = None,
) -> Outcome:
    """Records news about a process and moves it to the matching status.

    The offer itself belongs to the offers domain: `offers.service.record_news` records an
    offer outcome and opens its (empty) offer in one step; callers with any kind of news
    call that. `cause` replaces the history's default wording ('withdrawal email sent ...').
    """
    application = get_application(session=session, user_id=user_id, application_id=application_id)
    if cause is None:
        cause = f"{_CAUSES[fields.kind]} on {fields.occurred_on.isoformat()}"
        if fields.note:
            cause += f": {fields.note}"
    apply_event(
        session=session,
        application=application,
        event=Event(EventKind.OUTCOME, outcome=fields.kind),
        cause=cause,
        now=now,
    )
    outcome = Outcome(user_id=user_id, created_at=now, **fields.model_dump())
    application.outcomes.append(outcome)
    application.updated_at = now
    session.flush()
    return outcome


def retract_outcome(
    *,
    session: Session,
    user_id: int,
    outcome_id: int,
    back_to: Status,
    cause: str,
    now: dt.datetime,
) -> None:
    """Takes back an outcome recorded by mistake: removes it and restores the earlier status.

    Only for undoing what afterword itself recorded a moment ago; the history keeps both
    changes, so nothing of what happened is lost.
    """
    outcome = session.get(Outcome, outcome_id)
    if outcome is None or outcome.user_id != user_id:
        raise NotFoundError(f"there is no outcome with id {outcome_id}")
    application = outcome.application
    session.delete(outcome)
    record_status(session=session, application=application, status=back_to, cause=cause, now=now)


def list_outcomes(
    *, session: Session, user_id: int, application_id: int | None = None
) -> list[Outcome]:
    """Lists recorded outcomes, newest first, optionally for one application."""
    query = sa.select(Outcome).where(Outcome.user_id == user_id)
    if application_id is not None:
        get_application(session=session, user_id=user_id, application_id=application_id)
        query = query.where(Outcome.application_id == application_id)
    return list(session.scalars(query.order_by(Outcome.occurred_on.desc(), Outcome.id.desc())))


def add_feedback(
    *, session: Session, user_id: int, application_id: int, fields: FeedbackFields, now: dt.datetime
) -> Feedback:
    """Records feedback the company gave."""
    application = get_application(session=session, user_id=user_id, application_id=application_id)
    feedback = Feedback(user_id=user_id, created_at=now, **fields.model_dump())
    application.feedback.append(feedback)
    session.flush()
    return feedback


def list_feedback(
    *, session: Session, user_id: int, application_id: int | None = None
) -> list[Feedback]:
    """Lists feedback received, newest first, optionally for one application."""
    query = sa.select(Feedback).where(Feedback.user_id == user_id)
    if application_id is not None:
        get_application(session=session, user_id=user_id, application_id=application_id)
        query = query.where(Feedback.application_id == application_id)
    return list(session.scalars(query.order_by(Feedback.received_on.desc(), Feedback.id.desc())))


def get_feedback(*, session: Session, user_id: int, feedback_id: int) -> Feedback:
    """Returns one piece of the user's feedback, or raises NotFoundError."""
    feedback = session.get(Feedback, feedback_id)
    if feedback is None or feedback.user_id != user_id:
        raise NotFoundError(f"there is no feedback with id {feedback_id}")
    return feedback


def update_feedback(
    *, session: Session, user_id: int, feedback_id: int, changes: dict[str, Any]
) -> Feedback:
    """Applies `changes` (received_on, text) to feedback after validating the result."""
    feedback = get_feedback(session=session, user_id=user_id, feedback_id=feedback_id)
    unknown = set(changes) - set(FeedbackFields.model_fields)
    if unknown:
        raise InvalidInputError(f"cannot edit unknown field(s): {', '.join(sorted(unknown))}")
    current = {name: getattr(feedback, name) for name in FeedbackFields.model_fields}
    try:
        fields = FeedbackFields.model_validate({**current, **changes})
    except ValidationError as error:
        raise invalid_input(error) from None
    for name, value in fields.model_dump().items():
        setattr(feedback, name, value)
    session.flush()
    return feedback


def delete_feedback(*, session: Session, user_id: int, feedback_id: int) -> None:
    """Deletes a piece of feedback."""
    feedback = get_feedback(session=session, user_id=user_id, feedback_id=feedback_id)
    feedback.application.feedback.remove(feedback)
    session.flush()
