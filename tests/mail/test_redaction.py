"""A mail server's reply never shows the user's password, even when it echoes the login
(issue 13, finding 10)."""

from __future__ import annotations

import base64
import imaplib
import socket
import threading
from collections.abc import Iterator

import pytest

from afterword.mail.delivery import DeliveryError, imap_error_text, send_smtp
from tests.mail.test_smtp import account, outgoing_message

PASSWORD = "correct horse battery staple"
SECRET = base64.b64encode(f"\0zoe@example.com\0{PASSWORD}".encode()).decode()


@pytest.fixture
def echoing_smtp_server() -> Iterator[int]:
    """An SMTP server that takes the login, then refuses the sender quoting the AUTH line."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def serve() -> None:
        connection, _ = listener.accept()
        stream = connection.makefile("rwb")
        last_auth = b""

        def say(line: bytes) -> None:
            stream.write(line + b"\r\n")
            stream.flush()

        say(b"220 echo.example ESMTP")
        for line in stream:
            command = line.strip()
            if command.upper().startswith(b"EHLO"):
                say(b"250-echo.example\r\n250 AUTH PLAIN")
            elif command.upper().startswith(b"AUTH"):
                last_auth = command
                say(b"235 2.7.0 ok")
            elif command.upper().startswith(b"MAIL"):
                say(b"553 5.7.1 sender refused after " + last_auth)
            elif command.upper().startswith(b"QUIT"):
                say(b"221 bye")
                break
            else:
                say(b"250 ok")
        connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    listener.close()
    thread.join(timeout=5)


def test_an_smtp_reply_echoing_the_login_is_shown_without_the_password(
    echoing_smtp_server: int,
) -> None:
    with pytest.raises(DeliveryError) as refused:
        send_smtp(outgoing_message(), account(echoing_smtp_server), password=PASSWORD)
    message = str(refused.value)
    assert message.startswith("could not send: 127.0.0.1 refused the sender address")
    assert "AUTH [hidden]" in message
    assert SECRET not in message and PASSWORD not in message


@pytest.mark.parametrize(
    "reply",
    [
        f"AUTHENTICATE command error: BAD [b'Unexpected AUTHENTICATE PLAIN {SECRET}']",
        f"LOGIN command error: BAD [b'Invalid: LOGIN zoe \"{PASSWORD}\"']",
        f"SELECT command error: NO [b'echo: a1 auth plain {SECRET}']",
    ],
)
def test_an_imap_reply_echoing_the_login_is_shown_without_the_password(reply: str) -> None:
    text = imap_error_text(imaplib.IMAP4.error(reply))
    assert SECRET not in text and PASSWORD not in text
    assert "[hidden]" in text
