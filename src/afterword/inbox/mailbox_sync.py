"""Reading new mail from the user's IMAP server and triaging it: one function for CLI and web.

Each batch is triaged and then handed to `commit` together with the folder's progress,
so a connection lost midway keeps everything read so far and the next sync carries on.
It sets triage up exactly as a file import does (triage_service.start_triage), so the
bulk-mail header filter applies to synced mail too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError
from afterword.inbox.service import SyncReport, sync_imap
from afterword.inbox.triage_service import (
    SaveBatch,
    TriageReport,
    account_addresses,
    batch_saver,
    count_skipped,
    start_triage,
)
from afterword.mail.account import MailAccount

DEFAULT_FOLDERS = ("INBOX",)


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
    """Reads what is new in the folders (read-only) and triages it, saving per batch."""
    from afterword.inbox.sources import ImapSource
    from afterword.inbox.triage_service import ready_to_triage
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
