"""Invented test mail: plain messages built with the stdlib, in bytes as a mail server holds them."""

from __future__ import annotations

import email.policy
import email.utils
from email.message import EmailMessage

DEFAULT_DATE = "Wed, 04 Mar 2026 10:12:00 +0000"


def make_raw(
    number: int = 1,
    *,
    subject: str | None = None,
    body: str | None = None,
    sender: str = "Priya at Fernhill Robotics <priya@fernhill.example>",
    to: str = "sam@example.com",
    date: str | None = DEFAULT_DATE,
    message_id: str | None = "auto",
) -> bytes:
    """A small plain-text message; message_id="auto" makes a unique one from `number`."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject if subject is not None else f"Your application, update {number}"
    if date is not None:
        message["Date"] = date
    if message_id == "auto":
        message["Message-ID"] = f"<update-{number}@fernhill.example>"
    elif message_id is not None:
        message["Message-ID"] = message_id
    message.set_content(
        body
        if body is not None
        else f"Hello Sam,\n\nthis is update number {number} on the Data Engineer role.\n\nPriya\n"
    )
    return message.as_bytes()


def mbox_bytes(messages: list[bytes]) -> bytes:
    """An mbox file (mboxrd-escaped) holding the messages, as Google Takeout writes them."""
    chunks = []
    for raw in messages:
        lines = raw.replace(b"\r\n", b"\n").split(b"\n")
        escaped = [
            b">" + line if line.lstrip(b">").startswith(b"From ") else line for line in lines
        ]
        chunks.append(
            b"From MAILER-DAEMON Wed Mar  4 10:12:00 2026\n"
            + b"\n".join(escaped).rstrip(b"\n")
            + b"\n\n"
        )
    return b"".join(chunks)
