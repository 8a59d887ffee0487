"""Recording what left afterword: a delivered message joins the timeline and completes its action."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.drafts.render import Draft
from afterword.mail.models import DeliveryRoute, SentMessage
from afterword.playbook.models import ActionState, PlannedAction

# Routes after which the email has left (or sits in the user's Drafts): doing it again would
# send or file a duplicate, so the user confirms first.
DELIVERED = (DeliveryRoute.SMTP, DeliveryRoute.IMAP_DRAFTS)


def previous_delivery(*, session: Session, user_id: int, action_id: int) -> SentMessage | None:
    """The last time this action's email was sent or saved to Drafts, if ever."""
    query = (
        sa.select(SentMessage)
        .where(
            SentMessage.user_id == user_id,
            SentMessage.action_id == action_id,
            SentMessage.route.in_(DELIVERED),
        )
        .order_by(SentMessage.at.desc())
    )
    return session.scalars(query).first()


def record_delivery(
    *,
    session: Session,
    user_id: int,
    action: PlannedAction | None,
    application_id: int | None,
    draft: Draft,
    route: DeliveryRoute,
    message_id: str | None,
    now: dt.datetime,
    today: dt.date,
) -> SentMessage:
    """Adds the message to the application's timeline and marks its action done."""
    message = SentMessage(
        user_id=user_id,
        application_id=application_id,
        action_id=action.id if action is not None else None,
        template=draft.template,
        route=route,
        to_name=draft.to_name,
        to_email=draft.to_email,
        subject=draft.subject,
        body=draft.body,
        message_id=message_id,
        at=now,
    )
    session.add(message)
    if action is not None and action.state is ActionState.OPEN:
        action.state = ActionState.DONE
        action.settled_on = today
        action.updated_at = now
    session.flush()
    return message


def messages_for(*, session: Session, user_id: int, application_id: int) -> list[SentMessage]:
    """The messages of one application, oldest first."""
    query = (
        sa.select(SentMessage)
        .where(SentMessage.user_id == user_id, SentMessage.application_id == application_id)
        .order_by(SentMessage.at, SentMessage.id)
    )
    return list(session.scalars(query))
