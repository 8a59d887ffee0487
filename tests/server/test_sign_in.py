"""Signing in and out of a shared server: sessions, fixation, limits, disabled accounts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from afterword import clock
from afterword.accounts import service
from afterword.accounts.service import WRONG_CREDENTIALS, disable_account
from afterword.errors import AfterwordError
from afterword.settings import Settings, load_settings
from afterword.storage.session import get_engine, session_scope
from afterword.web.app import create_app
from afterword.web.server.auth import SESSION_COOKIE
from tests.server.conftest import ANA, BO, PASSWORD, Browser

Open = Callable[..., Browser]


def test_anonymous_pages_go_to_the_sign_in_page_and_the_api_answers_401(browser: Open) -> None:
    anonymous = browser()
    page = anonymous.get("/pipeline?status=applied", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=/pipeline%3Fstatus%3Dapplied"
    api = anonymous.get("/api/applications")
    assert api.status_code == 401
    assert api.json() == {"detail": "sign in first: this server needs a signed-in account"}
    assert anonymous.get("/login").status_code == 200
    assert anonymous.get("/static/css/app.css").status_code == 200


def test_signing_in_sets_an_httponly_samesite_cookie_and_shows_only_ones_own_search(
    browser: Open,
) -> None:
    ana, bo = browser(), browser()
    response = ana.sign_in(ANA)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"].lower()
    assert f"{SESSION_COOKIE}=" in cookie
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    created = ana.api("POST", "/api/applications", json={"company": "Fernhill", "role": "Analyst"})
    assert created.status_code == 201, created.text
    assert [row["company"] for row in ana.get("/api/applications").json()["items"]] == ["Fernhill"]
    assert "Fernhill" in ana.get("/pipeline").text
    bo.sign_in(BO)
    assert bo.get("/api/applications").json()["total"] == 0
    assert "Fernhill" not in bo.get("/pipeline").text


def test_the_cookie_is_secure_when_served_over_https(browser: Open) -> None:
    response = browser("https://testserver").sign_in(ANA)
    assert response.status_code == 303
    assert "secure" in response.headers["set-cookie"].lower()


def test_the_cookie_is_secure_behind_a_proxy_that_terminates_tls(browser: Open) -> None:
    response = browser().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "secure" in response.headers["set-cookie"].lower()
    plain = browser().get("/login")
    assert "secure" not in plain.headers["set-cookie"].lower()


def test_a_planted_session_id_is_never_the_signed_in_one(browser: Open) -> None:
    """Session fixation: the cookie is new at every sign-in, the one brought is ended."""
    victim = browser()
    victim.cookies.set(SESSION_COOKIE, "chosen-by-an-attacker", domain="testserver.local")
    victim.sign_in(ANA)
    issued = victim.cookies.get(SESSION_COOKIE)
    assert issued and issued != "chosen-by-an-attacker"
    before = issued
    victim.sign_in(ANA)  # signing in again, already signed in: rotated again
    rotated = victim.cookies.get(SESSION_COOKIE)
    assert rotated != before
    replay = browser()
    replay.cookies.set(SESSION_COOKIE, before, domain="testserver.local")
    assert replay.get("/api/applications").status_code == 401
    attacker = browser()
    attacker.cookies.set(SESSION_COOKIE, "chosen-by-an-attacker", domain="testserver.local")
    assert attacker.get("/api/applications").status_code == 401


def test_signing_out_ends_the_session_on_the_server(browser: Open) -> None:
    ana = browser()
    ana.sign_in(ANA)
    token = ana.cookies.get(SESSION_COOKIE)
    out = ana.post("/logout", data={"csrf_token": ana.token}, follow_redirects=False)
    assert (out.status_code, out.headers["location"]) == (303, "/login")
    copy = browser()
    copy.cookies.set(SESSION_COOKIE, token, domain="testserver.local")
    assert copy.get("/api/applications").status_code == 401
    assert copy.get("/", follow_redirects=False).headers["location"] == "/login?next=/"


def test_signing_out_everywhere_ends_every_session_of_the_account_only(browser: Open) -> None:
    laptop, phone, bo = browser(), browser(), browser()
    laptop.sign_in(ANA)
    phone.sign_in(ANA)
    bo.sign_in(BO)
    settings_page = laptop.get("/settings").text
    assert "Sign out everywhere" in settings_page
    out = laptop.post(
        "/logout/everywhere", data={"csrf_token": laptop.token}, follow_redirects=False
    )
    assert (out.status_code, out.headers["location"]) == (303, "/login")
    assert phone.get("/api/applications").status_code == 401
    assert laptop.get("/api/applications").status_code == 401
    assert bo.get("/api/applications").status_code == 200


def test_a_wrong_password_is_refused_with_a_clear_message(browser: Open) -> None:
    response = browser().sign_in(ANA, "not the password at all")
    assert response.status_code == 401
    assert WRONG_CREDENTIALS in response.text
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_failed_sign_ins_are_limited_per_account_even_with_the_right_password_after(
    browser: Open,
) -> None:
    guesser = browser()
    for _ in range(service.MAX_FAILURES_PER_ACCOUNT):
        assert guesser.sign_in(ANA, "a wrong guess here").status_code == 401
    blocked = browser().sign_in(ANA, PASSWORD)
    assert blocked.status_code == 429
    assert "too many failed sign-ins for this account" in blocked.text
    assert browser().sign_in(BO).status_code == 303  # another account is not held up


def test_failed_sign_ins_are_limited_per_address(browser: Open) -> None:
    guesser = browser()
    for number in range(service.MAX_FAILURES_PER_ADDRESS):
        assert guesser.sign_in(f"guess{number}@example.org", "a wrong guess").status_code == 401
    blocked = guesser.sign_in(BO)
    assert blocked.status_code == 429
    assert "too many failed sign-ins from this address" in blocked.text


def test_the_window_passes_and_the_account_can_sign_in_again(browser: Open) -> None:
    guesser = browser()
    for _ in range(service.MAX_FAILURES_PER_ACCOUNT):
        guesser.sign_in(ANA, "a wrong guess here")
    clock.pin(clock.now() + service.ATTEMPT_WINDOW + service.ATTEMPT_WINDOW / 10)
    assert browser().sign_in(ANA).status_code == 303


def test_a_disabled_account_cannot_sign_in_and_loses_its_sessions(
    browser: Open, server_settings: Settings
) -> None:
    ana = browser()
    ana.sign_in(ANA)
    with session_scope(server_settings.database_url) as session:
        disable_account(session=session, email=ANA, now=clock.now())
    assert ana.get("/api/applications").status_code == 401
    refused = browser().sign_in(ANA)
    assert refused.status_code == 401 and WRONG_CREDENTIALS in refused.text


def test_a_change_without_the_sessions_form_token_is_refused(browser: Open) -> None:
    """CSRF: no token, or another session's token, changes nothing."""
    ana, bo = browser(), browser()
    ana.sign_in(ANA)
    bo.sign_in(BO)
    body = {"company": "Fernhill", "role": "Analyst"}
    assert ana.post("/api/applications", json=body).status_code == 403
    assert (
        ana.api(
            "POST", "/api/applications", json=body, headers={"X-CSRF-Token": bo.token}
        ).status_code
        == 403
    )
    form = ana.post("/applications", data={"company": "Fernhill", "role": "Analyst"})
    assert form.status_code == 403
    assert ana.get("/api/applications").json()["total"] == 0
    assert ana.api("POST", "/api/applications", json=body).status_code == 201


