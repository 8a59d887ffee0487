"""Recording what left afterword: a delivered message joins the timeline and completes its action."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.drafts.render import Draft
from afterword.mail.account import MailAccount
from afterword.mail.models import DeliveryRoute, SentMessage
from afterword.playbook.models import ActionState, PlannedAction
from afterword.profile.models import User

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


# -- the delivery flows the command line and the web app share ----------------------------------


def action_draft(
    *, session: Session, user: User, action_id: int, today: dt.date
) -> tuple[PlannedAction, Draft]:
    """An email action and its draft (a plain error when the action is not an email)."""
    from afterword.drafts.service import draft_for_action, email_action

    row, _template = email_action(session=session, user_id=user.id, action_id=action_id)
    return row, draft_for_action(session=session, user=user, action_id=action_id, today=today)


def mail_account(account: MailAccount | None, need: Literal["smtp", "imap"]) -> MailAccount | None:
    """The account when it has a server for `need` (sending or saving drafts), else None."""
    if account is None or getattr(account, f"{need}_host") is None:
        return None
    return account


def outgoing_message(
    draft: Draft, *, from_name: str | None, sender: str, now: dt.datetime
) -> EmailMessage:
    """The draft as an email from `sender`, dated `now`."""
    from afterword.mail.compose import Outgoing, build_message

    return build_message(
        Outgoing(
            from_name=from_name,
            from_email=sender,
            to_name=draft.to_name,
            to_email=draft.to_email or "",
            subject=draft.subject,
            body=draft.body,
            date=now,
            message_id_domain=sender.rpartition("@")[2] or "afterword.invalid",
        )
    )


def deliver(
    *,
    session: Session,
    user: User,
    account: MailAccount,
    action: PlannedAction,
    draft: Draft,
    route: DeliveryRoute,
    now: dt.datetime,
    today: dt.date,
) -> tuple[SentMessage, str | None]:
    """Sends the draft (SMTP) or saves it to Drafts (IMAP), then records it; returns the folder.

    A DeliveryError leaves nothing recorded: the action stays open.
    """
    from afterword.mail.delivery import password_for, save_to_drafts, send_smtp

    message = outgoing_message(draft, from_name=user.name, sender=account.address, now=now)
    folder: str | None = None
    if route not in DELIVERED:
        raise ValueError(
            f"deliver() sends or saves; {route.value} is recorded with record_delivery"
        )
    if route is DeliveryRoute.SMTP:
        send_smtp(message, account, password=password_for(account, "smtp"))
    else:
        folder = save_to_drafts(message, account, password=password_for(account, "imap"))
    sent = record_delivery(
        session=session,
        user_id=user.id,
        action=action,
        application_id=action.application_id,
        draft=draft,
        route=route,
        message_id=message["Message-ID"],
        now=now,
        today=today,
    )
    return sent, folder
