"""Outcomes and offers from the command line, including the reneging guard."""

from __future__ import annotations

from tests.cli.conftest import Cli, assert_one_line_error


def _two_offers(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    cli("applications", "add", "Contoso", "Backend Engineer")
    cli("offers", "add", "1", "--base", "105k", "--currency", "GBP", "--deadline", "2026-12-11")
    cli("offers", "add", "2", "--base", "98000", "--currency", "GBP")


def test_every_outcome_kind_sets_the_matching_status(cli: Cli) -> None:
    expected = {
        "offer": "offer",
        "hiring_manager_chat": "hiring_manager_chat",
        "more_interviews": "interviewing",
        "rejection": "rejected",
        "ghosted": "ghosted",
        "withdrawn": "withdrawn",
    }
    for index, kind in enumerate(expected, start=1):
        cli("applications", "add", f"Company {index}", "Role")
        assert cli("outcomes", "add", str(index), kind, "--on", "2026-12-01").code == 0
    statuses = [row["status"] for row in cli("applications", "list", "--json").json()]
    assert statuses == list(expected.values())
    outcomes = cli("outcomes", "list", "--json").json()
    assert {o["kind"] for o in outcomes} == set(expected)
    assert {o["occurred_on"] for o in outcomes} == {"2026-12-01"}


def test_an_unknown_outcome_lists_the_choices(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    assert_one_line_error(
        cli("outcomes", "add", "1", "maybe"), "'maybe' is not an outcome", "rejection"
    )


def test_an_offer_outcome_opens_an_offer_whose_terms_can_be_added(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    result = cli("outcomes", "add", "1", "offer")
    assert "afterword offers edit 1" in result.out
    cli(
        "offers",
        "edit",
        "1",
        "--base",
        "100k",
        "--currency",
        "eur",
        "--bonus",
        "10%",
        "--sign-on",
        "5,000",
        "--equity",
        "40k",
        "--vesting",
        "25/25/25/25",
        "--deadline",
        "2026-12-11",
    )
    [offer] = cli("offers", "list", "--json").json()
    assert offer["base_salary"] == 100_000
    assert offer["currency"] == "EUR"
    assert offer["bonus_percent"] == 10
    assert offer["first_year_total"] == 100_000 + 10_000 + 5_000 + 10_000
    assert offer["four_year_total"] == 4 * 110_000 + 5_000 + 40_000


def test_recording_terms_twice_points_to_edit(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    cli("offers", "add", "1", "--base", "100k")
    assert_one_line_error(
        cli("offers", "add", "1", "--base", "110k"), "already has an open offer", "offers edit 1"
    )


def test_an_accepted_status_is_impossible_without_an_offer(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    assert_one_line_error(cli("offers", "decide", "1", "accepted"), "no offer with id 1")
    assert cli("applications", "list", "--json").json()[0]["status"] == "applied"


def test_accepting_an_offer_records_the_decision(cli: Cli) -> None:
    _two_offers(cli)
    result = cli("offers", "decide", "1", "accepted", "--on", "2026-12-05")
    assert result.code == 0
    assert "withdraw politely" in result.out
    rows = cli("applications", "list", "--json").json()
    assert [row["status"] for row in rows] == ["accepted", "offer"]


def test_accepting_a_second_offer_is_refused_without_explicit_confirmation(cli: Cli) -> None:
    _two_offers(cli)
    cli("offers", "decide", "1", "accepted")
    refused = cli("offers", "decide", "2", "accepted")
    assert_one_line_error(refused, "already accepted the offer from Northwind", "reneging")
    assert [row["status"] for row in cli("applications", "list", "--json").json()] == [
        "accepted",
        "offer",
    ]
    confirmed = cli("offers", "decide", "2", "accepted", "--confirm-renege")
    assert confirmed.code == 0
    # The renege settles the first acceptance at once: one acceptance stands, and the
    # command says what it went back on and where the message to Northwind is.
    assert [row["status"] for row in cli("applications", "list", "--json").json()] == [
        "declined",
        "accepted",
    ]
    assert "You went back on your acceptance of the Northwind offer (offer 1)" in confirmed.out
    assert "A respectful message to Northwind is drafted: afterword draft " in confirmed.out
    # Declining the first offer again is not asked for a second time: it is already settled.
    assert_one_line_error(cli("offers", "decide", "1", "declined"), "already declined")


def test_declining_an_accepted_offer_needs_confirmation(cli: Cli) -> None:
    _two_offers(cli)
    cli("offers", "decide", "1", "accepted")
    assert_one_line_error(cli("offers", "decide", "1", "declined"), "reneging", "confirm")
    assert cli("offers", "decide", "1", "declined", "--confirm-renege").code == 0
    assert cli("applications", "list", "--json").json()[0]["status"] == "declined"


def test_offer_term_errors_name_the_option(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    assert_one_line_error(cli("offers", "add", "1", "--base", "lots"), "--base", "not an amount")
    assert_one_line_error(cli("offers", "add", "1", "--vesting", "50/40"), "adds up to 90%")
    assert_one_line_error(
        cli("offers", "add", "1", "--deadline", "2026-12-11", "--extended-deadline", "2026-12-01"),
        "extended deadline",
    )
    assert cli("offers", "list", "--json").json() == []
    assert cli("applications", "list", "--json").json()[0]["status"] == "applied"


def test_an_outcome_while_an_offer_is_open_explains_the_alternative(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    cli("outcomes", "add", "1", "offer")
    assert_one_line_error(cli("outcomes", "add", "1", "rejection"), "record the offer as rescinded")
    assert cli("offers", "decide", "1", "rescinded").code == 0
    assert cli("applications", "list", "--json").json()[0]["status"] == "offer_rescinded"
