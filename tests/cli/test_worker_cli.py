"""`afterword worker` and `afterword accounts daily` at the command line."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from afterword.accounts.daily import DailyPreference
from afterword.storage.session import session_scope
from tests.cli.conftest import Cli, assert_one_line_error
from tests.cli.test_accounts_cli import server_cli  # noqa: F401


def test_the_worker_outside_server_mode_is_refused_in_one_line(cli: Cli) -> None:
    assert_one_line_error(cli("worker"), "the worker runs only in server mode")


def test_accounts_daily_is_refused_in_one_line_outside_server_mode(cli: Cli) -> None:
    assert_one_line_error(
        cli("accounts", "daily", "ana@example.org", "--digest"),
        "accounts exist only in server mode",
    )


@pytest.mark.postgres
def test_the_morning_digest_is_turned_on_and_off_per_account(
    server_cli: Cli,  # noqa: F811
    server_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("a long enough passphrase\n"))
    assert server_cli("accounts", "add", "ana@example.org", "--password-stdin").code == 0
    assert (
        "digest for ana@example.org: on"
        in server_cli("accounts", "daily", "Ana@Example.org", "--digest").out
    )
    with session_scope(server_database_url) as session:
        assert session.scalars(sa.select(DailyPreference.morning_digest)).all() == [True]
    assert "off" in server_cli("accounts", "daily", "ana@example.org", "--no-digest").out
    with session_scope(server_database_url) as session:
        assert session.scalars(sa.select(DailyPreference.morning_digest)).all() == [False]
    assert_one_line_error(
        server_cli("accounts", "daily", "bo@example.org", "--digest"),
        "no account for bo@example.org",
    )


def test_the_digest_uses_the_centres_smtp_account_and_needs_the_public_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from afterword.errors import InvalidInputError
    from afterword.settings import load_settings
    from afterword.worker.digest import centre_mail

    monkeypatch.delenv("AFTERWORD_WEB__PUBLIC_URL", raising=False)
    assert centre_mail(load_settings()) is None  # no centre SMTP: no digests
    monkeypatch.setenv("AFTERWORD_SERVER_MAIL__HOST", "smtp.uni.example")
    monkeypatch.setenv("AFTERWORD_SERVER_MAIL__SENDER", "careers@uni.example")
    monkeypatch.setenv("AFTERWORD_SERVER_MAIL__SECURITY", "tls")
    with pytest.raises(InvalidInputError, match="AFTERWORD_WEB__PUBLIC_URL"):
        centre_mail(load_settings())
    monkeypatch.setenv("AFTERWORD_WEB__PUBLIC_URL", "https://jobs.uni.example/")
    mail = centre_mail(load_settings())
    assert mail is not None
    assert mail.base_url == "https://jobs.uni.example"
    assert mail.account.address == "careers@uni.example"
    assert (mail.account.smtp_host, mail.account.smtp_security) == ("smtp.uni.example", "tls")
