"""What the fuzz suite feeds afterword, and what must hold whatever comes in.

Each target is a hypothesis strategy and a check. The check runs the real code on one input
and asserts the target's invariants: any exception other than the refusals named here is a
crash. The same targets run briefly in every test run (test_fuzz.py) and for as long as asked
in `make fuzz` (run.py).

Inputs are built from real mail and real exports, mutated: byte noise alone would never get
past the first header, while splicing known-hostile pieces (nested comments, RFC 2231 file
names, odd charsets, MIME boundaries, dates at the ends of the calendar) reaches the code
that broke before.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from afterword.control_chars import escape_control_characters, strip_control_characters
from afterword.dates import is_plausible
from afterword.errors import AfterwordError
from afterword.inbox.body_text import html_to_text, latest_reply
from afterword.inbox.extract import extract_dates
from afterword.inbox.parse import MAX_TEXT_CHARS, UnreadableMessage, parse_headers, parse_message
from afterword.localtime import LocalContext
from tests.inbox.mail_factory import make_raw

# Control characters a reader must never see in a subject or a sender's name.
_CONTROLS = {chr(code) for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}


@dataclass(frozen=True)
class Target:
    """One thing to fuzz: what to feed it, and what must hold for every input."""

    name: str
    inputs: st.SearchStrategy[Any]
    check: Callable[[Any], None]


# -- the message reader -----------------------------------------------------------------------

_HEAD = (
    b"From: Priya <priya@fernhill.example>\r\nTo: sam@example.com\r\n"
    b"Subject: Your application\r\nDate: Wed, 04 Mar 2026 10:12:00 +0000\r\n"
    b"Message-ID: <seed@fernhill.example>\r\nMIME-Version: 1.0\r\n"
)
SEEDS = [
    make_raw(1),
    make_raw(2, body="Please let us know your decision by Friday 11 December 2026.\n-- \nDana"),
    _HEAD + b'Content-Type: multipart/alternative; boundary="XYZ"\r\n\r\n--XYZ\r\n'
    b"Content-Type: text/plain; charset=utf-8\r\n\r\nPlain words.\r\n--XYZ\r\n"
    b"Content-Type: text/html; charset=utf-8\r\n\r\n<p>HTML <b>words</b></p>\r\n--XYZ--\r\n",
    _HEAD
    + b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\n'
    b"Offer attached.\r\n--B\r\nContent-Type: application/pdf\r\n"
    b'Content-Disposition: attachment; filename="offer.pdf"\r\n'
    b"Content-Transfer-Encoding: base64\r\n\r\n" + b"QUJD" * 5000 + b"\r\n--B--\r\n",
    _HEAD + b"Content-Type: text/html\r\n\r\n<div><p>Hi Sam</p><blockquote>old</blockquote></div>",
]
# Pieces that broke the reader before, or that the stdlib's parser handles oddly.
HOSTILE_PIECES = [
    b"From: " + b"(" * 3000 + b"x" + b")" * 3000 + b" <a@b.example>\r\n",
    b'Content-Type: text/plain; charset="utf\x00-8"\r\n',
    b"Content-Type: text/plain; charset=base64\r\n",
    b'Content-Type: text/plain; charset="x-unknown"\r\n',
    b"Content-Disposition: attachment; filename*=utf-8''%E2%82; filename*0*=x\r\n",
    b"Content-Disposition: attachment; filename*0*=bogus''abc; filename*1=def\r\n",
    b"Content-Type: application/pdf; name*=''\r\n",
    b"Date: Fri, 31 Dec 9999 23:59:59 -1200\r\n",
    b"Date: Mon, 1 Jan 0001 00:00:00 +1400\r\n",
    b"Subject: =?utf-8?q?Hello=1B]0;pwned=07?= \x1b[2J\r\n",
    b"Subject: =?bogus?b?////?=\r\n",
    b'Content-Type: multipart/mixed; boundary=""\r\n',
    b"Content-Type: multipart/mixed\r\n",
    b"Content-Transfer-Encoding: x-uuencode\r\n",
    b"\r\n--XYZ\r\n",
    b"\r\n-- \r\n",
    b"\xef\xbb\xbf",
    b"\r\n\r\n",
    b"<div>" * 400,
    b"by Friday 31 December 9999 within 99 months",
]


@st.composite
def mail_bytes(draw: st.DrawFn) -> bytes:
    """A real message, mutated: hostile pieces spliced in, bytes flipped, parts cut."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.integers(0, 3))
        if action == 0:
            data[at:at] = draw(st.sampled_from(HOSTILE_PIECES))
        elif action == 1:
            data[at:at] = draw(st.binary(max_size=64))
        elif action == 2 and data:
            end = min(len(data), at + draw(st.integers(1, 200)))
            del data[at:end]
        elif data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
    return bytes(data)


