"""Bulk mail settled from its headers: never read in full, never when it could be job news."""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
from collections.abc import Iterator
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.inbox import parse, service
from afterword.inbox.bulk import bulk_reason
from afterword.inbox.labels import MailClass
from afterword.inbox.message import InboxHeaders, RawMessage, SourceKind
from afterword.inbox.models import IngestedMessage, IngestStatus
from afterword.inbox.parse import parse_headers, parse_message
from afterword.inbox.runs import import_messages
from afterword.inbox.triage import TriageState
from afterword.mail.models import DeliveryRoute, SentMessage
from afterword.pipeline.applications import add_application
from afterword.pipeline.contacts import add_contact
from afterword.pipeline.models import Application
from afterword.pipeline.schemas import ApplicationFields, ContactFields
from tests.inbox.mail_factory import make_raw, mbox_bytes

UNSUBSCRIBE = b"List-Unsubscribe: <https://news.example/u/123>, <mailto:u@news.example>\r\n"
NEWSLETTER = "Our spring collection is here. Unsubscribe at any time."


def bulk(number: int, *, sender: str, subject: str = "Spring is here", extra: bytes = b"") -> bytes:
    """A newsletter-like message: List-Unsubscribe (and any extra headers) on make_raw's mail."""
    return UNSUBSCRIBE + extra + make_raw(number, subject=subject, body=NEWSLETTER, sender=sender)


def source(number: int, raw: bytes) -> RawMessage:
    return RawMessage(location=f"test#{number}", raw=raw, kind=SourceKind.EML)


def run(session: Session, user_id: int, now: dt.datetime, *raws: bytes):  # type: ignore[no-untyped-def]
    return import_messages(
        session=session,
        user_id=user_id,
        timezone="Europe/London",
        country="GB",
        source_messages=[source(n, raw) for n, raw in enumerate(raws, start=1)],
        now=now,
    )


def row(session: Session, user_id: int, number: int) -> IngestedMessage:
    return session.scalars(
        sa.select(IngestedMessage).where(
            IngestedMessage.user_id == user_id, IngestedMessage.location == f"test#{number}"
        )
    ).one()


def add(session: Session, user_id: int, now: dt.datetime, company: str, **kw) -> Application:  # type: ignore[no-untyped-def]
    return add_application(
        session=session,
        user_id=user_id,
        fields=ApplicationFields(company=company, role="Data Engineer", **kw),
        now=now,
    )


@pytest.fixture
def full_parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    """The raw bytes of every message the ledger parsed in full, body and all."""
    seen: list[bytes] = []

    def spy(raw: bytes):  # type: ignore[no-untyped-def]
        seen.append(raw)
        return parse_message(raw)

    monkeypatch.setattr(service, "parse_message", spy)
    yield seen


def settled_by_headers(message: IngestedMessage) -> bool:
    return (message.why or "").startswith("bulk mail, from its headers alone")


# -- what the headers say -------------------------------------------------------------------------


def headers(**values: object) -> InboxHeaders:
    base: dict[str, object] = {
        "message_id": "<1@news.example>", "from_name": "News", "from_address": "hello@news.example",
        "to": ("sam@example.com",), "subject": "Spring is here", "sent_at": None,
        "in_reply_to": None, "references": (), "size": 100,
    }  # fmt: skip
    return InboxHeaders(**{**base, **values})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "word"),
    [
        ({"list_unsubscribe": "<https://news.example/u>"}, "List-Unsubscribe"),
        ({"list_id": "Birders <birders.lists.example>"}, "List-Id"),
        ({"precedence": "Bulk"}, "Precedence: bulk"),
        ({"precedence": "list"}, "Precedence: list"),
        ({"auto_submitted": "auto-generated"}, "Auto-Submitted"),
        ({"return_path": "bounce-mc.us5_1.2-sam=example.com@mail181.atl11.rsgsv.net"}, "rsgsv.net"),
    ],
)
def test_bulk_headers_are_recognised(values: dict[str, str], word: str) -> None:
    reason = bulk_reason(headers(**values))
    assert reason is not None
    assert word in reason


def test_personal_and_transactional_headers_are_not_bulk() -> None:
    assert bulk_reason(headers()) is None
    assert bulk_reason(headers(auto_submitted="no", precedence="first-class")) is None
    # Transactional relays carry job mail too (applicant-tracking systems use them).
    assert bulk_reason(headers(return_path="0100018a@us-west-2.amazonses.com")) is None


