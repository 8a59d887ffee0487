"""The ingestion ledger: every message recorded once, bad ones recorded with their error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.inbox.message import RawMessage, SourceKind
from afterword.inbox.models import IngestedMessage, IngestStatus
from afterword.inbox.service import ingest
from afterword.inbox.sources import read_path
from tests.inbox.mail_factory import make_raw, mbox_bytes
from tests.inbox.test_sources import make_maildir


def rows(session: Session, user_id: int) -> list[IngestedMessage]:
    return list(
        session.scalars(
            sa.select(IngestedMessage)
            .where(IngestedMessage.user_id == user_id)
            .order_by(IngestedMessage.id)
        )
    )


def test_an_mbox_import_records_each_message_with_its_headers(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    path = tmp_path / "takeout.mbox"
    path.write_bytes(mbox_bytes([make_raw(n) for n in range(1, 4)]))
    report = ingest(session=session, user_id=user_id, source_messages=read_path(path), now=now)
    assert (report.new, report.duplicate, report.unreadable) == (3, 0, 0)
    first = rows(session, user_id)[0]
    assert first.status == IngestStatus.NEW
    assert first.source == SourceKind.MBOX
    assert first.location == f"{path}#1"
    assert first.message_id == "<update-1@fernhill.example>"
    assert first.subject == "Your application, update 1"
    assert first.from_address == "priya@fernhill.example"
    assert first.sent_at == dt.datetime(2026, 3, 4, 10, 12, tzinfo=dt.UTC)
    assert first.ingested_at == now


def test_importing_the_same_mail_again_from_any_source_adds_nothing(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    messages = [make_raw(n) for n in range(1, 6)] + [make_raw(99, message_id=None)]
    mbox = tmp_path / "all.mbox"
    mbox.write_bytes(mbox_bytes(messages))
    maildir = make_maildir(tmp_path / "Maildir", messages)
    eml = tmp_path / "one.eml"
    eml.write_bytes(messages[2])
    first = ingest(session=session, user_id=user_id, source_messages=read_path(mbox), now=now)
    assert first.new == 6
    for again in (mbox, maildir, eml):
        report = ingest(session=session, user_id=user_id, source_messages=read_path(again), now=now)
        assert report.new == 0
        assert report.duplicate == report.seen > 0
    assert len(rows(session, user_id)) == 6


def test_messages_without_message_id_are_told_apart_by_fingerprint(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    one = make_raw(message_id=None, body="First text.\n")
    two = make_raw(message_id=None, body="Second text.\n")
    sources = [
        RawMessage(location=str(n), raw=raw, kind=SourceKind.EML)
        for n, raw in enumerate([one, two, one])
    ]
    report = ingest(session=session, user_id=user_id, source_messages=sources, now=now)
    assert (report.new, report.duplicate) == (2, 1)
    stored = rows(session, user_id)
    assert all(row.message_id is None for row in stored)
    assert all(row.identity == "sha256:" + row.fingerprint for row in stored)


def test_unreadable_messages_are_recorded_with_their_error_and_the_rest_go_on(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    sources = [
        RawMessage(location="a.eml", raw=make_raw(1), kind=SourceKind.EML),
        RawMessage(location="empty.eml", raw=b"", kind=SourceKind.EML),
        RawMessage(location="junk.eml", raw=b"\x00\x01garbage\n\n", kind=SourceKind.EML),
        RawMessage(location="b.eml", raw=make_raw(2), kind=SourceKind.EML),
    ]
    report = ingest(session=session, user_id=user_id, source_messages=sources, now=now)
    assert (report.new, report.unreadable) == (2, 2)
    assert [(p.location, p.reason) for p in report.problems] == [
        ("empty.eml", "the message is empty"),
        ("junk.eml", "no mail headers (From, To, Subject, Date or Message-ID) found"),
    ]
    errors = [row for row in rows(session, user_id) if row.status == IngestStatus.ERROR]
    assert [row.error for row in errors] == [p.reason for p in report.problems]
    # Importing again adds no row, but reads the failures again and still reports them.
    again = ingest(session=session, user_id=user_id, source_messages=sources, now=now)
    assert (again.new, again.unreadable, again.duplicate) == (0, 2, 2)
    assert len(rows(session, user_id)) == 4


def test_the_ledger_is_kept_per_user(session: Session, user_id: int, now: dt.datetime) -> None:
    from afterword.profile.service import get_or_create_user

    other = get_or_create_user(
        session=session, handle="friend", timezone="Europe/London", country="GB", now=now
    ).id
    sources = [RawMessage(location="a.eml", raw=make_raw(1), kind=SourceKind.EML)]
    assert ingest(session=session, user_id=user_id, source_messages=sources, now=now).new == 1
    assert ingest(session=session, user_id=other, source_messages=sources, now=now).new == 1
