"""Moving an application between statuses, and keeping the append-only history of it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from afterword.errors import TransitionError
from afterword.pipeline.models import Application, StatusChange
from afterword.pipeline.status import Status
from afterword.pipeline.transitions import Event, next_status


def apply_event(
    *, session: Session, application: Application, event: Event, cause: str, now: dt.datetime
) -> StatusChange | None:
    """Applies `event` under the transition rules; records a history entry if the status moved.

    Raises TransitionError (and changes nothing) when the rules refuse the event.
    """
    try:
        target = next_status(application.status, event)
    except TransitionError as error:
        # Name the application: the rule's reason alone does not say which process it was.
        raise type(error)(
            f"application {application.id} ({application.company}): {error}"
        ) from None
    if target is application.status:
        return None
    return record_status(
        session=session, application=application, status=target, cause=cause, now=now
    )


def record_status(
    *, session: Session, application: Application, status: Status, cause: str, now: dt.datetime
) -> StatusChange:
    """Sets the status and appends the change to the history (no rule check: callers check)."""
    change = StatusChange(
        user_id=application.user_id,
        from_status=application.status,  # None for a brand-new application
        to_status=status,
        at=now,
        cause=cause,
    )
    application.history.append(change)
    application.status = status
    application.updated_at = now
    session.flush()
    return change