def test_parse_headers_reads_the_marks_of_bulk_mail() -> None:
    raw = (
        b"Return-Path: <Bounce-7@Mail.Example>\r\nList-Id: Birders <birders.lists.example>\r\n"
        b"Precedence: bulk\r\nAuto-Submitted: auto-generated\r\n"
    ) + bulk(1, sender="News <hello@news.example>")
    found = parse_headers(raw)
    assert found.list_unsubscribe == "<https://news.example/u/123>, <mailto:u@news.example>"
    assert found.list_id == "Birders <birders.lists.example>"
    assert (found.precedence, found.auto_submitted) == ("bulk", "auto-generated")
    assert found.return_path == "bounce-7@mail.example"
    assert parse_headers(make_raw()).list_unsubscribe is None


def test_a_raw_8bit_sender_name_is_read_not_refused() -> None:
    raw = make_raw(sender="x").replace(b"From: x", "From: Søren Ærø <soren@example.dk>".encode())
    assert parse_headers(raw).from_name == "Søren Ærø"
    assert parse_message(raw).from_name == "Søren Ærø"


# -- an import ---------------------------------------------------------------------------------


def test_a_newsletter_is_recorded_as_not_about_a_job_without_its_body_being_read(
    session: Session, user_id: int, now: dt.datetime, full_parses: list[bytes]
) -> None:
    raw = bulk(1, sender="Threadline <hello@threadline.example>")
    ingest_report, triage_report = run(session, user_id, now, raw)
    assert full_parses == []
    assert (ingest_report.new, ingest_report.skipped) == (1, 1)
    assert triage_report.count(TriageState.IGNORED) == 1
    message = row(session, user_id, 1)
    assert message.status is IngestStatus.SKIPPED
    assert message.triage is TriageState.IGNORED
    assert message.label is MailClass.NOT_JOB
    assert message.confidence == 1.0
    assert message.decided_at == now
    assert settled_by_headers(message)
    assert "List-Unsubscribe" in (message.why or "")
    assert message.reasons == [message.why]
    assert message.text is None
    # The same identity and headers a full parse gives, so any other copy is a duplicate.
    parsed = parse_message(raw)
    assert message.identity == parsed.identity
    assert (message.message_id, message.subject, message.from_address, message.sent_at) == (
        parsed.message_id,
        parsed.subject,
        parsed.from_address,
        parsed.sent_at,
    )


