"""Account emails (invitations, password resets) through the centre's SMTP server.

`send_account_email` sends at once (the command line, and the web app when no worker
runs). In server mode with a worker, the web app instead keeps the link on the outbox row
(`hold_link`, in the link's own transaction) and the worker sends it (`send_held`). Each
email has an outbox row (accounts.models.AccountEmail, keyed by its link's token hash)
that is locked while sending and marked when sent, so a re-run -- a retried job, a second
worker, a double click -- never sends the same link twice. (If the process dies between
the server accepting the message and the mark being committed, the retry sends it again:
SMTP gives no way to ask. The Message-ID is the same both times, so mail clients can tell.)
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.accounts.models import AccountEmail, AccountLink
from afterword.errors import AfterwordError, InvalidInputError
from afterword.settings.mail import ServerMail

NO_SERVER_MAIL = (
    "the server has no SMTP account for account emails: set AFTERWORD_SERVER_MAIL__HOST and "
    "AFTERWORD_SERVER_MAIL__SENDER (see docs/server.md)"
)

_SUBJECTS = {
    "invite": "You are invited to afterword",
    "reset": "Setting a new afterword password",
}
_BODIES = {
    "invite": (
        "Hello,\n\n"
        "You have been given an account on afterword, the place to keep track of what\n"
        "follows each of your job interviews. To start, choose your password here:\n\n"
        "{link}\n\n"
        "The link works once, until {expires}. Your account's address is {to}.\n\n"
        "If you were not expecting this, you can ignore this email: nothing happens\n"
        "until the link is used.\n"
    ),
    "reset": (
        "Hello,\n\n"
        "Someone (we hope you) asked to set a new password for the afterword account\n"
        "{to}. To choose one, open:\n\n"
        "{link}\n\n"
        "The link works once, until {expires}. Setting a new password signs the account\n"
        "out on every device.\n\n"
        "If you did not ask, ignore this email: your password stays as it is.\n"
    ),
}


class SendFailed(AfterwordError):
    """The SMTP server could not be reached or refused the message (one line, no secrets)."""


def compose(
    *, kind: str, to: str, link: str, sender: str, expires_at: dt.datetime, key: str
) -> EmailMessage:
    """The email for this link, in plain text."""
    if kind not in _SUBJECTS:
        raise InvalidInputError(f"'{kind}' is not a kind of account email")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = _SUBJECTS[kind]
    message["Date"] = formatdate(localtime=False, usegmt=True)
    # The same id every time this link is sent: a duplicate is recognisable as one.
    domain = sender.rpartition("@")[2] or "afterword.invalid"
    message["Message-ID"] = f"<account-{kind}-{key[:32]}@{domain}>"
    expires = expires_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    message.set_content(_BODIES[kind].format(link=link, expires=expires, to=to))
    return message


def _deliver(server: ServerMail, message: EmailMessage) -> None:
    context = ssl.create_default_context()
    timeout = server.timeout_seconds
    try:
        connection: smtplib.SMTP
        if server.security == "tls":
            connection = smtplib.SMTP_SSL(
                server.host, server.port, timeout=timeout, context=context
            )
        else:
            connection = smtplib.SMTP(server.host, server.port, timeout=timeout)
        with connection:
            if server.security == "starttls":
                connection.starttls(context=context)
            if server.username:
                connection.login(server.username, server.password or "")
            connection.send_message(message)
    except smtplib.SMTPAuthenticationError:
        raise SendFailed(
            f"could not send: the SMTP server {server.host} refused the user name or password"
        ) from None
    except (smtplib.SMTPException, OSError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise SendFailed(f"could not send through {server.host}:{server.port}: {reason}") from None


def send_account_email(
    *,
    session: Session,
    kind: str,
    to: str,
    link: str,
    key: str,
    expires_at: dt.datetime,
    server: ServerMail | None,
    now: dt.datetime,
) -> bool:
    """Sends the email of link `key` unless it was sent already; True when it went now.

    The caller commits. On failure nothing is marked, so running it again retries.
    """
    if server is None:
        raise SendFailed(NO_SERVER_MAIL)
    # Locked until the caller commits: a second sender waits, then finds it sent.
    row = session.scalars(
        sa.select(AccountEmail).where(AccountEmail.key == key).with_for_update()
    ).first()
    if row is None:
        row = AccountEmail(key=key, kind=kind, recipient=to, created_at=now)
        session.add(row)
        session.flush()
    if row.sent_at is not None:
        return False
    message = compose(
        kind=kind, to=to, link=link, sender=server.sender, expires_at=expires_at, key=key
    )
    _deliver(server, message)
    row.sent_at = now
    row.link = None  # if it was held for the worker too
    session.flush()
    return True


def hold_link(*, session: Session, key: str, link: str, expires_at: dt.datetime) -> None:
    """Keeps the link on its outbox row for the worker, in the caller's transaction (the
    one that issued the link): the link and its queued email commit together."""
    row = session.scalars(sa.select(AccountEmail).where(AccountEmail.key == key)).one()
    row.link = link
    row.expires_at = expires_at
    session.flush()


def held_keys(*, session: Session) -> list[str]:
    """The outbox rows waiting with their link, oldest first (the worker's sweep sends
    them; expired ones too, so that sending clears their link)."""
    return list(
        session.scalars(
            sa.select(AccountEmail.key)
            .where(AccountEmail.sent_at.is_(None), AccountEmail.link.is_not(None))
            .order_by(AccountEmail.id)
        )
    )


def send_held(*, session: Session, key: str, server: ServerMail | None, now: dt.datetime) -> bool:
    """Sends a held email once; True when it went now. A link that no longer works (used,
    expired, or replaced by a newer one) is not sent. Either way the link leaves the row:
    once sent or dead, the database keeps only its hash. The caller commits."""
    row = session.scalars(
        sa.select(AccountEmail).where(AccountEmail.key == key).with_for_update()
    ).first()
    if row is None or row.sent_at is not None or row.link is None:
        return False
    alive = session.scalars(
        sa.select(AccountLink).where(
            AccountLink.token_hash == key,
            AccountLink.used_at.is_(None),
            AccountLink.expires_at > now,
        )
    ).first()
    if alive is None:
        row.link = None
        session.flush()
        return False
    if server is None:
        raise SendFailed(NO_SERVER_MAIL)
    message = compose(
        kind=row.kind, to=row.recipient, link=row.link, sender=server.sender,
        expires_at=alive.expires_at, key=key,
    )  # fmt: skip
    _deliver(server, message)
    row.sent_at = now
    row.link = None
    session.flush()
    return True
