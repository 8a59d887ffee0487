"""The weekly digest: last week's review, emailed to the user through their own mail account.

Only for users who turned it on ([review] weekly_digest = true). It reviews the last week that
has ended (Monday to Sunday, in the user's time zone) and goes out at most once per week: the
ledger row (mail.models.WeeklyDigest) is written in the same transaction as the send, before
the SMTP conversation, under a unique (user, week) key. A failed send rolls the row back, so
the next run tries again; a finished one leaves the row, so the next run sends nothing.

There is no scheduler in the single-user app: `afterword today` and the start of `afterword
serve` send a due digest, and so does `afterword review --send`. A server-mode worker calls
send_weekly_digest itself.
"""

from __future__ import annotations

import datetime as dt
import ssl

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from afterword import localtime
from afterword.mail.models import WeeklyDigest
from afterword.profile.models import User
from afterword.reflection.weekly import digest_text, last_full_week
from afterword.reflection.weekly_service import load_week
from afterword.settings import Settings, get_settings
from afterword.settings.mail import MailAccount


def digest_week(now: dt.datetime, timezone: str) -> dt.date:
    """The Monday of the week a digest sent at `now` reviews (the last one that has ended)."""
    return last_full_week(now.astimezone(localtime.zone(timezone)).date())


def already_sent(*, session: Session, user_id: int, week_start: dt.date) -> bool:
    """Whether that week's digest went out."""
    return (
        session.scalar(
            sa.select(WeeklyDigest.id).where(
                WeeklyDigest.user_id == user_id, WeeklyDigest.week_start == week_start
            )
        )
        is not None
    )


def sending_account(settings: Settings) -> MailAccount | None:
    """The account a digest goes through: the user's, when it has an SMTP server."""
    account = settings.mail
    return account if account is not None and account.smtp_host else None


def digest_due(*, session: Session, user: User, now: dt.datetime, settings: Settings) -> bool:
    """Whether a digest should go now: turned on, an account to send it, last week's not sent."""
    if not settings.review.weekly_digest or sending_account(settings) is None:
        return False
    week = digest_week(now, user.timezone)
    return not already_sent(session=session, user_id=user.id, week_start=week)


def send_weekly_digest(
    session: Session,
    user_id: int,
    now: dt.datetime,
    *,
    settings: Settings | None = None,
    password: str | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> bool:
    """Sends last week's review to the user if they opted in and it has not gone yet.

    Returns True when this call sent it, False when there was nothing to do (not opted in,
    no SMTP account, already sent -- also by a concurrent caller). A failure to send raises
    DeliveryError (or InvalidInputError when no password is found) and records nothing; the
    caller commits the session to keep the ledger row of a digest that went out.

    `settings` defaults to the program's settings; a server worker may pass each user's own.
    """
    from afterword.mail.compose import Outgoing, build_message
    from afterword.mail.delivery import password_for, send_smtp

    settings = settings or get_settings()
    user = session.get(User, user_id)
    account = sending_account(settings)
    if user is None or account is None or not settings.review.weekly_digest:
        return False
    week = digest_week(now, user.timezone)
    if already_sent(session=session, user_id=user_id, week_start=week):
        return False
    review = load_week(session=session, user_id=user_id, timezone=user.timezone, start=week)
    subject, body = digest_text(review)
    to_email = user.email or account.address
    message = build_message(
        Outgoing(
            from_name=user.name,
            from_email=account.address,
            to_name=user.name,
            to_email=to_email,
            subject=subject,
            body=body,
            date=now,
            message_id_domain=account.address.rpartition("@")[2] or "afterword.invalid",
        )
    )
    secret = password if password is not None else password_for(account, "smtp")
    # A savepoint: a failed send (or a lost race for the week) undoes only the ledger row,
    # never the caller's other work in the same transaction.
    savepoint = session.begin_nested()
    try:
        session.add(
            WeeklyDigest(
                user_id=user_id,
                week_start=week,
                to_email=to_email,
                message_id=message["Message-ID"],
                sent_at=now,
            )
        )
        session.flush()
    except IntegrityError:
        savepoint.rollback()
        return False  # another run claimed this week first
    try:
        send_smtp(message, account, password=secret, ssl_context=ssl_context)
    except BaseException:
        savepoint.rollback()
        raise
    savepoint.commit()
    return True
