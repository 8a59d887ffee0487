"""One record, one shape: every command that prints a record as JSON prints the same object."""

from __future__ import annotations

from tests.cli.conftest import Cli


def _process(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer", "--tag", "remote")
    cli("contacts", "add", "1", "--name", "Priya Shah", "--email", "priya@northwind.example")
    cli("interviews", "add", "1", "--at", "2026-12-03 14:00", "--with", "Tom Okafor")
    cli("interviews", "debrief", "1", "--tough-question", "Design a rate limiter")
    cli("offers", "add", "1", "--base", "90k", "--currency", "EUR")
    cli("feedback", "add", "1", "Strong SQL.", "--on", "2026-12-01")


def test_an_applications_children_in_show_are_the_records_their_own_lists_print(
    cli: Cli,
) -> None:
    _process(cli)
    shown = cli("applications", "show", "1", "--json").json()

    assert shown["contacts"] == cli("contacts", "list", "--json").json()
    assert shown["interviews"] == cli("interviews", "list", "--json").json()
    assert shown["offers"] == cli("offers", "list", "--json").json()
    assert shown["feedback"] == cli("feedback", "list", "--json").json()
    assert shown["outcomes"] == cli("outcomes", "list", "--json").json()
    assert [c["name"] for c in shown["interviews"][0]["interviewers"]] == ["Tom Okafor"]


def test_history_json_is_the_status_change_record_with_the_old_from_and_to_kept(
    cli: Cli,
) -> None:
    _process(cli)
    history = cli("applications", "history", "1", "--json").json()
    shown = cli("applications", "show", "1", "--json").json()["history"]

    assert [{k: v for k, v in e.items() if k not in ("from", "to")} for e in history] == shown
    assert [(e["from"], e["to"]) for e in history] == [
        (e["from_status"], e["to_status"]) for e in history
    ]


def test_why_json_is_the_action_as_plan_prints_it_with_the_rules_words(cli: Cli) -> None:
    _process(cli)
    planned = cli("--as-of", "2026-12-03", "plan", "--json").json()
    assert planned
    for action in planned:
        explained = cli("--as-of", "2026-12-03", "why", str(action["id"]), "--json").json()
        words = explained.pop("rule_description")
        assert explained == action
        assert words
        assert all(set(item) == {"label", "value"} for item in action["evidence"])
