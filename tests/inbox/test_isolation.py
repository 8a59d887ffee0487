"""One message never stops the others: failures are recorded, kept visible, and tried again.

Issue 13, findings 1, 2 and 12 at the level of the services, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.inbox import engine
from afterword.inbox.message import RawMessage, SourceKind
from afterword.inbox.models import IngestedMessage, IngestStatus
from afterword.inbox.queue import recent_messages
from afterword.inbox.runs import import_messages, retry_messages
from afterword.inbox.service import ingest
from afterword.inbox.sources import read_path
from afterword.inbox.triage import TriageState
from afterword.pipeline.status import Status
from tests.inbox.mail_factory import make_raw, mbox_bytes
from tests.inbox.test_triage import AFTER_NOW, OFFER, REJECTION, add, received, row, run

# Mail from the very end of the calendar: reading its dates overflowed (finding 1).
YEAR_9999 = "Fri, 31 Dec 9999 12:00:00 +0000"


def rows(session: Session, user_id: int) -> list[IngestedMessage]:
    return list(
        session.scalars(
            sa.select(IngestedMessage)
            .where(IngestedMessage.user_id == user_id)
            .order_by(IngestedMessage.id)
        )
    )


def test_an_offer_dated_in_year_9999_is_triaged_like_any_other_and_the_import_goes_on(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    offer = OFFER.format(role="Data Engineer", company="Fernhill Robotics")
    late = offer.replace("Friday 11 December 2026", "31 December 9999")
    ingest_report, triage_report = run(
        session,
        user_id,
        now,
        received(1, late, subject="Offer from Fernhill", date=YEAR_9999),
        received(2, offer + " Please reply by Friday.", subject="Offer again"),
        received(3, REJECTION.format(role="Data Engineer", company="Fernhill Robotics")),
    )
    assert (ingest_report.new, ingest_report.unreadable) == (3, 0)
    assert triage_report.failed == []
    year_9999 = row(session, user_id, 1)
    # A date afterword would refuse anywhere else is no date: the message is read as undated,
    # and the deadline "31 December 9999" in its text is no deadline either.
    assert year_9999.sent_at is None
    assert year_9999.dates is None
    assert year_9999.triage is not None
    assert app.status in (Status.APPLIED, Status.OFFER, Status.REJECTED)


def test_a_message_whose_triage_fails_is_recorded_and_changes_nothing_while_the_rest_go_on(
    session: Session, user_id: int, now: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    reading = engine.extract_dates

    def broken_for_one(text: str, *args: Any, **kwargs: Any) -> Any:
        if "BREAKS TRIAGE" in text:
            raise OverflowError("date value out of range")
        return reading(text, *args, **kwargs)

    monkeypatch.setattr(engine, "extract_dates", broken_for_one)
    offer = OFFER.format(role="Data Engineer", company="Fernhill Robotics")
    rejection = REJECTION.format(role="Data Engineer", company="Fernhill Robotics")
    breaking = received(1, offer + "\nBREAKS TRIAGE", subject="Offer: Data Engineer at Fernhill")
    ingest_report, triage_report = run(
        session,
        user_id,
        now,
        breaking,
        received(2, rejection, subject="Your application to Fernhill Robotics"),
    )
    assert ingest_report.new == 2
    failed = row(session, user_id, 1)
    assert failed.status is IngestStatus.ERROR
    assert failed.error == "afterword could not read it (OverflowError: date value out of range)"
    assert failed.triage is None and failed.effect is None
    assert failed.raw == breaking.raw  # kept, to try again
    assert triage_report.failed == [failed]
    # The other message was triaged as if the first had never been there.
    assert row(session, user_id, 2).triage is not None
    assert app.status in (Status.APPLIED, Status.REJECTED)
    assert not app.offers


def test_a_change_that_fails_halfway_leaves_nothing_behind(
    session: Session, user_id: int, now: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    applying = engine.apply_effect

    def fails_after_writing(**kwargs: Any) -> None:
        applying(**kwargs)  # the outcome and the status change are written ...
        raise RuntimeError("the disk is full")  # ... and then something fails

    monkeypatch.setattr(engine, "apply_effect", fails_after_writing)
    body = REJECTION.format(role="Data Engineer", company="Fernhill Robotics")
    run(session, user_id, now, received(1, body, subject="Your application to Fernhill Robotics"))
    message = row(session, user_id, 1)
    assert message.status is IngestStatus.ERROR
    assert "RuntimeError: the disk is full" in (message.error or "")
    session.refresh(app)
    assert app.status is Status.APPLIED
    assert not app.outcomes


def test_a_message_over_its_time_budget_is_recorded_as_too_slow_and_the_rest_go_on(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    sources = [RawMessage(location=f"m#{n}", raw=make_raw(n), kind=SourceKind.EML) for n in (1, 2)]
    report = ingest(session=session, user_id=user_id, source_messages=sources, now=now, budget=1e-9)
    assert report.unreadable == 2
    assert all(p.reason.startswith("too slow to read") for p in report.problems)
    # With a budget that fits, trying again reads them: nothing was lost.
    again = ingest(session=session, user_id=user_id, source_messages=sources, now=now, budget=30)
    assert (again.new, again.unreadable, again.retried) == (2, 0, 2)
    assert [r.status for r in rows(session, user_id)] == [IngestStatus.NEW, IngestStatus.NEW]


def test_failed_messages_stay_listed_and_a_reimport_reports_them_again(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    export = tmp_path / "export.mbox"
    export.write_bytes(
        mbox_bytes([make_raw(1), b"\x00\x01 not mail at all\n\nreally not", make_raw(2)])
    )
    first, _ = import_messages(
        session=session,
        user_id=user_id,
        timezone="Europe/London",
        country="GB",
        source_messages=read_path(export),
        now=now,
    )
    assert (first.new, first.unreadable) == (2, 1)
    listed = recent_messages(
        session=session, user_id=user_id, states=list(TriageState), failed=True
    )
    assert len(listed) == 3
    assert [m.error for m in listed if m.status is IngestStatus.ERROR] == [
        "no mail headers (From, To, Subject, Date or Message-ID) found"
    ]
    again, _ = import_messages(
        session=session,
        user_id=user_id,
        timezone="Europe/London",
        country="GB",
        source_messages=read_path(export),
        now=now,
    )
    assert (again.new, again.duplicate, again.unreadable) == (0, 2, 1)
    assert len(rows(session, user_id)) == 3


def test_retry_reads_a_failed_message_again_from_the_kept_bytes(
    session: Session, user_id: int, now: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    classifying = engine.Triage.classify_each

    def down(self: Any, messages: Any) -> Any:
        return [RuntimeError("the classifier is not ready") for _ in messages]

    monkeypatch.setattr(engine.Triage, "classify_each", down)
    body = REJECTION.format(role="Data Engineer", company="Fernhill Robotics")
    run(session, user_id, now, received(1, body, subject="Your application to Fernhill Robotics"))
    assert row(session, user_id, 1).status is IngestStatus.ERROR
    monkeypatch.setattr(engine.Triage, "classify_each", classifying)
    report, triaged = retry_messages(
        session=session, user_id=user_id, timezone="Europe/London", country="GB", now=now
    )
    assert (report.new, report.retried, report.unreadable) == (1, 1, 0)
    message = row(session, user_id, 1)
    assert message.status is not IngestStatus.ERROR and message.error is None
    assert message.raw is None
    assert message.triage in (TriageState.ACTED, TriageState.REVIEW, TriageState.FILED)
    assert len(rows(session, user_id)) == 1
    assert triaged.failed == []
    assert app.status in (Status.APPLIED, Status.REJECTED)


def test_an_import_saves_its_work_in_batches(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    saved: list[bool] = []
    sources = [
        RawMessage(location=f"m#{n}", raw=make_raw(n, date=AFTER_NOW), kind=SourceKind.EML)
        for n in range(1, 1201)
    ]

    def save(changed: bool) -> None:
        saved.append(changed)
        session.commit()

    report, _ = import_messages(
        session=session,
        user_id=user_id,
        timezone="Europe/London",
        country="GB",
        source_messages=sources,
        now=now,
        save=save,
    )
    assert report.new == 1200
    # Twice before reading (so that getting ready holds nothing), then after 500 and 1,000
    # messages; the rest is saved at the end by the caller. No batch changed the pipeline.
    assert saved == [False, False, False, False]
