"""A whole import stores exactly what the former path stored, on mail of every shape.

An import keeps the rows of messages read in full out of the session until triage has
filled them in, then writes them with one INSERT per chunk (service._Ledger.fresh), loads
the applications' history with them, finds company names from the text's words, and skips
most lines quickly when looking for quoted history. The reference is the path as it was:
an ORM object per row, added to the session at once (an autoflush could insert it before
triage and update it after), every rule branch searched over the whole text, each message
classified on its own, every line checked for quoted history, sentences found by stripping
every stretch, and company names found by the alternation of every name. On a generated
mailbox of invented mail -- multipart/alternative, HTML only, quoted-printable, base64,
latin-1, windows-1252 and Shift JIS text, replies with quoted history, forwarded news,
attachments, bulk mail, unreadable bytes -- every ledger row, every change to the pipeline
and the report's counts must be the same, and the rows the report names (acted on, failed)
must carry the ids they were stored under.
"""

from __future__ import annotations

import random
import sqlite3
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterword.inbox import classify, matching, parse, rules, service
from afterword.inbox.message import RawMessage
from afterword.inbox.models import IngestedMessage
from afterword.inbox.runs import import_messages
from afterword.inbox.sources import read_path
from afterword.storage.session import dispose_engines, session_scope
from tests.inbox.mail_factory import COMPANIES, mbox_bytes
from tests.inbox.test_import_parity import (
    NOW,
    _every_branch_searched,
    _one_by_one,
    _snapshot,
    _workspace,
)
from tests.inbox.test_names_in import _by_the_alternation
from tests.inbox.test_text_fast_paths import (
    _latest_reply_every_line_checked,
    _sentence_spans_stripped,
)

_NEWS = (
    "After careful consideration we have decided not to move forward with your application "
    "for the Data Engineer role at {company}.",
    "We would like to invite you to a second interview for the Data Engineer role at "
    "{company}. Would Thursday 10 December at 3pm suit you?",
    "We are delighted to offer you the Data Engineer position at {company}. Please let us "
    "know your answer by 18 December 2026.",
    "Thank you for applying to {company}. We received your application and will reply "
    "within 5 business days.",
    "Your application for the Data Engineer role at {company} has moved to the next stage.",
)
_CHATTER = (
    "The allotment meeting moved to Saturday, bring gloves and the spare trowel.",
    "Thanks for the lovely dinner, the lemon tart was a triumph. Café next week?",
    "Grüße aus Köln! Die Brücke ist wunderschön, bis bald.",
)


def _message(rng: random.Random, number: int, shape: str, company: str, news: str) -> EmailMessage:
    domain = company.split()[0].lower()
    message = EmailMessage(policy=SMTP)
    message["From"] = f"Dana Okoro <dana@{domain}.example>"
    message["To"] = "sam@example.com"
    message["Subject"] = f"Re: Data Engineer at {company}" if shape == "reply" else news[:48]
    message["Date"] = f"{1 + number % 27:02d} Dec 2026 09:{number % 60:02d}:00 +0100"
    message["Message-ID"] = f"<shape-{number}-{shape}@{domain}.example>"
    text = f"Hello Sam,\n\n{news}\n\nBest wishes,\nDana\n"
    if shape == "alternative":
        message.set_content(text)
        message.add_alternative(f"<html><body><p>Hello Sam,</p><p>{news}</p></body></html>",
                                subtype="html")  # fmt: skip
    elif shape == "html":
        message.set_content(
            f"<html><head><style>p{{color:red}}</style></head><body><table><tr><td><p>{news}"
            "</p></td></tr></table><p>Dana</p></body></html>",
            subtype="html",
            cte="quoted-printable",
        )
    elif shape == "quoted-printable":
        message.set_content(text + "Vielen Dank — " + "x" * 90 + "\n", cte="quoted-printable")
    elif shape == "base64":
        message.set_content(text, cte="base64")
    elif shape == "latin-1":
        message.set_content(text + "Cordialement, Hélène\n", charset="iso-8859-1", cte="8bit")
    elif shape == "windows-1252":
        body = text.replace("Hello", "“Hello”") + "That’s all — €5 for coffee.\n"
        message.set_content(body.encode("cp1252"), maintype="text", subtype="plain",
                            cte="quoted-printable")  # fmt: skip
        message.replace_header("Content-Type", 'text/plain; charset="windows-1252"')
    elif shape == "shift_jis":
        message.set_content(text + "よろしくお願いします。\n", charset="shift_jis", cte="base64")
    elif shape == "reply":
        quoted = "\n".join(
            f"> {line}" for line in rng.choice(_NEWS).format(company=company).split(". ")
        )
        message.set_content(
            f"Thanks Dana, Thursday works for me.\n\nSam\n\nOn Mon, 7 Dec 2026 at 09:00, Dana "
            f"<dana@{domain}.example> wrote:\n{quoted}\n"
        )
        message["In-Reply-To"] = f"<shape-{number - 1}-news@{domain}.example>"
    elif shape == "forwarded":
        message.set_content(
            "Forwarding this, see below.\n\n---------- Forwarded message ---------\n"
            f"From: Talent <talent@{domain}.example>\nDate: Mon, 7 Dec 2026\n"
            f"Subject: Update\n\n{news}\n"
        )
    elif shape == "attachment":
        message.set_content(text)
        message.add_attachment(rng.randbytes(20_000), maintype="application", subtype="pdf",
                               filename="offer letter.pdf")  # fmt: skip
    elif shape == "bulk":
        message.replace_header("From", f"{company} News <news@{domain}.example>")
        message["List-Unsubscribe"] = f"<https://{domain}.example/unsubscribe>"
        message.set_content(f"{rng.choice(_CHATTER)}\n\nUnsubscribe from these emails.\n")
    else:  # personal
        message.replace_header("From", "Aunt Rosa <rosa@example.net>")
        message.replace_header("Subject", "Sunday")
        message.set_content(rng.choice(_CHATTER), charset="utf-8", cte="8bit")
    return message


