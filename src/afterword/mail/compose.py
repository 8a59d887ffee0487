"""Composing email: a plain-text message, its .eml bytes and a mailto: link.

Pure: no sockets, no files, no clock -- the date comes in with the message.
"""

from __future__ import annotations

import copy
import email.policy
import re
from dataclasses import dataclass
from datetime import datetime
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import quote

from afterword.errors import InvalidInputError

# The SMTP policy writes CRLF line ends, as RFC 5322 wants on the wire and in .eml files.
POLICY = email.policy.SMTP

_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Outgoing:
    """What a person wants to send: who to, who from, what, and when it was written."""

    from_name: str | None
    from_email: str
    to_name: str | None
    to_email: str
    subject: str
    body: str
    date: datetime
    message_id_domain: str
    in_reply_to: str | None = None

    def __post_init__(self) -> None:
        # A naive date would be written as "-0000" (unknown zone): a caller's mistake, not the user's.
        if self.date.tzinfo is None or self.date.utcoffset() is None:
            raise ValueError("Outgoing.date must be an aware datetime")


def _one_line(text: str) -> str:
    """Joins the lines of a header value: a line break inside a header would end it."""
    return " ".join(_LINE_BREAKS.split(text.strip()))


def _address(name: str | None, addr_spec: str) -> Address:
    """Builds a header address, refusing text that is not an email address."""
    try:
        address = Address(display_name=_one_line(name or ""), addr_spec=addr_spec.strip())
    except (ValueError, IndexError, HeaderParseError):
        raise InvalidInputError(f"'{addr_spec}' is not an email address") from None
    if not address.username or not address.domain:
        raise InvalidInputError(f"'{addr_spec}' is not an email address")
    return address


def build_message(outgoing: Outgoing) -> EmailMessage:
    """Builds a text/plain UTF-8 message with From, To, Subject, Date and a new Message-ID."""
    message = EmailMessage(policy=POLICY)
    message["From"] = _address(outgoing.from_name, outgoing.from_email)
    # No recipient yet is fine for a draft or an .eml file: the user adds one in the mail program.
    if outgoing.to_email.strip():
        message["To"] = _address(outgoing.to_name, outgoing.to_email)
    message["Subject"] = _one_line(outgoing.subject)
    message["Date"] = format_datetime(outgoing.date)
    message["Message-ID"] = make_msgid(domain=outgoing.message_id_domain)
    if outgoing.in_reply_to:
        reply_to = _one_line(outgoing.in_reply_to)
        message["In-Reply-To"] = reply_to
        # Mail programs thread on References; with only the parent known it is the same id.
        message["References"] = reply_to
    # set_content picks 7bit, 8bit, quoted-printable or base64 from the text and the policy.
    message.set_content(outgoing.body, subtype="plain", charset="utf-8")
    return message


def eml_bytes(message: EmailMessage) -> bytes:
    """Returns the message as the bytes of an .eml file (CRLF line ends), marked unsent.

    `X-Unsent: 1` makes Outlook and Apple Mail open the file as a draft to edit and send,
    rather than as a received message; other programs ignore it.
    """
    draft = copy.deepcopy(message)
    if "X-Unsent" not in draft:
        draft["X-Unsent"] = "1"
    return draft.as_bytes(policy=POLICY)


def _encode(text: str) -> str:
    # safe="": '&', '=', '?', '#', '+' and '%' inside a value must all be escaped; spaces become %20.
    return quote(text, safe="")


def mailto_link(to_email: str | None, subject: str, body: str) -> str:
    """Builds an RFC 6068 mailto: link that opens a new message in the user's mail program."""
    # '@' may stay as it is in the address part (RFC 6068, section 2); everything else is escaped.
    link = "mailto:" + (quote(to_email.strip(), safe="@") if to_email else "")
    fields = []
    if subject:
        fields.append("subject=" + _encode(_one_line(subject)))
    if body:
        # RFC 6068 asks for CRLF line breaks in the body, percent-encoded as %0D%0A.
        fields.append("body=" + _encode("\r\n".join(_LINE_BREAKS.split(body))))
    if fields:
        link += "?" + "&".join(fields)
    return link
