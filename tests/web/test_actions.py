"""An email action's draft page: read, edit, copy, download, send, save, or note it as sent."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup

from afterword.mail.models import DeliveryRoute
from afterword.mail.service import messages_for
from afterword.playbook.actions import ActionKind
from afterword.playbook.models import ActionState
from afterword.playbook.service import get_action
from afterword.settings import Settings, load_settings
from afterword.web.app import create_app
from tests.mail.conftest import SmtpServer, StartSmtp, start_smtp  # noqa: F401
from tests.mail.dovecot_server import free_port
from tests.web.conftest import WebClient
from tests.web.test_today import action_id, interviewed, seed_interview_today


def textarea(page: BeautifulSoup, ident: str) -> str:
    """A textarea's value as a browser reads it (without the newline after the opening tag)."""
    return page.find("textarea", id=ident).get_text().removeprefix("\n")


def _thank_you(workspace: Any) -> tuple[int, int]:
    app_id = seed_interview_today(workspace)
    return app_id, action_id(workspace, ActionKind.THANK_RECRUITER, app_id)


def _state(workspace: Any, ident: int) -> ActionState:
    with workspace() as ws:
        return get_action(session=ws.session, user_id=ws.user_id, action_id=ident).state


def _messages(workspace: Any, app_id: int) -> list[tuple[DeliveryRoute, str, str]]:
    with workspace() as ws:
        rows = messages_for(session=ws.session, user_id=ws.user_id, application_id=app_id)
        return [(m.route, m.subject, m.body) for m in rows]


def _client_for(settings: Settings) -> Iterator[WebClient]:
    with WebClient(create_app(settings), raise_server_exceptions=False) as web:
        match = re.search(r'name="csrf-token" content="([0-9a-f]+)"', web.get("/").text)
        assert match
        web.token = match.group(1)
        yield web


def _mail_settings(sqlite_url: str, port: int) -> Settings:
    return load_settings(
        database_url=sqlite_url,
        web={"allowed_hosts": ["testserver"]},
        mail={
            "address": "sam@example.org",
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "smtp_security": "none",
            "timeout_seconds": 5,
        },
    )


@pytest.fixture
def smtp(start_smtp: StartSmtp, monkeypatch: pytest.MonkeyPatch) -> SmtpServer:  # noqa: F811
    monkeypatch.setenv("AFTERWORD_SMTP_PASSWORD", "unused-without-auth")
    return start_smtp()


@pytest.fixture
def mail_client(sqlite_url: str, today: dt.date, smtp: SmtpServer) -> Iterator[WebClient]:
    """The app with an SMTP account on a real (aiosmtpd) server."""
    yield from _client_for(_mail_settings(sqlite_url, smtp.port))


def test_the_draft_page_shows_recipient_subject_and_an_editable_body_with_copy(
    client: WebClient, workspace: Any
) -> None:
    app_id, thank = _thank_you(workspace)
    page = client.page(f"/actions/{thank}/draft")
    assert [h1.get_text() for h1 in page.find_all("h1")] == ["Thank the recruiter"]
    assert "Priya Shah <priya@acme.example>" in page.find("form", id="draft-form").get_text(" ")
    assert textarea(page, "draft-body").startswith("Hi Priya,")
    assert page.find("input", id="draft-subject")["value"]
    assert page.find("button", attrs={"data-copy": "draft-body"}).get_text(strip=True) == "Copy"
    mailto = page.find("a", string="Open in your mail app")["href"]
    assert mailto.startswith("mailto:priya@acme.example?subject=")
    assert page.find("button", attrs={"formaction": f"/actions/{thank}/draft.eml"}) is not None
    assert page.find("button", attrs={"value": "copied"}).get_text(strip=True) == "I've sent it"
    assert page.find("a", href=f"/applications/{app_id}") is not None


def test_without_a_mail_account_there_is_no_send_button_but_a_link_to_settings(
    client: WebClient, workspace: Any
) -> None:
    _app_id, thank = _thank_you(workspace)
    page = client.page(f"/actions/{thank}/draft")
    assert page.find("button", attrs={"value": "send"}) is None
    assert page.find("button", attrs={"value": "save"}) is None
    assert page.find("a", href="/settings#mail") is not None


def test_missing_facts_are_listed_in_plain_words_with_how_to_fix_them(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        app_id = interviewed(
            ws, "Globex", "Analyst", dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), recruiter=False
        )
    thank = action_id(workspace, ActionKind.THANK_RECRUITER, app_id)
    page = client.page(f"/actions/{thank}/draft")
    missing = page.find("section", class_="draft-missing")
    assert missing is not None
    text = missing.get_text(" ", strip=True)
    assert "The recruiter's email address." in text
    assert "afterword profile" not in text
    assert missing.find("a", href=f"/applications/{app_id}") is not None
    assert missing.find("a", href="/settings#profile") is not None


