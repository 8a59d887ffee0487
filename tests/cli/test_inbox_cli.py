"""`afterword classify` and `afterword inbox ...`: what a person sees and what changes."""

from __future__ import annotations

import datetime as dt
import email.utils
import io
from pathlib import Path

import pytest

from tests.cli.conftest import Cli, assert_one_line_error
from tests.inbox.mail_factory import make_raw, mbox_bytes
from tests.inbox.test_triage import OFFER, REJECTION

MUM = "Hi love, are you still coming for dinner on Friday? I'm making the lasagne. Mum x"


# An hour from now: after the applications the tests add, as news must be to be acted on.
SOON = email.utils.format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))


@pytest.fixture
def mailbox(tmp_path: Path) -> Path:
    """An mbox with a rejection from Fernhill, an offer from an unknown company, and family mail."""
    path = tmp_path / "mail.mbox"
    path.write_bytes(
        mbox_bytes(
            [
                make_raw(
                    1,
                    subject="Your application to Fernhill Robotics",
                    date=SOON,
                    body=REJECTION.format(role="Data Engineer", company="Fernhill Robotics"),
                ),
                make_raw(
                    2,
                    subject="Offer",
                    date=SOON,
                    body=OFFER.format(role="Analyst", company="Quayside"),
                    sender="Dana <dana@quayside.example>",
                ),
                make_raw(3, subject="dinner", body=MUM, sender="Mum <mum@example.net>", date=SOON),
            ]
        )
    )
    return path


def add_fernhill(cli: Cli) -> None:
    assert (
        cli(
            "applications", "add", "Fernhill Robotics", "Data Engineer", "--applied", "2026-02-20"
        ).code
        == 0
    )


def test_classify_prints_class_confidence_dates_and_match_and_changes_nothing(
    cli: Cli, mailbox: Path
) -> None:
    add_fernhill(cli)
    result = cli("classify", mailbox, "--json")
    assert result.code == 0, result.err
    items = result.json()
    assert [item["location"] for item in items] == [f"{mailbox}#{n}" for n in (1, 2, 3)]
    rejection, offer, family = items
    assert rejection["class"] == "rejection"
    assert rejection["application"]["name"] == "Fernhill Robotics — Data Engineer"
    assert rejection["application"]["matched_by"] == "domain"
    assert 0 < rejection["confidence"] <= 1 and rejection["reasons"]
    assert offer["class"] == "offer"
    assert offer["dates"] == {"deadline": "2026-12-11"}
    assert offer["application"] is None
    assert family["class"] == "not_job"
    # Nothing was recorded: the same mail imports as new afterwards, and Fernhill is still open.
    assert "applied" in cli("applications", "list").out
    assert cli("inbox", "import", mailbox, "--json").json()["new"] == 3


def test_classify_in_words_explains_what_afterword_would_do(cli: Cli, mailbox: Path) -> None:
    add_fernhill(cli)
    out = cli("classify", mailbox).out
    assert "rejection (" in out
    assert "about #1 Fernhill Robotics — Data Engineer (by domain)" in out
    assert "dates: deadline 2026-12-11" in out
    assert "afterword would leave it alone" in out
    # Proposals read as something to do ("would record"), never "would recorded".
    assert "afterword would record the rejection" in out
    assert "would recorded" not in out and "would noted" not in out
    # And they say which of the class and the match decided.
    assert "(sure of both the class and the application)" in out


def test_import_updates_the_pipeline_and_a_second_import_adds_nothing(
    cli: Cli, mailbox: Path
) -> None:
    add_fernhill(cli)
    first = cli("inbox", "import", mailbox)
    assert first.code == 0, first.err
    assert "Read 3 new messages (0 already seen, 0 unreadable)." in first.out
    assert "Fernhill Robotics — Data Engineer: recorded the rejection" in first.out
    assert "1 waiting for you" in first.out  # the offer from a company not in the pipeline
    assert "rejected" in cli("applications", "list").out
    again = cli("inbox", "import", mailbox)
    assert "Read 0 new messages (3 already seen, 0 unreadable)." in again.out


def test_review_takes_one_keystroke_per_message(
    cli: Cli, mailbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("inbox", "import", mailbox)  # an empty pipeline: both job emails wait for the user
    waiting = cli("inbox", "list", "--json").json()
    assert [item["class"] for item in waiting] == ["offer", "rejection"]  # newest first
    assert cli("applications", "add", "Quayside", "Analyst", "--applied", "2026-02-20").code == 0
    # The queue goes oldest first: the rejection, which the user says is not about a job; then
    # the offer, for which they choose Quayside (#1) with 'a' and confirm with 'y'.
    monkeypatch.setattr("sys.stdin", io.StringIO("n\na\n1\ny\n"))
    result = cli("inbox", "review")
    assert result.code == 0, result.err
    assert "2 decided, 0 skipped; 0 still waiting." in result.out
    assert "offer" in cli("applications", "list").out
    assert cli("inbox", "list", "--json").json() == []
    ignored = cli("inbox", "list", "--state", "ignored", "--json").json()
    assert {item["your_label"] for item in ignored} >= {"not_job"}


def test_resolve_errors_are_one_line_and_change_nothing(cli: Cli, mailbox: Path) -> None:
    cli("inbox", "import", mailbox)
    waiting = cli("inbox", "list", "--json").json()
    message = waiting[0]["id"]
    assert_one_line_error(cli("inbox", "resolve", message, "--as", "offre"), "unknown class")
    assert_one_line_error(cli("inbox", "resolve", message), "choose the application")
    assert_one_line_error(cli("inbox", "resolve", 999), "no received message with id 999")
    assert_one_line_error(
        cli("inbox", "resolve", message, "--application", 42), "no application with id 42"
    )
    assert len(cli("inbox", "list", "--json").json()) == len(waiting)


def test_import_of_a_missing_path_and_sync_without_a_server_say_what_to_do(
    cli: Cli, tmp_path: Path
) -> None:
    assert_one_line_error(cli("inbox", "import", tmp_path / "nope.mbox"), "does not exist")
    assert_one_line_error(cli("inbox", "sync"), "no IMAP server is set up")
    assert_one_line_error(cli("inbox", "list", "--state", "later"), "unknown state 'later'")
