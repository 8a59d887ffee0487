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

from afterword.control_chars import strip_control_characters
from afterword.dates import is_plausible
from afterword.errors import AfterwordError
from afterword.inbox import budget
from afterword.inbox.body_text import decode_text, html_to_text, latest_reply
from afterword.inbox.message import InboxHeaders, InboxMessage, fingerprint

# Text beyond this is cut: no job email needs more, and a runaway body must not stall triage.
MAX_TEXT_CHARS = 200_000
# Bytes beyond this are not parsed at all; text parts come first in practice, attachments later.
MAX_RAW_BYTES = 32 * 1024 * 1024
# HTML is converted from at most this much markup (tags and styles are most of an HTML mail).
MAX_HTML_CHARS = 4 * MAX_TEXT_CHARS
# Where parse_headers looks for the blank line that ends the headers (beyond it: all of it).
HEADER_SEARCH_BYTES = 1024 * 1024

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
    if value.isascii():
        return value
    try:
        data = value.encode("ascii", "surrogateescape")
    # Text decoded already (a From header's name is decoded, then split, then decoded again).
    except UnicodeEncodeError:
        return value
    return decode_text(data, None)


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
    # A subject's ESC or BEL would reach the terminal that shows it (see control_chars).
    return strip_control_characters(_WHITESPACE.sub(" ", value).strip())


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
        instant = when.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        return None
    # Mail "sent" in year 9999 or 0001 is dated wrongly (or with intent): its date is unknown,
    # as for any other date afterword would refuse (see dates.EARLIEST and LATEST).
    return instant if is_plausible(instant.date()) else None


# The plain forms nearly every address header takes -- "Name <a@b.c>", "<a@b.c>" or "a@b.c",
# without quotes, comments, routes or groups -- read directly: the stdlib's address parser
# walks each header a character at a time and was most of the cost of reading headers.
# Anything else goes to it. For these forms both give the same result: the name's words
# joined by single spaces, and the address as written.
_FOLDING = re.compile(r"[ \t\r\n]+")
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_PLAIN_ADDRESS = rf"{_ATEXT}(?:\.{_ATEXT})*@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*"
_PHRASE_WORD = r"[^ \t\r\n()<>@,:;\"\[\]\\]+"
_PLAIN_MAILBOX = re.compile(
    rf"[ \t\r\n]*(?:(?:(?P<name>{_PHRASE_WORD}(?:[ \t\r\n]+{_PHRASE_WORD})*)[ \t\r\n]*)?"
    rf"<(?P<routed>{_PLAIN_ADDRESS})>|(?P<bare>{_PLAIN_ADDRESS}))[ \t\r\n]*"
)


def _plain_mailbox(value: str) -> tuple[str, str] | None:
    """(name, address) of a mailbox in one of the plain forms; None for any other form."""
    match = _PLAIN_MAILBOX.fullmatch(value)
    if match is None:
        return None
    if match["bare"] is not None:
        return "", match["bare"]
    name = " ".join(_FOLDING.split(match["name"])) if match["name"] else ""
    return name, match["routed"]


# Any address in angle brackets, else any bare one: what is left when the full parser gives up.
_ANY_ADDRESS = re.compile(rf"<({_PLAIN_ADDRESS})>|({_PLAIN_ADDRESS})")


def _rough_addresses(value: str) -> list[tuple[str, str]]:
    """The addresses a header holds, found without parsing its structure."""
    return [("", match[1] or match[2]) for match in _ANY_ADDRESS.finditer(value)]


def _parse_address(value: str) -> tuple[str, str]:
    """email.utils.parseaddr, faster for the plain forms."""
    plain = _plain_mailbox(value)
    if plain is not None:
        return plain
    try:
        return email.utils.parseaddr(value)
    # The stdlib parser recurses into comments: 50,000 nested ones exhaust the stack.
    except RecursionError:
        found = _rough_addresses(value)
        return found[-1] if found else ("", "")


def _addresses(values: list[str]) -> tuple[str, ...]:
    decoded = [_undo_surrogates(value) for value in values]
    # email.utils.getaddresses joins the values with commas; in the plain forms a comma only
    # ever separates two mailboxes.
    plain = [_plain_mailbox(item) for item in ", ".join(decoded).split(",")] if decoded else []
    if all(pair is not None for pair in plain):
        pairs = [pair for pair in plain if pair is not None]
    else:
        try:
            pairs = email.utils.getaddresses(decoded)
        except RecursionError:
            pairs = [pair for value in decoded for pair in _rough_addresses(value)]
    return tuple(address.lower() for _name, address in pairs if "@" in address)


def _one_line(value: str | None) -> str | None:
    """A header as written, on one line; None when absent or empty."""
    if not value:
        return None
    return _WHITESPACE.sub(" ", _undo_surrogates(value)).strip() or None


def _return_path(value: str | None) -> str | None:
    if not value:
        return None
    address = _parse_address(_undo_surrogates(value))[1].strip().lower()
    return address if "@" in address else None


