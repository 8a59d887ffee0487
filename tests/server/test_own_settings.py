"""Each person's settings live in the database in server mode: every web process sees a
change at once, and mail passwords are sealed with the server's key."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from fastapi import FastAPI

from afterword.accounts.sealing import reseal, seal, unseal
from afterword.accounts.user_settings import own_row, own_settings
from afterword.errors import InvalidInputError
from afterword.mail.delivery import password_for
from afterword.settings import Settings
from afterword.settings.mail import MailAccount
from afterword.storage.row_security import acting_as
from afterword.storage.session import get_engine, session_scope
from afterword.web.app import create_app
from tests.server.conftest import ANA, BO, Browser

Open = Callable[..., Browser]
KEY = Fernet.generate_key().decode()
MAIL_PASSWORD = "app-password-for-ana-7431"
MAIL_FORM = {
    "address": "ana@example.org",
    "smtp_host": "smtp.example.org",
    "smtp_port": "587",
    "imap_host": "imap.example.org",
}


@pytest.fixture
def server_settings(server_settings: Settings) -> Settings:
    """Server mode with a key for sealing mail passwords."""
    return server_settings.model_copy(update={"secret_key": KEY})


@pytest.fixture
def second_process(server_settings: Settings, server_app: FastAPI) -> Iterator[Open]:
    """Browsers on a second app, built apart from the first on the same database, as a
    second web process would be."""
    other = create_app(server_settings)
    opened: list[Browser] = []

    def open_() -> Browser:
        web = Browser(other, base_url="http://testserver", raise_server_exceptions=False)
        web.__enter__()
        opened.append(web)
        return web

    yield open_
    for web in opened:
        web.__exit__(None, None, None)


def _timing(web: Browser) -> int:
    return int(web.get("/api/settings/playbook").json()["second_follow_up_business_days"])


def test_a_timing_changed_through_one_process_holds_in_another_at_once(
    browser: Open, second_process: Open
) -> None:
    ana_here, ana_there, bo_there = browser(), second_process(), second_process()
    for web, address in ((ana_here, ANA), (ana_there, ANA), (bo_there, BO)):
        assert web.sign_in(address).status_code == 303
    default = _timing(ana_there)
    changed = ana_here.api(
        "PUT", "/api/settings/playbook", json={"second_follow_up_business_days": default + 3}
    )
    assert changed.status_code == 200, changed.text
    assert _timing(ana_there) == default + 3
    assert _timing(bo_there) == default, "Ana's timing reached Bo"
    # Through the Settings page's form, the other way round.
    ana_there.load("/settings")
    form = {"csrf_token": ana_there.token, "second_follow_up_business_days": str(default + 1)}
    saved = ana_there.post("/settings/playbook", data=form, follow_redirects=False)
    assert saved.status_code == 303
    assert _timing(ana_here) == default + 1


def test_a_mail_password_is_stored_sealed_and_never_shown(
    browser: Open,
    second_process: Open,
    server_settings: Settings,
    accounts: dict[str, int],
    _migrated_postgres: str,
) -> None:
    ana = browser()
    ana.sign_in(ANA)
    ana.load("/settings")
    saved = ana.post(
        "/settings/mail",
        data={"csrf_token": ana.token, **MAIL_FORM, "password": MAIL_PASSWORD},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    with get_engine(_migrated_postgres).connect() as connection:
        row = connection.execute(sa.text("SELECT * FROM user_settings")).mappings().one()
    assert MAIL_PASSWORD not in str(dict(row))
    assert row["mail"]["smtp_host"] == "smtp.example.org"
    assert unseal(KEY, row["mail_password_sealed"]) == MAIL_PASSWORD
    # What a request of Ana's works with: her account, carrying her password for sending.
    with acting_as(accounts[ANA]), session_scope(server_settings.database_url) as session:
        own = own_settings(
            server_settings, own_row(session=session, user_id=accounts[ANA]), handle="ana"
        )
    assert own.mail is not None and own.mail.smtp_host == "smtp.example.org"
    assert password_for(own.mail, "smtp") == MAIL_PASSWORD
    # Another process shows the account, says a password is stored, and never shows it.
    elsewhere = second_process()
    elsewhere.sign_in(ANA)
    page = elsewhere.get("/settings").text
    assert 'value="smtp.example.org"' in page and "A password is stored" in page
    assert MAIL_PASSWORD not in page
    # Saving the account again without a password keeps the stored one.
    elsewhere.post("/settings/mail", data={"csrf_token": elsewhere.token, **MAIL_FORM})
    with get_engine(_migrated_postgres).connect() as connection:
        sealed = connection.execute(sa.text("SELECT mail_password_sealed FROM user_settings"))
        assert unseal(KEY, sealed.scalar_one()) == MAIL_PASSWORD
    # Bo has no mail account: Ana's is hers alone.
    bo = browser()
    bo.sign_in(BO)
    assert 'value="smtp.example.org"' not in bo.get("/settings").text


def test_without_a_key_the_server_refuses_to_store_a_mail_password(
    browser: Open, server_settings: Settings, accounts: dict[str, int], _migrated_postgres: str
) -> None:
    keyless = create_app(server_settings.model_copy(update={"secret_key": None}))
    with Browser(keyless, base_url="http://testserver", raise_server_exceptions=False) as ana:
        ana.sign_in(ANA)
        ana.load("/settings")
        refused = ana.post(
            "/settings/mail", data={"csrf_token": ana.token, **MAIL_FORM, "password": "secret-1"}
        )
    assert refused.status_code == 422
    assert "no AFTERWORD_SECRET_KEY" in refused.text
    with get_engine(_migrated_postgres).connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM user_settings")).scalar() == 0


def test_a_carried_password_is_the_only_one_a_server_account_uses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AFTERWORD_MAIL_PASSWORD", "the server's own")
    account = MailAccount(address="ana@example.org", smtp_host="smtp.example.org")
    assert password_for(account.with_password("hers"), "smtp") == "hers"
    with pytest.raises(InvalidInputError, match="no mail password is stored"):
        password_for(account.with_password(""), "smtp")
    assert password_for(account, "smtp") == "the server's own"  # single-user mode, as before


def test_the_key_rotates_old_secrets_open_with_the_new_list() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed = seal(old, MAIL_PASSWORD)
    assert unseal(f"{new},{old}", sealed) == MAIL_PASSWORD
    resealed = reseal(f"{new},{old}", sealed)
    assert unseal(new, resealed) == MAIL_PASSWORD
    with pytest.raises(InvalidInputError, match="cannot be opened"):
        unseal(new, sealed)
    with pytest.raises(InvalidInputError, match="not a Fernet key"):
        seal("not a key", MAIL_PASSWORD)


def test_the_folder_to_sync_is_kept_per_person_and_a_wildcard_is_refused(
    browser: Open, second_process: Open, accounts: dict[str, int], _migrated_postgres: str
) -> None:
    ana, ana_there, bo = browser(), second_process(), second_process()
    for web, address in ((ana, ANA), (ana_there, ANA), (bo, BO)):
        web.sign_in(address)
    ana.load("/settings")
    form = {"csrf_token": ana.token, **MAIL_FORM, "sync_folder": "  Jobs/Replies "}
    assert ana.post("/settings/mail", data=form, follow_redirects=False).status_code == 303
    # Seen at once by another web process, and by nobody else.
    assert 'value="Jobs/Replies"' in ana_there.get("/settings").text
    assert "Jobs/Replies" not in bo.get("/settings").text
    refused = ana.post("/settings/mail", data={**form, "sync_folder": "Jobs*"})
    assert refused.status_code == 422
    assert "cannot hold * or %" in refused.text
    with get_engine(_migrated_postgres).connect() as connection:
        kept = connection.execute(
            sa.text("SELECT mail FROM user_settings WHERE user_id = :id"), {"id": accounts[ANA]}
        ).scalar_one()
    assert kept["sync_folder"] == "Jobs/Replies"
