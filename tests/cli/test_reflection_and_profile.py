"""Feedback, journal, mood and profile commands."""

from __future__ import annotations

from tests.cli.conftest import Cli, assert_one_line_error


def test_feedback_is_listed_newest_first(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    cli("outcomes", "add", "1", "rejection")
    cli("feedback", "add", "1", "Wanted more depth on system design.", "--on", "2026-12-02")
    cli("feedback", "add", "1", "Communication was clear.", "--on", "2026-12-04")
    items = cli("feedback", "list", "--json").json()
    assert [item["received_on"] for item in items] == ["2026-12-04", "2026-12-02"]
    assert items[1]["text"] == "Wanted more depth on system design."
    assert_one_line_error(cli("feedback", "add", "1", "  "), "text: must not be empty")


def test_journal_and_mood_entries_keep_their_time_and_application(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    cli("--as-of", "2026-12-03", "journal", "add", "Froze on the design question.", "-a", "1")
    cli("--as-of", "2026-12-04", "mood", "add", "2", "--note", "rejection day")
    [entry] = cli("journal", "list", "--json").json()
    assert (entry["text"], entry["application_id"]) == ("Froze on the design question.", 1)
    assert entry["written_at"].startswith("2026-12-03")
    [mood] = cli("mood", "list", "--json").json()
    assert (mood["mood"], mood["note"]) == (2, "rejection day")


def test_mood_outside_one_to_five_is_refused(cli: Cli) -> None:
    assert_one_line_error(cli("mood", "add", "0"), "mood: must be at least 1")
    assert_one_line_error(cli("mood", "add", "6"), "mood: must be at most 5")
    assert cli("mood", "list", "--json").json() == []


def test_journal_about_an_unknown_application_is_refused(cli: Cli) -> None:
    assert_one_line_error(cli("journal", "add", "note", "-a", "9"), "no application with id 9")


def test_profile_set_and_show(cli: Cli) -> None:
    result = cli(
        "profile",
        "set",
        "--name",
        "Sam Rivera",
        "--timezone",
        "America/New_York",
        "--country",
        "us",
    )
    assert result.code == 0
    profile = cli("profile", "show", "--json").json()
    assert (profile["name"], profile["timezone"], profile["country"]) == (
        "Sam Rivera",
        "America/New_York",
        "US",
    )
    assert_one_line_error(cli("profile", "set", "--timezone", "Moon/Base"), "timezone", "IANA")
    assert_one_line_error(cli("profile", "set", "--country", "USA"), "country", "two-letter")
    assert cli("profile", "show", "--json").json()["timezone"] == "America/New_York"


def test_the_users_time_zone_decides_what_today_is(cli: Cli) -> None:
    cli("profile", "set", "--timezone", "Pacific/Auckland")
    cli("applications", "add", "Northwind", "Data Engineer")
    # --as-of pins the local date, whatever the zone.
    cli("--as-of", "2026-12-03", "applications", "add", "Contoso", "Engineer")
    assert cli("applications", "list", "--json").json()[1]["applied_on"] == "2026-12-03"