def check_message(raw: bytes) -> None:
    """Reading mail refuses with UnreadableMessage at most; what it reads is clean text."""
    for reader in (parse_headers, parse_message):
        try:
            read = reader(raw)
        except UnreadableMessage:
            continue
        assert not _CONTROLS & set(read.subject), read.subject
        assert not _CONTROLS & set(read.from_name or ""), read.from_name
        assert read.sent_at is None or (read.sent_at.tzinfo and is_plausible(read.sent_at.date()))
        if reader is parse_message:
            body = getattr(read, "body", "")
            assert not (_CONTROLS - {"\n", "\t"}) & set(body)
            assert len(body) <= MAX_TEXT_CHARS


# -- dates in text -------------------------------------------------------------------------

_DATE_WORDS = [
    "by", "before", "within", "deadline", "please", "let us know", "decide", "interview",
    "Friday", "Monday", "tomorrow", "next Tuesday", "end of the week", "31 December",
    "December 31st", "9999", "0001", "2026", "12/31/9999", "9999-12-31", "at 2pm", "3:30",
    "business days", "weeks", "months", "99", "5", "noon", "PST", "the 31st", "\n", ". ",
]  # fmt: skip
_ZONES = ["UTC", "Europe/London", "America/New_York", "Pacific/Kiritimati", "Etc/GMT+12"]


@st.composite
def dated_text(draw: st.DrawFn) -> tuple[str, dt.datetime, str]:
    words = draw(st.lists(st.sampled_from(_DATE_WORDS) | st.text(max_size=8), max_size=60))
    sent = draw(st.datetimes(timezones=st.just(dt.UTC)))
    return " ".join(words), sent, draw(st.sampled_from(_ZONES))


def check_dates(value: tuple[str, dt.datetime, str]) -> None:
    """Reading dates never fails, and every date read is a plausible one."""
    text, sent, zone = value
    found = extract_dates(text, sent, LocalContext(zone, "GB"))
    for day in (found.deadline, found.decision_by):
        assert day is None or is_plausible(day), day
    for moment in (found.deadline_at, found.interview_at):
        assert moment is None or is_plausible(moment.date()), moment


# -- HTML and quoted replies ------------------------------------------------------------------

_MARKUP = ["<div>", "</div>", "<p>", "<br>", "<script>", "</script>", "<style>", "&amp;",
           "&#0;", "<!--", "-->", "<![CDATA[", "<table>", "<a href='>'>", "\x1b", "On Tue, Ada wrote:",
           "> quoted", "-- ", "From: x", "Sent: y"]  # fmt: skip


def check_text(markup: str) -> None:
    """HTML becomes text without control characters, and the newest reply is part of it."""
    text = html_to_text(markup)
    assert isinstance(text, str)
    reply = latest_reply(strip_control_characters(text, multiline=True))
    assert not (_CONTROLS - {"\n", "\t"}) & set(reply)


# -- imports: a spreadsheet and a backup ------------------------------------------------------

