"""Issue 13 on the command line: no input, message or busy database gives a traceback, exit 70,
or a terminal escape; every refusal is one line and leaves the data as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Cli, assert_one_line_error
from tests.inbox.mail_factory import make_raw, mbox_bytes
from tests.inbox.test_triage import OFFER, REJECTION

ESC = "\x1b"
# Sets the terminal's title and rings its bell, then clears the screen.
HOSTILE = f"Acme{ESC}]0;pwned\x07{ESC}[2J\r"
BUSY_EXIT = 75


def one_line_refusal(cli: Cli, *args: str) -> str:
    result = cli(*args)
    assert result.code not in (0, 70), (args, result)
    assert_one_line_error(result)
    return result.err


# -- finding 8: ids, dates, countries and backups are bounded, with one clear line -----------------


@pytest.mark.parametrize(
    "args",
    [
        ("applications", "show", "9223372036854775808"),
        ("actions", "done", "9223372036854775808"),
        ("contacts", "edit", "9223372036854775808", "--name", "x"),
        ("inbox", "resolve", "9223372036854775808"),
        ("journal", "list", "--limit", "99999999999999999999"),
        ("--as-of", "9999-12-31", "today"),
        ("--as-of", "0001-01-01", "applications", "add", "X", "Y"),
        ("interviews", "add", "1", "--at", "9999-12-31 23:59"),
        ("applications", "add", "X", "Y", "--applied", "0001-01-01"),
        ("applications", "add", "X", "Y", "--applied", "tomorrow"),
        ("actions", "snooze", "1", "--until", "9999-12-31"),
        ("profile", "set", "--country", "XX"),
    ],
)
def test_out_of_range_input_is_refused_in_one_line_and_changes_nothing(
    cli: Cli, args: tuple[str, ...]
) -> None:
    assert cli("applications", "add", "Fernhill", "Data Engineer").code == 0
    # An interview yesterday: its thank-you is action 1, which there is to snooze.
    assert cli("interviews", "add", "1", "--at", "yesterday 10:00").code == 0
    before = [
        cli(*look, "--json").json() for look in (("applications", "list"), ("actions", "list"))
    ]
    one_line_refusal(cli, *args)
    after = [
        cli(*look, "--json").json() for look in (("applications", "list"), ("actions", "list"))
    ]
    assert after == before
    assert cli("profile", "show").code == 0


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        (
            "deep.json",
            '{"format": "afterword-export", "x": ' + "[" * 50_000 + "]" * 50_000 + "}",
            "nested",
        ),
        ("huge.json", '{"format": "afterword-export", "x": ' + "9" * 100_000 + "}", "digits"),
    ],
)
def test_a_hostile_backup_is_refused_in_one_line(
    cli: Cli, tmp_path: Path, name: str, text: str, words: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    assert words in one_line_refusal(cli, "import", str(path))


# -- finding 4: control characters never reach the terminal --------------------------------------


def test_control_characters_typed_into_a_field_are_not_stored(cli: Cli) -> None:
    assert cli("applications", "add", HOSTILE, "Data\x07 Engineer").code == 0
    stored = cli("applications", "list", "--json").json()[0]
    assert (stored["company"], stored["role"]) == ("Acme]0;pwned[2J", "Data Engineer")


def test_a_mail_subject_with_escapes_is_shown_escaped(cli: Cli, tmp_path: Path) -> None:
    export = tmp_path / "mail.mbox"
    subject = f"=?utf-8?q?Hello=1B]0;pwned=07?= {ESC}[2J there"
    export.write_bytes(mbox_bytes([make_raw(1, subject=subject)]))
    for args in (
        ("classify", str(export)),
        ("inbox", "import", str(export)),
        ("inbox", "list", "--state", "all"),
    ):
        result = cli(*args)
        assert result.code == 0, result
        assert ESC not in result.out + result.err and "\x07" not in result.out, args


def test_stored_control_characters_are_printed_escaped(cli: Cli, sqlite_url: str) -> None:
    assert cli("applications", "add", "Acme", "Engineer", "--notes", "fine").code == 0
    # Text from before this release may hold anything: it is shown escaped.
    path = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE applications SET company = ?, notes = ?", (HOSTILE, HOSTILE))
    for args in (("applications", "list"), ("applications", "show", "1")):
        out = cli(*args).out
        assert ESC not in out and "\x07" not in out and "\r" not in out, args
        assert "\\x1b" in out, args


# -- findings 1 and 7: one bad message never stops classify or import ----------------------------


def _hostile_messages() -> list[bytes]:
    head = (
        b"From: Priya <priya@fernhill.example>\nTo: sam@example.com\nSubject: hi\n"
        b"Date: Wed, 04 Mar 2026 10:12:00 +0000\n"
    )
    offer = OFFER.format(role="Data Engineer", company="Fernhill Robotics")
    return [
        make_raw(1, date="Fri, 31 Dec 9999 12:00:00 +0000", body=offer),
        head + b'Message-ID: <nul@x>\nContent-Type: text/plain; charset="utf\x00-8"\n\nhello\n',
        b"From: " + b"(" * 50_000 + b"x" + b")" * 50_000 + b" <a@b.example>\nSubject: c\n\nbody\n",
        head + b"Message-ID: <rfc2231@x>\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/plain\n\n'
        b"readable text here\n--B\nContent-Type: application/pdf\n"
        b"Content-Disposition: attachment; filename*=utf-8''%E2%82; filename*0*=x\n\nAAAA\n--B--\n",
        make_raw(5, body=REJECTION.format(role="Data Engineer", company="Fernhill Robotics")),
    ]


def test_classify_and_import_read_every_hostile_message_and_the_rest(
    cli: Cli, tmp_path: Path
) -> None:
    assert cli("applications", "add", "Fernhill Robotics", "Data Engineer").code == 0
    export = tmp_path / "hostile.mbox"
    export.write_bytes(mbox_bytes(_hostile_messages()))
    classified = cli("classify", str(export), "--json")
    assert classified.code == 0, classified
    assert [item.get("error") for item in classified.json()] == [None] * 5
    imported = cli("inbox", "import", str(export), "--json")
    assert imported.code == 0, imported
    report = imported.json()
    assert (report["new"], report["unreadable"], report["not_triaged"]) == (5, [], [])
    listed = cli("inbox", "list", "--state", "all", "--json").json()
    assert len(listed) == 5
    rfc2231 = [m for m in listed if m["subject"] == "hi" and m["from"] == "priya@fernhill.example"]
    assert rfc2231  # the message with the broken file name kept its text and its row


# -- finding 12: unreadable mail stays visible; folders and BOMs are read ------------------------


def test_unreadable_mail_is_listed_and_reported_again_on_reimport(cli: Cli, tmp_path: Path) -> None:
    export = tmp_path / "export.mbox"
    export.write_bytes(mbox_bytes([make_raw(1), b"\x00\x01 garbage\n\nnot mail", make_raw(2)]))
    first = cli("inbox", "import", str(export))
    assert first.code == 0 and "(0 already seen, 1 unreadable)" in first.out
    assert "inbox list --state failed" in first.out
    failed = cli("inbox", "list", "--state", "failed", "--json").json()
    assert [m["state"] for m in failed] == ["failed"]
    assert failed[0]["error"] == "no mail headers (From, To, Subject, Date or Message-ID) found"
    assert len(cli("inbox", "list", "--state", "all", "--json").json()) == 3
    table = cli("inbox", "list", "--state", "all").out
    assert "could not read it: no mail headers" in " ".join(table.split())
    again = cli("inbox", "import", str(export))
    assert "Read 0 new messages (2 already seen, 1 unreadable)." in again.out
    retried = cli("inbox", "retry")
    assert retried.code == 0 and "1 unreadable" in retried.out


def test_a_folder_import_reads_every_kind_of_mail_file_and_names_what_it_skipped(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "Mail"
    (folder / "Jobs" / "2026").mkdir(parents=True)
    (folder / "a.eml").write_bytes(make_raw(1))
    (folder / "B.EML").write_bytes(make_raw(2))
    (folder / "c.Eml").write_bytes(make_raw(3))
    (folder / "archive.mbox").write_bytes(mbox_bytes([make_raw(4), make_raw(5)]))
    (folder / "Jobs" / "d.eml").write_bytes(make_raw(6))
    (folder / "Jobs" / "2026" / "Inbox").write_bytes(mbox_bytes([make_raw(7)]))  # Thunderbird
    (folder / "notes.txt").write_text("not mail")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / ".DS_Store").write_bytes(b"\x00")
    result = cli("inbox", "import", str(folder))
    assert result.code == 0, result
    assert "Read 7 new messages" in result.out
    assert "Skipped 2 files that are not mail:" in result.out
    assert f"{folder / 'notes.txt'} (not an .eml or mbox file)" in result.out
    assert "photo.jpg" in result.out and ".DS_Store" not in result.out


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bom.mbox", b"\xef\xbb\xbf" + mbox_bytes([make_raw(1), make_raw(2)])),
        ("blank.mbox", b"\n\n" + mbox_bytes([make_raw(1), make_raw(2)])),
        ("bom.eml", b"\xef\xbb\xbf" + make_raw(1)),
        ("blank.eml", b"\r\n" + make_raw(1)),
    ],
)
def test_a_byte_order_mark_or_blank_line_at_the_start_is_tolerated(
    cli: Cli, tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    report = cli("inbox", "import", str(path), "--json").json()
    assert report["unreadable"] == []
    assert report["new"] == (2 if name.endswith(".mbox") else 1)


# -- finding 3: a busy database is one line, not a traceback -------------------------------------


def test_a_database_busy_beyond_the_wait_is_one_line_and_a_distinct_exit(
    cli: Cli, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from afterword.storage import session as db_session

    assert cli("applications", "add", "Acme", "Engineer").code == 0
    db_session.dispose_engines()
    monkeypatch.setattr(db_session, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, holding the lock
    try:
        result = cli("applications", "add", "Globex", "Analyst")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == BUSY_EXIT
    assert_one_line_error(result, "the database is busy", "try again in a moment")
    assert [a["company"] for a in cli("applications", "list", "--json").json()] == ["Acme"]
