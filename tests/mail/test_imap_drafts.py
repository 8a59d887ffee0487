"""Saving drafts into a real IMAP server (a throwaway Dovecot), and the IMAP details behind it."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import imaplib
import re
from dataclasses import dataclass

import pytest

from afterword.mail.compose import Outgoing, build_message, eml_bytes
from afterword.mail.delivery import (
    DeliveryError,
    MailAccount,
    decode_folder_name,
    encode_folder_name,
    find_drafts_folder,
    parse_list_line,
    save_to_drafts,
)
from tests.mail.conftest import Certificate
from tests.mail.dovecot_server import DovecotServer

# In the past: Dovecot (rightly) replaces an internal date in the future with the time of saving.
WRITTEN = dt.datetime(2024, 3, 5, 15, 0, tzinfo=dt.UTC)


def draft(subject: str = "Thank you — Zoë") -> email.message.EmailMessage:
    return build_message(
        Outgoing(
            from_name="Zoë Ñúñez",
            from_email="zoe@example.com",
            to_name="Ada Lovelace",
            to_email="ada@analytical.example",
            subject=subject,
            body="Dear Ada,\n\nthank you for your time today — it was a pleasure.\n\nZoë\n",
            date=WRITTEN,
            message_id_domain="example.com",
        )
    )


def account(server: DovecotServer, **settings: object) -> MailAccount:
    return MailAccount.model_validate(
        {
            "address": "zoe@example.com",
            "imap_host": server.host,
            "imap_port": server.port,
            "imap_security": "none",
            "imap_username": server.user,
            **settings,
        }
    )


@dataclass
class Stored:
    flags: set[str]
    internal_date: str
    raw: bytes


def find_stored(server: DovecotServer, folder: str, message_id: str) -> Stored | None:
    """Reads a message back by its Message-ID, with plain imaplib."""
    imap = imaplib.IMAP4(server.host, server.port, timeout=10)
    try:
        imap.login(server.user, server.password)
        status, _ = imap.select('"' + encode_folder_name(folder) + '"', readonly=True)
        assert status == "OK"
        status, found = imap.uid("SEARCH", "HEADER", "Message-ID", f'"{message_id}"')
        assert status == "OK"
        uids = found[0].split()
        if not uids:
            return None
        (uid,) = uids
        status, data = imap.uid("FETCH", uid, "(FLAGS INTERNALDATE BODY.PEEK[])")
        assert status == "OK"
        head, raw = data[0]
        flags_match = re.search(rb"FLAGS \(([^)]*)\)", head)
        date_match = re.search(rb'INTERNALDATE "([^"]+)"', head)
        assert flags_match is not None and date_match is not None
        flags = set(flags_match.group(1).decode().split())
        internal_date = date_match.group(1).decode()
        return Stored(flags=flags, internal_date=internal_date, raw=raw)
    finally:
        imap.logout()


# --- saving drafts -------------------------------------------------------------------------------


def test_draft_is_saved_in_the_drafts_special_use_folder_with_the_draft_flag(
    dovecot: DovecotServer,
) -> None:
    message = draft()

    folder = save_to_drafts(message, account(dovecot), password=dovecot.password)

    assert folder == "Drafts"
    stored = find_stored(dovecot, "Drafts", message["Message-ID"])
    assert stored is not None
    assert {"\\Draft", "\\Seen"} <= stored.flags
    assert stored.raw == eml_bytes(message)
    read_back = email.message_from_bytes(stored.raw, policy=email.policy.default)
    assert read_back["Subject"] == "Thank you — Zoë"
    assert read_back["Message-ID"] == message["Message-ID"]
    # The mailbox dates the draft when it was written, not when it was saved.
    assert stored.internal_date == "05-Mar-2024 15:00:00 +0000"


def test_draft_is_saved_over_starttls(dovecot: DovecotServer, certificate: Certificate) -> None:
    message = draft()

    folder = save_to_drafts(
        message,
        account(dovecot, imap_security="starttls"),
        password=dovecot.password,
        ssl_context=certificate.client_context(),
    )

    assert find_stored(dovecot, folder, message["Message-ID"]) is not None


def test_draft_is_saved_over_tls(dovecot: DovecotServer, certificate: Certificate) -> None:
    message = draft()

    folder = save_to_drafts(
        message,
        account(dovecot, imap_security="tls", imap_port=dovecot.tls_port),
        password=dovecot.password,
        ssl_context=certificate.client_context(),
    )

    assert find_stored(dovecot, folder, message["Message-ID"]) is not None


def test_an_explicit_drafts_folder_is_respected_even_with_a_non_ascii_name(
    dovecot: DovecotServer,
) -> None:
    imap = imaplib.IMAP4(dovecot.host, dovecot.port, timeout=10)
    imap.login(dovecot.user, dovecot.password)
    imap.create('"' + encode_folder_name("Entwürfe & Co") + '"')
    imap.logout()
    message = draft()

    folder = save_to_drafts(
        message, account(dovecot, drafts_folder="Entwürfe & Co"), password=dovecot.password
    )

    assert folder == "Entwürfe & Co"
    assert find_stored(dovecot, "Entwürfe & Co", message["Message-ID"]) is not None
    assert find_stored(dovecot, "Drafts", message["Message-ID"]) is None


def test_an_explicit_folder_that_does_not_exist_is_named(dovecot: DovecotServer) -> None:
    with pytest.raises(DeliveryError) as caught:
        save_to_drafts(draft(), account(dovecot, drafts_folder="Nope"), password=dovecot.password)

    assert str(caught.value) == (
        'could not save the draft: 127.0.0.1 has no folder "Nope"; '
        "set drafts_folder under [mail] in config.toml"
    )


# --- failures ------------------------------------------------------------------------------------


def test_wrong_password_is_reported_without_the_password(dovecot: DovecotServer) -> None:
    with pytest.raises(DeliveryError) as caught:
        save_to_drafts(draft(), account(dovecot), password="wrong-secret")

    assert str(caught.value) == (
        "could not save the draft: the IMAP server refused the user name or password (127.0.0.1)"
    )


def test_an_untrusted_certificate_is_refused(dovecot: DovecotServer) -> None:
    settings = account(dovecot, imap_security="tls", imap_port=dovecot.tls_port)

    with pytest.raises(DeliveryError, match="its TLS certificate is not trusted"):
        save_to_drafts(draft(), settings, password=dovecot.password)  # the system's CAs only


def test_a_refused_connection_is_one_plain_line(closed_port: int) -> None:
    settings = MailAccount(address="zoe@example.com", imap_host="127.0.0.1", imap_port=closed_port)

    with pytest.raises(DeliveryError) as caught:
        save_to_drafts(draft(), settings, password="x")

    assert str(caught.value) == f"could not connect to 127.0.0.1:{closed_port}: connection refused"


def test_a_server_that_never_answers_times_out(silent_port: int) -> None:
    settings = MailAccount(
        address="zoe@example.com",
        imap_host="127.0.0.1",
        imap_port=silent_port,
        imap_security="starttls",
        timeout_seconds=1,
    )

    with pytest.raises(DeliveryError) as caught:
        save_to_drafts(draft(), settings, password="x")

    assert str(caught.value) == f"timed out after 1 s talking to 127.0.0.1:{silent_port}"


def test_a_missing_imap_host_is_explained() -> None:
    with pytest.raises(DeliveryError, match=r"no server is set \(imap_host under \[mail\]"):
        save_to_drafts(draft(), MailAccount(address="zoe@example.com"), password="x")


# --- IMAP details, without a server --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoded"),
    [
        ("Drafts", "Drafts"),
        ("[Gmail]/Entwürfe", "[Gmail]/Entw&APw-rfe"),
        ("Brouillons & co", "Brouillons &- co"),
        ("下書き", "&Tgtm+DBN-"),
        ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),  # RFC 3501's example
    ],
)
def test_folder_names_use_modified_utf7(name: str, encoded: str) -> None:
    assert encode_folder_name(name) == encoded
    assert decode_folder_name(encoded) == name


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (b'(\\HasNoChildren \\Drafts) "/" Drafts', ({"\\hasnochildren", "\\drafts"}, "/", "Drafts")),
        (b'(\\Drafts \\HasNoChildren) "/" "[Gmail]/Drafts"', ({"\\drafts", "\\hasnochildren"}, "/", "[Gmail]/Drafts")),
        (b'() "." "INBOX.My \\"quoted\\" box"', (set(), ".", 'INBOX.My "quoted" box')),
        (b"(\\Noselect) NIL Archive", ({"\\noselect"}, None, "Archive")),
        ((b'(\\Drafts) "/" {9}', b"Odd\"name"), ({"\\drafts"}, "/", 'Odd"name')),
        (b"garbage", None),
    ],
)  # fmt: skip
def test_list_replies_are_parsed(entry: object, expected: object) -> None:
    assert parse_list_line(entry) == expected  # type: ignore[arg-type]


class FakeListing:
    """Just enough of imaplib.IMAP4 to answer LIST."""

    def __init__(self, *entries: bytes) -> None:
        self.entries = list(entries)

    def list(self) -> tuple[str, list[bytes]]:
        return "OK", self.entries


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([b'(\\HasNoChildren) "/" INBOX', b'(\\Drafts) "/" "[Gmail]/Entw&APw-rfe"'], "[Gmail]/Entw&APw-rfe"),
        ([b'(\\HasNoChildren) "." INBOX', b'(\\HasNoChildren) "." "INBOX.Drafts"'], "INBOX.Drafts"),
        ([b'() "/" INBOX', b'() "/" drafts'], "drafts"),
        ([b'() "/" INBOX', b'() "/" "Projects/Drafts"'], "Drafts"),
        ([], "Drafts"),
    ],
)  # fmt: skip
def test_drafts_folder_is_found_by_marker_then_by_name(entries: list[bytes], expected: str) -> None:
    assert find_drafts_folder(FakeListing(*entries)) == expected  # type: ignore[arg-type]