def _read_headers(message: Message, size: int) -> InboxHeaders:
    headers = _first_headers(message)
    if not any(name in headers for name in _IDENTITY_HEADERS):
        raise UnreadableMessage("no mail headers (From, To, Subject, Date or Message-ID) found")
    name, address = _parse_address(_undo_surrogates(headers.get("from", "")))
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
        list_id=_one_line(headers.get("list-id")),
        list_unsubscribe=_one_line(headers.get("list-unsubscribe")),
        precedence=_one_line(headers.get("precedence")),
        auto_submitted=_one_line(headers.get("auto-submitted")),
        return_path=_return_path(headers.get("return-path")),
    )


def _check_bytes(raw: bytes) -> None:
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise UnreadableMessage(f"expected the message's bytes, got {type(raw).__name__}")
    if not bytes(raw[:65536]).strip():
        raise UnreadableMessage("the message is empty")


# Before the first header: a byte order mark (some Windows tools write one) and blank lines.
_LEADING_NOISE = re.compile(rb"\A(?:\xef\xbb\xbf)?[\r\n]*")


def _without_leading_noise(data: bytes) -> bytes:
    """The message from its first header on: with a BOM or a blank line first, the parser
    would take every header for body text."""
    match = _LEADING_NOISE.match(data)
    return data[match.end() :] if match and match.end() else data


def _header_block(data: bytes) -> bytes:
    """The bytes up to the blank line that ends the headers (all of them when none is found).

    The header parser would otherwise read every line of the body too, attachments and all,
    only to keep it as one string. Cutting at the first blank line changes nothing it reads:
    a blank line ends the headers for the parser too (and a cut found later is still safe,
    since the parser stops at the first one itself).
    """
    end = data.find(b"\n\n", 0, HEADER_SEARCH_BYTES)
    # A CRLF blank line, looked for only before the LF one (not through the whole body).
    crlf = data.find(b"\n\r\n", 0, HEADER_SEARCH_BYTES if end < 0 else end)
    if crlf >= 0:
        end = crlf
    return data[: end + 1] if end >= 0 else data


# What the stdlib's parser takes for a header line (email.feedparser.headerRE).
_HEADER_LINE = re.compile(r"From |[\041-\071\073-\176]*:|[\t ]")
# Characters that make the stdlib split lines where a plain split on LF would not.
_ODD_LINE_BREAKS = re.compile(r"\r(?!\n)|[\x0b\x0c\x1c\x1d\x1e]")


def _plain_header_message(block: bytes) -> Message | None:
    """The headers of a header block read as the stdlib's parser reads them, when the block is
    plain: lines ending in LF or CRLF, no envelope "From " line, no header without a name,
    no continuation line first. None for anything else (the stdlib's parser then reads it).

    Same result, several times faster: the stdlib's parser pushes every line through a
    generator and its end-of-part checks, which is most of the cost of reading headers.
    """
    text = block.decode("ascii", "surrogateescape")
    if _ODD_LINE_BREAKS.search(text):
        return None
    message = Message(policy=compat32)
    name_lines: list[str] = []
    for line in text.split("\n"):
        if not _HEADER_LINE.match(line):
            break  # a blank line or the first line of a body: the headers end here
        if line[0] in " \t":
            if not name_lines:
                return None
            name_lines.append(line + "\n")
            continue
        if line.startswith("From ") or line.startswith(":"):
            return None
        if name_lines:
            message.set_raw(*compat32.header_source_parse(name_lines))
        name_lines = [line + "\n"]
    if name_lines:
        message.set_raw(*compat32.header_source_parse(name_lines))
    return message


def parse_headers(raw: bytes) -> InboxHeaders:
    """Reads only the headers (many times faster than a full parse): for triage."""
    _check_bytes(raw)
    block = _header_block(_without_leading_noise(bytes(raw[:MAX_RAW_BYTES])))
    message = _plain_header_message(block) or BytesHeaderParser(policy=compat32).parsebytes(block)
    return _read_headers(message, len(raw))


# --- the body ------------------------------------------------------------------------------------


# What the stdlib raises reading a header parameter it cannot make sense of: a broken RFC 2231
# value (missing or misnumbered pieces: TypeError, IndexError), an unknown charset, a NUL. The
# parameter is then taken as absent and the rest of the message read as usual.
_BROKEN_PARAMETERS = (LookupError, ValueError, UnicodeError, TypeError, IndexError)


