"""Reading mail files: mbox (streamed), Maildir (cur and new), .eml, and telling them apart."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from afterword.errors import InvalidInputError
from afterword.inbox.message import SourceKind
from afterword.inbox.parse import parse_message
from afterword.inbox.sources import read_eml, read_maildir, read_mbox, read_path
from tests.inbox.mail_factory import make_raw, mbox_bytes


def make_maildir(root: Path, messages: list[bytes]) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    for number, raw in enumerate(messages):
        sub = "cur" if number % 2 else "new"
        (root / sub / f"1700000000.{number}.host:2,S").write_bytes(raw)
    (root / "tmp" / "1700000099.half-written").write_bytes(b"From: x@y.example\r\n")
    return root


def test_mbox_messages_are_split_with_numbered_locations(tmp_path: Path) -> None:
    path = tmp_path / "takeout.mbox"
    path.write_bytes(mbox_bytes([make_raw(n) for n in range(1, 4)]))
    found = list(read_mbox(path))
    assert [message.location for message in found] == [f"{path}#{n}" for n in (1, 2, 3)]
    assert [parse_message(m.raw).message_id for m in found] == [
        f"<update-{n}@fernhill.example>" for n in (1, 2, 3)
    ]
    assert {message.kind for message in found} == {SourceKind.MBOX}


def test_mbox_body_lines_starting_with_from_do_not_split_messages(tmp_path: Path) -> None:
    body = "Hello,\nFrom the whole team: thank you.\n\nFrom now on, Leo will be your contact.\n"
    path = tmp_path / "one.mbox"
    path.write_bytes(mbox_bytes([make_raw(body=body), make_raw(2)]))
    found = list(read_mbox(path))
    assert len(found) == 2
    text = parse_message(found[0].raw).body
    assert "From the whole team" in text
    assert "Leo will be your contact" in text


def test_mbox_is_read_lazily(tmp_path: Path) -> None:
    path = tmp_path / "big.mbox"
    path.write_bytes(mbox_bytes([make_raw(n) for n in range(1, 201)]))
    reader = read_mbox(path)
    first = next(reader)
    assert inspect.isgenerator(reader)
    assert parse_message(first.raw).message_id == "<update-1@fernhill.example>"
    reader.close()


def test_maildir_reads_cur_and_new_but_not_tmp(tmp_path: Path) -> None:
    root = make_maildir(tmp_path / "Mail", [make_raw(n) for n in range(1, 5)])
    found = list(read_maildir(root))
    assert len(found) == 4
    assert all("half-written" not in message.location for message in found)
    assert {message.kind for message in found} == {SourceKind.MAILDIR}


def test_eml_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "offer.eml"
    path.write_bytes(make_raw(9))
    (found,) = list(read_eml(path))
    assert found.location == str(path)
    assert found.kind == SourceKind.EML


def test_maildir_subfolders_are_read_too_and_named(tmp_path: Path) -> None:
    root = make_maildir(tmp_path / "Maildir", [make_raw(1)])
    make_maildir(root / ".Jobs", [make_raw(2), make_raw(3)])
    (root / ".not-a-maildir").mkdir()
    found = list(read_maildir(root))
    assert [parse_message(m.raw).message_id for m in found] == [
        f"<update-{n}@fernhill.example>"
        for n in (1, 3, 2)  # cur before new in each folder
    ]
    assert [m.folder for m in found] == [None, "Jobs", "Jobs"]


def test_read_path_tells_mbox_maildir_eml_and_eml_folders_apart(tmp_path: Path) -> None:
    mbox = tmp_path / "export"
    mbox.write_bytes(mbox_bytes([make_raw(1), make_raw(2)]))
    maildir = make_maildir(tmp_path / "Maildir", [make_raw(3)])
    eml = tmp_path / "message.txt"
    eml.write_bytes(make_raw(4))
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "a.eml").write_bytes(make_raw(5))
    (folder / "b.eml").write_bytes(make_raw(6))
    assert [m.kind for m in read_path(mbox)] == [SourceKind.MBOX, SourceKind.MBOX]
    assert [m.kind for m in read_path(maildir)] == [SourceKind.MAILDIR]
    assert [m.kind for m in read_path(eml)] == [SourceKind.EML]
    assert [m.location for m in read_path(folder)] == [str(folder / "a.eml"), str(folder / "b.eml")]


def test_read_path_refuses_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="does not exist"):
        read_path(tmp_path / "nowhere.mbox")