def test_the_body_of_a_settled_message_is_never_parsed(
    session: Session, user_id: int, now: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(raw: bytes):  # type: ignore[no-untyped-def]
        raise AssertionError("the body was parsed")

    monkeypatch.setattr(service, "parse_message", refuse)
    ingest_report, _ = run(session, user_id, now, bulk(1, sender="Shop <deals@shop.example>"))
    assert (ingest_report.new, ingest_report.skipped, ingest_report.unreadable) == (1, 1, 0)


def test_applicant_tracking_mail_is_read_in_full_whatever_its_headers(
    session: Session, user_id: int, now: dt.datetime, full_parses: list[bytes]
) -> None:
    raws = [
        bulk(1, sender="Fernhill <no-reply@us.greenhouse-mail.example>", subject="A note"),
        bulk(2, sender="Jobs <jobs-noreply@linkedin.example>", subject="Weekly digest"),
        # From the company's own address, sent through an applicant-tracking system's relay.
        b"Return-Path: <bounces+42@mail.lever.example>\r\n"
        + bulk(3, sender="Priya <priya@elsewhere.example>", subject="A note"),
    ]
    ingest_report, _ = run(session, user_id, now, *raws)
    assert ingest_report.skipped == 0
    assert len(full_parses) == 3
    assert not any(settled_by_headers(row(session, user_id, n)) for n in (1, 2, 3))


def test_mail_from_a_contact_or_a_company_applied_to_is_read_in_full_whatever_its_headers(
    session: Session, user_id: int, now: dt.datetime, full_parses: list[bytes]
) -> None:
    with_contact = add(session, user_id, now, "Ambergate Systems")
    add_contact(
        session=session, user_id=user_id, application_id=with_contact.id,
        fields=ContactFields(name="Dana", email="dana.k@gmail.com"), now=now,
    )  # fmt: skip
    add(session, user_id, now, "Cobalt Bridge Ltd", link="https://jobs.cobaltbridge.example/42")
    add(session, user_id, now, "Quillon Labs")
    add(session, user_id, now, "Northwind")
    raws = [
        bulk(1, sender="Dana <dana.k@gmail.com>", subject="Coffee?"),  # a contact
        bulk(2, sender="Cobalt <news@mail.cobaltbridge.example>"),  # the job link's domain
        bulk(3, sender="Quillon <hello@quillon.example>"),  # a domain named after a company
        bulk(4, sender="Deals <deals@shop.example>", subject="Northwind: a quick update"),  # named
        bulk(
            5, sender="Deals <deals@shop.example>", subject="Your interview next week"
        ),  # job words
        bulk(6, sender="Talent Team <team@shop.example>"),  # a careers sender
        bulk(7, sender="Deals <deals@shop.example>"),  # nothing ties it to the job search
    ]
    ingest_report, _ = run(session, user_id, now, *raws)
    assert ingest_report.skipped == 1
    assert len(full_parses) == 6
    assert [settled_by_headers(row(session, user_id, n)) for n in range(1, 8)] == [False] * 6 + [
        True
    ]


def test_a_reply_to_mail_afterword_sent_is_read_in_full_whatever_its_headers(
    session: Session, user_id: int, now: dt.datetime, full_parses: list[bytes]
) -> None:
    application = add(session, user_id, now, "Fernhill Robotics")
    session.add(
        SentMessage(
            user_id=user_id, application_id=application.id, template="follow_up",
            route=DeliveryRoute.SMTP, subject="Following up", body="...",
            message_id="<sent-1@afterword.example>", at=now,
        )
    )  # fmt: skip
    session.flush()
    raw = bulk(
        1,
        sender="Helpdesk <support@desk.example>",
        subject="Ticket 4411",
        extra=b"References: <other@x.example> <sent-1@afterword.example>\r\n",
    )
    ingest_report, _ = run(session, user_id, now, raw)
    assert ingest_report.skipped == 0
    assert len(full_parses) == 1
    assert not settled_by_headers(row(session, user_id, 1))


def test_bulk_mail_without_a_message_id_is_read_in_full_for_its_fingerprint(
    session: Session, user_id: int, now: dt.datetime, full_parses: list[bytes]
) -> None:
    raw = UNSUBSCRIBE + make_raw(
        1, body=NEWSLETTER, sender="S <deals@shop.example>", message_id=None
    )
    ingest_report, _ = run(session, user_id, now, raw)
    assert (ingest_report.new, ingest_report.skipped) == (1, 0)
    assert len(full_parses) == 1
    assert row(session, user_id, 1).identity == parse_message(raw).identity


def test_importing_again_adds_nothing_and_reads_no_body(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path, full_parses: list[bytes]
) -> None:
    raws = [bulk(n, sender=f"Shop {n} <deals@shop{n}.example>") for n in range(1, 6)] + [
        make_raw(6, sender="Mum <mum@example.co.uk>", subject="Sunday", body="Lunch at one?")
    ]
    path = tmp_path / "export.mbox"
    path.write_bytes(mbox_bytes(raws))

    def again():  # type: ignore[no-untyped-def]
        from afterword.inbox.sources import read_path

        return import_messages(
            session=session, user_id=user_id, timezone="Europe/London", country="GB",
            source_messages=read_path(path), now=now,
        )  # fmt: skip

    first, triaged = again()
    assert (first.new, first.skipped, first.duplicate) == (6, 5, 0)
    assert triaged.count(TriageState.IGNORED) == 6
    full_parses.clear()
    count = session.scalar(sa.select(sa.func.count()).select_from(IngestedMessage))
    second, triaged = again()
    assert (second.new, second.skipped, second.duplicate) == (0, 0, 6)
    assert triaged.counts == {}
    assert full_parses == []  # each already-known message was recognised by its headers
    assert session.scalar(sa.select(sa.func.count()).select_from(IngestedMessage)) == count
    # Without the filter the same mail is recognised as already recorded too.
    third, _ = import_messages(
        session=session, user_id=user_id, timezone="Europe/London", country="GB",
        source_messages=[source(n, raw) for n, raw in enumerate(raws, start=1)], now=now,
        bulk_filter=False,
    )  # fmt: skip
    assert (third.new, third.duplicate) == (0, 6)


def test_without_the_filter_everything_is_read_and_triaged(
    session: Session, user_id: int, now: dt.datetime, full_parses: list[bytes]
) -> None:
    ingest_report, triage_report = import_messages(
        session=session, user_id=user_id, timezone="Europe/London", country="GB",
        source_messages=[source(1, bulk(1, sender="Shop <deals@shop.example>"))], now=now,
        bulk_filter=False,
    )  # fmt: skip
    assert (ingest_report.new, ingest_report.skipped) == (1, 0)
    assert len(full_parses) == 1
    assert not settled_by_headers(row(session, user_id, 1))
    assert sum(triage_report.counts.values()) == 1


# -- the faster paths give the stdlib's results ----------------------------------------------------


def test_plain_addresses_are_read_as_the_stdlib_reads_them() -> None:
    samples = [
        "Dana Kim <dana@x.example>", "  dana@x.example ", "<dana@x.example>", "Dr. Dana  Kim<d@x.io>",
        "=?utf-8?q?Zo=C3=AB?= <z@x.example>", "Dana\r\n Kim <d@x.example>", "Zoë\xa0Kim <z@x.example>",
        '"Kim, Dana" <d@x.example>', "d@x.example (Dana)", "a..b@x.example", "Dana <d@x .example>",
        "", "not an address", "a@b@c.example",
    ]  # fmt: skip
    for value in samples:
        assert parse._parse_address(value) == email.utils.parseaddr(value), value
    lists = [
        ["a@x.example, B <b@y.example>"],
        ['"Kim, D" <d@x.example>, e@y.example'],
        ["", "c@z.io"],
    ]
    for values in lists:
        expected = tuple(
            address.lower() for _n, address in email.utils.getaddresses(values) if "@" in address
        )
        assert parse._addresses(values) == expected, values


@pytest.mark.parametrize(
    "block",
    [
        b"From: a@b.example\r\nSubject: one\r\n two\r\nTo: c@d.example\r\n\r\n",
        b"From: a@b.example\nSubject: =?utf-8?b?WsO2ZQ==?=\nTo: c@d.example\nTo: e@f.example\n",
        b"Subject: caf\xc3\xa9\nBad line without a colon\nFrom: late@b.example\n",
        b"From nobody Mon Jan  1 00:00:00 2024\nFrom: a@b.example\n\n",
        b" folded first\nFrom: a@b.example\n",
        b"From: a@b.example\rSubject: bare CR\r\n",
        b":no name\nFrom: a@b.example\n",
    ],
)
def test_header_blocks_are_read_as_the_stdlib_reads_them(block: bytes) -> None:
    fast = parse._plain_header_message(block) or BytesHeaderParser(policy=compat32).parsebytes(
        block
    )
    slow = BytesHeaderParser(policy=compat32).parsebytes(block)
    assert list(fast.raw_items()) == list(slow.raw_items())


def test_parse_headers_gives_the_headers_parse_message_gives() -> None:
    raws = [
        make_raw(1),
        make_raw(2, sender="Zoë <z@x.example>", message_id=None, date="not a date"),
        bulk(3, sender="Shop <deals@shop.example>").replace(b"\r\n", b"\n"),
        # A leading blank line is tolerated (some tools write one); plain words are not mail.
        b"no headers at all, just words\n\nSubject: in the body\n",
    ]
    for raw in raws[:3]:
        fast, full = parse_headers(raw), parse_message(raw)
        assert (fast.message_id, fast.from_name, fast.from_address, fast.to, fast.subject) == (
            full.message_id, full.from_name, full.from_address, full.to, full.subject,
        )  # fmt: skip
        assert (fast.sent_at, fast.in_reply_to, fast.references, fast.size) == (
            full.sent_at, full.in_reply_to, full.references, full.size,
        )  # fmt: skip
    with pytest.raises(parse.UnreadableMessage):
        parse_headers(raws[3])
    with pytest.raises(parse.UnreadableMessage):
        parse_message(raws[3])


def _part(headers: str, payload: bytes) -> bytes:
    return headers.encode() + b"\r\n\r\n" + payload + b"\r\n"


def test_large_attachments_are_not_read_and_nothing_read_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    photo = base64.encodebytes(bytes(range(256)) * 400).replace(b"\n", b"\r\n")
    long_text = base64.encodebytes(("Zoë's long letter. " * 2000).encode()).replace(b"\n", b"\r\n")
    inner = (
        b'From: a@b.example\r\nSubject: inner\r\nContent-Type: multipart/mixed; boundary="in"\r\n\r\n'
        + b"--in\r\n"
        + _part("Content-Type: text/plain", b"inner text")
        + b"--in\r\n"
        + _part('Content-Type: application/pdf; name="inner.pdf"\r\nContent-Transfer-Encoding: base64', photo)
        + b"--in--\r\n"
    )  # fmt: skip
    raw = (
        b'From: Dana <d@x.example>\r\nSubject: photos\r\nMessage-ID: <p@x.example>\r\n'
        b'Content-Type: multipart/mixed; boundary="out"\r\n\r\npreamble\r\n'
        + b"--out\r\n"
        + _part("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64", long_text)
        + b"--out\r\n"
        + _part('Content-Type: image/jpeg; name="beach.jpg"\r\nContent-Transfer-Encoding: base64', photo)
        + b"--out\r\n"
        + _part("Content-Type: message/rfc822", inner)
        + b"--out\r\n"
        + _part('Content-Type: text/plain; name="notes.txt"\r\nContent-Disposition: attachment\r\n'
                "Content-Transfer-Encoding: base64", photo)
        + b"--out--\r\nepilogue\r\n"
    )  # fmt: skip
    cut = parse._without_attachment_data(raw)
    assert len(cut) < len(raw) - 2 * len(photo) + 4096  # the photo and the inner PDF, not the text
    read = parse_message(raw)
    monkeypatch.setattr(parse, "_without_attachment_data", lambda data: data)
    assert read == parse_message(raw)
    assert "Zoë's long letter." in read.body
    assert set(read.attachments) >= {"beach.jpg", "inner.pdf", "notes.txt"}
