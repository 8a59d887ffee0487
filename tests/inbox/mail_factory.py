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


# -- a whole job search's mailbox, for the tests that need thousands of messages ----------------

COMPANIES = ("Fernhill Robotics", "Quayside Health", "Northwind Traders", "Globex")
_NEWS = (
    "Dear Sam,\n\nThank you for your interest in the Data Engineer position at {company}. After "
    "careful consideration we have decided not to move forward with your application.\n\n"
    "Kind regards,\nThe {company} Recruiting Team",
    "Hi Sam,\n\nWe would love to invite you to another interview for the Data Engineer role at "
    "{company}. Would Tuesday at 2pm work for you?\n\nBest,\nDana",
    "Hi Sam,\n\nThanks for your time today. We expect to make a decision within 5 business days "
    "and will be in touch.\n\nDana, {company}",
)


def job_search_mailbox(count: int, *, seed: int = 13) -> list[bytes]:
    """`count` invented messages: news from COMPANIES (most of it about their applications),
    newsletters, family mail, and now and then one that cannot be read at all."""
    import random

    chooser = random.Random(seed)
    messages: list[bytes] = []
    for number in range(1, count + 1):
        kind = chooser.random()
        day = 1 + number % 28
        date = f"{day:02d} Dec 2026 {number % 24:02d}:{number % 60:02d}:00 +0000"
        if kind < 0.02:
            messages.append(b"\x00\x01 this is not mail %d\n\nnor is this\n" % number)
        elif kind < 0.2:
            company = chooser.choice(COMPANIES)
            domain = company.split()[0].lower()
            messages.append(
                make_raw(
                    number,
                    subject=f"Your application to {company}",
                    body=chooser.choice(_NEWS).format(company=company),
                    sender=f"Dana at {company} <dana@{domain}.example>",
                    date=date,
                )
            )
        elif kind < 0.7:
            messages.append(
                b"List-Unsubscribe: <mailto:leave@shop.example>\r\n"
                + make_raw(number, sender="Shop <deals@shop.example>", subject="Deals", date=date)
            )
        else:
            messages.append(
                make_raw(
                    number,
                    sender="Mum <mum@example.net>",
                    subject=f"dinner {number}",
                    body="Are you still coming on Friday? Love, Mum",
                    date=date,
                )
            )
    return messages