def test_i_have_sent_it_records_the_edited_text_and_completes_the_action(
    client: WebClient, workspace: Any
) -> None:
    app_id, thank = _thank_you(workspace)
    response = client.submit(
        f"/actions/{thank}/draft",
        {"op": "copied", "subject": "Thank you, Priya", "body": "Hi Priya,\n\nThanks again.\n"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert _state(workspace, thank) is ActionState.DONE
    assert _messages(workspace, app_id) == [
        (DeliveryRoute.COPIED, "Thank you, Priya", "Hi Priya,\n\nThanks again.\n")
    ]
    assert "Noted as sent" in client.page("/").find(id="alerts").get_text()


def test_the_eml_download_is_an_attachment_and_is_recorded(
    client: WebClient, workspace: Any
) -> None:
    app_id, thank = _thank_you(workspace)
    with workspace() as ws:
        ws.user.email = "sam@example.org"
    response = client.get(f"/actions/{thank}/draft.eml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("message/rfc822")
    assert f'filename="afterword-{thank}.eml"' in response.headers["content-disposition"]
    message = email.message_from_bytes(response.content, policy=email.policy.default)
    assert message["To"].addresses[0].addr_spec == "priya@acme.example"
    assert [route for route, _s, _b in _messages(workspace, app_id)] == [DeliveryRoute.EML]
    edited = client.submit(f"/actions/{thank}/draft.eml", {"subject": "Edited", "body": "Short."})
    parsed = email.message_from_bytes(edited.content, policy=email.policy.default)
    assert parsed["Subject"] == "Edited"
    assert parsed.get_content().strip() == "Short."


def test_the_eml_download_without_a_sender_address_says_what_to_do(
    client: WebClient, workspace: Any
) -> None:
    _app_id, thank = _thank_you(workspace)
    response = client.get(f"/actions/{thank}/draft.eml")
    assert response.status_code == 422
    assert "email address in Settings" in response.text


def test_a_non_email_action_has_no_draft(client: WebClient, workspace: Any) -> None:
    app_id = seed_interview_today(workspace)
    debrief = action_id(workspace, ActionKind.DEBRIEF, app_id)
    response = client.get(f"/actions/{debrief}/draft")
    assert response.status_code == 422
    assert "not an email" in response.text
    assert client.get("/actions/99999/draft").status_code == 404


def test_send_delivers_the_edited_email_over_smtp_and_completes_the_action(
    mail_client: WebClient, workspace: Any, smtp: SmtpServer
) -> None:
    app_id, thank = _thank_you(workspace)
    page = mail_client.page(f"/actions/{thank}/draft")
    assert page.find("button", attrs={"value": "send"}).get_text(strip=True) == "Send"
    response = mail_client.submit(
        f"/actions/{thank}/draft",
        {"op": "send", "subject": "Thanks for today", "body": "Hi Priya,\n\nThank you.\n"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    [received] = smtp.received
    message = email.message_from_bytes(received.content, policy=email.policy.default)
    assert message["Subject"] == "Thanks for today"
    assert message.get_content().replace("\r\n", "\n") == "Hi Priya,\n\nThank you.\n"
    assert received.rcpt_tos == ["priya@acme.example"]
    assert _state(workspace, thank) is ActionState.DONE
    assert [m[0] for m in _messages(workspace, app_id)] == [DeliveryRoute.SMTP]


def test_sending_again_needs_the_confirmation_box(
    mail_client: WebClient, workspace: Any, smtp: SmtpServer
) -> None:
    _app_id, thank = _thank_you(workspace)
    mail_client.submit(f"/actions/{thank}/draft", {"op": "send"})
    page = mail_client.page(f"/actions/{thank}/draft")
    assert "already went out" in page.find(id="earlier-delivery").get_text()
    assert page.find("input", attrs={"name": "again", "type": "checkbox"}) is not None
    refused = mail_client.submit(f"/actions/{thank}/draft", {"op": "send", "body": "Mine."})
    assert refused.status_code == 409
    shown = BeautifulSoup(refused.text, "html.parser")
    assert "tick" in shown.find(id="draft-error").get_text()
    assert textarea(shown, "draft-body") == "Mine."
    assert len(smtp.received) == 1
    mail_client.submit(f"/actions/{thank}/draft", {"op": "send", "again": "yes"})
    assert len(smtp.received) == 2


def test_a_delivery_failure_is_shown_as_an_alert_and_the_action_stays_open(
    sqlite_url: str,
    today: dt.date,
    workspace: Any,
    monkeypatch: Any,
) -> None:
    monkeypatch.setenv("AFTERWORD_SMTP_PASSWORD", "unused")
    # Nothing listens on a port just freed: connecting is refused.
    for web in _client_for(_mail_settings(sqlite_url, free_port())):
        app_id, thank = _thank_you(workspace)
        response = web.submit(f"/actions/{thank}/draft", {"op": "send", "body": "Kept text."})
        assert response.status_code == 502
        page = BeautifulSoup(response.text, "html.parser")
        alert = page.find(id="draft-error")
        assert alert["role"] == "alert" and "could not connect" in alert.get_text()
        assert textarea(page, "draft-body") == "Kept text."
        assert _state(workspace, thank) is ActionState.OPEN
        assert _messages(workspace, app_id) == []


def test_the_draft_form_needs_its_token(client: WebClient, workspace: Any) -> None:
    _app_id, thank = _thank_you(workspace)
    response = client.post(f"/actions/{thank}/draft", data={"op": "copied"})
    assert response.status_code == 403
    assert _state(workspace, thank) is ActionState.OPEN
