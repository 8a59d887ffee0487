"""Ingesting received mail into the ledger: each message once, bad ones recorded, IMAP resumed.

Services flush; the caller commits. An IMAP sync is the one exception in spirit:
it calls `on_batch` after every batch so the caller can commit there, and a
connection lost midway then costs nothing already read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.db.base import new_uid
from afterword.inbox.labels import MailClass
from afterword.inbox.message import (
    InboxHeaders,
    InboxMessage,
    RawMessage,
    fingerprint,
    message_identity,
    usable_message_id,
)
from afterword.inbox.models import FolderState, IngestedMessage, IngestStatus
from afterword.inbox.parse import UnreadableMessage, parse_headers, parse_message
from afterword.inbox.sources import FolderSource
from afterword.inbox.triage import TriageState

# Rows are flushed in chunks of this many, so a huge import neither holds them all unsent nor
# pays a round trip per message.
FLUSH_EVERY = 500

NewMessageHook = Callable[[IngestedMessage, InboxMessage], None]
# Given a message's headers, why it can be recorded as not about a job without reading its
# body, or None when it must be read (see bulk.skip_reason).
SkipHook = Callable[[InboxHeaders], str | None]


@dataclass(frozen=True)
class IngestProblem:
    """A message that could not be read, and why."""

    location: str
    reason: str


@dataclass
class IngestReport:
    """What an import or a sync did: counts, and the messages it could not read."""

    new: int = 0
    duplicate: int = 0
    unreadable: int = 0
    skipped: int = 0  # of the new ones: recorded from the headers alone, the body never read
    problems: list[IngestProblem] = field(default_factory=list)

    @property
    def seen(self) -> int:
        """Every message looked at."""
        return self.new + self.duplicate + self.unreadable


@dataclass
class SyncReport:
    """What an IMAP sync did, in total and per folder."""

    ingest: IngestReport = field(default_factory=IngestReport)
    restarted: list[str] = field(default_factory=list)  # folders whose UIDVALIDITY changed
    last_uid: dict[str, int] = field(default_factory=dict)


# Every column a row settled from its headers leaves empty: each row of one executemany must
# name the same columns.
_EMPTY_TRIAGE: dict[str, object] = {
    "error": None,
    "dates": None,
    "application_id": None,
    "match_method": None,
    "candidates": None,
    "effect": None,
    "text": None,
    "user_label": None,
}


_LEDGER_TABLE = cast(sa.Table, IngestedMessage.__table__)


def _clip(text: str | None, length: int) -> str | None:
    return text[:length] if text else text


class _Ledger:
    """Records messages for one user, remembering every identity already in the ledger."""

    def __init__(self, session: Session, user_id: int, now: dt.datetime) -> None:
        self.session = session
        self.user_id = user_id
        self.now = now
        # One query up front instead of one per message: a 50,000-message import stays fast.
        self.known: set[str] = set(
            session.scalars(
                sa.select(IngestedMessage.identity).where(IngestedMessage.user_id == user_id)
            )
        )
        self.pending = 0
        # Rows of messages settled from their headers, written in one statement per chunk.
        self.settled: list[dict[str, object]] = []

    def _source_values(self, source: RawMessage) -> dict[str, object]:
        return {
            "user_id": self.user_id,
            "source": source.kind,
            "account": _clip(source.account, 320),
            "folder": _clip(source.folder, 1000),
            "location": source.location[:2000],
            "uidvalidity": source.uidvalidity,
            "imap_uid": source.uid,
            "ingested_at": self.now,
        }

    def _row(self, source: RawMessage, **values: object) -> IngestedMessage:
        row = IngestedMessage(**self._source_values(source), **values)
        self.session.add(row)
        self.pending += 1
        return row

    def _flush_if_due(self) -> None:
        if self.pending >= FLUSH_EVERY or len(self.settled) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        self.session.flush()
        self.pending = 0
        if self.settled:
            # Nothing reads these rows back during the import, so they need no ORM objects:
            # one executemany instead of an INSERT (and its bookkeeping) per row.
            self.session.execute(sa.insert(_LEDGER_TABLE), self.settled)
            self.settled = []

    def record(
        self,
        source: RawMessage,
        report: IngestReport,
        on_new: NewMessageHook | None,
        skip: SkipHook | None = None,
    ) -> None:
        """Records one message unless the ledger has it; a bad one is recorded with its error."""
        if skip is None or not self._settled_by_headers(source, report, skip):
            self._record_parsed(source, report, on_new)
        # Checked after `on_new`: a hook that works in batches (Triage) fills in its rows
        # before they are flushed, so each is written once rather than inserted then updated.
        self._flush_if_due()

    def _record_parsed(
        self, source: RawMessage, report: IngestReport, on_new: NewMessageHook | None
    ) -> None:
        try:
            message = parse_message(source.raw)
        except UnreadableMessage as error:
            self._record_unreadable(source, error.reason, report)
            return
        # The stdlib parser has rare crashes of its own on hostile input; one bad message must
        # never stop an import, so anything it raises is recorded like an unreadable message.
        except Exception as error:  # noqa: BLE001
            self._record_unreadable(source, f"{type(error).__name__}: {error}", report)
            return
        identity = message.identity
        if identity in self.known:
            report.duplicate += 1
            return
        self.known.add(identity)
        row = self._row(
            source,
            identity=identity,
            message_id=_clip(message.message_id, 500),
            fingerprint=message.fingerprint,
            subject=_clip(message.subject, 500),
            from_address=_clip(message.from_address, 320),
            sent_at=message.sent_at,
            status=IngestStatus.NEW,
        )
        report.new += 1
        if on_new is not None:
            on_new(row, message)

    def _settled_by_headers(self, source: RawMessage, report: IngestReport, skip: SkipHook) -> bool:
        """Settles a message from its headers alone when they suffice: one the ledger has
        already, or one `skip` gives a reason to leave unread. False: read it in full."""
        try:
            headers = parse_headers(source.raw)
        # Whatever is wrong with it, the full parse finds it again and records it.
        except Exception:  # noqa: BLE001
            return False
        # Without a Message-ID only the body's start can identify a message.
        if not usable_message_id(headers.message_id):
            return False
        identity = message_identity(headers.message_id, "")
        if identity in self.known:
            report.duplicate += 1
            return True
        reason = skip(headers)
        if reason is None:
            return False
        self.known.add(identity)
        self.settled.append(
            {
                **_EMPTY_TRIAGE,
                **self._source_values(source),
                "uid": new_uid(),
                "identity": identity,
                "message_id": _clip(headers.message_id, 500),
                # The identity is the Message-ID; the fingerprint (not needed for it) covers
                # the headers only, since the body is never read.
                "fingerprint": fingerprint(
                    from_address=headers.from_address,
                    date=headers.sent_at,
                    subject=headers.subject,
                    body="",
                ),
                "subject": _clip(headers.subject, 500),
                "from_address": _clip(headers.from_address, 320),
                "sent_at": headers.sent_at,
                "status": IngestStatus.SKIPPED,
                "triage": TriageState.IGNORED,
                "label": MailClass.NOT_JOB,
                "confidence": 1.0,
                "reasons": [reason],
                "why": reason,
                "decided_at": self.now,
            }
        )
        report.new += 1
        report.skipped += 1
        return True

    def _record_unreadable(self, source: RawMessage, reason: str, report: IngestReport) -> None:
        # The raw bytes' hash identifies a broken message, so importing it again adds nothing.
        digest = hashlib.sha256(source.raw).hexdigest()
        identity = message_identity(None, digest)
        if identity in self.known:
            report.duplicate += 1
            return
        self.known.add(identity)
        self._row(
            source, identity=identity, fingerprint=digest, status=IngestStatus.ERROR, error=reason
        )
        report.unreadable += 1
        report.problems.append(IngestProblem(location=source.location, reason=reason))


def ingest(
    *,
    session: Session,
    user_id: int,
    source_messages: Iterable[RawMessage],
    now: dt.datetime,
    on_new: NewMessageHook | None = None,
    skip: SkipHook | None = None,
) -> IngestReport:
    """Records each message once (by Message-ID, else fingerprint); unreadable ones with their error.

    With `skip`, each message's headers are read first: one already in the ledger, or one
    `skip` gives a reason for, is settled without reading its body (the latter recorded as
    skipped, not about a job, with the reason, and not passed to `on_new`).
    """
    ledger = _Ledger(session, user_id, now)
    report = IngestReport()
    for source in source_messages:
        ledger.record(source, report, on_new, skip)
    ledger.flush()
    return report


def sync_imap(
    *,
    session: Session,
    user_id: int,
    source: FolderSource,
    folders: Sequence[str],
    now: dt.datetime,
    on_batch: Callable[[], None] | None = None,
    on_new: NewMessageHook | None = None,
    skip: SkipHook | None = None,
) -> SyncReport:
    """Reads what is new in each folder since the last sync; `on_batch` runs (to commit) per batch."""
    ledger = _Ledger(session, user_id, now)
    report = SyncReport()
    for folder in folders:
        state = session.scalars(
            sa.select(FolderState).where(
                FolderState.user_id == user_id,
                FolderState.account == source.name,
                FolderState.folder == folder,
            )
        ).one_or_none()
        batches = source.fetch(
            folder,
            uidvalidity=state.uidvalidity if state else None,
            after_uid=state.last_uid if state else 0,
        )
        for batch in batches:
            if state is None:
                state = FolderState(
                    user_id=user_id,
                    account=source.name,
                    folder=folder,
                    uidvalidity=batch.uidvalidity,
                    last_uid=0,
                    synced_at=now,
                )
                session.add(state)
            elif state.uidvalidity != batch.uidvalidity:
                # The server renumbered the folder: old UIDs mean nothing now. Everything is read
                # again and the ledger's identities keep what was already recorded from doubling.
                state.uidvalidity = batch.uidvalidity
                state.last_uid = 0
                report.restarted.append(folder)
            for message in batch.messages:
                ledger.record(message, report.ingest, on_new, skip)
            state.last_uid = max(state.last_uid, batch.last_uid)
            state.synced_at = now
            # The messages and the folder's progress are saved together, so after a lost
            # connection the next sync starts exactly after the last batch saved.
            ledger.flush()
            if on_batch is not None:
                on_batch()
        if state is not None:
            report.last_uid[folder] = state.last_uid
    return report
