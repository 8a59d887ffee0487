"""Runs of triage over new mail: a file import, an IMAP sync, and retrying what failed.

An import and a sync share one path (start_triage): the same Triage hook, the same
bulk-mail header filter, the user's applications held for the whole run, and a save
after every batch, so a long run never holds the database for long and a run that stops
midway keeps everything read so far. Services flush; `save` (Workspace.save_batch)
commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from afterword.errors import InvalidInputError
from afterword.inbox.bulk import BulkFilter
from afterword.inbox.engine import Triage, TriageReport
from afterword.inbox.index import account_addresses
from afterword.inbox.message import RawMessage
from afterword.inbox.service import IngestReport, SyncReport, ingest, retry_failed, sync_imap
from afterword.inbox.triage import TriageState
from afterword.localtime import LocalContext
from afterword.pipeline.models import Application
from afterword.settings.mail import MailAccount

# Called after each batch of a long import with whether the batch changed the pipeline: saves
# the work so far, re-planning first when it did (Workspace.save_batch).
SaveBatch = Callable[[bool], None]
DEFAULT_FOLDERS = ("INBOX",)


@dataclass
class TriageRun:
    """What an import and a sync share: the Triage hook, the bulk-mail header filter, and the
    user's applications held for the whole run (see start_triage)."""

    triage: Triage
    skip: BulkFilter | None
    applications: list[Application]


def start_triage(
    *,
    session: Session,
    user_id: int,
    timezone: str,
    country: str,
    now: dt.datetime,
    own: Iterable[str] = (),
    bulk_filter: bool = True,
    budget: float | None = None,
) -> TriageRun:
    """Sets up triage for an import or a sync: one path, so both skip the same bulk mail.

    `budget` is the seconds triaging one message may take.
    """
    triage = Triage(
        session=session,
        user_id=user_id,
        local=LocalContext(timezone, country),
        now=now,
        own=own,
        budget=budget,
    )
    # Held for the whole run, with what triage reads of them: the session keeps only weak
    # references, so otherwise each message about an application would load it again.
    applications = list(
        session.scalars(
            sa.select(Application)
            .where(Application.user_id == user_id)
            .options(
                selectinload(Application.offers),
                selectinload(Application.interviews),
                # triage reads each matched application's history (its latest change): one
                # query for all, instead of one per application, each flushing pending rows.
                selectinload(Application.history),
            )
        ).all()
    )
    skip = BulkFilter(triage.index, triage.bulk_ids) if bulk_filter else None
    return TriageRun(triage, skip, applications)


def import_messages(
    *,
    session: Session,
    user_id: int,
    timezone: str,
    country: str,
    source_messages: Iterable[RawMessage],
    now: dt.datetime,
    own: Iterable[str] = (),
    bulk_filter: bool = True,
    save: SaveBatch | None = None,
    budget: float | None = None,
) -> tuple[IngestReport, TriageReport]:
    """Records each new message once and triages it; re-importing adds and changes nothing
    (except that messages which failed before are tried again).

    Bulk mail whose headers tie it to nothing in the job search is recorded as not about a
    job without its body being read (see bulk.py); `bulk_filter=False` reads everything.
    With `save`, the work is saved every few hundred messages; `budget` is the seconds that
    reading, and then triaging, one message may take.
    """
    ready_to_triage(session, save)
    run = start_triage(
        session=session,
        user_id=user_id,
        timezone=timezone,
        country=country,
        now=now,
        own=own,
        bulk_filter=bulk_filter,
        budget=budget,
    )
    if save is not None:
        save(False)  # read what triage needs; the long reading of mail then holds no lock
    report = ingest(
        session=session,
        user_id=user_id,
        source_messages=source_messages,
        now=now,
        on_new=run.triage,
        skip=run.skip,
        on_batch=None if save is None else batch_saver(run.triage, save),
        budget=budget,
    )
    count_skipped(run.triage.report, report)
    return report, run.triage.report


def sync_mailbox(
    *,
    session: Session,
    user_id: int,
    timezone: str,
    country: str,
    account: MailAccount | None,
    now: dt.datetime,
    save: SaveBatch,
    folders: Sequence[str] = DEFAULT_FOLDERS,
    password: str | None = None,
    budget: float | None = None,
) -> tuple[SyncReport, TriageReport]:
    """Reads what is new in the IMAP folders (read-only) and triages it, saving per batch.

    Each batch is saved together with the folder's progress, so a connection lost midway
    keeps everything read so far and the next sync carries on from there.
    """
    from afterword.inbox.sources import ImapSource
    from afterword.mail.delivery import password_for

    if account is None or not account.imap_host:
        raise InvalidInputError(
            "no IMAP server is set up; add imap_host to the [mail] section of config.toml "
            "(see 'afterword help mail-setup'), or import an export with 'afterword inbox import'"
        )
    ready_to_triage(session, save)
    run = start_triage(
        session=session,
        user_id=user_id,
        timezone=timezone,
        country=country,
        now=now,
        own=account_addresses(account),
        budget=budget,
    )
    triage = run.triage
    secret = password if password is not None else password_for(account, "imap")
    with ImapSource(account, password=secret) as source:
        report = sync_imap(
            session=session,
            user_id=user_id,
            source=source,
            folders=list(folders),
            now=now,
            on_batch=batch_saver(triage, save),
            on_new=triage,
            skip=run.skip,
            budget=budget,
        )
    count_skipped(triage.report, report.ingest)
    return report, triage.report


def retry_messages(
    *,
    session: Session,
    user_id: int,
    timezone: str,
    country: str,
    now: dt.datetime,
    own: Iterable[str] = (),
    ids: Sequence[int] | None = None,
    budget: float | None = None,
) -> tuple[IngestReport, TriageReport]:
    """Reads and triages again the messages that failed (all, or those in `ids`)."""
    ready_to_triage(session, None)
    triage = Triage(
        session=session,
        user_id=user_id,
        local=LocalContext(timezone, country),
        now=now,
        own=own,
        budget=budget,
    )
    report = retry_failed(
        session=session, user_id=user_id, now=now, on_new=triage, ids=ids, budget=budget
    )
    return report, triage.report


def ready_to_triage(session: Session, save: SaveBatch | None) -> None:
    """Before a long import: saves (so the database is not held while afterword gets ready)
    and loads the packaged classifier (built at install time; trained here only when that
    build is missing or stale, which takes about half a minute)."""
    from afterword.inbox.classifier_store import default_classifier

    if save is not None:
        save(False)
    default_classifier()


def batch_saver(triage: Triage, save: SaveBatch) -> Callable[[], None]:
    """The ledger's on_batch hook: saves, saying whether triage changed the pipeline since."""
    acted = len(triage.report.acted)

    def saved() -> None:
        nonlocal acted
        changed = len(triage.report.acted) > acted
        acted = len(triage.report.acted)
        save(changed)

    return saved


def count_skipped(triage: TriageReport, ingest: IngestReport) -> None:
    """Counts the messages settled from their headers alone (bulk mail) as not about a job."""
    if ingest.skipped:
        triage.counts[TriageState.IGNORED] = triage.count(TriageState.IGNORED) + ingest.skipped
