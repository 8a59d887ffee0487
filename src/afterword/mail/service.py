"""Recording what left afterword: a delivered message joins the timeline and completes its action.

The rule for when an email action counts as done:
- sent through afterword (SMTP), or noted as sent by the user ("I've sent it",
  `afterword copied`): done, with the action's effect recorded (a withdrawal sent records
  the process as withdrawn);
- saved to the user's Drafts folder, downloaded as an .eml file, or opened through a mailto:
  link: handed over, not sent. It joins the timeline, and the action stays open until the
  user says it went.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword import localtime
from afterword.drafts.render import Draft
from afterword.errors import ConfirmationRequiredError, InvalidInputError
from afterword.mail.models import DeliveryRoute, SentMessage
from afterword.pipeline.models import Application, Interview
from afterword.playbook.effects import DoneHow
from afterword.playbook.models import ActionState, PlannedAction
from afterword.playbook.service import complete_action
from afterword.profile.models import User
from afterword.settings.mail import MailAccount

# Routes after which the email has left (or sits in the user's Drafts): doing it again would
# send or file a duplicate, so the user confirms first.
DELIVERED = (DeliveryRoute.SMTP, DeliveryRoute.IMAP_DRAFTS, DeliveryRoute.COPIED)
# Routes after which the email has gone out: its action is done.
SENT = {DeliveryRoute.SMTP: DoneHow.SENT, DeliveryRoute.COPIED: DoneHow.COPIED}
DONE_RULE = (
    "Sending an email (or saying you sent it yourself) marks its step done; saving it to "
    "Drafts, downloading it or opening it in your mail app does not, until you say it went."
)


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
    """Adds the message to the application's timeline; a sent email marks its action done.

    Only an open action is completed (with its effect): an email used again on purpose
    for a done or withdrawn action changes nothing but the timeline.
    """
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
    session.flush()
    how = SENT.get(route)
    if action is not None and action.state is ActionState.OPEN and how is not None:
        complete_action(
            session=session, user_id=user_id, action_id=action.id, on=today, now=now, how=how
        )
    return message


def check_delivery(
    *,
    session: Session,
    user: User,
    action: PlannedAction,
    draft: Draft,
    route: DeliveryRoute,
    again: bool,
    now: dt.datetime,
    today: dt.date,
    again_hint: str = "add --again",
) -> None:
    """Refuses, with one line, an email that should not go out as it stands.

    - no address: there is no one to send it to;
    - about something still ahead (a thank-you before the interview): never;
    - the action is done, dismissed or withdrawn, or its email already went out (or is in
      Drafts): only when the user says so again (`again`).
    """
    require_recipient(session=session, action=action, draft=draft)
    ahead = event_ahead(session=session, user=user, action=action, now=now, today=today)
    if ahead is not None:
        raise InvalidInputError(ahead)
    if again:
        return
    earlier = previous_delivery(session=session, user_id=user.id, action_id=action.id)
    # Saying "I've sent it" after saving it to Drafts is the normal way; anything else after
    # a send or a save would duplicate it.
    if earlier is not None and not (
        route is DeliveryRoute.COPIED and earlier.route is DeliveryRoute.IMAP_DRAFTS
    ):
        when = earlier.at.date().isoformat()
        raise ConfirmationRequiredError(
            f"this email already went out on {when} ({earlier.route.value}); {again_hint} to do "
            "it once more"
        )
    if action.state is not ActionState.OPEN:
        raise ConfirmationRequiredError(
            f"{stale_reason(action)}; {again_hint} to use its email anyway"
        )


def stale_reason(action: PlannedAction) -> str:
    """Why an action's email is no longer wanted, in words ('it was withdrawn: ...')."""
    what = f"action {action.id} ({action.kind.headline})"
    if action.state is ActionState.DONE:
        how = f": {action.done_note}" if action.done_note else ""
        return f"{what} is already done{how}"
    if action.state is ActionState.DISMISSED:
        return f"{what} was dismissed"
    return f"{what} was withdrawn, {action.withdrawn_reason or 'no longer needed'}"


def event_ahead(
    *, session: Session, user: User, action: PlannedAction, now: dt.datetime, today: dt.date
) -> str | None:
    """Why the email is about something that has not happened yet, or None."""
    interview = session.get(Interview, action.interview_id) if action.interview_id else None
    if (
        interview is not None
        and interview.scheduled_at is not None
        and interview.scheduled_at > now
    ):
        local = interview.scheduled_at.astimezone(localtime.zone(user.timezone))
        when = f"{local:%A} {local.day} {local:%B} at {local:%H:%M}"
        return (
            f"the interview this email is about is still ahead ({when}); write it after the "
            "conversation, not before"
        )
    if action.cause_on is not None and action.cause_on > today:
        return f"this email is about something on {action.cause_on.isoformat()}, still ahead"
    return None


def require_recipient(*, session: Session, action: PlannedAction, draft: Draft) -> None:
    """Refuses a draft with no one to send it to, saying whom to add and how."""
    if draft.to_email:
        return
    application = session.get(Application, action.application_id) if action.application_id else None
    who = "the person" if draft.to_name else "the recruiter"
    where = f" at {application.company}" if application else ""
    how = (
        f"afterword contacts add {application.id} --role recruiter --name NAME --email ADDRESS"
        if application
        else "afterword contacts add"
    )
    if draft.to_name:
        raise InvalidInputError(
            f"there is no address for {draft.to_name}{where} yet; add it with "
            "'afterword contacts edit', then try again"
        )
    raise InvalidInputError(f"there is no one to write to{where} yet; add {who} first: {how}")


def record_sent_by_user(
    *,
    session: Session,
    user: User,
    action_id: int,
    subject: str | None,
    body: str | None,
    again: bool,
    now: dt.datetime,
    today: dt.date,
    again_hint: str = "add --again",
    per_person: bool = False,
) -> tuple[PlannedAction, SentMessage]:
    """Records that the user sent an action's email themselves (as they edited it, if they
    did); the action is then done, with its effect. The command line, the page and the API
    share this one flow."""
    import dataclasses

    row, draft = action_draft(
        session=session, user=user, action_id=action_id, today=today, per_person=per_person
    )
    subject = " ".join((subject or "").split())
    draft = dataclasses.replace(
        draft,
        subject=subject or draft.subject,
        body=body if body and body.strip() else draft.body,
    )
    check_delivery(
        session=session,
        user=user,
        action=row,
        draft=draft,
        route=DeliveryRoute.COPIED,
        again=again,
        now=now,
        today=today,
        again_hint=again_hint,
    )
    message = record_delivery(
        session=session,
        user_id=user.id,
        action=row,
        application_id=row.application_id,
        draft=draft,
        route=DeliveryRoute.COPIED,
        message_id=None,
        now=now,
        today=today,
    )
    return row, message


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
    *, session: Session, user: User, action_id: int, today: dt.date, per_person: bool = False
) -> tuple[PlannedAction, Draft]:
    """An email action and its draft (a plain error when the action is not an email).
    `per_person`: server mode, where the person's own wording is in the database."""
    from afterword.drafts.service import draft_for_action, email_action

    row, _template = email_action(session=session, user_id=user.id, action_id=action_id)
    draft = draft_for_action(
        session=session, user=user, action_id=action_id, today=today, per_person=per_person
    )
    return row, draft


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
