"""Parsing raw email bytes into an InboxMessage, leniently: real mailboxes hold every kind of breakage.

Pure: bytes in, values out. Both paths use the stdlib's compat32 parser, which is
several times faster than `email.policy.default` and never raises on a malformed
header; the decoding it leaves undone (encoded words, charsets) happens here,
with fallbacks instead of errors. Attachments are never decoded: only their
file names are kept.
"""

from __future__ import annotations

import datetime as dt
import email.errors
import email.header
import email.utils
import re
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser
from email.policy import compat32

from afterword.errors import AfterwordError
from afterword.inbox.body_text import decode_text, html_to_text, latest_reply
from afterword.inbox.message import InboxHeaders, InboxMessage, fingerprint

# Text beyond this is cut: no job email needs more, and a runaway body must not stall triage.
MAX_TEXT_CHARS = 200_000
# Bytes beyond this are not parsed at all; text parts come first in practice, attachments later.
MAX_RAW_BYTES = 32 * 1024 * 1024
# HTML is converted from at most this much markup (tags and styles are most of an HTML mail).
MAX_HTML_CHARS = 4 * MAX_TEXT_CHARS

_IDENTITY_HEADERS = ("from", "to", "subject", "date", "message-id")
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_WHITESPACE = re.compile(r"\s+")


class UnreadableMessage(AfterwordError):
    """Nothing in these bytes can be read as an email; `reason` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- headers -------------------------------------------------------------------------------------


def _undo_surrogates(value: str) -> str:
    """Re-decodes raw 8-bit header bytes (kept by the parser as surrogates) as UTF-8 or cp1252."""
    try:
        value.encode("ascii")
    except UnicodeEncodeError:
        return decode_text(value.encode("ascii", "surrogateescape"), None)
    return value


def decode_header_value(value: str | None) -> str:
    """A header as readable text: encoded words decoded, unknown charsets tolerated, one line."""
    if not value:
        return ""
    value = _undo_surrogates(value)
    if "=?" in value:
        try:
            pieces = email.header.decode_header(value)
        # A broken encoded word (bad base64, odd syntax): show the header as it was written.
        except (email.errors.HeaderParseError, ValueError, LookupError):
            pieces = [(value, None)]
        value = "".join(
            decode_text(piece, charset) if isinstance(piece, bytes) else piece
            for piece, charset in pieces
        )
    return _WHITESPACE.sub(" ", value).strip()


def _first_headers(message: Message) -> dict[str, str]:
    """The first value of every header, by lower-case name (later duplicates are usually forged)."""
    found: dict[str, str] = {}
    for name, value in message.raw_items():
        key = name.lower()
        if key not in found:
            found[key] = str(value)
    return found


def _message_id(value: str | None) -> str | None:
    """The first <id> in a header; a bare id without brackets is bracketed."""
    if not value:
        return None
    match = _MESSAGE_ID.search(value)
    if match:
        return match.group(0)
    bare = value.strip()
    return f"<{bare}>" if bare and not any(c.isspace() for c in bare) else None


def _sent_at(value: str | None) -> dt.datetime | None:
    """The Date header as an aware UTC instant; None when missing or not a date."""
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        # "-0000" means "time zone unknown"; the instant is still given in UTC.
        when = when.replace(tzinfo=dt.UTC)
    try:
        return when.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        return None


def _addresses(values: list[str]) -> tuple[str, ...]:
    pairs = email.utils.getaddresses([_undo_surrogates(value) for value in values])
    return tuple(address.lower() for _name, address in pairs if "@" in address)


def _read_headers(message: Message, size: int) -> InboxHeaders:
    headers = _first_headers(message)
    if not any(name in headers for name in _IDENTITY_HEADERS):
        raise UnreadableMessage("no mail headers (From, To, Subject, Date or Message-ID) found")
    name, address = email.utils.parseaddr(_undo_surrogates(headers.get("from", "")))
    recipients = [str(value) for value in message.get_all("to", []) + message.get_all("cc", [])]
    return InboxHeaders(
        message_id=_message_id(headers.get("message-id")),
        from_name=decode_header_value(name) or None,
        from_address=address.strip().lower() or None,
        to=_addresses(recipients),
        subject=decode_header_value(headers.get("subject")),
        sent_at=_sent_at(headers.get("date")),
        in_reply_to=_message_id(headers.get("in-reply-to")),
        references=tuple(_MESSAGE_ID.findall(headers.get("references", ""))),
        size=size,
    )


def _check_bytes(raw: bytes) -> None:
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise UnreadableMessage(f"expected the message's bytes, got {type(raw).__name__}")
    if not bytes(raw[:65536]).strip():
        raise UnreadableMessage("the message is empty")


def parse_headers(raw: bytes) -> InboxHeaders:
    """Reads only the headers (several times faster than a full parse): for triage."""
    _check_bytes(raw)
    message = BytesHeaderParser(policy=compat32).parsebytes(bytes(raw[:MAX_RAW_BYTES]))
    return _read_headers(message, len(raw))


# --- the body ------------------------------------------------------------------------------------


def _part_text(part: Message) -> str:
    """A text part's payload, transfer-decoded and charset-decoded, never raising."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    try:
        charset = part.get_content_charset()
    except (LookupError, ValueError):
        charset = None
    return decode_text(payload, charset).replace("\r\n", "\n").replace("\r", "\n")


