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

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.inbox.message import InboxMessage, RawMessage, message_identity
from afterword.inbox.models import FolderState, IngestedMessage, IngestStatus
from afterword.inbox.parse import UnreadableMessage, parse_message
from afterword.inbox.sources import FolderSource

# Rows are flushed in chunks of this many, so a huge import neither holds them all unsent nor
# pays a round trip per message.
FLUSH_EVERY = 500

NewMessageHook = Callable[[IngestedMessage, InboxMessage], None]


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

    def _row(self, source: RawMessage, **values: object) -> IngestedMessage:
        row = IngestedMessage(
            user_id=self.user_id,
            source=source.kind,
            account=_clip(source.account, 320),
            folder=_clip(source.folder, 1000),
            location=source.location[:2000],
            uidvalidity=source.uidvalidity,
            imap_uid=source.uid,
            ingested_at=self.now,
            **values,
        )
        self.session.add(row)
        self.pending += 1
        if self.pending >= FLUSH_EVERY:
            self.flush()
        return row

    def flush(self) -> None:
        self.session.flush()
        self.pending = 0

    def record(
        self, source: RawMessage, report: IngestReport, on_new: NewMessageHook | None
    ) -> None:
        """Records one message unless the ledger has it; a bad one is recorded with its error."""
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
) -> IngestReport:
    """Records each message once (by Message-ID, else fingerprint); unreadable ones with their error."""
    ledger = _Ledger(session, user_id, now)
    report = IngestReport()
    for source in source_messages:
        ledger.record(source, report, on_new)
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
                ledger.record(message, report.ingest, on_new)
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