SHAPES = (
    "plain", "alternative", "html", "quoted-printable", "base64", "latin-1", "windows-1252",
    "shift_jis", "reply", "forwarded", "attachment", "bulk", "personal",
)  # fmt: skip


def _mailbox(seed: int, count: int) -> bytes:
    rng = random.Random(seed)
    messages: list[bytes] = []
    for number in range(1, count + 1):
        if rng.random() < 0.02:
            messages.append(b"\x00 not mail at all %d\n\n\x01\n" % number)
            continue
        company = rng.choice(COMPANIES)
        news = rng.choice(_NEWS).format(company=company)
        message = _message(rng, number, rng.choice(SHAPES), company, news)
        messages.append(message.as_bytes())
    return mbox_bytes(messages)


# What the report says: the count of each triage state, and the rows it names (acted on,
# failed) as (id, identity, change or error).
Said = tuple[dict[str, int], list[tuple[int, str, str | None]]]


def _import(url: str, user_id: int, mbox: Path) -> tuple[service.IngestReport, Said]:
    with session_scope(url) as session:
        ingest, triage = import_messages(
            session=session, user_id=user_id, timezone="Europe/London", country="GB",
            source_messages=read_path(mbox), now=NOW, own=["sam@example.com"],
        )  # fmt: skip
        named = [(row.id, row.identity, row.effect) for row in triage.acted]
        named += [(row.id, row.identity, row.error) for row in triage.failed]
        counts = {str(state): count for state, count in triage.counts.items()}
    dispose_engines()
    return ingest, (counts, named)


def _orm_row(
    self: service._Ledger, source: RawMessage, values: dict[str, object], *, awaited: bool
) -> IngestedMessage:
    return self._row(source, **values)


def _identities(url: str) -> dict[int, str]:
    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return dict(connection.execute("SELECT id, identity FROM ingested_messages"))
    finally:
        connection.close()


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_batched_ledger_writes_store_what_the_orm_path_stored(seed: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patched:
        tmp = Path(folder)
        mbox = tmp / "mail.mbox"
        mbox.write_bytes(_mailbox(seed, 160))

        fast_url, user_id = _workspace(tmp / "fast.sqlite3")
        fast_ingest, (fast_counts, fast_named) = _import(fast_url, user_id, mbox)
        fast = _snapshot(fast_url)

        reference_url, reference_user = _workspace(tmp / "reference.sqlite3")
        patched.setattr(service._Ledger, "_new_row", _orm_row)
        patched.setattr(rules.Rule, "fires", _every_branch_searched)
        patched.setattr(classify.Classifier, "classify_many", _one_by_one)
        # The text and matching steps as they were too (each also has its own property test).
        patched.setattr(parse, "latest_reply", _latest_reply_every_line_checked)
        patched.setattr(classify, "_sentence_spans", _sentence_spans_stripped)
        patched.setattr(matching.MatchIndex, "names_in", _by_the_alternation)
        reference_ingest, (reference_counts, reference_named) = _import(
            reference_url, reference_user, mbox
        )
        reference = _snapshot(reference_url)

        # Invariant: the same rows, pipeline changes and counts as the reference path.
        for name in reference:
            assert fast[name] == reference[name], name
        assert (fast_ingest.new, fast_ingest.duplicate, fast_ingest.unreadable) == (
            reference_ingest.new, reference_ingest.duplicate, reference_ingest.unreadable,
        )  # fmt: skip
        assert fast_counts == reference_counts
        # Invariant: the rows the report names are the stored rows of those messages.
        identities = _identities(fast_url)
        assert all(identities[id_] == identity for id_, identity, _ in fast_named)
        assert sorted(n[1:] for n in fast_named) == sorted(n[1:] for n in reference_named)
        # The mailbox exercised what it is for: several classes, and both kinds of row.
        assert len({row[4] for row in fast["ledger"]}) >= 3
        assert any(row[2] == "skipped" for row in fast["ledger"])


def test_a_second_import_of_the_same_mailbox_adds_no_row(tmp_path: Path) -> None:
    mbox = tmp_path / "mail.mbox"
    mbox.write_bytes(_mailbox(5, 80))
    url, user_id = _workspace(tmp_path / "w.sqlite3")
    first, _ = _import(url, user_id, mbox)
    before = _snapshot(url)
    again, (counts, named) = _import(url, user_id, mbox)
    assert first.new > 0
    assert again.new == 0 and named == [] and counts.get("acted", 0) == 0
    assert _snapshot(url) == before
