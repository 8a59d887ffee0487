"""From the agenda to a real mailbox: draft, send (SMTP), save to Drafts (IMAP), .eml, and failures."""

from __future__ import annotations

import email
import email.policy
import imaplib
import os
from pathlib import Path

import pytest

from afterword.settings import get_settings
from tests.cli.conftest import Cli, Result, assert_one_line_error
from tests.cli.conftest import _runner as cli_runner
from tests.mail.conftest import SmtpServer, StartSmtp
from tests.mail.dovecot_server import DovecotServer


@pytest.fixture
def cli(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> Cli:
    return cli_runner(capsys)


def _configure(
    smtp_port: int, dovecot: DovecotServer | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = Path(os.environ["AFTERWORD_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    imap = ""
    if dovecot is not None:
        imap = (
            f'imap_host = "{dovecot.host}"\nimap_port = {dovecot.port}\nimap_security = "none"\n'
            f'imap_username = "{dovecot.user}"\n'
        )
        monkeypatch.setenv("AFTERWORD_IMAP_PASSWORD", dovecot.password)
    (config / "config.toml").write_text(
        '[mail]\naddress = "sam@example.org"\nsmtp_host = "127.0.0.1"\n'
        f'smtp_port = {smtp_port}\nsmtp_security = "none"\n{imap}',
        encoding="utf-8",
    )
    monkeypatch.setenv("AFTERWORD_SMTP_PASSWORD", "unused-without-auth")
    get_settings.cache_clear()


def _interviewed_today(cli: Cli) -> dict[str, int]:
    cli("profile", "set", "--name", "Sam Rivera", "--email", "sam@example.org", "--country", "GB")
    cli("--as-of", "2026-12-01", "applications", "add", "Northwind", "Data Engineer")
    cli("contacts", "add", "1", "--name", "Priya Shah", "--email", "priya@northwind.example")
    cli(
        "--as-of",
        "2026-12-03",
        "interviews",
        "add",
        "1",
        "--kind",
        "technical",
        "--at",
        "2026-12-03 10:00",
        "--with",
        "Tomás Ortega <tomas@northwind.example>",
    )
    cli(
        "--as-of",
        "2026-12-03",
        "interviews",
        "debrief",
        "1",
        "--good-question",
        "How would you migrate our pipelines to dbt?",
    )
    return {a["kind"]: a["id"] for a in cli("--as-of", "2026-12-03", "plan", "--json").json()}


def _open_kinds(cli: Cli) -> set[str]:
    return {a["kind"] for a in cli("--as-of", "2026-12-03", "plan", "--json").json()}


def test_the_thank_you_draft_is_personal_and_lists_nothing_missing(cli: Cli) -> None:
    actions = _interviewed_today(cli)
    draft = cli("draft", str(actions["thank_recruiter"]), "--json").json()
    assert draft["to_email"] == "priya@northwind.example"
    assert draft["body"].startswith("Hi Priya,")
    assert "Thursday 3 December" in draft["body"]
    assert "Sam Rivera" in draft["body"]
    assert draft["missing"] == []
    thank_interviewer = cli("draft", str(actions["thank_interviewer"])).out
    assert "To: Tomás Ortega <tomas@northwind.example>" in thank_interviewer
    assert "dbt" in thank_interviewer


def test_sending_delivers_the_exact_draft_records_it_and_completes_the_action(
    cli: Cli, start_smtp: StartSmtp, monkeypatch: pytest.MonkeyPatch
) -> None:
    server: SmtpServer = start_smtp()
    _configure(server.port, None, monkeypatch)
    actions = _interviewed_today(cli)
    action = str(actions["thank_recruiter"])
    draft = cli("draft", action, "--json").json()

    result = cli("--as-of", "2026-12-03", "send", action)

    assert result.code == 0, result.err
    [received] = server.received
    assert received.rcpt_tos == ["priya@northwind.example"]
    message = email.message_from_bytes(received.content, policy=email.policy.default)
    assert message["To"].addresses[0].display_name == "Priya Shah"
    assert message["From"].addresses[0].addr_spec == "sam@example.org"
    assert message["Subject"] == draft["subject"]
    assert message.get_content().replace("\r\n", "\n") == draft["body"]
    assert "thank_recruiter" not in _open_kinds(cli)
    shown = cli("applications", "show", "1", "--json").json()
    assert [(m["route"], m["subject"]) for m in shown["messages"]] == [("smtp", draft["subject"])]
    assert shown["messages"][0]["message_id"] == message["Message-ID"]


def test_sending_twice_asks_for_confirmation(
    cli: Cli, start_smtp: StartSmtp, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_smtp()
    _configure(server.port, None, monkeypatch)
    action = str(_interviewed_today(cli)["thank_recruiter"])
    cli("--as-of", "2026-12-03", "send", action)

    again = cli("--as-of", "2026-12-03", "send", action)

    assert_one_line_error(again, "already went out on 2026-12-03", "--again")
    assert len(server.received) == 1
    assert cli("--as-of", "2026-12-03", "send", action, "--again").code == 0
    assert len(server.received) == 2


def test_a_delivery_failure_keeps_the_draft_and_marks_nothing_sent(
    cli: Cli, closed_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    _configure(closed_port, None, monkeypatch)
    action = str(_interviewed_today(cli)["thank_recruiter"])

    failed: Result = cli("--as-of", "2026-12-03", "send", action)

    assert_one_line_error(failed, "could not connect")
    assert "thank_recruiter" in _open_kinds(cli)
    assert cli("applications", "show", "1", "--json").json()["messages"] == []


def test_without_a_mail_account_send_points_to_the_setup_guide(cli: Cli) -> None:
    action = str(_interviewed_today(cli)["thank_recruiter"])
    assert_one_line_error(
        cli("send", action), "no SMTP server is set up", "afterword help mail-setup"
    )


def test_saving_to_drafts_appends_to_the_users_imap_drafts_folder(
    cli: Cli, start_smtp: StartSmtp, dovecot: DovecotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_smtp()
    _configure(server.port, dovecot, monkeypatch)
    actions = _interviewed_today(cli)
    action = str(actions["thank_interviewer"])
    subject = cli("draft", action, "--json").json()["subject"]

    result = cli("--as-of", "2026-12-03", "save-draft", action)

    assert result.code == 0, result.err
    assert "Drafts" in result.out
    with imaplib.IMAP4(dovecot.host, dovecot.port) as imap:
        imap.login(dovecot.user, dovecot.password)
        imap.select("Drafts", readonly=True)
        _status, found = imap.search(None, "ALL")
        subjects = []
        for number in found[0].split():
            _status, data = imap.fetch(number, "(RFC822)")
            raw = data[0][1]
            assert isinstance(raw, bytes)
            subjects.append(email.message_from_bytes(raw, policy=email.policy.default)["Subject"])
    assert subject in subjects
    # In Drafts is not sent: the step stays open until the user says it went.
    assert "thank_interviewer" in _open_kinds(cli)
    assert f"Once you have sent it: afterword copied {action}" in result.out
    assert cli("--as-of", "2026-12-03", "copied", action).code == 0
    assert "thank_interviewer" not in _open_kinds(cli)


def test_eml_writes_a_message_any_mail_program_opens(cli: Cli, tmp_path: Path) -> None:
    action = str(_interviewed_today(cli)["thank_recruiter"])
    path = tmp_path / "thanks.eml"

    assert cli("--as-of", "2026-12-03", "eml", action, "-o", str(path)).code == 0

    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"].addresses[0].addr_spec == "priya@northwind.example"
    assert message["Subject"].startswith("Thank you")
    # Mail programs open it as a draft to send; downloading it is not sending it.
    assert message["X-Unsent"] == "1"
    assert "thank_recruiter" in _open_kinds(cli)


def test_mailto_and_non_email_actions(cli: Cli) -> None:
    actions = _interviewed_today(cli)
    link = cli("mailto", str(actions["thank_recruiter"])).out.strip()
    assert link.startswith("mailto:priya@northwind.example?subject=Thank%20you")
    assert_one_line_error(
        cli(
            "draft", str(actions["debrief"] if "debrief" in actions else actions["salary_research"])
        ),
        "is not an email",
    )


def test_a_clarification_is_written_on_request_with_the_users_correction(cli: Cli) -> None:
    _interviewed_today(cli)
    cli("outcomes", "add", "1", "rejection")
    cli("feedback", "add", "1", "The take-home did not handle late-arriving events.")
    draft = cli(
        "draft",
        "--template",
        "clarification",
        "--application",
        "1",
        "--correction",
        "The take-home buffers late events for 24 hours; see the README's second section.",
    ).out
    assert "buffers late events" in draft
    assert "reconsider" not in draft.lower()
