"""The worker's scheduled mailbox sync, on a real PostgreSQL and a real Dovecot."""

from __future__ import annotations

import imaplib
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from afterword import clock
from afterword.accounts.daily import DailyPreference, set_preferences
from afterword.accounts.sealing import new_key
from afterword.accounts.user_settings import save_own_mail
from afterword.inbox.models import IngestedMessage
from afterword.settings import load_settings
from afterword.settings.mail import MailAccount
from afterword.storage.session import session_scope
from afterword.worker.mail_sync import HIDDEN, described, sync_person
from tests.inbox.mail_factory import make_raw
from tests.mail.conftest import _no_mail_passwords_in_environment, certificate, dovecot  # noqa: F401
from tests.mail.dovecot_server import DovecotServer
from tests.server.test_worker import queue_url  # noqa: F401
from tests.server.worker_support import add_people, wait_for, worker_process

pytestmark = pytest.mark.postgres

KEY = new_key()
WRONG = "not-the-password-9f3k"


@pytest.fixture
def inbox(dovecot: DovecotServer) -> Iterator[imaplib.IMAP4]:  # noqa: F811
    """The test mailbox's INBOX, emptied first (the Dovecot server lives for the whole run)."""
    connection = imaplib.IMAP4(dovecot.host, dovecot.port, timeout=10)
    connection.login(dovecot.user, dovecot.password)
    empty(connection)
    yield connection
    empty(connection)
    connection.logout()


def empty(connection: imaplib.IMAP4) -> None:
    _, data = connection.select("INBOX")
    if int(data[0] or 0):
        connection.store("1:*", "+FLAGS", r"(\Deleted)")
        connection.expunge()


def deliver(inbox: imaplib.IMAP4, numbers: range) -> None:
    for number in numbers:
        status, _ = inbox.append("INBOX", None, None, make_raw(number))
        assert status == "OK"


def set_up_mailbox(url: str, user_id: int, server: DovecotServer, password: str) -> None:
    account = MailAccount(
        address="sam@example.com",
        imap_host=server.host,
        imap_port=server.port,
        imap_security="none",
        imap_username=server.user,
        timeout_seconds=5,
    )
    with session_scope(url) as session:
        save_own_mail(
            session=session, user_id=user_id, account=account, password=password,
            secret_key=KEY, now=clock.now(),
        )  # fmt: skip


def received(url: str, user_id: int) -> list[IngestedMessage]:
    with session_scope(url) as session:
        rows = session.scalars(
            sa.select(IngestedMessage).where(IngestedMessage.user_id == user_id)
        ).all()
        session.expunge_all()
        return list(rows)


def preference(url: str, user_id: int) -> DailyPreference | None:
    with session_scope(url) as session:
        row = session.get(DailyPreference, user_id)
        if row is not None:
            session.expunge(row)
        return row


def test_the_worker_syncs_only_the_mailboxes_of_people_who_opted_in_and_never_twice(
    queue_url: str,  # noqa: F811
    dovecot: DovecotServer,  # noqa: F811
    inbox: imaplib.IMAP4,
    tmp_path: Path,
) -> None:
    ana, bo, cy = add_people(queue_url, 3, applications=1)
    # All three point at the same mailbox: what differs is the opt-in and the password.
    set_up_mailbox(queue_url, ana, dovecot, dovecot.password)
    set_up_mailbox(queue_url, bo, dovecot, dovecot.password)
    set_up_mailbox(queue_url, cy, dovecot, WRONG)
    with session_scope(queue_url) as session:
        set_preferences(session=session, user_id=ana, mail_sync=True)
        set_preferences(session=session, user_id=bo, morning_digest=True)  # not the sync
        set_preferences(session=session, user_id=cy, mail_sync=True)
    deliver(inbox, range(1, 3))
    log = tmp_path / "worker.log"
    env = {"AFTERWORD_SECRET_KEY": KEY}
    with worker_process(queue_url, log, "--mail-sync-every", "1", env=env):
        wait_for(
            lambda: len(received(queue_url, ana)) == 2,
            seconds=120, what="Ana's first two messages", log=log,
        )  # fmt: skip
        # A message that arrives later is picked up by a later sync, and only it.
        deliver(inbox, range(3, 4))
        wait_for(
            lambda: len(received(queue_url, ana)) == 3,
            seconds=60, what="Ana's third message", log=log,
        )  # fmt: skip
        wait_for(
            lambda: (preference(queue_url, cy) or DailyPreference()).mail_sync_error is not None,
            seconds=60, what="Cy's failed sync to be noted", log=log,
        )  # fmt: skip
        first = preference(queue_url, ana)
        assert first is not None and first.mail_sync_tried_at is not None
        # Later syncs (one a second) come and go: none imports anything again.
        wait_for(
            lambda: (preference(queue_url, ana) or first).mail_sync_tried_at
            != first.mail_sync_tried_at,
            seconds=60, what="another sync of Ana's mailbox", log=log,
        )  # fmt: skip
    messages = received(queue_url, ana)
    assert sorted(row.message_id or "" for row in messages) == [
        f"<update-{n}@fernhill.example>" for n in range(1, 4)
    ]
    # Every message was triaged, not only recorded.
    assert all(row.triage is not None for row in messages)
    assert preference(queue_url, ana).mail_sync_error is None  # type: ignore[union-attr]
    # Bo did not ask: his mailbox was never read, nor tried.
    assert received(queue_url, bo) == []
    assert preference(queue_url, bo).mail_sync_tried_at is None  # type: ignore[union-attr]
    # Cy's wrong password stopped only Cy, and what is noted does not hold it.
    noted = preference(queue_url, cy).mail_sync_error  # type: ignore[union-attr]
    assert received(queue_url, cy) == []
    assert noted and WRONG not in noted and dovecot.password not in noted
    assert WRONG not in log.read_text()


