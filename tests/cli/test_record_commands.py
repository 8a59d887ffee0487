"""`afterword interviews|contacts|feedback|journal edit|delete`: correcting what was recorded."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Cli, assert_one_line_error


def _process(cli: Cli) -> None:
    """Northwind with two rounds; Priya interviewed in the first."""
    cli("--as-of", "2026-11-20", "applications", "add", "Northwind", "Data Engineer")
    cli("interviews", "add", "1", "--at", "2026-11-24 10:00", "--with", "Priya <p@n.example>")
    cli("interviews", "add", "1", "--at", "2026-11-26 10:00", "--kind", "onsite")


def test_deleting_a_round_keeps_its_people_and_moves_the_next_round_up(cli_any_db: Cli) -> None:
    cli = cli_any_db
    _process(cli)
    cli("interviews", "debrief", "1", "--rating", "3", "--tough-question", "Design a cache")
    result = cli("interviews", "delete", "1", "--yes")
    assert (result.code, result.out) == (
        0,
        "Deleted interview 1 (Northwind, round 1) and its debrief.\n",
    )
    assert [(i["id"], i["round"]) for i in cli("interviews", "list", "--json").json()] == [(2, 1)]
    assert [c["name"] for c in cli("contacts", "list", "--json").json()] == ["Priya"]


def test_deleting_a_person_leaves_the_interview_without_them(cli_any_db: Cli) -> None:
    cli = cli_any_db
    _process(cli)
    result = cli("contacts", "delete", "1", "-y")
    assert (result.code, result.out) == (0, "Deleted contact 1 (Priya, Northwind).\n")
    assert cli("contacts", "list", "--json").json() == []
    assert cli("interviews", "show", "1", "--json").json()["interviewer_uids"] == []


def test_feedback_is_corrected_then_deleted(cli_any_db: Cli) -> None:
    cli = cli_any_db
    cli("applications", "add", "Northwind", "Data Engineer")
    cli("feedback", "add", "1", "Strong SQL.", "--on", "2026-12-01")
    assert cli("feedback", "edit", "1", "--on", "2026-11-30").out == (
        "Updated feedback 1 from Northwind.\n"
    )
    cli("feedback", "edit", "1", "--text", "Strong SQL; wanted tests.")
    [item] = cli("feedback", "list", "--json").json()
    assert (item["received_on"], item["text"]) == ("2026-11-30", "Strong SQL; wanted tests.")
    result = cli("feedback", "delete", "1", "--yes")
    assert result.out == "Deleted feedback 1 (from Northwind, received 2026-11-30).\n"
    assert cli("feedback", "list", "--json").json() == []


def test_a_journal_entry_changes_text_and_application_then_is_deleted(cli_any_db: Cli) -> None:
    cli = cli_any_db
    cli("applications", "add", "Northwind", "Data Engineer")
    cli("journal", "add", "Stumbled on the design question.")
    assert cli("journal", "edit", "1", "-a", "1").out == "Updated journal entry 1.\n"
    [entry] = cli("journal", "list", "--json").json()
    assert (entry["text"], entry["application_id"]) == ("Stumbled on the design question.", 1)
    cli("journal", "edit", "1", "--no-application", "--text", "Practise trade-offs.")
    [entry] = cli("journal", "list", "--json").json()
    assert (entry["text"], entry["application_id"]) == ("Practise trade-offs.", None)
    assert cli("journal", "delete", "1", "--yes").out == "Deleted journal entry 1.\n"
    assert cli("journal", "list", "--json").json() == []


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("interviews", "delete", "1"), ("add --yes",)),
        (("contacts", "delete", "1"), ("add --yes",)),
        (("feedback", "delete", "1"), ("add --yes",)),
        (("journal", "delete", "1"), ("add --yes",)),
        (("interviews", "delete", "9", "--yes"), ("no interview with id 9",)),
        (("contacts", "delete", "9", "--yes"), ("no contact with id 9",)),
        (("feedback", "edit", "9", "--text", "x"), ("no feedback with id 9",)),
        (("journal", "edit", "9", "--text", "x"), ("no journal entry with id 9",)),
        (("feedback", "edit", "1"), ("nothing to change",)),
        (("feedback", "edit", "1", "--text", " "), ("text",)),
        (("feedback", "edit", "1", "--on", "someday"), ("--on",)),
        (("journal", "edit", "1"), ("nothing to change",)),
        (("journal", "edit", "1", "-a", "1", "--no-application"), ("not both",)),
        (("journal", "edit", "1", "-a", "7"), ("no application with id 7",)),
    ],
)
def test_a_refused_change_is_one_line_and_changes_nothing(
    cli: Cli, args: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    _process(cli)
    cli("feedback", "add", "1", "Strong SQL.")
    cli("journal", "add", "A long day.")
    before = [
        cli(noun, "list", "--json").out
        for noun in ("interviews", "contacts", "feedback", "journal")
    ]
    assert_one_line_error(cli(*args), *fragments)
    after = [
        cli(noun, "list", "--json").out
        for noun in ("interviews", "contacts", "feedback", "journal")
    ]
    assert after == before
