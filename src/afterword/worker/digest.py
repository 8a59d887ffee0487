"""The morning digest: up to three things to do today, with links into the web app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime

from afterword.errors import InvalidInputError
from afterword.settings import Settings
from afterword.settings.mail import MailAccount
from afterword.views.agenda import ActionItem

MOST = 3


@dataclass(frozen=True)
class CentreMail:
    """The career centre's outgoing mail server and the web app's public address."""

    account: MailAccount
    password: str
    base_url: str


def centre_mail(settings: Settings) -> CentreMail | None:
    """The centre's SMTP account (the same `server_mail` settings that send invitations and
    resets, AFTERWORD_SERVER_MAIL__*) and the web app's public address, or None when no SMTP
    server is set: the worker then sends no digests, and says so once at start."""
    server = settings.server_mail
    if server is None:
        return None
    base_url = (settings.web.public_url or "").strip().rstrip("/")
    if not base_url:
        raise InvalidInputError(
            "the centre's SMTP server is set, so the morning digest needs "
            "AFTERWORD_WEB__PUBLIC_URL too (the web app's address, for its links)"
        )
    account = MailAccount(
        address=server.sender,
        smtp_host=server.host,
        smtp_port=server.port,
        smtp_security=server.security,
        smtp_username=server.username,
    )
    return CentreMail(account=account, password=server.password or "", base_url=base_url)


def due_today(items: list[ActionItem], today: dt.date) -> list[ActionItem]:
    """The first few open actions due by today (they come soonest first)."""
    return [item for item in items if item.effective_due <= today][:MOST]


def _line(item: ActionItem, base_url: str) -> str:
    about = f" ({item.company})" if item.company else ""
    link = f"{base_url}/applications/{item.application_id}" if item.application_id else base_url
    return f"- {item.headline}{about}\n  {item.reason}\n  {link}"


def digest_message(
    *,
    to: str,
    items: list[ActionItem],
    today: dt.date,
    mail: CentreMail,
    user_uid: str,
    now: dt.datetime,
) -> EmailMessage:
    """The digest for one person and day. Its Message-ID is the same for the same person and
    day, so a copy sent again after a crash can be recognised as the same message."""
    message = EmailMessage()
    count = "one thing" if len(items) == 1 else f"{len(items)} things"
    message["Subject"] = f"Today in your job search: {count} to do"
    message["From"] = mail.account.address
    message["To"] = to
    message["Date"] = format_datetime(now)
    domain = mail.account.address.rpartition("@")[2] or "afterword.invalid"
    message["Message-ID"] = f"<digest.{user_uid}.{today.isoformat()}@{domain}>"
    lines = [
        f"Good morning. Here is what is waiting for you on {today:%A %d %B}:",
        "",
        *(_line(item, mail.base_url) for item in items),
        "",
        f"Your whole agenda: {mail.base_url}/",
        "",
        "You get this because the morning digest is turned on for your account.",
    ]
    message.set_content("\n".join(lines))
    return message
