"""`afterword accounts reseal`: rotating the key that seals mail passwords, on a real
PostgreSQL (docs/server.md, "Rotating the key")."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from afterword import clock
from afterword.accounts.sealing import new_key, seal, unseal
from afterword.accounts.service import find_account
from afterword.accounts.user_settings import save_own_mail
from afterword.settings import get_settings
from afterword.settings.mail import MailAccount
from afterword.storage.session import get_engine, session_scope
from tests.cli.conftest import Cli, Result, _runner, assert_one_line_error

OLD, NEW, LOST = new_key(), new_key(), new_key()
PASSWORDS = {
    "ana@example.org": "ana-mailbox-secret",
    "ben@example.org": "ben-mailbox-secret",
    "dan@example.org": "dan-mailbox-secret",
}


@pytest.fixture
def server_cli(
    server_database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Cli:
    monkeypatch.setenv("AFTERWORD_MODE", "server")
    run = _runner(capsys)

    def fresh(*args: str) -> Result:
        get_settings.cache_clear()  # each command reads the environment as it is now
        return run(*args)

    return fresh


def _add(cli: Cli, monkeypatch: pytest.MonkeyPatch, email: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert cli("accounts", "add", email, "--password-stdin").code == 0


def _store(url: str, email: str, key: str) -> None:
    """The person's mail account, with their password sealed under `key`."""
    with session_scope(url) as session:
        account = find_account(session=session, email=email)
        assert account is not None
        save_own_mail(
            session=session, user_id=account.user_id,
            account=MailAccount(address=email, smtp_host="smtp.example.org"),
            password=PASSWORDS[email], secret_key=key, now=clock.now(),
        )  # fmt: skip


def _sealed(url: str) -> dict[str, str | None]:
    with get_engine(url).connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT a.email, s.mail_password_sealed FROM user_settings s "
                "JOIN accounts a ON a.user_id = s.user_id"
            )
        ).all()
    return {str(email): sealed for email, sealed in rows}


@pytest.fixture
def keyed(server_cli: Cli, server_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """Ana's password sealed with the old key, Ben's already with the new one, Cara with no
    mail account; the environment holds the new key and the old one as previous."""
    for email in (*PASSWORDS, "cara@example.org"):
        _add(server_cli, monkeypatch, email)
    _store(server_database_url, "ana@example.org", OLD)
    _store(server_database_url, "ben@example.org", NEW)
    monkeypatch.setenv("AFTERWORD_SECRET_KEY", NEW)
    monkeypatch.setenv("AFTERWORD_SECRET_KEY_PREVIOUS", OLD)
    return server_cli


def _no_secret_in(text: str) -> None:
    for secret in (OLD, NEW, LOST, *PASSWORDS.values()):
        assert secret not in text


def test_reseal_moves_every_password_to_the_new_key_and_a_rerun_changes_nothing(
    keyed: Cli, server_database_url: str
) -> None:
    first = keyed("accounts", "reseal")
    assert first.code == 0, first
    assert "Resealed 1 mail password(s)" in first.out and "1 already were" in first.out
    _no_secret_in(first.out + first.err)
    after = _sealed(server_database_url)
    # The old key can now be dropped: the new one alone opens every password.
    assert {email: unseal(NEW, text or "") for email, text in after.items()} == {
        "ana@example.org": PASSWORDS["ana@example.org"],
        "ben@example.org": PASSWORDS["ben@example.org"],
    }
    again = keyed("accounts", "reseal")
    assert again.code == 0 and "Resealed 0" in again.out and "2 already were" in again.out
    assert _sealed(server_database_url) == after


def test_reseal_without_a_key_names_the_variable_and_changes_nothing(
    keyed: Cli, server_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _sealed(server_database_url)
    monkeypatch.delenv("AFTERWORD_SECRET_KEY")
    result = keyed("accounts", "reseal")
    assert_one_line_error(result, "AFTERWORD_SECRET_KEY is not set")
    assert _sealed(server_database_url) == before


@pytest.mark.parametrize("variable", ["AFTERWORD_SECRET_KEY", "AFTERWORD_SECRET_KEY_PREVIOUS"])
def test_a_malformed_key_is_named_by_its_variable_never_shown(
    keyed: Cli, server_database_url: str, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    before = _sealed(server_database_url)
    monkeypatch.setenv(variable, "not-a-fernet-key-but-a-typo-of-one")
    result = keyed("accounts", "reseal")
    assert_one_line_error(result, f"{variable} is not a Fernet key")
    assert "not-a-fernet-key" not in result.err
    _no_secret_in(result.err)
    assert _sealed(server_database_url) == before


def test_a_password_no_key_opens_stops_the_whole_run_until_it_is_forgotten(
    keyed: Cli, server_database_url: str
) -> None:
    _store(server_database_url, "dan@example.org", LOST)
    before = _sealed(server_database_url)
    stopped = keyed("accounts", "reseal")
    assert_one_line_error(stopped, "dan@example.org", "nothing was changed", "--forget-unopenable")
    _no_secret_in(stopped.err)
    # One transaction: Ana's password, which could have been resealed, was not.
    assert _sealed(server_database_url) == before
    forgotten = keyed("accounts", "reseal", "--forget-unopenable")
    assert (
        forgotten.code == 0 and "Removed 1" in forgotten.out and "dan@example.org" in forgotten.out
    )
    after = _sealed(server_database_url)
    assert after["dan@example.org"] is None
    assert unseal(NEW, after["ana@example.org"] or "") == PASSWORDS["ana@example.org"]


def test_the_web_app_opens_passwords_sealed_with_a_previous_key() -> None:
    sealed = seal(OLD, "kept-through-rotation")
    assert unseal(NEW, sealed, OLD) == "kept-through-rotation"