def test_a_sync_run_again_imports_nothing_new_and_stops_once_turned_off(
    queue_url: str,  # noqa: F811
    dovecot: DovecotServer,  # noqa: F811
    inbox: imaplib.IMAP4,
) -> None:
    (ana,) = add_people(queue_url, 1, applications=1)
    set_up_mailbox(queue_url, ana, dovecot, dovecot.password)
    with session_scope(queue_url) as session:
        set_preferences(session=session, user_id=ana, mail_sync=True)
    deliver(inbox, range(1, 4))
    settings = load_settings(mode="server", database_url=queue_url, secret_key=KEY)
    first = sync_person(settings=settings, user_id=ana)
    again = sync_person(settings=settings, user_id=ana)
    assert first is not None and first.new == 3
    assert again is not None and again.new == 0
    assert len(received(queue_url, ana)) == 3
    with session_scope(queue_url) as session:
        set_preferences(session=session, user_id=ana, mail_sync=False)
    deliver(inbox, range(4, 5))
    assert sync_person(settings=settings, user_id=ana) is None
    assert len(received(queue_url, ana)) == 3


def test_a_noted_error_never_holds_the_password() -> None:
    error = RuntimeError(f"LOGIN sam {WRONG}\r\n failed:\x1b[2J {WRONG}")
    text = described(error, [WRONG])
    assert WRONG not in text
    assert text.count(HIDDEN) == 2
    assert "\n" not in text and "\x1b" not in text
    assert len(described(RuntimeError("x" * 2000), [])) == 500


def _fresh_folder(connection: imaplib.IMAP4, folder: str) -> None:
    """The folder exists and is empty (the Dovecot mailbox is shared by the whole run)."""
    connection.create(folder)  # "already exists" is fine
    _, data = connection.select(folder)
    if int(data[0] or 0):
        connection.store("1:*", "+FLAGS", r"(\Deleted)")
        connection.expunge()
    connection.select("INBOX")


def set_sync_folder(url: str, user_id: int, folder: str) -> None:
    """The person's own folder, kept with their mail account as the Settings form keeps it."""
    from afterword.accounts.models import UserSettings

    with session_scope(url) as session:
        row = session.get(UserSettings, user_id)
        assert row is not None and row.mail is not None
        row.mail = {**row.mail, "sync_folder": folder}


def test_the_worker_reads_each_persons_own_folder_and_a_missing_one_stops_only_them(
    queue_url: str,  # noqa: F811
    dovecot: DovecotServer,  # noqa: F811
    inbox: imaplib.IMAP4,
    tmp_path: Path,
) -> None:
    ana, bo, cy = add_people(queue_url, 3, applications=1)
    for person in (ana, bo, cy):
        set_up_mailbox(queue_url, person, dovecot, dovecot.password)
    set_sync_folder(queue_url, ana, "Jobs")
    set_sync_folder(queue_url, cy, "No Such Folder")  # bo keeps INBOX
    with session_scope(queue_url) as session:
        for person in (ana, bo, cy):
            set_preferences(session=session, user_id=person, mail_sync=True)
    _fresh_folder(inbox, "Jobs")
    try:
        assert inbox.append("INBOX", None, None, make_raw(1))[0] == "OK"
        assert inbox.append("Jobs", None, None, make_raw(2))[0] == "OK"
        log = tmp_path / "worker.log"
        with worker_process(
            queue_url, log, "--mail-sync-every", "1", env={"AFTERWORD_SECRET_KEY": KEY}
        ):
            wait_for(
                lambda: len(received(queue_url, ana)) == 1 and len(received(queue_url, bo)) == 1,
                seconds=120, what="Ana's and Bo's messages", log=log,
            )  # fmt: skip
            wait_for(
                lambda: (preference(queue_url, cy) or DailyPreference()).mail_sync_error
                is not None,
                seconds=60, what="Cy's failed sync to be noted", log=log,
            )  # fmt: skip
    finally:
        _fresh_folder(inbox, "Jobs")
    assert [row.message_id for row in received(queue_url, ana)] == ["<update-2@fernhill.example>"]
    assert [row.message_id for row in received(queue_url, bo)] == ["<update-1@fernhill.example>"]
    assert received(queue_url, cy) == []
    noted = preference(queue_url, cy).mail_sync_error  # type: ignore[union-attr]
    assert noted is not None and "\n" not in noted and "No Such Folder" in noted
    assert preference(queue_url, ana).mail_sync_error is None  # type: ignore[union-attr]
