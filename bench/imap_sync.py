"""How fast does `afterword inbox sync` read a mailbox over IMAP? Against a real Dovecot.

Starts the test suite's throwaway Dovecot (tests/mail/dovecot_server.py; Debian's
dovecot-imapd must be installed), appends the first --messages messages of an mbox to its
INBOX, then syncs them into a fresh SQLite workspace of three applications through the same
path the CLI uses (runs.sync_mailbox: header bulk filter, triage, a commit per batch)
and prints messages per second and the triage states. A second sync must read nothing new.

    .venv/bin/python bench/imap_sync.py MAILBOX.mbox [--messages 5000]

Figures only; nothing here asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import imaplib
import mailbox
import os
import sys
import tempfile
import time
from pathlib import Path

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

NOW = dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC)
COMPANIES = ("Acme Corp", "Globex", "Initech")


def main() -> None:
    """Fills the server, syncs twice and prints the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mailbox", type=Path)
    parser.add_argument("--messages", type=int, default=5000)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.mail.dovecot_server import find_dovecot, running_server

    binary = find_dovecot()
    if binary is None:
        raise SystemExit("Dovecot is not installed (apt-get install dovecot-imapd)")
    raws = []
    for message in mailbox.mbox(str(args.mailbox)):
        raws.append(message.as_bytes())
        if len(raws) == args.messages:
            break
    with running_server(binary) as server:
        connection = imaplib.IMAP4(server.host, server.port)
        connection.login(server.user, server.password)
        start = time.perf_counter()
        for raw in raws:
            connection.append("INBOX", None, None, raw)
        connection.logout()
        print(f"appended {len(raws):,} messages in {time.perf_counter() - start:.0f} s")
        sync(server, len(raws))


def sync(server: object, count: int) -> None:
    """Two syncs of the server's INBOX into a fresh workspace, timed."""
    from afterword.inbox.runs import sync_mailbox
    from afterword.inbox.triage import TriageState
    from afterword.pipeline.applications import add_application
    from afterword.pipeline.schemas import ApplicationFields
    from afterword.profile.service import get_or_create_user
    from afterword.settings.mail import MailAccount
    from afterword.storage.migrate import upgrade
    from afterword.storage.session import session_scope

    account = MailAccount(
        address="jane.doe@gmail.com",
        imap_host=server.host,  # type: ignore[attr-defined]
        imap_port=server.port,  # type: ignore[attr-defined]
        imap_security="none",
        imap_username=server.user,  # type: ignore[attr-defined]
        timeout_seconds=30,
    )
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'sync.sqlite3'}"
        upgrade(url)
        with session_scope(url) as session:
            user = get_or_create_user(
                session=session, handle="bench", timezone="Europe/London", country="GB", now=NOW
            )
            for company in COMPANIES:
                add_application(
                    session=session,
                    user_id=user.id,
                    fields=ApplicationFields(company=company, role="Backend Engineer"),
                    now=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
                )
            user_id = user.id
        for attempt in ("first sync", "second sync"):
            start = time.perf_counter()
            with session_scope(url) as session:
                report, triage = sync_mailbox(
                    session=session,
                    user_id=user_id,
                    timezone="Europe/London",
                    country="GB",
                    account=account,
                    now=NOW,
                    # A batch is saved as the workspace saves it (the bench has no agenda).
                    save=lambda _pipeline_changed, session=session: session.commit(),
                    password=server.password,  # type: ignore[attr-defined]
                )
            elapsed = time.perf_counter() - start
            states = ", ".join(f"{state.value} {triage.count(state):,}" for state in TriageState)
            print(
                f"{attempt}: {report.ingest.new:,} new of {count:,} in {elapsed:.1f} s "
                f"({count / elapsed:,.0f} msg/s); {report.ingest.skipped:,} settled from "
                f"headers; {states}"
            )


if __name__ == "__main__":
    main()
