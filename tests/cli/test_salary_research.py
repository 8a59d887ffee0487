"""`afterword offers target`: salary research per application, and what it settles."""

from __future__ import annotations

from tests.cli.conftest import Cli, assert_one_line_error


def test_recording_a_target_settles_the_salary_research_step(cli: Cli) -> None:
    cli("profile", "set", "--timezone", "Europe/London", "--country", "GB")
    cli("--as-of", "2026-11-20", "applications", "add", "Northwind", "Data Engineer")
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
    )
    kinds = {a["kind"] for a in cli("--as-of", "2026-12-03", "plan", "--json").json()}
    assert "salary_research" in kinds
    out = cli(
        "--as-of",
        "2026-12-04",
        "offers",
        "target",
        "1",
        "--low",
        "90k",
        "--high",
        "105k",
        "--walk-away",
        "85k",
        "--currency",
        "gbp",
        "--sources",
        "Two peers; a salary survey",
    ).out
    assert "Target: 90,000 GBP to 105,000 GBP" in out and "Walk-away: 85,000 GBP" in out
    kinds = {a["kind"] for a in cli("--as-of", "2026-12-04", "plan", "--json").json()}
    assert "salary_research" not in kinds
    done = {a["kind"]: a for a in cli("actions", "list", "--state", "done", "--json").json()}
    assert done["salary_research"]["done_note"].startswith("salary research recorded on 4 Dec 2026")


def test_a_walk_away_above_the_target_is_refused(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    assert_one_line_error(
        cli("offers", "target", "1", "--low", "90k", "--walk-away", "95k"), "walk-away number"
    )
    assert "No salary research yet" in cli("offers", "target", "1").out


def test_a_counter_offer_draft_cites_the_other_offer_and_refuses_a_weaker_one(cli: Cli) -> None:
    cli("--as-of", "2026-12-01", "applications", "add", "Lumen Ledger", "Data Engineer")
    cli("--as-of", "2026-12-01", "applications", "add", "Brightmoss", "Engineer")
    cli("--as-of", "2026-12-02", "offers", "add", "1", "--base", "88k", "--currency", "GBP")
    cli("--as-of", "2026-12-02", "offers", "add", "2", "--base", "95k", "--currency", "GBP")
    draft = cli("--as-of", "2026-12-03", "offers", "counter", "1", "--competing", "2")
    assert draft.code == 0, draft.err
    assert draft.out.startswith("Subject: The Data Engineer offer\n")
    assert "base salary of 95,000 GBP" in draft.out and "Brightmoss" not in draft.out
    assert_one_line_error(
        cli("offers", "counter", "2", "--competing", "1"), "no honest counter-offer", "overstate"
    )
