"""The Settings page: profile, playbook timings, mail account and email templates."""

from __future__ import annotations

import os
import tomllib
from typing import Any

from bs4 import BeautifulSoup

from afterword import paths
from afterword.drafts.service import override_dir
from afterword.settings import load_settings
from afterword.settings.playbook import PlaybookTimings
from tests.web.conftest import WebClient


def _config() -> dict[str, Any]:
    with open(paths.config_file(), "rb") as file:
        return tomllib.load(file)


def _write_config(text: str) -> None:
    os.makedirs(paths.config_dir(), exist_ok=True)
    with open(paths.config_file(), "w", encoding="utf-8") as file:
        file.write(text)


def _value(page: Any, field_id: str) -> str:
    element = page.find(id=field_id)
    assert element is not None, field_id
    if element.name == "textarea":
        return str(element.get_text())
    if element.name == "select":
        chosen = element.find("option", selected=True)
        return str(chosen["value"]) if chosen else ""
    return str(element.get("value", ""))


def _error(page: Any, field_id: str) -> str:
    note = page.find(id=f"{field_id}-note", class_="field-error")
    return note.get_text(" ", strip=True) if note else ""


def test_page_has_one_heading_and_a_section_for_each_setting(client: WebClient) -> None:
    page = client.page("/settings")
    assert [h.get_text() for h in page.find_all("h1")] == ["Settings"]
    assert [h.get_text() for h in page.find_all("h2")] == [
        "Profile",
        "Playbook timings",
        "Mail account",
        "Weekly digest email",
        "Email templates",
    ]
    for section in ("profile", "playbook", "mail", "digest", "templates"):
        assert page.find("section", id=section) is not None
    assert _value(page, "profile-f-timezone") == "Europe/London"
    assert page.find("datalist", id="time-zones").find("option", value="America/New_York")


# -- profile ------------------------------------------------------------------------------


