"""Incremental, read-only IMAP sync against a real Dovecot server started by the tests."""

from __future__ import annotations

import datetime as dt
import email.utils
import imaplib
import socket
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.inbox.models import FolderState, IngestedMessage
from afterword.inbox.service import sync_imap
from afterword.inbox.sources import ImapBatch, ImapSource, MailSourceError
from afterword.settings.mail import MailAccount
from tests.inbox.mail_factory import make_raw
from tests.mail.dovecot_server import DovecotServer

# After the `now` the tests' applications are created at: news, not old news.
SOON = "Thu, 03 Dec 2026 16:00:00 +0000"


def account(server: DovecotServer, port: int | None = None) -> MailAccount:
    return MailAccount(
        address="sam@example.com",
        imap_host=server.host,
        imap_port=port or server.port,
        imap_security="none",
        imap_username=server.user,
        timeout_seconds=5,
    )


def source(server: DovecotServer, *, batch_size: int = 2) -> ImapSource:
    return ImapSource(account(server), password=server.password, batch_size=batch_size)


def deliver(imap: imaplib.IMAP4, folder: str, numbers: range | list[int]) -> None:
    for number in numbers:
        status, _ = imap.append(folder, None, None, make_raw(number))
        assert status == "OK"


def ledger(session: Session, user_id: int) -> list[str | None]:
    return list(
        session.scalars(
            sa.select(IngestedMessage.message_id)
            .where(IngestedMessage.user_id == user_id)
            .order_by(IngestedMessage.message_id)
        )
    )


def expected(numbers: range | list[int]) -> list[str]:
    return sorted(f"<update-{n}@fernhill.example>" for n in numbers)


def flags(imap: imaplib.IMAP4, folder: str) -> list[bytes]:
    imap.select(folder, readonly=True)
    status, data = imap.uid("FETCH", "1:*", "(FLAGS)")
    assert status == "OK"
    return [item for item in data if isinstance(item, bytes)]


def sync(session: Session, user_id: int, imap_source: object, folder: str, now: dt.datetime):  # type: ignore[no-untyped-def]
    return sync_imap(
        session=session,
        user_id=user_id,
        source=imap_source,  # type: ignore[arg-type]
        folders=[folder],
        now=now,
        on_batch=session.commit,
    )


def test_new_mail_is_picked_up_and_stays_unread(
    dovecot: DovecotServer,
    imap: imaplib.IMAP4,
    folder: str,
    session: Session,
    user_id: int,
    now: dt.datetime,
) -> None:
    deliver(imap, folder, range(1, 6))
    with source(dovecot) as imap_source:
        report = sync(session, user_id, imap_source, folder, now)
    assert (report.ingest.new, report.ingest.duplicate) == (5, 0)
    assert ledger(session, user_id) == expected(range(1, 6))
    assert report.last_uid == {folder: 5}
    first = session.scalars(sa.select(IngestedMessage).order_by(IngestedMessage.imap_uid)).first()
    assert first is not None
    assert (first.folder, first.imap_uid, first.account) == (
        folder,
        1,
        f"{dovecot.user}@{dovecot.host}",
    )
    fetched = flags(imap, folder)
    assert len(fetched) == 5
    assert not any(b"\\Seen" in line for line in fetched), fetched


def test_a_resync_adds_nothing_and_then_reads_only_what_is_new(
    dovecot: DovecotServer,
    imap: imaplib.IMAP4,
    folder: str,
    session: Session,
    user_id: int,
    now: dt.datetime,
) -> None:
    deliver(imap, folder, range(1, 4))
    with source(dovecot) as imap_source:
        assert sync(session, user_id, imap_source, folder, now).ingest.new == 3
        again = sync(session, user_id, imap_source, folder, now)
        assert again.ingest.seen == 0  # nothing fetched at all: the sync starts after UID 3
        deliver(imap, folder, [4, 5])
        later = sync(session, user_id, imap_source, folder, now)
    assert (later.ingest.new, later.ingest.duplicate) == (2, 0)
    assert ledger(session, user_id) == expected(range(1, 6))
    state = session.scalars(sa.select(FolderState)).one()
    assert (state.folder, state.last_uid) == (folder, 5)