def _file_name(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except (LookupError, ValueError, UnicodeError):
        return None
    if not isinstance(name, str):
        return None
    return decode_header_value(name) or None


def _body(message: Message) -> tuple[str, tuple[str, ...]]:
    """The plain text of a message and the names of its attachments (which are never decoded)."""
    plain: list[str] = []
    markup: list[str] = []
    attachments: list[str] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        name = _file_name(part)
        disposition = part.get_content_disposition()
        is_text = content_type in ("text/plain", "text/html")
        # A declared multipart whose boundary never appears: its text is all there is to read.
        if content_type.startswith("multipart/"):
            content_type, is_text = "text/plain", True
        if disposition == "attachment" or not is_text or (name and disposition != "inline"):
            if name or disposition == "attachment":
                attachments.append(name or content_type)
            continue
        text = _part_text(part)
        if content_type == "text/html":
            markup.append(text)
        else:
            plain.append(text)
    body = "\n\n".join(text for text in plain if text.strip())
    if not body and markup:
        body = "\n\n".join(html_to_text(text[:MAX_HTML_CHARS]) for text in markup)
    return body.strip("\n"), tuple(attachments)


def parse_message(raw: bytes) -> InboxMessage:
    """Parses a whole message, leniently; raises UnreadableMessage only when nothing is readable."""
    _check_bytes(raw)
    data = bytes(raw[:MAX_RAW_BYTES])
    try:
        message = BytesParser(policy=compat32).parsebytes(data)
        headers = _read_headers(message, len(raw))
        body, attachments = _body(message)
    except RecursionError:
        # MIME parts nested thousands deep (hostile or broken): the headers are still worth having.
        message = BytesHeaderParser(policy=compat32).parsebytes(data)
        headers = _read_headers(message, len(raw))
        body, attachments = "", ()
    truncated = len(body) > MAX_TEXT_CHARS or len(raw) > MAX_RAW_BYTES
    body = body[:MAX_TEXT_CHARS]
    # Without a readable Date the header's own words still tell two messages apart.
    date_key: dt.datetime | str | None = headers.sent_at or decode_header_value(
        _first_headers(message).get("date")
    )
    return InboxMessage(
        message_id=headers.message_id,
        fingerprint=fingerprint(
            from_address=headers.from_address,
            date=date_key,
            subject=headers.subject,
            body=body,
        ),
        from_name=headers.from_name,
        from_address=headers.from_address,
        to=headers.to,
        subject=headers.subject,
        sent_at=headers.sent_at,
        in_reply_to=headers.in_reply_to,
        references=headers.references,
        body=body,
        latest=latest_reply(body),
        size=headers.size,
        attachments=attachments,
        truncated=truncated,
    )