def test_profile_is_saved_and_shown_after_the_redirect(client: WebClient, workspace: Any) -> None:
    response = client.submit(
        "/settings/profile",
        {
            "name": "Sam Rivera",
            "email": "sam@example.com",
            "signature": "Sam Rivera\n+1 555 0100",
            "timezone": "America/New_York",
            "country": "us",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/settings#profile"
    page = client.page("/settings")
    assert "Your profile is saved." in page.get_text()
    assert _value(page, "profile-f-name") == "Sam Rivera"
    assert _value(page, "profile-f-signature") == "Sam Rivera\n+1 555 0100"
    with workspace() as ws:
        assert ws.user.timezone == "America/New_York"
        assert ws.user.country == "US"
        assert ws.user.email == "sam@example.com"


def test_profile_errors_sit_next_to_their_fields_and_keep_what_was_typed(
    client: WebClient, workspace: Any
) -> None:
    response = client.submit(
        "/settings/profile",
        {
            "name": "Sam Rivera",
            "email": "not an address",
            "signature": "",
            "timezone": "Mars/Olympus",
            "country": "GB",
        },
    )
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    assert "not an IANA time zone" in _error(page, "profile-f-timezone")
    assert "not an email address" in _error(page, "profile-f-email")
    assert _value(page, "profile-f-timezone") == "Mars/Olympus"
    assert _value(page, "profile-f-name") == "Sam Rivera"
    assert page.find(id="profile-f-timezone")["aria-invalid"] == "true"
    with workspace() as ws:
        assert ws.user.timezone == "Europe/London"
        assert ws.user.name is None


def test_profile_over_htmx_returns_only_its_section(client: WebClient) -> None:
    response = client.post(
        "/settings/profile",
        data={"timezone": "Europe/Paris", "country": "FR"},
        headers={"HX-Request": "true", "X-CSRF-Token": client.token},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="profile"')
    assert "Your profile is saved." in response.text
    assert "<h1" not in response.text


# -- playbook -----------------------------------------------------------------------------


def test_playbook_form_shows_every_timing_with_its_help_and_default(client: WebClient) -> None:
    page = client.page("/settings")
    for name, field in PlaybookTimings.model_fields.items():
        element = page.find(id=f"playbook-f-{name}")
        assert element is not None, name
        note = page.find(id=f"playbook-f-{name}-note").get_text()
        assert str(field.description) in note
        assert "Default:" in note
    assert _value(page, "playbook-f-offer_reminder_days") == "7, 3, 1"


def test_saving_timings_writes_only_changes_and_keeps_other_sections(
    client: WebClient,
) -> None:
    _write_config("[web]\nport = 9000\n\n[playbook]\nthank_you_business_days = 2\n")
    values = dict.fromkeys(PlaybookTimings.model_fields, "")
    values.update(
        {
            "thank_you_business_days": "0",  # back to its default: dropped from the file
            "second_follow_up_business_days": "7",
            "offer_reminder_days": "5, 2",
        }
    )
    response = client.submit("/settings/playbook", values, follow_redirects=False)
    assert response.status_code == 303
    config = _config()
    assert config["web"] == {"port": 9000}
    assert config["playbook"] == {
        "second_follow_up_business_days": 7,
        "offer_reminder_days": [5, 2],
    }
    settings = load_settings()
    assert settings.playbook.second_follow_up_business_days == 7
    assert settings.playbook.offer_reminder_days == (5, 2)
    assert settings.web.port == 9000
    # The running app uses them at once.
    page = client.page("/settings")
    assert _value(page, "playbook-f-second_follow_up_business_days") == "7"
    assert client.app.state.settings.playbook.second_follow_up_business_days == 7


def test_saving_timings_re_plans_the_agenda_with_them(client: WebClient, workspace: Any) -> None:
    import datetime as dt

    from afterword.pipeline.applications import add_application
    from afterword.pipeline.interviews import log_interview
    from afterword.pipeline.schemas import ApplicationFields, InterviewFields
    from afterword.playbook.actions import ActionKind
    from afterword.playbook.service import open_actions

    with workspace() as ws:
        application = add_application(
            session=ws.session,
            user_id=ws.user_id,
            fields=ApplicationFields(company="Acme", role="Analyst"),
            now=ws.now,
        )
        ws.session.flush()
        log_interview(
            session=ws.session,
            user_id=ws.user_id,
            application_id=application.id,
            fields=InterviewFields(scheduled_at=dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)),
            now=ws.now,
        )

    def research_due() -> dt.date:
        with workspace() as ws:
            rows = open_actions(session=ws.session, user_id=ws.user_id)
            return next(r.due for r in rows if r.kind is ActionKind.SALARY_RESEARCH)

    assert research_due() == dt.date(2026, 11, 25)  # two business days by default
    client.submit("/settings/playbook", {"salary_research_business_days": "4"})
    assert research_due() == dt.date(2026, 11, 27)


def test_a_bad_timing_is_refused_next_to_its_field_and_nothing_is_written(
    client: WebClient,
) -> None:
    response = client.submit(
        "/settings/playbook",
        {"thank_you_business_days": "9", "offer_reminder_days": "3, soon"},
    )
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    assert "5" in _error(page, "playbook-f-thank_you_business_days")
    assert _error(page, "playbook-f-offer_reminder_days")
    assert _value(page, "playbook-f-thank_you_business_days") == "9"
    assert _value(page, "playbook-f-offer_reminder_days") == "3, soon"
    assert not os.path.exists(paths.config_file())


def test_a_broken_config_file_is_reported_and_never_overwritten(client: WebClient) -> None:
    _write_config("[playbook\nthank_you = ")
    page = client.page("/settings")
    assert "is not valid TOML" in page.get_text()
    response = client.submit("/settings/playbook", {"debrief_business_days": "1"})
    assert response.status_code == 422
    assert "fix it by hand" in response.text
    with open(paths.config_file(), encoding="utf-8") as file:
        assert file.read() == "[playbook\nthank_you = "


# -- mail ---------------------------------------------------------------------------------

MAIL = {
    "address": "zoe@example.com",
    "smtp_host": "smtp.example.com",
    "smtp_port": "465",
    "smtp_security": "tls",
    "smtp_username": "",
    "imap_host": "imap.example.com",
    "imap_port": "",
    "imap_security": "",
    "imap_username": "",
    "drafts_folder": "Drafts",
}


def test_mail_account_is_written_to_config_and_used_at_once(client: WebClient) -> None:
    _write_config(
        '[web]\nport = 9000\n\n[mail]\naddress = "old@example.com"\ntimeout_seconds = 30\n'
    )
    response = client.submit("/settings/mail", MAIL, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/settings#mail"
    assert _config()["mail"] == {
        "address": "zoe@example.com",
        "smtp_host": "smtp.example.com",
        "smtp_port": 465,
        "smtp_security": "tls",
        "imap_host": "imap.example.com",
        "drafts_folder": "Drafts",
        "timeout_seconds": 30.0,
    }
    assert _config()["web"] == {"port": 9000}
    account = load_settings().mail
    assert account is not None and account.smtp_port == 465
    assert client.app.state.settings.mail.address == "zoe@example.com"
    page = client.page("/settings")
    assert _value(page, "mail-f-smtp_security") == "tls"
    assert "password is never stored here" in page.get_text()


def test_mail_errors_keep_the_typed_values(client: WebClient) -> None:
    response = client.submit("/settings/mail", {**MAIL, "address": "zoe", "smtp_port": "99999"})
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    assert "not an email address" in _error(page, "mail-f-address")
    assert _error(page, "mail-f-smtp_port")
    assert _value(page, "mail-f-smtp_host") == "smtp.example.com"
    assert _value(page, "mail-f-smtp_port") == "99999"
    assert not os.path.exists(paths.config_file())


def test_mail_needs_an_address_when_anything_else_is_given(client: WebClient) -> None:
    response = client.submit("/settings/mail", {**MAIL, "address": ""})
    assert response.status_code == 422
    assert "address your messages come from" in response.text


def test_clearing_every_mail_field_removes_the_account(client: WebClient) -> None:
    client.submit("/settings/mail", MAIL)
    response = client.submit("/settings/mail", dict.fromkeys(MAIL, ""), follow_redirects=False)
    assert response.status_code == 303
    assert "mail" not in _config()
    assert load_settings().mail is None
    assert client.app.state.settings.mail is None


def test_the_weekly_digest_is_off_until_ticked_and_the_choice_is_written_and_used(
    client: WebClient,
) -> None:
    _write_config("[web]\nport = 9000\n")
    box = client.page("/settings").select_one('#digest input[name="weekly_digest"]')
    assert box is not None and not box.has_attr("checked")

    response = client.submit("/settings/digest", {"weekly_digest": "on"}, follow_redirects=False)
    assert response.status_code == 303
    assert _config()["review"] == {"weekly_digest": True}
    assert _config()["web"] == {"port": 9000}
    assert client.app.state.settings.review.weekly_digest is True
    page = client.page("/settings")
    assert page.select_one('#digest input[name="weekly_digest"]').has_attr("checked")
    # On, but nothing can send it yet: the page says so.
    assert "no sending (SMTP) server" in page.select_one("#digest").get_text()

    # An unticked box is not sent at all: that turns it off, and the section goes.
    client.submit("/settings/digest", {})
    assert "review" not in _config()
    assert load_settings().review.weekly_digest is False


# -- templates ----------------------------------------------------------------------------


def test_templates_are_listed_with_the_wording_in_use(client: WebClient) -> None:
    page = client.page("/settings")
    links = page.select("#templates a")
    assert "/settings/templates/follow_up" in [link["href"] for link in links]
    assert "Your own" not in page.select_one("#templates").get_text()


def test_template_page_shows_the_builtin_text_in_the_editor(client: WebClient) -> None:
    page = client.page("/settings/templates/follow_up")
    assert [h.get_text() for h in page.find_all("h1")] == ["Email template: Follow up"]
    editor = _value(page, "template-f-text")
    assert editor.startswith("{#") or editor.startswith("Subject:")
    assert "Subject: Following up" in page.find("pre").get_text()
    assert page.find("button", string="Use the built-in text") is None


def test_own_template_is_saved_used_listed_and_reset(client: WebClient) -> None:
    text = "Subject: Checking in about {{ role }}\n\n{{ greeting }}\n\nAny news?\n\n{{ sign_off('Thanks,') }}\n"
    response = client.submit(
        "/settings/templates/follow_up", {"text": text}, follow_redirects=False
    )
    assert response.status_code == 303
    path = os.path.join(override_dir(), "follow_up.txt.j2")
    with open(path, encoding="utf-8") as file:
        assert file.read() == text
    page = client.page("/settings/templates/follow_up")
    assert "Your version is saved" in page.get_text()
    assert _value(page, "template-f-text") == text
    assert "Your own" in client.page("/settings").select_one("#templates").get_text()

    response = client.submit("/settings/templates/follow_up/reset", follow_redirects=False)
    assert response.status_code == 303
    assert not os.path.exists(path)
    page = client.page("/settings/templates/follow_up")
    assert "drafts use the built-in text again" in page.get_text()


def test_broken_template_is_refused_with_line_and_reason_and_the_text_kept(
    client: WebClient,
) -> None:
    text = "Subject: Hello\n\n{{ greeting }}\n{% if %}\n"
    response = client.submit("/settings/templates/follow_up", {"text": text})
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    error = _error(page, "template-f-text")
    assert "line 4" in error
    assert "syntax error" in error
    assert _value(page, "template-f-text") == text
    assert not os.path.exists(os.path.join(override_dir(), "follow_up.txt.j2"))


def test_template_without_a_subject_line_is_refused(client: WebClient) -> None:
    response = client.submit("/settings/templates/withdraw", {"text": "Hello there\n"})
    assert response.status_code == 422
    assert "Subject:" in response.text


def test_template_that_fails_only_when_facts_are_missing_is_saved_with_a_caution(
    client: WebClient,
) -> None:
    text = "Subject: Hi\n\nDear {{ recipient_name }},\n"
    response = client.submit("/settings/templates/follow_up", {"text": text})
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    assert "One caution" in page.get_text()
    assert "line 3" in page.get_text()


def test_unknown_template_is_not_found(client: WebClient) -> None:
    assert client.get("/settings/templates/love_letter").status_code == 404
    assert client.submit("/settings/templates/love_letter", {"text": "x"}).status_code == 404
