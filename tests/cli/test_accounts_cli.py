"""`afterword accounts ...`: server mode only, on a real PostgreSQL."""

from __future__ import annotations

import io
import socket

import pytest
import sqlalchemy as sa

from afterword.settings import get_settings
from afterword.storage.session import get_engine
from tests.cli.conftest import Cli, _runner, assert_one_line_error


@pytest.fixture
def server_cli(
    server_database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Cli:
    """Runs `afterword ARGS...` in server mode on an empty PostgreSQL database."""
    monkeypatch.setenv("AFTERWORD_MODE", "server")
    return _runner(capsys)


def _with_stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


@pytest.mark.parametrize(
    "args",
    [
        ("accounts", "list"),
        ("accounts", "add", "ana@example.org", "--password-stdin"),
        ("accounts", "disable", "ana@example.org"),
        ("accounts", "reset-password", "ana@example.org", "--password-stdin"),
    ],
)
def test_accounts_are_refused_in_one_line_outside_server_mode(cli: Cli, args: tuple[str]) -> None:
    assert_one_line_error(cli(*args), "accounts exist only in server mode")


def test_server_mode_on_sqlite_is_refused_in_one_line(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFTERWORD_MODE", "server")
    assert_one_line_error(cli("accounts", "list"), "server mode needs a PostgreSQL database")


def test_an_account_is_added_listed_and_its_password_is_hashed_with_argon2id(
    server_cli: Cli, server_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_stdin(monkeypatch, "correct horse battery\n")
    added = server_cli("accounts", "add", "Ana@Example.org", "--role", "coach", "--password-stdin")
    assert (added.code, added.out) == (0, "Added ana@example.org as coach.\n")
    listed = server_cli("accounts", "list")
    assert listed.code == 0
    assert "ana@example.org" in listed.out and "coach" in listed.out and "active" in listed.out
    with get_engine(server_database_url).connect() as connection:
        stored = connection.execute(sa.text("SELECT password_hash FROM accounts")).scalar_one()
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored


def test_a_second_account_with_the_same_address_is_refused(
    server_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_stdin(monkeypatch, "correct horse battery\n")
    assert server_cli("accounts", "add", "ana@example.org", "--password-stdin").code == 0
    _with_stdin(monkeypatch, "correct horse battery\n")
    again = server_cli("accounts", "add", "ANA@example.org", "--password-stdin")
    assert_one_line_error(again, "there is already an account for ana@example.org")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("add", "not-an-address", "--password-stdin"), "long enough pw\n", "not an email"),
        (("add", "bo@example.org", "--password-stdin"), "short\n", "at least 10 characters"),
        (
            ("add", "bo@example.org", "--role", "boss", "--password-stdin"),
            "long enough pw\n",
            "'boss' is not a role",
        ),
        (("disable", "nobody@example.org"), "", "there is no account for nobody@example.org"),
        (
            ("reset-password", "nobody@example.org", "--password-stdin"),
            "long enough pw\n",
            "there is no account",
        ),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    server_cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    stdin: str,
    message: str,
) -> None:
    _with_stdin(monkeypatch, stdin)
    assert_one_line_error(server_cli("accounts", *args), message)
    assert "No accounts yet." in server_cli("accounts", "list").out


def test_disable_and_reset_password_report_what_they_did(
    server_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_stdin(monkeypatch, "correct horse battery\n")
    server_cli("accounts", "add", "ana@example.org", "--password-stdin")
    disabled = server_cli("accounts", "disable", "ana@example.org")
    assert disabled.out == "Disabled ana@example.org; every session it had is ended.\n"
    assert "disabled" in server_cli("accounts", "list").out
    _with_stdin(monkeypatch, "another long password\n")
    reset = server_cli("accounts", "reset-password", "ana@example.org", "--password-stdin")
    assert reset.out == "New password set for ana@example.org; every session it had is ended.\n"


def test_a_persons_commands_are_refused_in_server_mode(server_cli: Cli) -> None:
    """No command acts for a made-up user in the shared database."""
    result = server_cli("applications", "list")
    assert_one_line_error(result, "in server mode each person's search is reached by signing in")


def test_serve_refuses_a_role_that_ignores_row_level_security(
    server_cli: Cli, _migrated_postgres: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFTERWORD_DATABASE_URL", _migrated_postgres)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = server_cli("serve", "--port", str(port))
    assert_one_line_error(result, "ignores row-level security")


def test_listing_in_server_mode_on_sqlite_is_refused_even_on_the_fast_path(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("applications", "add", "Acme", "Analyst").code == 0
    monkeypatch.setenv("AFTERWORD_MODE", "server")
    get_settings.cache_clear()  # a new process, as a second command would be
    result = cli("applications", "list")
    assert_one_line_error(result, "server mode needs a PostgreSQL database")
    assert "Acme" not in result.out
