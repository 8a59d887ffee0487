"""`afterword interviews ...`: logging rounds and writing debriefs."""

from __future__ import annotations

from tests.cli.conftest import Cli, assert_one_line_error


def _application(cli: Cli) -> None:
    cli("--as-of", "2026-11-20", "applications", "add", "Northwind", "Data Engineer")


def test_logging_an_interview_moves_the_application_to_interviewing(cli: Cli) -> None:
    _application(cli)
    result = cli(
        "interviews",
        "add",
        "1",
        "--kind",
        "phone screen",
        "--at",
        "2026-12-03 14:00",
        "--with",
        "Priya Shah <priya@northwind.example>",
        "--with",
        "Tom Okafor",
    )
    assert result.code == 0
    assert cli("applications", "list", "--json").json()[0]["status"] == "interviewing"
    [interview] = cli("interviews", "list", "--json").json()
    assert interview["kind"] == "phone_screen"
    assert interview["round"] == 1
    assert interview["scheduled_at"].startswith("2026-12-03T14:00")
    people = cli("contacts", "list", "--json").json()
    assert [(p["name"], p["email"], p["role"]) for p in people] == [
        ("Priya Shah", "priya@northwind.example", "interviewer"),
        ("Tom Okafor", None, "interviewer"),
    ]


def test_interview_time_in_another_zone_is_stored_as_the_same_instant(cli: Cli) -> None:
    _application(cli)
    cli("interviews", "add", "1", "--at", "2026-12-03 09:00 America/New_York")
    [interview] = cli("interviews", "list", "--json").json()
    assert interview["timezone"] == "America/New_York"
    # 09:00 in New York on 3 December is 14:00 UTC (EST, UTC-5).
    assert interview["scheduled_at"] in ("2026-12-03T14:00:00Z", "2026-12-03T14:00:00+00:00")


def test_rounds_are_numbered_and_interviewers_reused(cli: Cli) -> None:
    _application(cli)
    cli("interviews", "add", "1", "--with", "Priya Shah <priya@northwind.example>")
    cli("interviews", "add", "1", "--with", "P. Shah <PRIYA@northwind.example>", "--kind", "onsite")
    interviews = cli("interviews", "list", "--json").json()
    assert [i["round"] for i in interviews] == [1, 2]
    assert len(cli("contacts", "list", "--json").json()) == 1


def test_debrief_records_rating_questions_timeline_and_interest(cli: Cli) -> None:
    _application(cli)
    cli("interviews", "add", "1", "--at", "2026-12-03 14:00")
    result = cli(
        "--as-of",
        "2026-12-03",
        "interviews",
        "debrief",
        "1",
        "--rating",
        "4",
        "--went-well",
        "SQL exercise",
        "--went-badly",
        "ran out of time on design",
        "--decision",
        "within 3 business days",
        "--good-question",
        "Tell me about a migration",
        "--tough-question",
        "Design a rate limiter",
        "--still-interested",
        "--another-round",
    )
    assert result.code == 0
    shown = cli("interviews", "show", "1", "--json").json()
    assert shown["self_rating"] == 4
    assert (shown["decision_within"], shown["decision_within_unit"], shown["decision_by"]) == (
        3,
        "business_days",
        None,
    )
    assert shown["still_interested"] is True
    assert shown["further_round_expected"] is True
    assert [(q["text"], q["went_well"]) for q in shown["questions"]] == [
        ("Tell me about a migration", True),
        ("Design a rate limiter", False),
    ]


def test_a_new_decision_date_replaces_a_relative_timeline(cli: Cli) -> None:
    _application(cli)
    cli("interviews", "add", "1")
    cli("interviews", "debrief", "1", "--decision", "2 weeks")
    cli("interviews", "debrief", "1", "--decision", "2026-12-09")
    shown = cli("interviews", "show", "1", "--json").json()
    assert (shown["decision_by"], shown["decision_within"]) == ("2026-12-09", None)


def test_not_interested_debrief_suggests_telling_the_recruiter(cli: Cli) -> None:
    _application(cli)
    cli("interviews", "add", "1")
    result = cli("interviews", "debrief", "1", "--not-interested")
    assert "telling the recruiter" in result.out


def test_interview_errors_are_one_line_and_change_nothing(cli: Cli) -> None:
    _application(cli)
    assert_one_line_error(
        cli("interviews", "add", "1", "--at", "next tuesday"), "--at", "YYYY-MM-DD HH:MM"
    )
    assert_one_line_error(
        cli("interviews", "add", "1", "--at", "2026-12-03 10:00 Mars/Olympus"),
        "not a known time zone",
    )
    assert_one_line_error(cli("interviews", "add", "1", "--kind", "chat"), "kind", "phone_screen")
    assert_one_line_error(cli("interviews", "add", "1", "--with", "x@"), "--with")
    assert cli("interviews", "list", "--json").json() == []
    assert cli("applications", "list", "--json").json()[0]["status"] == "applied"
    assert_one_line_error(
        cli("interviews", "debrief", "7", "--rating", "3"), "no interview with id 7"
    )
    cli("interviews", "add", "1")
    assert_one_line_error(
        cli("interviews", "debrief", "1", "--decision", "soonish"), "decision timeline 'soonish'"
    )
    assert_one_line_error(cli("interviews", "debrief", "1"), "nothing to record")


def test_an_interviewer_from_another_application_is_refused(cli: Cli) -> None:
    _application(cli)
    cli("applications", "add", "Contoso", "Engineer")
    cli("contacts", "add", "2", "--name", "Someone Else")
    assert_one_line_error(
        cli("interviews", "add", "1", "--interviewer", "1"), "belongs to application 2"
    )


def test_logging_an_interview_on_a_rejected_application_asks_to_reopen(cli: Cli) -> None:
    _application(cli)
    cli("outcomes", "add", "1", "rejection")
    assert_one_line_error(cli("interviews", "add", "1"), "reopen it first")
