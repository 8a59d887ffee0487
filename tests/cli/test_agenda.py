"""`afterword today`, `plan`, `why` and `actions ...`: the agenda from the command line."""

from __future__ import annotations

from tests.cli.conftest import Cli, assert_one_line_error


def _interviewed(cli: Cli) -> None:
    cli("profile", "set", "--timezone", "America/New_York", "--country", "US")
    cli("--as-of", "2026-11-20", "applications", "add", "Northwind", "Data Engineer")
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
        "2026-12-03 14:00",
        "--with",
        "Tom Okafor <tom@northwind.example>",
    )
    cli(
        "--as-of",
        "2026-12-03",
        "interviews",
        "debrief",
        "1",
        "--decision",
        "within 3 business days",
    )


def _by_kind(cli: Cli, *args: str) -> dict[str, dict[str, object]]:
    return {action["kind"]: action for action in cli(*args, "plan", "--json").json()}


def test_today_lists_the_thank_yous_due_on_the_interview_day(cli: Cli) -> None:
    _interviewed(cli)
    result = cli("--as-of", "2026-12-03", "today", "--json").json()
    due_today = {action["kind"] for action in result["due_today"]}
    assert {"thank_recruiter", "thank_interviewer"} <= due_today
    assert result["today"] == "2026-12-03"
    text = cli("--as-of", "2026-12-03", "today").out
    assert text.startswith("Thursday 3 December 2026")
    assert "Thank the recruiter -- Northwind (Data Engineer) [email]" in text


def test_the_follow_up_is_due_the_business_day_after_the_promised_date(cli: Cli) -> None:
    _interviewed(cli)
    follow_up = _by_kind(cli, "--as-of", "2026-12-03")["follow_up"]
    assert follow_up["due"] == "2026-12-09"
    assert "within 3 business days" in str(follow_up["reason"])


def test_recording_a_rejection_replaces_waiting_with_rejection_steps(cli: Cli) -> None:
    _interviewed(cli)
    cli("--as-of", "2026-12-03", "plan")
    cli("--as-of", "2026-12-07", "outcomes", "add", "1", "rejection")
    kinds = _by_kind(cli, "--as-of", "2026-12-07")
    assert "follow_up" not in kinds
    assert kinds["feedback_request"]["due"] == "2026-12-08"
    withdrawn = cli("actions", "list", "--state", "withdrawn", "--json").json()
    assert "follow_up" in {action["kind"] for action in withdrawn}


def test_done_actions_stay_done_and_why_explains_the_rule(cli: Cli) -> None:
    _interviewed(cli)
    follow_up = _by_kind(cli, "--as-of", "2026-12-03")["follow_up"]
    explained = cli("why", str(follow_up["id"]))
    assert "Rule 'follow-up':" in explained.out
    assert "expected decision: 2026-12-08" in explained.out
    assert cli("--as-of", "2026-12-09", "actions", "done", str(follow_up["id"])).code == 0
    kinds = _by_kind(cli, "--as-of", "2026-12-10")
    assert "follow_up" not in kinds
    assert kinds["second_follow_up"]["due"] == "2026-12-16"


def test_snooze_and_dismiss(cli: Cli) -> None:
    _interviewed(cli)
    actions = _by_kind(cli, "--as-of", "2026-12-03")
    thank = actions["thank_recruiter"]["id"]
    assert (
        cli("--as-of", "2026-12-03", "actions", "snooze", str(thank), "--until", "tomorrow").code
        == 0
    )
    again = _by_kind(cli, "--as-of", "2026-12-03")
    assert again["thank_recruiter"]["effective_due"] == "2026-12-04"
    assert cli("actions", "dismiss", str(actions["salary_research"]["id"])).code == 0
    assert "salary_research" not in _by_kind(cli, "--as-of", "2026-12-03")


def test_agenda_errors_are_one_line(cli: Cli) -> None:
    _interviewed(cli)
    assert_one_line_error(cli("actions", "done", "999"), "no action with id 999")
    assert_one_line_error(cli("why", "999"), "no action with id 999")
    thank = _by_kind(cli, "--as-of", "2026-12-03")["thank_recruiter"]["id"]
    assert_one_line_error(
        cli("--as-of", "2026-12-03", "actions", "snooze", str(thank), "--until", "2026-12-01"),
        "a day after today",
    )
    assert_one_line_error(cli("actions", "list", "--state", "maybe"), "--state 'maybe'")


def test_an_empty_workspace_has_nothing_to_do(cli: Cli) -> None:
    assert "Nothing to do this week." in cli("today").out
    assert "Nothing planned." in cli("plan").out
