"""A received email as plain values: where it came from, its headers, its text and its identity.

Pure: no sockets, no files, no clock. The parser (parse.py) builds these; the
sources (sources.py) say where the raw bytes were found.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
from dataclasses import dataclass

# The fallback identity reads this much of the body: enough to tell two messages with the same
# sender, date and subject apart, little enough that a trailing tracking footer rarely matters.
FINGERPRINT_BODY_CHARS = 2048

_WHITESPACE = re.compile(r"\s+")


class SourceKind(enum.StrEnum):
    """Where a raw message was read from."""

    IMAP = "imap"
    MBOX = "mbox"
    MAILDIR = "maildir"
    EML = "eml"


@dataclass(frozen=True)
class RawMessage:
    """A message's bytes and where they were found (IMAP adds its folder, UIDVALIDITY and UID)."""

    location: str  # a file path, "path#3" for the third message of an mbox, or "folder;UID=7"
    raw: bytes
    kind: SourceKind
    account: str | None = None
    folder: str | None = None
    uidvalidity: int | None = None
    uid: int | None = None


@dataclass(frozen=True)
class InboxHeaders:
    """The headers triage needs, read without touching the body."""

    message_id: str | None
    from_name: str | None
    from_address: str | None
    to: tuple[str, ...]
    subject: str
    sent_at: dt.datetime | None  # aware, UTC; None when missing or unreadable
    in_reply_to: str | None
    references: tuple[str, ...]
    size: int
    # The marks of bulk mail (bulk.py reads them), as written; None when the header is absent.
    list_id: str | None = None
    list_unsubscribe: str | None = None
    precedence: str | None = None
    auto_submitted: str | None = None
    return_path: str | None = None  # the bounce address, in lower case


@dataclass(frozen=True)
class InboxMessage:
    """A received message: headers, its text, the newest part of that text, and its identity."""

    message_id: str | None
    fingerprint: str  # sha256 hex of sender, date, subject and the body's start (see fingerprint)
    from_name: str | None
    from_address: str | None
    to: tuple[str, ...]
    subject: str
    sent_at: dt.datetime | None  # aware, UTC; None when missing or unreadable
    in_reply_to: str | None
    references: tuple[str, ...]
    body: str  # plain text (from text/plain, else from the HTML part)
    latest: str  # the body without quoted replies and without the signature
    size: int  # bytes of the raw message
    attachments: tuple[str, ...] = ()  # file names only: attachments are never decoded
    truncated: bool = False  # the text was cut to the parser's limit

    @property
    def identity(self) -> str:
        """The key the ledger deduplicates on: the Message-ID, else the fingerprint."""
        return message_identity(self.message_id, self.fingerprint)


def usable_message_id(message_id: str | None) -> bool:
    """Whether a Message-ID can be the ledger key (present, and short enough to store)."""
    return bool(message_id) and len(message_id or "") <= 400


def message_identity(message_id: str | None, fingerprint: str) -> str:
    """The ledger key: the Message-ID when there is a usable one, else 'sha256:' + fingerprint."""
    if message_id and usable_message_id(message_id):
        return "mid:" + message_id
    return "sha256:" + fingerprint


def _collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def fingerprint(
    *, from_address: str | None, date: dt.datetime | str | None, subject: str, body: str
) -> str:
    """The sha256 of normalised sender, date, subject and first 2 KB of body (the fallback id)."""
    # Normalising (case, whitespace, the date as a UTC instant) keeps the same message read from
    # an mbox export and from IMAP on the same fingerprint, whatever re-wrapping happened.
    when = date.astimezone(dt.UTC).isoformat() if isinstance(date, dt.datetime) else date or ""
    parts = (
        (from_address or "").strip().lower(),
        _collapse(when),
        _collapse(subject),
        _collapse(body[: FINGERPRINT_BODY_CHARS * 2])[:FINGERPRINT_BODY_CHARS],
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
