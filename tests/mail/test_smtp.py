"""Sending through a real SMTP server (aiosmtpd), and finding the password to do it."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import time
import tomllib
from pathlib import Path

import pytest

from afterword.errors import InvalidInputError
from afterword.mail.compose import Outgoing, build_message, eml_bytes
from afterword.mail.delivery import DeliveryError, password_for, send_smtp
from afterword.settings.mail import MailAccount
from tests.mail.conftest import (
    SMTP_PASSWORD,
    SMTP_USER,
    Certificate,
    MemoryKeyring,
    StartSmtp,
    check_password,
)

BODY = (
    "Liebe Frau Ñúñez,\n"
    "\n"
    "vielen Dank für das Gespräch — ich freue mich auf die nächste Runde.\n"
    ".\n"
    "A line that starts with a dot, and one that is long enough to need folding or encoding "
    "somewhere past the seventy-eighth character: ✓\n"
)


def outgoing_message() -> email.message.EmailMessage:
    return build_message(
        Outgoing(
            from_name="Zoë Ñúñez",
            from_email="zoe@example.com",
            to_name="Zoë Ñúñez",
            to_email="recruiter@company.example",
            subject="Danke für das Gespräch – Zoë",
            body=BODY,
            date=dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC),
            message_id_domain="example.com",
        )
    )


def account(port: int, **settings: object) -> MailAccount:
    return MailAccount.model_validate(
        {
            "address": "zoe@example.com",
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "smtp_security": "none",
            **settings,
        }
    )


def parse(raw: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


# --- delivery ------------------------------------------------------------------------------------


def test_the_exact_message_arrives_with_its_headers_and_body(start_smtp: StartSmtp) -> None:
    server = start_smtp()
    message = outgoing_message()

    send_smtp(message, account(server.port), password="unused")

    (received,) = server.received
    assert received.mail_from == "zoe@example.com"
    assert received.rcpt_tos == ["recruiter@company.example"]
    # Byte for byte the message (SMTP undoes the dot-stuffing); an .eml file of it differs
    # only by the X-Unsent header that makes mail programs open it as a draft.
    assert received.content == message.as_bytes(policy=email.policy.SMTP)
    assert b"X-Unsent" not in received.content
    assert eml_bytes(message).replace(b"X-Unsent: 1\r\n", b"") == received.content
    arrived = parse(received.content)
    (to,) = arrived["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Zoë Ñúñez", "recruiter@company.example")
    (sender,) = arrived["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Zoë Ñúñez", "zoe@example.com")
    assert arrived["Subject"] == "Danke für das Gespräch – Zoë"
    assert arrived["Date"].datetime == dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC)
    assert arrived["Message-ID"] == message["Message-ID"]
    assert arrived.get_content_type() == "text/plain"
    assert arrived.get_content_charset() == "utf-8"
    assert arrived.get_content().replace("\r\n", "\n") == BODY


def test_a_raw_utf8_body_is_announced_as_8bitmime(start_smtp: StartSmtp) -> None:
    server = start_smtp()
    message = build_message(
        Outgoing(None, "zoe@example.com", None, "a@company.example", "Hi", "Grüße\n",
                 dt.datetime(2026, 12, 3, tzinfo=dt.UTC), "example.com")
    )  # fmt: skip
    assert message["Content-Transfer-Encoding"] == "8bit"

    send_smtp(message, account(server.port), password="unused")

    (received,) = server.received
    assert "BODY=8BITMIME" in received.mail_options
    assert parse(received.content).get_content() == "Grüße\r\n"  # canonical CRLF on the wire


def test_a_message_without_recipient_is_not_sent(start_smtp: StartSmtp) -> None:
    server = start_smtp()
    message = build_message(
        Outgoing(None, "zoe@example.com", None, "", "Hi", "Hello\n",
                 dt.datetime(2026, 12, 3, tzinfo=dt.UTC), "example.com")
    )  # fmt: skip

    with pytest.raises(DeliveryError, match=r"^could not send: the message has no recipient$"):
        send_smtp(message, account(server.port), password="unused")

    assert server.received == []


def test_a_missing_smtp_host_is_explained() -> None:
    with pytest.raises(DeliveryError, match=r"no server is set \(smtp_host under \[mail\]"):
        send_smtp(outgoing_message(), MailAccount(address="zoe@example.com"), password="x")


# --- logging in ----------------------------------------------------------------------------------


def test_correct_password_logs_in_and_sends(start_smtp: StartSmtp) -> None:
    server = start_smtp(authenticator=check_password, auth_require_tls=False)

    send_smtp(
        outgoing_message(), account(server.port, smtp_username=SMTP_USER), password=SMTP_PASSWORD
    )

    (received,) = server.received
    assert received.login == SMTP_USER.encode()


def test_the_address_is_the_user_name_when_none_is_set(start_smtp: StartSmtp) -> None:
    server = start_smtp(authenticator=check_password, auth_require_tls=False)

    send_smtp(outgoing_message(), account(server.port), password=SMTP_PASSWORD)

    assert server.received[0].login == b"zoe@example.com"


def test_wrong_password_is_reported_without_the_password(start_smtp: StartSmtp) -> None:
    server = start_smtp(authenticator=check_password, auth_require_tls=False)

    with pytest.raises(DeliveryError) as caught:
        send_smtp(outgoing_message(), account(server.port), password="wrong-secret")

    assert str(caught.value) == (
        "could not send: the SMTP server refused the user name or password (127.0.0.1)"
    )
    assert server.received == []


def test_starttls_with_a_trusted_certificate_logs_in_and_sends(
    start_smtp: StartSmtp, certificate: Certificate
) -> None:
    server = start_smtp(
        authenticator=check_password,
        tls_context=certificate.server_context(),
        require_starttls=True,
    )
    settings = account(server.port, smtp_security="starttls", smtp_username=SMTP_USER)

    send_smtp(
        outgoing_message(),
        settings,
        password=SMTP_PASSWORD,
        ssl_context=certificate.client_context(),
    )

    assert server.received[0].login == SMTP_USER.encode()


def test_starttls_with_a_wrong_password_is_refused(
    start_smtp: StartSmtp, certificate: Certificate
) -> None:
    server = start_smtp(
        authenticator=check_password,
        tls_context=certificate.server_context(),
        require_starttls=True,
    )
    settings = account(server.port, smtp_security="starttls", smtp_username=SMTP_USER)

    with pytest.raises(DeliveryError, match="refused the user name or password"):
        send_smtp(
            outgoing_message(),
            settings,
            password="not-it",
            ssl_context=certificate.client_context(),
        )


def test_an_untrusted_certificate_stops_before_the_password_is_sent(
    start_smtp: StartSmtp, certificate: Certificate
) -> None:
    server = start_smtp(
        authenticator=check_password,
        tls_context=certificate.server_context(),
        require_starttls=True,
    )
    settings = account(server.port, smtp_security="starttls")

    with pytest.raises(DeliveryError, match="its TLS certificate is not trusted") as caught:
        send_smtp(outgoing_message(), settings, password=SMTP_PASSWORD)  # the system's CAs

    assert str(caught.value).startswith(f"could not connect to 127.0.0.1:{server.port}: ")
    assert server.received == []


def test_a_server_without_starttls_gets_no_password(start_smtp: StartSmtp) -> None:
    server = start_smtp(authenticator=check_password, auth_require_tls=False)

    with pytest.raises(DeliveryError, match="does not offer STARTTLS"):
        send_smtp(outgoing_message(), account(server.port, smtp_security="starttls"), password="x")

    assert server.received == []


def test_implicit_tls_sends(start_smtp: StartSmtp, certificate: Certificate) -> None:
    server = start_smtp(authenticator=check_password, ssl_context=certificate.server_context())

    send_smtp(
        outgoing_message(),
        account(server.port, smtp_security="tls"),
        password=SMTP_PASSWORD,
        ssl_context=certificate.client_context(),
    )

    assert len(server.received) == 1


def test_tls_against_a_plain_text_port_names_the_setting(start_smtp: StartSmtp) -> None:
    server = start_smtp()

    with pytest.raises(DeliveryError) as caught:
        send_smtp(outgoing_message(), account(server.port, smtp_security="tls"), password="x")

    message = str(caught.value)
    assert message.startswith(f"could not connect to 127.0.0.1:{server.port}: the TLS handshake")
    assert f'is smtp_security = "tls" right for port {server.port}?' in message


# --- servers that are not there or do not answer -------------------------------------------------


def test_a_refused_connection_is_one_plain_line(closed_port: int) -> None:
    with pytest.raises(DeliveryError) as caught:
        send_smtp(outgoing_message(), account(closed_port), password="x")

    assert str(caught.value) == f"could not connect to 127.0.0.1:{closed_port}: connection refused"


def test_a_server_that_never_answers_times_out(silent_port: int) -> None:
    started = time.monotonic()

    with pytest.raises(DeliveryError) as caught:
        send_smtp(outgoing_message(), account(silent_port, timeout_seconds=1), password="x")

    assert str(caught.value) == f"timed out after 1 s talking to 127.0.0.1:{silent_port}"
    assert time.monotonic() - started < 10  # a generous bound: only "it did not hang"


# --- passwords -----------------------------------------------------------------------------------

GMAIL = MailAccount(address="zoe@gmail.com", smtp_username="zoe.smtp", imap_username="zoe.imap")


def test_the_specific_environment_variable_wins(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.setenv("AFTERWORD_SMTP_PASSWORD", "smtp-env")
    monkeypatch.setenv("AFTERWORD_IMAP_PASSWORD", "imap-env")
    monkeypatch.setenv("AFTERWORD_MAIL_PASSWORD", "mail-env")
    memory_keyring.set_password("afterword", "zoe.smtp", "from-keyring")

    assert password_for(GMAIL, "smtp") == "smtp-env"
    assert password_for(GMAIL, "imap") == "imap-env"


def test_the_shared_environment_variable_is_the_fallback(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.setenv("AFTERWORD_MAIL_PASSWORD", "mail-env")
    memory_keyring.set_password("afterword", "zoe.smtp", "from-keyring")

    assert password_for(GMAIL, "smtp") == "mail-env"
    assert password_for(GMAIL, "imap") == "mail-env"


def test_the_keyring_is_asked_by_user_name_when_the_environment_has_nothing(
    memory_keyring: MemoryKeyring,
) -> None:
    memory_keyring.set_password("afterword", "zoe.smtp", "smtp-secret")
    memory_keyring.set_password("afterword", "zoe.imap", "imap-secret")
    memory_keyring.set_password("afterword", "zoe@plain.example", "address-secret")

    assert password_for(GMAIL, "smtp") == "smtp-secret"
    assert password_for(GMAIL, "imap") == "imap-secret"
    # Without user names, the keyring entry is the address's.
    plain = MailAccount(address="zoe@plain.example")
    assert password_for(plain, "smtp") == password_for(plain, "imap") == "address-secret"


def test_a_missing_password_says_how_to_set_it(memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(InvalidInputError) as caught:
        password_for(GMAIL, "imap")

    assert str(caught.value) == (
        "no IMAP password for zoe.imap: set AFTERWORD_IMAP_PASSWORD "
        "(or AFTERWORD_MAIL_PASSWORD), or run `keyring set afterword zoe.imap`"
    )


def test_an_empty_environment_variable_counts_as_unset(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.setenv("AFTERWORD_SMTP_PASSWORD", "")
    memory_keyring.set_password("afterword", "zoe.smtp", "smtp-secret")

    assert password_for(GMAIL, "smtp") == "smtp-secret"


@pytest.mark.usefixtures("broken_keyring")
def test_a_failing_keyring_backend_is_treated_as_not_found() -> None:
    with pytest.raises(InvalidInputError) as caught:
        password_for(GMAIL, "smtp")

    assert "the system keyring could not be read" in str(caught.value)
    assert "AFTERWORD_SMTP_PASSWORD" in str(caught.value)


# --- the documented [mail] section ---------------------------------------------------------------


def test_the_documented_mail_section_is_a_valid_account_with_every_key() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "mail-setup.md").read_text("utf-8")
    (example,) = re.findall(r"```toml\n(\[mail\]\n.*?)```", doc, flags=re.DOTALL)
    section = tomllib.loads(example)["mail"]

    documented = MailAccount.model_validate(section)
    assert set(section) == set(MailAccount.model_fields)
    assert documented.smtp_host == "smtp.gmail.com"
    assert documented.drafts_folder == "[Gmail]/Drafts"