def test_the_sign_in_form_needs_its_token(browser: Open) -> None:
    anonymous = browser()
    anonymous.get("/login")
    response = anonymous.post("/login", data={"email": ANA, "password": PASSWORD})
    assert response.status_code == 403
    assert SESSION_COOKIE not in anonymous.cookies


def test_a_sign_in_link_only_leads_within_the_site(browser: Open) -> None:
    ana = browser()
    assert ana.sign_in(ANA, next="/offers").headers["location"] == "/offers"
    assert browser().sign_in(ANA, next="//elsewhere.example").headers["location"] == "/"


def test_server_wide_settings_cannot_be_changed_by_a_signed_in_person(browser: Open) -> None:
    ana = browser()
    ana.sign_in(ANA)
    refused = ana.post("/settings/digest", data={"csrf_token": ana.token, "weekly_digest": "on"})
    assert refused.status_code == 403
    assert "belongs to the server" in refused.text


def test_server_mode_refuses_a_role_that_ignores_row_level_security(
    server_settings: Settings, _migrated_postgres: str
) -> None:
    superuser = load_settings(
        mode="server", database_url=_migrated_postgres, web={"allowed_hosts": ["testserver"]}
    )
    with pytest.raises(AfterwordError) as raised:
        create_app(superuser)
    assert "ignores row-level security" in str(raised.value)
    assert "\n" not in str(raised.value)


def test_only_a_hash_of_the_session_token_is_stored(browser: Open, server_app: FastAPI) -> None:
    ana = browser()
    ana.sign_in(ANA)
    token = ana.cookies.get(SESSION_COOKIE)
    url = server_app.state.settings.database_url
    with get_engine(url).connect() as connection:
        stored = (
            connection.execute(sa.text("SELECT token_hash FROM server_sessions")).scalars().all()
        )
    assert token not in stored and service.token_hash(token) in stored