def test_a_changed_uidvalidity_rereads_the_folder_without_duplicates(
    dovecot: DovecotServer,
    imap: imaplib.IMAP4,
    folder: str,
    session: Session,
    user_id: int,
    now: dt.datetime,
) -> None:
    deliver(imap, folder, range(1, 4))
    with source(dovecot) as imap_source:
        sync(session, user_id, imap_source, folder, now)
        before = session.scalars(sa.select(FolderState)).one().uidvalidity
        # Recreating the mailbox gives it a new UIDVALIDITY and renumbers its messages.
        imap.select("INBOX")
        assert imap.delete(folder)[0] == "OK"
        assert imap.create(folder)[0] == "OK"
        deliver(imap, folder, [3, 2, 1, 4])
        assert imap_source.uidvalidity(folder) != before
        report = sync(session, user_id, imap_source, folder, now)
    assert report.restarted == [folder]
    assert (report.ingest.new, report.ingest.duplicate) == (1, 3)
    assert ledger(session, user_id) == expected(range(1, 5))
    state = session.scalars(sa.select(FolderState)).one()
    assert state.uidvalidity != before
    assert state.last_uid == 4


class DropsAfter:
    """Wraps a source and loses the connection once `limit` messages have been handed over."""

    def __init__(self, inner: ImapSource, limit: int, *, for_real: bool) -> None:
        self.inner = inner
        self.limit = limit
        self.for_real = for_real

    @property
    def name(self) -> str:
        return self.inner.name

    def fetch(
        self, folder: str, *, uidvalidity: int | None = None, after_uid: int = 0
    ) -> Iterator[ImapBatch]:
        handed = 0
        batches = self.inner.fetch(folder, uidvalidity=uidvalidity, after_uid=after_uid)
        while True:
            if handed >= self.limit:
                if not self.for_real:
                    raise MailSourceError("127.0.0.1:143 closed the connection unexpectedly")
                # Cut the real socket under imaplib: the next FETCH fails as a dropped line would.
                assert self.inner._connection is not None
                self.inner._connection.sock.shutdown(socket.SHUT_RDWR)
            batch = next(batches, None)
            if batch is None:
                return
            handed += len(batch.messages)
            yield batch


@pytest.mark.parametrize("for_real", [False, True], ids=["raised", "socket-closed"])
def test_a_connection_dropped_midway_resumes_without_loss_or_duplicates(
    dovecot: DovecotServer,
    imap: imaplib.IMAP4,
    folder: str,
    session: Session,
    user_id: int,
    now: dt.datetime,
    for_real: bool,
) -> None:
    deliver(imap, folder, range(1, 8))
    with source(dovecot, batch_size=2) as imap_source:
        flaky = DropsAfter(imap_source, limit=4, for_real=for_real)
        with pytest.raises(MailSourceError) as raised:
            sync(session, user_id, flaky, folder, now)
    session.rollback()  # what the command's session scope does with the failed run
    port = dovecot.port if for_real else 143
    assert str(raised.value) == f"127.0.0.1:{port} closed the connection unexpectedly"
    assert ledger(session, user_id) == expected(range(1, 5))  # two whole batches were saved
    assert session.scalars(sa.select(FolderState)).one().last_uid == 4
    with source(dovecot, batch_size=2) as imap_source:
        resumed = sync(session, user_id, imap_source, folder, now)
    assert (resumed.ingest.new, resumed.ingest.duplicate) == (3, 0)
    assert ledger(session, user_id) == expected(range(1, 8))
    assert not any(b"\\Seen" in line for line in flags(imap, folder))


def test_a_refused_connection_is_one_plain_error_naming_host_and_port(
    dovecot: DovecotServer,
    closed_port: int,
) -> None:
    broken = ImapSource(account(dovecot, port=closed_port), password="x")
    with pytest.raises(MailSourceError) as raised:
        broken.open()
    assert str(raised.value) == f"could not connect to 127.0.0.1:{closed_port}: connection refused"


def test_a_wrong_password_is_one_plain_error(dovecot: DovecotServer) -> None:
    with pytest.raises(MailSourceError) as raised:
        ImapSource(account(dovecot), password="wrong").open()
    assert str(raised.value) == (
        f"could not read mail: 127.0.0.1:{dovecot.port} refused the user name or password"
    )


