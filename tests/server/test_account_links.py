"""Invitations and password resets by email, through a real SMTP server and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from afterword import clock
from afterword.accounts.links import request_reset
from afterword.accounts.mailer import SendFailed, send_account_email
from afterword.accounts.models import AccountEmail, AccountLink
from afterword.accounts.service import add_account, disable_account
from afterword.settings import Settings
from afterword.settings.mail import ServerMail
from afterword.storage.session import get_engine, session_scope
from afterword.web.app import create_app
from tests.mail.conftest import SmtpServer, StartSmtp, closed_port, start_smtp
from tests.server.conftest import ANA, BO, PASSWORD, Browser

__all__ = ["closed_port", "start_smtp"]  # the fixtures, imported for pytest

Open = Callable[..., Browser]
NEW_PASSWORD = "a brand new passphrase"
ADMIN = "carla@example.edu"
SAME_ANSWER = "If that address belongs to an account here"


@pytest.fixture
def smtp(start_smtp: StartSmtp) -> SmtpServer:
    """The centre's SMTP server: a real aiosmtpd on loopback."""
    return start_smtp()


@pytest.fixture
def server_settings(server_settings: Settings, smtp: SmtpServer) -> Settings:
    """Server mode, sending account emails through the test SMTP server."""
    server_mail = ServerMail(
        host=smtp.host, port=smtp.port, security="none", sender="careers@example.edu"
    )
    return server_settings.model_copy(update={"server_mail": server_mail})


def _mails(smtp: SmtpServer) -> list[tuple[str, str, str]]:
    """(to, subject, body) of every email the server received."""
    found = []
    for received in smtp.received:
        message: Any = email.message_from_bytes(received.content, policy=email.policy.default)
        found.append((str(message["To"]), str(message["Subject"]), message.get_content()))
    return found


def _link(smtp: SmtpServer, kind: str) -> str:
    """The path of the newest link of this kind in the mail received."""
    paths = [
        match.group(1)
        for _to, _subject, body in _mails(smtp)
        for match in re.finditer(rf"http://testserver(/login/{kind}/\S+)", body)
    ]
    assert paths, f"no {kind} link was mailed"
    return paths[-1]


def _ask_reset(web: Browser, address: str) -> Any:
    web.load("/login/forgot")
    return web.post("/login/forgot", data={"csrf_token": web.token, "email": address})


def _set_password(web: Browser, path: str, password: str = NEW_PASSWORD) -> Any:
    form = web.load(path)
    assert form.status_code == 200, form.text
    return web.post(path, data={"csrf_token": web.token, "password": password, "confirm": password})


def test_a_reset_link_sets_a_new_password_once_and_signs_out_everywhere(
    browser: Open, smtp: SmtpServer
) -> None:
    elsewhere = browser()
    assert elsewhere.sign_in(ANA).status_code == 303
    visitor = browser()
    asked = _ask_reset(visitor, ANA)
    assert asked.status_code == 200 and SAME_ANSWER in asked.text
    [(to, subject, _body)] = _mails(smtp)
    assert (to, subject) == (ANA, "Setting a new afterword password")
    path = _link(smtp, "reset")
    done = _set_password(visitor, path)
    assert done.status_code == 200 and "Your password is set" in done.text
    # Every session the account had is over; the old password no longer opens it.
    assert elsewhere.get("/", follow_redirects=False).status_code == 303
    assert browser().sign_in(ANA, PASSWORD).status_code == 401
    assert browser().sign_in(ANA, NEW_PASSWORD).status_code == 303
    # The same link a second time: refused, and says why.
    again = visitor.get(path)
    assert again.status_code == 410 and "already been used" in again.text
    reuse = visitor.post(
        path, data={"csrf_token": visitor.token, "password": "x" * 12, "confirm": "x" * 12}
    )
    assert reuse.status_code == 410 and "already been used" in reuse.text
    assert browser().sign_in(ANA, "x" * 12).status_code == 401


def test_an_unknown_address_gets_the_same_answer_and_no_email(
    browser: Open, smtp: SmtpServer
) -> None:
    def answer(address: str) -> tuple[int, str]:
        response = _ask_reset(browser(), address)
        # The page without its form token (which differs per browser).
        return response.status_code, re.sub(r'[0-9a-f]{40}|value="[^"]*"', "", response.text)

    assert answer("nobody@example.org") == answer(ANA)
    assert [to for to, _s, _b in _mails(smtp)] == [ANA]


