"""The weekly digest: last week's review, emailed once through the user's own SMTP account,
and only when they turned it on. Against a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from afterword import clock
from afterword.settings import get_settings
from tests.cli.conftest import Cli, Result
from tests.cli.conftest import _runner as cli_runner
from tests.mail.conftest import SmtpServer, StartSmtp

# Tuesday of ISO week 50; the digest reviews week 49 (Monday 30 November - Sunday 6 December).
TUESDAY = dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def cli(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> Cli:
    return cli_runner(capsys)


def _mail_config(port: int, *, digest: bool | None = None) -> None:
    config = Path(os.environ["AFTERWORD_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    review = "" if digest is None else f"\n[review]\nweekly_digest = {str(digest).lower()}\n"
    (config / "config.toml").write_text(
        '[mail]\naddress = "sam@example.org"\nsmtp_host = "127.0.0.1"\n'
        f'smtp_port = {port}\nsmtp_security = "none"\n{review}',
        encoding="utf-8",
    )
    get_settings.cache_clear()


@pytest.fixture
def smtp(start_smtp: StartSmtp, monkeypatch: pytest.MonkeyPatch) -> SmtpServer:
    server = start_smtp()
    monkeypatch.setenv("AFTERWORD_SMTP_PASSWORD", "unused-without-auth")
    _mail_config(server.port)
    return server


def _at(cli: Cli, instant: dt.datetime, *args: str) -> Result:
    """Runs a command with the clock at `instant` (no --as-of: that is looking, not living)."""
    clock.pin(instant)
    return cli(*args)


def _a_week_of_searching(cli: Cli) -> None:
    steps = [
        ("profile", "set", "--name", "Sam Rivera", "--email", "sam.home@example.net"),
        ("--as-of", "2026-11-30", "applications", "add", "Northwind", "Data Engineer"),
        ("--as-of", "2026-12-01", "applications", "add", "Fabrikam", "Analytics Engineer"),
        ("--as-of", "2026-12-02", "interviews", "add", "1", "--kind", "technical", "--at",
         "2026-12-02 10:00"),
        ("--as-of", "2026-12-04", "outcomes", "add", "1", "rejection"),
    ]  # fmt: skip
    for step in steps:
        result = cli(*step)
        assert result.code == 0, result.err


def _body(content: bytes) -> str:
    message = email.message_from_bytes(content, policy=email.policy.default)
    return str(message.get_content()).replace("\r\n", "\n")


def test_an_opted_in_user_gets_last_weeks_review_once_from_their_own_account(
    cli: Cli, smtp: SmtpServer
) -> None:
    _a_week_of_searching(cli)
    assert cli("review", "--digest", "on").code == 0

    first = _at(cli, TUESDAY, "today")
    assert first.code == 0, first.err
    [received] = smtp.received
    assert received.mail_from == "sam@example.org"
    assert received.rcpt_tos == ["sam.home@example.net"]
    message = email.message_from_bytes(received.content, policy=email.policy.default)
    assert message.get_content_type() == "text/plain"
    assert message["Subject"] == "Your job search, week 49 of 2026"
    # The email says what `review --week` says for that week, figure for figure.
    shown = _at(cli, TUESDAY, "review", "--week", "--of", "last").out.strip().splitlines()
    body = _body(received.content)
    for line in shown:
        assert line in body
    figures = {k.strip(): v for k, v in (line.rsplit(None, 1) for line in shown[1:8])}
    assert figures["Applications sent"] == "2"
    assert figures["Rejections"] == "1"
    assert figures["Interviews"] == "1"

    # Running again, the same day or later that week, sends nothing more.
    assert _at(cli, TUESDAY + dt.timedelta(hours=3), "today").code == 0
    again = _at(cli, TUESDAY + dt.timedelta(days=2), "review", "--send")
    assert again.code == 0
    assert "already sent" in again.out
    assert len(smtp.received) == 1

    # The next week has its own digest.
    _at(cli, TUESDAY + dt.timedelta(days=7), "today")
    assert len(smtp.received) == 2
    assert "week 50 of 2026" in email.message_from_bytes(smtp.received[1].content)["Subject"]


def test_nothing_is_sent_to_a_user_who_did_not_opt_in(cli: Cli, smtp: SmtpServer) -> None:
    _a_week_of_searching(cli)
    assert _at(cli, TUESDAY, "today").code == 0
    refused = _at(cli, TUESDAY, "review", "--send")
    assert refused.code != 0
    assert "the weekly digest is off" in refused.err
    assert len(refused.err.strip().splitlines()) == 1
    # Turned on, then off again: still nothing.
    cli("review", "--digest", "on")
    cli("review", "--digest", "off")
    assert _at(cli, TUESDAY, "today").code == 0
    assert smtp.received == []


def test_a_failed_send_records_nothing_and_the_next_run_sends_it(
    cli: Cli, start_smtp: StartSmtp, closed_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFTERWORD_SMTP_PASSWORD", "unused-without-auth")
    _mail_config(closed_port, digest=True)
    _a_week_of_searching(cli)

    failed = _at(cli, TUESDAY, "today")
    assert failed.code == 0  # the agenda is still shown
    assert "The weekly digest was not sent: could not connect" in failed.err

    server = start_smtp()
    _mail_config(server.port, digest=True)
    assert _at(cli, TUESDAY, "today").code == 0
    assert len(server.received) == 1


def test_the_service_sends_once_per_week_for_a_worker_to_call(
    cli: Cli, smtp: SmtpServer, sqlite_url: str
) -> None:
    from afterword.mail.digest import send_weekly_digest
    from afterword.mail.models import WeeklyDigest
    from afterword.profile.models import User
    from afterword.storage.session import session_scope

    _a_week_of_searching(cli)
    cli("review", "--digest", "on")
    settings = get_settings()
    with session_scope(sqlite_url) as session:
        user_id = session.scalars(sa.select(User.id)).one()
        assert send_weekly_digest(session, user_id, TUESDAY, settings=settings) is True
    with session_scope(sqlite_url) as session:
        assert send_weekly_digest(session, user_id, TUESDAY, settings=settings) is False
        weeks = session.scalars(sa.select(WeeklyDigest.week_start)).all()
    assert weeks == [dt.date(2026, 11, 30)]
    assert len(smtp.received) == 1
    # Opted out: the service declines without a word on the wire.
    off = settings.model_copy(
        update={"review": settings.review.model_copy(update={"weekly_digest": False})}
    )
    with session_scope(sqlite_url) as session:
        later = TUESDAY + dt.timedelta(days=7)
        assert send_weekly_digest(session, user_id, later, settings=off) is False
    assert len(smtp.received) == 1


def test_the_fast_agenda_leaves_a_due_digest_to_the_full_today_then_answers_again(
    cli: Cli, smtp: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from afterword.cli.fast import try_fast_path

    _a_week_of_searching(cli)
    # Planned for Tuesday with the digest off: the fast path answers.
    assert _at(cli, TUESDAY, "plan").code == 0
    clock.pin(TUESDAY)
    assert try_fast_path(["today"]) == 0
    capsys.readouterr()
    # Turned on: while last week's digest has not gone, the full command runs (and sends it).
    cli("review", "--digest", "on")
    clock.pin(TUESDAY)
    assert try_fast_path(["today"]) is None
    assert smtp.received == []
    assert _at(cli, TUESDAY, "today").code == 0
    assert len(smtp.received) == 1
    clock.pin(TUESDAY)
    assert try_fast_path(["today"]) == 0


def test_starting_the_web_app_sends_a_due_digest_once(
    cli: Cli, smtp: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from afterword.cli.serve import send_due_digest

    _a_week_of_searching(cli)
    cli("review", "--digest", "on")
    clock.pin(TUESDAY)
    assert send_due_digest(get_settings()) is True
    assert "in your mailbox" in capsys.readouterr().out
    assert send_due_digest(get_settings()) is False
    assert len(smtp.received) == 1
