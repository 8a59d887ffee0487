"""Ingesting received mail into the ledger: each message once, bad ones recorded, IMAP resumed.

Services flush; the caller commits. A long import or sync is the one exception in spirit:
it calls `on_batch` every few hundred messages so the caller can commit there. Other
writers then wait for one batch, not for the whole import, and a run that is stopped
(a lost connection, a kill) keeps every batch saved; the ledger makes the next run carry
on exactly where it stopped.

Each message is isolated: one that cannot be read (or takes longer than its budget) is
recorded with the reason and its bytes, and the import goes on. Recorded failures are
tried again by `retry_failed`, and by importing the same mail again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.db.base import new_uid
from afterword.inbox.budget import TooSlow, within_budget
from afterword.inbox.labels import MailClass
from afterword.inbox.message import (
    InboxHeaders,
    InboxMessage,
    RawMessage,
    SourceKind,
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
# An import saves its work (calls on_batch) after this many messages: about a second of work,
# so another writer (a form, the daily plan, a second import) waits at most that long.
COMMIT_EVERY = 500
# A failed message's bytes are kept up to this size, to try it again later; a bigger one is
# tried again by importing its file again.
MAX_KEPT_RAW = 8 * 1024 * 1024


class NewMessageHandler(Protocol):
    """What the ledger hands each newly recorded message to (Triage): it may work in batches."""

    def __call__(self, row: IngestedMessage, message: InboxMessage, source: RawMessage) -> None:
        """Takes one new message (its row is filled in now or at the next flush)."""
        ...

    def flush(self) -> None:
        """Finishes every message taken so far."""
        ...


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
    retried: int = 0  # messages that had failed before and were read this time
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
    "raw": None,
}


def kept_raw(raw: bytes) -> bytes | None:
    """The bytes a failed message keeps for trying again (None when too big to keep)."""
    return bytes(raw) if len(raw) <= MAX_KEPT_RAW else None


def failure_reason(error: BaseException) -> str:
    """Why a message failed, in one line for the ledger and the user."""
    if isinstance(error, UnreadableMessage | TooSlow):
        return str(error)
    text = " ".join(str(error).split())[:300]
    return f"afterword could not read it ({type(error).__name__}{': ' + text if text else ''})"


_LEDGER_TABLE = cast(sa.Table, IngestedMessage.__table__)


# The ledger's columns as the ORM names them (all but the id, which the database assigns).
_ROW_COLUMNS = tuple(
    (attribute.key, attribute.columns[0].key)
    for attribute in sa.inspect(IngestedMessage).column_attrs
    if attribute.columns[0].key != "id"
)


def _row_values(row: IngestedMessage) -> dict[str, object]:
    """A transient row's values by column: every column named (None when unset), so all the
    rows of one executemany name the same columns."""
    return {column: row.__dict__.get(key) for key, column in _ROW_COLUMNS}


def _triaged(row: IngestedMessage) -> bool:
    """Whether the on_new hook has finished with a row: triaged, or recorded as failed."""
    return row.triage is not None or row.status is IngestStatus.ERROR


def _clip(text: str | None, length: int) -> str | None:
    return text[:length] if text else text


def _digest_identity(raw: bytes) -> str:
    """The identity of a message that cannot be read: the hash of its bytes."""
    return message_identity(None, hashlib.sha256(raw).hexdigest())


class _Ledger:
    """Records messages for one user, remembering every identity already in the ledger."""

    def __init__(
        self, session: Session, user_id: int, now: dt.datetime, budget: float | None
    ) -> None:
        self.session = session
        self.user_id = user_id
        self.now = now
        self.budget = budget
        # One query up front instead of one per message: a 50,000-message import stays fast.
        rows = session.execute(
            sa.select(IngestedMessage.identity, IngestedMessage.id, IngestedMessage.status).where(
                IngestedMessage.user_id == user_id
            )
        ).all()
        self.known: set[str] = {identity for identity, _id, _status in rows}
        # Messages that failed before, by identity: met again, they are tried again.
        self.failed: dict[str, int] = {
            identity: id_ for identity, id_, status in rows if status is IngestStatus.ERROR
        }
        self.pending = 0
        # Rows of messages settled from their headers, written in one statement per chunk.
        self.settled: list[dict[str, object]] = []
        # Rows of new messages read in full, and whether each awaits the on_new hook's verdict.
        # They are kept out of the session (transient): triage fills them in, then each is
        # written once, in one statement per chunk, instead of an ORM INSERT per row that an
        # autoflush could send before triage had filled it in (and an UPDATE after).
        self.fresh: list[tuple[IngestedMessage, bool]] = []

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

    def _new_row(
        self, source: RawMessage, values: dict[str, object], *, awaited: bool
    ) -> IngestedMessage:
        """The row of a new message read in full, kept out of the session until written (see
        `fresh`); `awaited`: the on_new hook fills it in first."""
        row = IngestedMessage(**self._source_values(source), **values, uid=new_uid())
        self.fresh.append((row, awaited))
        self.pending += 1
        return row

    def _failed_row(self, identity: str) -> IngestedMessage | None:
        """The row of an earlier failure with this identity, taken off the failed list."""
        row_id = self.failed.pop(identity, None)
        return None if row_id is None else self.session.get(IngestedMessage, row_id)

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
        if self.fresh:
            self._write_fresh()

    def _write_fresh(self) -> None:
        """Writes the new rows whose triage is done, in order; the others wait for the next flush.

        A row that changed the pipeline (acted on) or failed goes through the session: the
        report names it, as the session's own object with its id. The rest, nearly all, need
        no ORM object.
        """
        done = [row for row, awaited in self.fresh if not awaited or _triaged(row)]
        if not done:
            return
        self.fresh = [
            (row, awaited) for row, awaited in self.fresh if awaited and not _triaged(row)
        ]
        plain: list[dict[str, object]] = []
        for row in done:
            if row.triage is not TriageState.ACTED and row.status is not IngestStatus.ERROR:
                plain.append(_row_values(row))
                continue
            if plain:
                self.session.execute(sa.insert(_LEDGER_TABLE), plain)
                plain = []
            self.session.add(row)
            self.session.flush()  # in order: ids follow the messages, as they always have
        if plain:
            self.session.execute(sa.insert(_LEDGER_TABLE), plain)

    def record(
        self,
        source: RawMessage,
        report: IngestReport,
        on_new: NewMessageHandler | None,
        skip: SkipHook | None = None,
    ) -> None:
        """Records one message unless the ledger has it; a bad one is recorded with its error."""
        if skip is None or not self._settled_by_headers(source, report, skip):
            self._record_parsed(source, report, on_new)
        # Checked after `on_new`: a hook that works in batches (Triage) fills in its rows
        # before they are flushed, so each is written once rather than inserted then updated.
        self._flush_if_due()

    def _record_parsed(
        self, source: RawMessage, report: IngestReport, on_new: NewMessageHandler | None
    ) -> None:
        try:
            with within_budget(self.budget):
                message = parse_message(source.raw)
        # Whatever goes wrong with one message -- unreadable bytes, a crash of the stdlib's
        # parser on hostile input, the time budget spent -- is recorded and never stops the rest.
        except Exception as error:  # noqa: BLE001
            self._record_unreadable(source, failure_reason(error), report)
            return
        identity = message.identity
        # Read at last: an earlier failure with these bytes is this message, not another one.
        earlier = self._failed_row(_digest_identity(source.raw)) if self.failed else None
        if identity in self.known and identity not in self.failed:
            report.duplicate += 1
            if earlier is not None:
                self.session.delete(earlier)  # the message is in the ledger already
            return
        row = self._failed_row(identity)
        if row is None:
            row = earlier
        elif earlier is not None:
            self.session.delete(earlier)
        values: dict[str, object] = {
            "identity": identity,
            "message_id": _clip(message.message_id, 500),
            "fingerprint": message.fingerprint,
            "subject": _clip(message.subject, 500),
            "from_address": _clip(message.from_address, 320),
            "sent_at": message.sent_at,
            "status": IngestStatus.NEW,
        }
        self.known.add(identity)
        if row is None:
            row = self._new_row(source, values, awaited=on_new is not None)
        else:
            # The failed row becomes the message's row: one row per message, whatever happened.
            for name, value in {**self._source_values(source), **values}.items():
                setattr(row, name, value)
            row.error, row.raw = None, None
            report.retried += 1
        report.new += 1
        if on_new is not None:
            on_new(row, message, source)

    def _settled_by_headers(self, source: RawMessage, report: IngestReport, skip: SkipHook) -> bool:
        """Settles a message from its headers alone when they suffice: one the ledger has
        already, or one `skip` gives a reason to leave unread. False: read it in full."""
        try:
            with within_budget(self.budget):
                headers = parse_headers(source.raw)
        # Whatever is wrong with it, the full parse finds it again and records it.
        except Exception:  # noqa: BLE001
            return False
        # Without a Message-ID only the body's start can identify a message.
        if not usable_message_id(headers.message_id):
            return False
        identity = message_identity(headers.message_id, "")
        if identity in self.failed:
            return False  # it failed before: read in full, to try again
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
        # The raw bytes' hash identifies a broken message, so importing it again adds no row;
        # it is read again though, and counted as unreadable again if it still cannot be.
        identity = _digest_identity(source.raw)
        if identity in self.known and identity not in self.failed:
            report.duplicate += 1  # the same bytes twice in one run
            return
        report.unreadable += 1
        report.problems.append(IngestProblem(location=source.location, reason=reason))
        earlier = self._failed_row(identity)
        if earlier is not None:
            earlier.error = reason  # still unreadable: the row stays, with today's reason
            return
        self.known.add(identity)
        self._row(
            source,
            identity=identity,
            fingerprint=identity.removeprefix("sha256:"),
            status=IngestStatus.ERROR,
            error=reason,
            raw=kept_raw(source.raw),
        )

    def save(self, on_new: NewMessageHandler | None, on_batch: Callable[[], None] | None) -> None:
        """Finishes the messages taken so far and hands them to `on_batch` (to commit)."""
        if on_new is not None:
            on_new.flush()
        self.flush()
        if on_batch is not None:
            on_batch()


def ingest(
    *,
    session: Session,
    user_id: int,
    source_messages: Iterable[RawMessage],
    now: dt.datetime,
    on_new: NewMessageHandler | None = None,
    skip: SkipHook | None = None,
    on_batch: Callable[[], None] | None = None,
    budget: float | None = None,
) -> IngestReport:
    """Records each message once (by Message-ID, else fingerprint); unreadable ones with their error.

    With `skip`, each message's headers are read first: one already in the ledger, or one
    `skip` gives a reason for, is settled without reading its body (the latter recorded as
    skipped, not about a job, with the reason, and not passed to `on_new`). `on_batch` runs
    after every COMMIT_EVERY messages, once their rows are written (to commit them); `budget`
    is the seconds reading one message may take.
    """
    ledger = _Ledger(session, user_id, now, budget)
    report = IngestReport()
    for count, source in enumerate(source_messages, start=1):
        ledger.record(source, report, on_new, skip)
        if count % COMMIT_EVERY == 0:
            ledger.save(on_new, on_batch)
    ledger.save(on_new, None)
    return report


def failed_messages(*, session: Session, user_id: int) -> list[IngestedMessage]:
    """The messages that could not be read or triaged, oldest first."""
    return list(
        session.scalars(
            sa.select(IngestedMessage)
            .where(IngestedMessage.user_id == user_id, IngestedMessage.status == IngestStatus.ERROR)
            .order_by(IngestedMessage.id)
        )
    )


def retry_failed(
    *,
    session: Session,
    user_id: int,
    now: dt.datetime,
    on_new: NewMessageHandler | None = None,
    ids: Sequence[int] | None = None,
    budget: float | None = None,
) -> IngestReport:
    """Reads again the failed messages whose bytes were kept (all, or those in `ids`).

    One that reads now goes on as if newly imported (triaged by `on_new`); one that still
    fails keeps its row with the new reason. Those without kept bytes are left as they are.
    """
    query = sa.select(IngestedMessage).where(
        IngestedMessage.user_id == user_id,
        IngestedMessage.status == IngestStatus.ERROR,
        IngestedMessage.raw.is_not(None),
    )
    if ids is not None:
        query = query.where(IngestedMessage.id.in_(list(ids)))
    rows = list(session.scalars(query.order_by(IngestedMessage.id)))
    ledger = _Ledger(session, user_id, now, budget)
    report = IngestReport()
    for row in rows:
        source = RawMessage(
            location=row.location,
            raw=row.raw or b"",
            kind=SourceKind(row.source),
            account=row.account,
            folder=row.folder,
            uidvalidity=row.uidvalidity,
            uid=row.imap_uid,
        )
        ledger.record(source, report, on_new)
    ledger.save(on_new, None)
    return report


def sync_imap(
    *,
    session: Session,
    user_id: int,
    source: FolderSource,
    folders: Sequence[str],
    now: dt.datetime,
    on_batch: Callable[[], None] | None = None,
    on_new: NewMessageHandler | None = None,
    skip: SkipHook | None = None,
    budget: float | None = None,
) -> SyncReport:
    """Reads what is new in each folder since the last sync; `on_batch` runs (to commit) per batch.

    A message that cannot be read is recorded as such and the folder's progress moves past
    it all the same: one bad message must never hold back the mail that follows it.
    """
    ledger = _Ledger(session, user_id, now, budget)
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
            ledger.save(on_new, on_batch)
        if state is not None:
            report.last_uid[folder] = state.last_uid
    return report
