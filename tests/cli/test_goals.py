"""`afterword goals` and what `afterword today` says about them after news."""

from __future__ import annotations

from tests.cli.conftest import Cli, assert_one_line_error


def _two_processes_one_rejected(cli: Cli) -> None:
    cli("profile", "set", "--timezone", "Europe/London", "--country", "GB")
    cli("--as-of", "2026-11-20", "applications", "add", "Northwind", "Data Engineer")
    cli("--as-of", "2026-11-21", "applications", "add", "Globex", "Platform Engineer")
    cli("--as-of", "2026-12-07", "outcomes", "add", "1", "rejection")


def test_after_a_rejection_today_shows_the_goals_beside_the_open_processes(cli: Cli) -> None:
    _two_processes_one_rejected(cli)
    cli("goals", "set", "--role", "Data engineer on a small team", "--why", "Own a platform")
    out = cli("--as-of", "2026-12-07", "today").out
    assert "Globex" in out  # the other open process
    assert "What you are aiming for:" in out
    assert "The kind of role: Data engineer on a small team" in out
    assert "Why it matters to you: Own a platform" in out


def test_without_goals_today_invites_writing_them(cli: Cli) -> None:
    _two_processes_one_rejected(cli)
    assert "afterword goals set" in cli("--as-of", "2026-12-07", "today").out


def test_after_an_acceptance_today_neither_says_nothing_is_open_nor_nudges(cli: Cli) -> None:
    _two_processes_one_rejected(cli)
    cli("goals", "set", "--role", "Data engineer")
    cli("--as-of", "2026-12-08", "offers", "add", "2", "--base", "90000", "--currency", "GBP")
    cli("--as-of", "2026-12-09", "offers", "decide", "1", "accepted", "--on", "2026-12-09")
    out = cli("--as-of", "2026-12-09", "today").out
    assert "nothing else is open" not in out.lower()
    assert "What you are aiming for" not in out and "goals set" not in out


def test_goals_show_and_a_set_without_parts_is_refused(cli: Cli) -> None:
    assert "No goals written yet" in cli("goals", "show").out
    assert_one_line_error(cli("goals", "set"), "nothing to set")
    cli("goals", "set", "--field", "Climate tech")
    assert cli("goals", "show").out == "The field: Climate tech\n"
