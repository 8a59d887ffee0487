"""`afterword accounts invite`: the invitation goes through the centre's real SMTP server."""

from __future__ import annotations

import email
import email.policy
from typing import Any

import pytest
import sqlalchemy as sa

from afterword.storage.session import get_engine
from tests.cli.conftest import Cli, _runner, assert_one_line_error
from tests.mail.conftest import SmtpServer, StartSmtp, start_smtp

__all__ = ["start_smtp"]  # the fixture, imported for pytest


@pytest.fixture
def server_cli(
    server_database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Cli:
    """Runs `afterword ARGS...` in server mode on an empty PostgreSQL database."""
    monkeypatch.setenv("AFTERWORD_MODE", "server")
    monkeypatch.setenv("AFTERWORD_WEB__PUBLIC_URL", "https://jobs.example.edu/")
    return _runner(capsys)


@pytest.fixture
def smtp(start_smtp: StartSmtp, monkeypatch: pytest.MonkeyPatch) -> SmtpServer:
    server = start_smtp()
    for name, value in {
        "HOST": server.host, "PORT": str(server.port), "SECURITY": "none",
        "SENDER": "careers@example.edu",
    }.items():  # fmt: skip
        monkeypatch.setenv(f"AFTERWORD_SERVER_MAIL__{name}", value)
    return server


def test_an_invitation_is_mailed_with_a_link_to_the_public_address(
    server_cli: Cli, smtp: SmtpServer, server_database_url: str
) -> None:
    result = server_cli("accounts", "invite", "Dee@Example.org", "--role", "coach")
    assert result.code == 0, result
    assert result.out == "Invited dee@example.org as coach; the link works for 72 hours.\n"
    [received] = smtp.received
    assert received.rcpt_tos == ["dee@example.org"]
    message: Any = email.message_from_bytes(received.content, policy=email.policy.default)
    assert message["From"] == "careers@example.edu"
    assert "https://jobs.example.edu/login/invite/" in message.get_content()
    with get_engine(server_database_url).connect() as connection:
        role, password = connection.execute(
            sa.text("SELECT role, password_hash FROM accounts")
        ).one()
    assert (role, password) == ("coach", None)
    listed = server_cli("accounts", "list")
    assert "dee@example.org" in listed.out and "invited" in listed.out


def test_without_the_centres_smtp_nothing_is_created(
    server_cli: Cli, server_database_url: str
) -> None:
    assert_one_line_error(
        server_cli("accounts", "invite", "dee@example.org"), "AFTERWORD_SERVER_MAIL__HOST"
    )
    with get_engine(server_database_url).connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM accounts")).scalar() == 0


def test_a_bad_address_or_role_is_one_line(server_cli: Cli, smtp: SmtpServer) -> None:
    assert_one_line_error(server_cli("accounts", "invite", "not-an-address"), "not an email")
    assert_one_line_error(
        server_cli("accounts", "invite", "dee@example.org", "--role", "boss"), "not a role"
    )
    assert smtp.received == []