def _part_text(part: Message) -> str:
    """A text part's payload, transfer-decoded and charset-decoded, never raising."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    try:
        charset = part.get_content_charset()
    except _BROKEN_PARAMETERS:
        charset = None
    return decode_text(payload, charset).replace("\r\n", "\n").replace("\r", "\n")


def _file_name(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except _BROKEN_PARAMETERS:
        return None
    if not isinstance(name, str):
        return None
    return decode_header_value(name) or None


def _markup_within_limit(markup: str) -> str:
    """At most MAX_HTML_CHARS of markup, cut after a tag rather than inside one (a tag cut in
    half would show as text)."""
    if len(markup) <= MAX_HTML_CHARS:
        return markup
    cut = markup[:MAX_HTML_CHARS]
    opening = cut.rfind("<")
    return cut[:opening] if opening > cut.rfind(">") else cut


def _body(message: Message) -> tuple[str, tuple[str, ...]]:
    """The plain text of a message and the names of its attachments (which are never decoded)."""
    plain: list[str] = []
    markup: list[str] = []
    attachments: list[str] = []
    for part in message.walk():
        budget.check()
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        name = _file_name(part)
        try:
            disposition = part.get_content_disposition()
        except _BROKEN_PARAMETERS:
            disposition = None
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
        body = "\n\n".join(html_to_text(_markup_within_limit(text)) for text in markup)
    return strip_control_characters(body, multiline=True).strip("\n"), tuple(attachments)


# --- attachments' bytes, never read ---------------------------------------------------------------

# A MIME part's data is cut before parsing when it is at least this long and the part's type is
# one that is never decoded (see _without_attachment_data).
ATTACHMENT_CUT_BYTES = 16 * 1024
# How far after a boundary line the blank line ending the part's headers is looked for.
_PART_HEADERS_BYTES = 8 * 1024
_NEVER_DECODED = ("text", "multipart", "message")


# A boundary parameter as written in a Content-Type header: quoted, or a bare token. Matched
# against the lower-cased bytes (the same as re.IGNORECASE, which folds only ASCII in bytes,
# as bytes.lower does): a literal start lets re skip ahead, several times faster.
_BOUNDARY_PARAMETER = re.compile(
    rb'boundary[ \t]*=[ \t]*(?:"(?P<quoted>[^"\r\n]*)"|(?P<bare>[^\s;"]+))'
)


def _declared_boundaries(data: bytes) -> frozenset[bytes]:
    """Every boundary the message declares anywhere, found in one pass over it.

    Looked up once, not once per line that starts with "--": a SQL dump, a diff or a list of
    signature separators has thousands of such lines, and a search of the whole message for
    each made reading quadratic (584 KB took 43 s).
    """
    # Found in the lower-cased bytes (same length, same places), taken from the bytes as written.
    return frozenset(
        data[match.start("quoted") : match.end("quoted")]
        if match["quoted"] is not None
        else data[match.start("bare") : match.end("bare")]
        for match in _BOUNDARY_PARAMETER.finditer(data.lower())
    )


def _never_decoded(head: bytes) -> bool:
    """Whether a part with these headers is an attachment whose data is never read: an explicit
    Content-Type that is not text, multipart or message (only its file name is kept)."""
    part = BytesHeaderParser(policy=compat32).parsebytes(head)
    if part.get("content-type") is None:
        return False
    return part.get_content_maintype() not in _NEVER_DECODED


def _without_attachment_data(data: bytes) -> bytes:
    """The message with the data of large attachments cut to its first line.

    The stdlib parser reads a message line by line, attachments included, though only their
    names are ever used: a 300 KB photo was most of the cost of reading a message. A part is
    found from a boundary line ("--" and a boundary the message declares), its headers and
    the blank line after them; its data runs to the next line starting "--" (the next
    boundary, or earlier, which only cuts less). Only the data of parts whose type is never
    decoded is cut, so the text, the attachments' names and everything else come out the same.
    """
    if len(data) < ATTACHMENT_CUT_BYTES:
        return data
    pieces: list[bytes] = []
    kept_to = 0
    declared = _declared_boundaries(data)
    at = data.find(b"\n--")
    while at >= 0:
        budget.check()
        line_end = data.find(b"\n", at + 1)
        if line_end < 0:
            break
        following = data.find(b"\n--", line_end)
        token = data[at + 3 : line_end].rstrip(b" \t\r")
        if token and not token.endswith(b"--") and token in declared:
            stop = following if following >= 0 else len(data)
            ends = [data.find(blank, line_end, min(stop, line_end + _PART_HEADERS_BYTES))
                    for blank in (b"\n\n", b"\n\r\n")]  # fmt: skip
            found = [end for end in ends if end >= 0]
            if found:
                head_end = min(found)
                start = data.find(b"\n", head_end + 1) + 1  # the part's data begins here
                first = data.find(b"\n", start) + 1 if start else 0
                if (
                    first
                    and following > first
                    and following - start >= ATTACHMENT_CUT_BYTES
                    and _never_decoded(data[line_end + 1 : head_end + 1])
                ):
                    pieces.append(data[kept_to:first])
                    kept_to = following + 1
        at = following
    if not pieces:
        return data
    pieces.append(data[kept_to:])
    return b"".join(pieces)


def parse_message(raw: bytes) -> InboxMessage:
    """Parses a whole message, leniently; raises UnreadableMessage only when nothing is readable."""
    _check_bytes(raw)
    data = _without_leading_noise(bytes(raw[:MAX_RAW_BYTES]))
    try:
        message = BytesParser(policy=compat32).parsebytes(_without_attachment_data(data))
        headers = _read_headers(message, len(raw))
        body, attachments = _body(message)
    # MIME parts nested thousands deep, or a broken parameter the stdlib's MIME parser gives up
    # on (an RFC 2231 boundary in misnumbered pieces): the headers are still worth having.
    except (RecursionError, *_BROKEN_PARAMETERS):
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