def test_a_missing_folder_is_named(dovecot: DovecotServer) -> None:
    with source(dovecot) as imap_source, pytest.raises(MailSourceError) as raised:
        list(imap_source.fetch("No Such Folder"))
    assert str(raised.value) == (
        f'could not read mail: 127.0.0.1:{dovecot.port} has no folder "No Such Folder"'
    )


def test_the_sync_command_triages_new_mail_and_a_second_sync_reads_nothing(
    dovecot: DovecotServer,
    imap: imaplib.IMAP4,
    folder: str,
    sqlite_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os
    from pathlib import Path

    from afterword.cli.entry import main
    from afterword.settings import get_settings
    from tests.inbox.test_triage import REJECTION

    config = Path(os.environ["AFTERWORD_CONFIG_DIR"]) / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f'[mail]\naddress = "sam@example.com"\nimap_host = "{dovecot.host}"\n'
        f'imap_port = {dovecot.port}\nimap_security = "none"\n'
        f'imap_username = "{dovecot.user}"\ntimeout_seconds = 5\n'
    )
    monkeypatch.setenv("AFTERWORD_IMAP_PASSWORD", dovecot.password)
    get_settings.cache_clear()
    assert (
        main(
            ["applications", "add", "Fernhill Robotics", "Data Engineer", "--applied", "2026-02-01"]
        )
        == 0
    )
    body = REJECTION.format(role="Data Engineer", company="Fernhill Robotics")
    subject = "Your application to Fernhill Robotics"
    # Dated now: news older than the application's latest change would only wait for review.
    fresh = email.utils.format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1))
    status, _ = imap.append(folder, None, None, make_raw(1, subject=subject, body=body, date=fresh))
    assert status == "OK"
    capsys.readouterr()
    assert main(["inbox", "sync", "--folder", folder]) == 0
    out = capsys.readouterr().out
    assert "Read 1 new message (0 already seen, 0 unreadable)." in out
    assert "Fernhill Robotics — Data Engineer: recorded the rejection" in out
    assert main(["inbox", "sync", "--folder", folder]) == 0
    assert "Read 0 new messages" in capsys.readouterr().out
    assert main(["applications", "list"]) == 0
    assert "rejected" in capsys.readouterr().out
    assert not any(b"\\Seen" in item for item in flags(imap, folder))  # still unread


def test_check_my_mail_now_on_the_inbox_page_reads_and_triages_new_mail(
    dovecot: DovecotServer,
    imap: imaplib.IMAP4,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import re

    from afterword.settings import load_settings
    from afterword.web.app import create_app
    from afterword.workspace import workspace_scope
    from tests.inbox.test_triage import REJECTION
    from tests.web.conftest import WebClient

    _, count = imap.select("INBOX")
    if int(count[0] or 0):  # the page reads INBOX: start it empty
        imap.store("1:*", "+FLAGS", "\\Deleted")
        imap.expunge()
    settings = load_settings(
        database_url=sqlite_url,
        web={"allowed_hosts": ["testserver"]},
        mail=account(dovecot).model_dump(),
    )
    monkeypatch.setenv("AFTERWORD_IMAP_PASSWORD", dovecot.password)
    with workspace_scope(settings) as ws:
        from afterword.pipeline.applications import add_application
        from afterword.pipeline.schemas import ApplicationFields

        app_id = add_application(
            session=ws.session, user_id=ws.user_id, now=ws.now,
            fields=ApplicationFields(company="Fernhill Robotics", role="Data Engineer",
                                     applied_on=dt.date(2026, 2, 1)),
        ).id  # fmt: skip
    body = REJECTION.format(role="Data Engineer", company="Fernhill Robotics")
    subject = "Your application to Fernhill Robotics"
    fresh = email.utils.format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1))
    raw = make_raw(1, subject=subject, body=body, date=fresh)
    assert imap.append("INBOX", None, None, raw)[0] == "OK"
    with WebClient(create_app(settings)) as web:
        page = web.get("/inbox").text
        assert "Check my mail now" in page
        token = re.search(r'name="csrf-token" content="([0-9a-f]+)"', page)
        assert token
        answer = web.post("/inbox/sync", data={"csrf_token": token[1]})
        assert (
            "Read 1 new message (0 already seen, 0 unreadable): 1 updated your pipeline"
            in answer.text
        )
        again = web.post("/inbox/sync", data={"csrf_token": token[1]})
        assert "Nothing new in your inbox" in again.text
        assert web.get(f"/api/applications/{app_id}").json()["status"] == "rejected"