_CSV_PIECES = ["Company", "Role", "Status", "Applied", "Salary", "Link", ",", ";", "\t", "\n",
               '"', "Acme", "2026-03-01", "01/02/03", "45000", "9" * 30, "=cmd|' /C calc'!A0",
               "\x1b[2J", "\ufeff", "interviewing", "offer", "0001-01-01", "9999-12-31"]  # fmt: skip


@functools.lru_cache(maxsize=1)
def _fuzz_database() -> tuple[str, int]:
    """A migrated SQLite database with one user, kept for the whole run (dry runs only)."""
    from afterword.profile.service import get_or_create_user
    from afterword.storage.migrate import upgrade
    from afterword.storage.session import session_scope

    folder = tempfile.mkdtemp(prefix="afterword-fuzz-")
    url = f"sqlite:///{os.path.join(folder, 'fuzz.sqlite3')}"
    upgrade(url)
    with session_scope(url) as session:
        user = get_or_create_user(
            session=session,
            handle="fuzz",
            timezone="Europe/London",
            country="GB",
            now=dt.datetime(2026, 12, 3, tzinfo=dt.UTC),
        )
        return url, user.id


def check_csv(text: str) -> None:
    """A spreadsheet is imported (here: dry run) or refused with one plain reason."""
    from afterword.storage.session import session_scope
    from afterword.transfer.csv_import import CsvOptions, import_csv

    url, user_id = _fuzz_database()
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as file:
        file.write(text)
    try:
        with session_scope(url) as session:
            report = import_csv(
                session=session,
                user_id=user_id,
                path=file.name,
                country="GB",
                now=dt.datetime(2026, 12, 3, tzinfo=dt.UTC),
                options=CsvOptions(dry_run=True),
            )
            session.rollback()
        assert report.would_import >= 0
    except AfterwordError as error:
        assert str(error) and "\n" not in str(error)
    finally:
        os.unlink(file.name)


_EXPORT_SEED = {
    "format": "afterword-export",
    "version": 1,
    "applications": [
        {"uid": "a", "company": "Acme", "role": "Analyst", "status": "applied",
         "applied_on": "2026-03-01", "tags": ["remote"], "interviews": [], "offers": []}
    ],
    "journal": [{"uid": "j", "written_at": "2026-03-01T10:00:00+00:00", "text": "hi"}],
}  # fmt: skip
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def export_text(draw: st.DrawFn) -> str:
    """An export with values swapped for others, or JSON-ish text cut anywhere."""
    document = json.loads(json.dumps(_EXPORT_SEED))
    for _ in range(draw(st.integers(0, 4))):
        section = draw(st.sampled_from(["applications", "journal"]))
        if document.get(section):
            record = document[section][0]
            key = draw(st.sampled_from(sorted(record)))
            record[key] = draw(_JSON_VALUES)
    text = json.dumps(document)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))] + draw(st.text(max_size=10))
    return text


def check_export(text: str) -> None:
    """A backup is read or refused with one plain line; nothing else ever comes out."""
    from afterword.transfer.json_import import parse_document

    try:
        parse_document(text, source="backup.json")
    except AfterwordError as error:
        assert str(error) and "\n" not in str(error)


# -- what a terminal shows ---------------------------------------------------------------------


def check_terminal(text: str) -> None:
    """Escaped text holds no control character; stripped text keeps every other one."""
    escaped = escape_control_characters(text)
    assert not _CONTROLS & set(escaped)
    assert strip_control_characters(text) == "".join(c for c in text if c not in _CONTROLS)


TARGETS = [
    Target("message_reader", mail_bytes() | st.binary(max_size=4096), check_message),
    Target("date_extraction", dated_text(), check_dates),
    Target(
        "html_and_replies",
        st.lists(st.sampled_from(_MARKUP) | st.text(max_size=10), max_size=80).map("".join),
        check_text,
    ),
    Target(
        "csv_import",
        st.lists(st.sampled_from(_CSV_PIECES) | st.text(max_size=6), max_size=80).map("".join),
        check_csv,
    ),
    Target("json_restore", export_text(), check_export),
    Target("terminal_output", st.text(), check_terminal),
]