def test_a_disabled_account_gets_no_reset_and_its_earlier_link_stops_working(
    browser: Open, smtp: SmtpServer, server_settings: Settings
) -> None:
    visitor = browser()
    _ask_reset(visitor, BO)
    path = _link(smtp, "reset")
    with session_scope(server_settings.database_url) as session:
        disable_account(session=session, email=BO, now=clock.now())
    assert SAME_ANSWER in _ask_reset(visitor, BO).text
    assert len(smtp.received) == 1, "a disabled account was sent a reset link"
    refused = visitor.get(path)
    assert refused.status_code == 403 and "disabled" in refused.text
    assert _set_password(browser(), "/login/forgot").status_code == 200  # page still there
    assert browser().sign_in(BO, PASSWORD).status_code == 401


def test_an_expired_reset_link_is_refused(browser: Open, smtp: SmtpServer) -> None:
    visitor = browser()
    _ask_reset(visitor, ANA)
    path = _link(smtp, "reset")
    clock.pin(clock.now() + dt.timedelta(hours=1, seconds=1))
    refused = visitor.get(path)
    assert refused.status_code == 410 and "expired" in refused.text
    posted = visitor.post(
        path, data={"csrf_token": visitor.token, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert posted.status_code == 410
    assert browser().sign_in(ANA, NEW_PASSWORD).status_code == 401
    assert browser().sign_in(ANA, PASSWORD).status_code == 303


def test_a_newer_reset_link_replaces_the_older_one(browser: Open, smtp: SmtpServer) -> None:
    visitor = browser()
    _ask_reset(visitor, ANA)
    first = _link(smtp, "reset")
    _ask_reset(visitor, ANA)
    second = _link(smtp, "reset")
    assert first != second
    assert visitor.get(first).status_code == 410
    assert _set_password(visitor, second).status_code == 200


def test_reset_requests_are_rate_limited_whether_or_not_the_address_exists(
    browser: Open, smtp: SmtpServer
) -> None:
    for address in (ANA, "nobody@example.org"):
        visitor = browser()
        answers = [_ask_reset(visitor, address).status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429], address
        assert "too many reset emails" in _ask_reset(visitor, address).text
    assert len(smtp.received) == 3


def test_the_forms_need_their_form_token(browser: Open, smtp: SmtpServer) -> None:
    visitor = browser()
    visitor.load("/login/forgot")
    assert visitor.post("/login/forgot", data={"email": ANA}).status_code == 403
    assert smtp.received == []
    _ask_reset(visitor, ANA)
    path = _link(smtp, "reset")
    visitor.load(path)
    forged = {"csrf_token": "0" * 40, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert visitor.post(path, data=forged).status_code == 403
    assert browser().sign_in(ANA, NEW_PASSWORD).status_code == 401
    # Another browser's token does not do either: it is bound to the browser's cookie.
    other = browser()
    other.load("/login/forgot")
    stolen = {"csrf_token": other.token, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert visitor.post(path, data=stolen).status_code == 403
    assert _set_password(visitor, path).status_code == 200


def test_a_weak_or_mistyped_password_keeps_the_link_usable(browser: Open, smtp: SmtpServer) -> None:
    visitor = browser()
    _ask_reset(visitor, ANA)
    path = _link(smtp, "reset")
    visitor.load(path)
    short = visitor.post(
        path, data={"csrf_token": visitor.token, "password": "short", "confirm": "short"}
    )
    assert short.status_code == 422 and "at least 10 characters" in short.text
    differ = {"csrf_token": visitor.token, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"}
    assert visitor.post(path, data=differ).status_code == 422
    assert _set_password(visitor, path).status_code == 200


def test_tokens_are_stored_only_as_hashes(
    browser: Open, smtp: SmtpServer, _migrated_postgres: str
) -> None:
    _ask_reset(browser(), ANA)
    token = _link(smtp, "reset").rsplit("/", 1)[1]
    with get_engine(_migrated_postgres).connect() as connection:
        stored = [
            str(value)
            for table in ("account_links", "account_emails")
            for row in connection.execute(sa.text(f"SELECT * FROM {table}"))
            for value in row
        ]
    assert stored and not any(token in value for value in stored)


@pytest.fixture
def admin(server_settings: Settings, accounts: dict[str, int]) -> str:
    with session_scope(server_settings.database_url) as session:
        add_account(
            session=session, email=ADMIN, role="admin", password=PASSWORD,
            timezone="Europe/London", country="GB", now=clock.now(),
        )  # fmt: skip
    return ADMIN


def test_an_admin_invites_someone_who_sets_a_password_once(
    browser: Open, smtp: SmtpServer, admin: str
) -> None:
    carla = browser()
    carla.sign_in(admin)
    carla.load("/accounts/invite")
    sent = carla.post(
        "/accounts/invite",
        data={"csrf_token": carla.token, "email": "Dee@Example.org", "role": "coach"},
    )
    assert sent.status_code == 200 and "Invitation sent to dee@example.org" in sent.text
    [(to, subject, body)] = _mails(smtp)
    assert (to, subject) == ("dee@example.org", "You are invited to afterword")
    expires = clock.now() + dt.timedelta(hours=72)
    assert f"until {expires:%Y-%m-%d %H:%M} UTC" in body
    dee = browser()
    # Before the invitation is used, the account cannot sign in with any password.
    assert dee.sign_in("dee@example.org", NEW_PASSWORD).status_code == 401
    path = _link(smtp, "invite")
    assert _set_password(dee, path).status_code == 200
    assert dee.sign_in("dee@example.org", NEW_PASSWORD).status_code == 303
    again = browser().get(path)
    assert again.status_code == 410 and "already been used" in again.text
    # Invited twice once accepted: refused in one line.
    carla.load("/accounts/invite")
    twice = carla.post(
        "/accounts/invite",
        data={"csrf_token": carla.token, "email": "dee@example.org", "role": "coach"},
    )
    assert twice.status_code == 422 and "already an account" in twice.text
    assert len(smtp.received) == 1


def test_an_invitation_expires_after_72_hours(browser: Open, smtp: SmtpServer, admin: str) -> None:
    carla = browser()
    carla.sign_in(admin)
    carla.load("/accounts/invite")
    carla.post("/accounts/invite", data={"csrf_token": carla.token, "email": "dee@example.org"})
    path = _link(smtp, "invite")
    clock.pin(clock.now() + dt.timedelta(hours=72))
    refused = browser().get(path)
    assert refused.status_code == 410 and "expired" in refused.text


def test_only_admins_invite_and_the_form_needs_its_token(
    browser: Open, smtp: SmtpServer, admin: str
) -> None:
    ana = browser()
    ana.sign_in(ANA)
    assert ana.get("/accounts/invite").status_code == 403
    ana_try = ana.post(
        "/accounts/invite", data={"csrf_token": ana.token, "email": "eve@example.org"}
    )
    assert ana_try.status_code == 403
    carla = browser()
    carla.sign_in(admin)
    carla.load("/accounts/invite")
    assert carla.post("/accounts/invite", data={"email": "eve@example.org"}).status_code == 403
    assert smtp.received == []


def test_an_account_email_is_sent_once_however_often_it_is_sent(
    server_settings: Settings, accounts: dict[str, int], smtp: SmtpServer, closed_port: int
) -> None:
    with session_scope(server_settings.database_url) as session:
        issued = request_reset(session=session, email=ANA, address="127.0.0.1", now=clock.now())
    assert issued is not None
    kwargs: dict[str, Any] = {
        "kind": "reset", "to": ANA, "link": "http://testserver/login/reset/t", "key": issued.key,
        "expires_at": issued.expires_at, "now": clock.now(),
    }  # fmt: skip
    # The SMTP server is down: nothing is marked, so a later run sends it.
    down = ServerMail(host="127.0.0.1", port=closed_port, security="none", sender="c@example.edu")
    with (
        pytest.raises(SendFailed, match="could not send"),
        session_scope(server_settings.database_url) as session,
    ):
        send_account_email(session=session, server=down, **kwargs)
    sent = []
    for _ in range(3):
        with session_scope(server_settings.database_url) as session:
            sent.append(
                send_account_email(session=session, server=server_settings.server_mail, **kwargs)
            )
    assert sent == [True, False, False]
    assert len(smtp.received) == 1
    with session_scope(server_settings.database_url) as session:
        row = session.scalars(sa.select(AccountEmail).where(AccountEmail.key == issued.key)).one()
        assert row.sent_at is not None
        assert session.scalar(sa.select(sa.func.count()).select_from(AccountLink)) == 1


def test_without_the_centres_smtp_an_invitation_is_refused_and_nothing_made(
    browser: Open, server_settings: Settings, admin: str, _migrated_postgres: str
) -> None:
    mailless = create_app(server_settings.model_copy(update={"server_mail": None}))
    with Browser(mailless, base_url="http://testserver", raise_server_exceptions=False) as carla:
        carla.sign_in(admin)
        carla.load("/accounts/invite")
        refused = carla.post(
            "/accounts/invite", data={"csrf_token": carla.token, "email": "dee@example.org"}
        )
    assert refused.status_code == 422 and "AFTERWORD_SERVER_MAIL__HOST" in refused.text
    with get_engine(_migrated_postgres).connect() as connection:
        made = connection.execute(
            sa.text("SELECT count(*) FROM accounts WHERE email = 'dee@example.org'")
        )
        assert made.scalar() == 0