def test_a_message_that_cannot_be_triaged_never_holds_back_the_mail_after_it(
    dovecot: DovecotServer,
    imap: imaplib.IMAP4,
    folder: str,
    session: Session,
    user_id: int,
    now: dt.datetime,
) -> None:
    # Issue 13, finding 1: an offer dated in year 9999 stopped the sync at its batch every time,
    # so last_uid never moved and no later mail ever arrived.
    from afterword.inbox.runs import sync_mailbox
    from afterword.pipeline.applications import add_application
    from afterword.pipeline.schemas import ApplicationFields
    from tests.inbox.test_triage import OFFER

    add_application(
        session=session,
        user_id=user_id,
        fields=ApplicationFields(company="Fernhill Robotics", role="Data Engineer"),
        now=now,
    )
    session.commit()
    offer = OFFER.format(role="Data Engineer", company="Fernhill Robotics")
    for number, date in ((1, None), (2, "Fri, 31 Dec 9999 12:00:00 +0000"), (3, None)):
        raw = make_raw(number, body=offer.replace("2026", "9999"), date=date or SOON)
        assert imap.append(folder, None, None, raw)[0] == "OK"
    assert imap.append(folder, None, None, b"\x00\x01 not mail at all\n\nnor this")[0] == "OK"

    def sync_once() -> Any:
        return sync_mailbox(
            session=session,
            user_id=user_id,
            timezone="Europe/London",
            country="GB",
            account=account(dovecot),
            now=now,
            save=lambda _changed: session.commit(),
            folders=[folder],
            password=dovecot.password,
        )

    report, triaged = sync_once()
    assert (report.ingest.new, report.ingest.unreadable) == (3, 1)
    assert triaged.failed == []
    assert report.last_uid == {folder: 4}
    deliver(imap, folder, [5])
    later, _ = sync_once()
    assert (later.ingest.new, later.ingest.seen) == (1, 1)
    assert session.scalars(sa.select(FolderState)).one().last_uid == 5


def test_the_sync_folder_setting_is_what_a_sync_without_folder_reads(
    dovecot: DovecotServer,
    imap: imaplib.IMAP4,
    folder: str,
    sqlite_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os
    from pathlib import Path

    from afterword.cli.entry import main
    from afterword.settings import get_settings

    config = Path(os.environ["AFTERWORD_CONFIG_DIR"]) / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f'[mail]\naddress = "sam@example.com"\nimap_host = "{dovecot.host}"\n'
        f'imap_port = {dovecot.port}\nimap_security = "none"\n'
        f'imap_username = "{dovecot.user}"\ntimeout_seconds = 5\nsync_folder = "{folder}"\n'
    )
    monkeypatch.setenv("AFTERWORD_IMAP_PASSWORD", dovecot.password)
    get_settings.cache_clear()
    deliver(imap, folder, [7, 8])
    capsys.readouterr()
    assert main(["inbox", "sync"]) == 0
    assert "Read 2 new messages" in capsys.readouterr().out
    # The same folder's progress: naming it with --folder reads nothing again.
    assert main(["inbox", "sync", "--folder", folder]) == 0
    assert "Read 0 new messages" in capsys.readouterr().out


def test_a_wildcard_folder_name_is_refused() -> None:
    from pydantic import ValidationError

    for name in ("Jobs*", "Jo%bs", "Jobs\nINBOX", "x" * 201):
        with pytest.raises(ValidationError):
            MailAccount(address="sam@example.com", sync_folder=name)
    assert MailAccount(address="sam@example.com", sync_folder="  ").sync_folder is None
    assert (
        MailAccount(address="sam@example.com", sync_folder=" Jobs/Ünï ").sync_folder == "Jobs/Ünï"
    )
