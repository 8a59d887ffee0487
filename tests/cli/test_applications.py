"""`afterword applications ...`: adding, listing, showing, editing, reopening, deleting."""

from __future__ import annotations

from tests.cli.conftest import Cli, assert_one_line_error


def test_add_then_list_shows_the_application_with_its_details(cli: Cli) -> None:
    added = cli(
        "--as-of",
        "2026-12-01",
        "applications",
        "add",
        "Northwind",
        "Data Engineer",
        "--source",
        "referral",
        "--tag",
        "Remote",
        "--tag",
        "dream job",
        "--interest",
        "4",
    )
    assert added.code == 0
    assert "Added application 1: Northwind -- Data Engineer." in added.out

    listed = cli("applications", "list", "--json").json()
    assert listed == [
        {
            "id": 1,
            "company": "Northwind",
            "role": "Data Engineer",
            "status": "applied",
            "applied_on": "2026-12-01",
            "interest": 4,
            "location": None,
            "tags": ["dream job", "remote"],
        }
    ]


def test_list_table_has_a_header_and_one_line_per_application(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer", "--applied", "2026-11-02")
    cli("applications", "add", "Contoso", "Backend Engineer", "--applied", "2026-11-03")
    lines = cli("applications", "list").out.splitlines()
    assert lines[0].split() == ["ID", "Company", "Role", "Status", "Applied", "Interest", "Tags"]
    assert lines[2].split() == ["1", "Northwind", "Data", "Engineer", "applied", "2026-11-02"]
    assert lines[3].split() == ["2", "Contoso", "Backend", "Engineer", "applied", "2026-11-03"]
    assert len(lines) == 4


def test_list_filters_by_status_tag_and_open(cli: Cli) -> None:
    cli("applications", "add", "A", "Role", "--tag", "remote")
    cli("applications", "add", "B", "Role")
    cli("applications", "add", "C", "Role", "--tag", "remote")
    cli("outcomes", "add", "2", "rejection")
    assert [
        row["company"] for row in cli("applications", "list", "--tag", "remote", "--json").json()
    ] == ["A", "C"]
    assert [
        row["company"]
        for row in cli("applications", "list", "--status", "rejected", "--json").json()
    ] == ["B"]
    assert [row["company"] for row in cli("applications", "list", "--open", "--json").json()] == [
        "A",
        "C",
    ]


def test_list_of_an_empty_workspace_says_how_to_start(cli: Cli) -> None:
    result = cli("applications", "list")
    assert result.code == 0
    assert 'afterword applications add "Company" "Role"' in result.out


def test_list_rejects_an_unknown_status_naming_the_choices(cli: Cli) -> None:
    result = cli("applications", "list", "--status", "pending")
    assert_one_line_error(result, "'pending' is not a status", "interviewing")


def test_show_prints_details_people_interviews_and_history(cli: Cli) -> None:
    cli(
        "--as-of",
        "2026-12-01",
        "applications",
        "add",
        "Northwind",
        "Data Engineer",
        "--location",
        "Leeds",
    )
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
    )
    out = cli("applications", "show", "1").out
    assert "Northwind -- Data Engineer  (application 1)" in out
    assert "Leeds" in out
    assert "Priya Shah <priya@northwind.example> -- recruiter" in out
    assert "Round 1 [1]: technical, 2026-12-03 14:00 GMT" in out
    assert "applied -> interviewing  (interview round 1 logged (technical))" in out


def test_show_json_includes_children_and_history(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    cli("outcomes", "add", "1", "rejection", "--note", "template email")
    record = cli("applications", "show", "1", "--json").json()
    assert record["company"] == "Northwind"
    assert record["status"] == "rejected"
    assert [entry["to_status"] for entry in record["history"]] == ["applied", "rejected"]
    assert record["outcomes"][0]["kind"] == "rejection"


def test_edit_changes_given_fields_and_clears_empty_ones(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer", "--location", "Leeds", "--tag", "a")
    result = cli(
        "applications",
        "edit",
        "1",
        "--role",
        "Senior Data Engineer",
        "--location",
        "",
        "--add-tag",
        "b",
        "--remove-tag",
        "a",
    )
    assert result.code == 0
    row = cli("applications", "list", "--json").json()[0]
    assert (row["role"], row["location"], row["tags"]) == ("Senior Data Engineer", None, ["b"])


def test_edit_without_options_is_refused(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    assert_one_line_error(cli("applications", "edit", "1"), "nothing to change")


def test_invalid_edit_changes_nothing(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer", "--salary-min", "50000")
    result = cli("applications", "edit", "1", "--salary-max", "100", "--role", "Changed")
    assert_one_line_error(result, "salary range starts above where it ends")
    assert cli("applications", "list", "--json").json()[0]["role"] == "Data Engineer"


def test_add_rejects_bad_values_with_the_field_named(cli: Cli) -> None:
    assert_one_line_error(cli("applications", "add", " ", "Role"), "company: must not be empty")
    assert_one_line_error(
        cli("applications", "add", "A", "B", "--link", "not a url"), "link:", "web address"
    )
    assert_one_line_error(
        cli("applications", "add", "A", "B", "--currency", "dollars"), "currency code"
    )
    assert_one_line_error(
        cli("applications", "add", "A", "B", "--applied", "31/12/2026"), "--applied", "YYYY-MM-DD"
    )
    assert_one_line_error(
        cli("applications", "add", "A", "B", "--interest", "9"), "interest", "at most 5"
    )
    assert cli("applications", "list", "--json").json() == []


def test_missing_argument_is_a_usage_error_with_a_hint(cli: Cli) -> None:
    result = cli("applications", "add", "OnlyCompany")
    assert result.code == 2
    assert_one_line_error(result, "Missing argument", "afterword applications add --help")


def test_unknown_application_is_reported_plainly(cli: Cli) -> None:
    for command in (
        ["applications", "show", "42"],
        ["applications", "edit", "42", "--role", "x"],
        ["outcomes", "add", "42", "offer"],
        ["applications", "history", "42"],
    ):
        assert_one_line_error(cli(*command), "there is no application with id 42")


def test_reopen_a_rejected_application_with_a_new_role_is_recorded(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    cli("outcomes", "add", "1", "rejection")
    result = cli(
        "applications",
        "reopen",
        "1",
        "--role",
        "Analytics Engineer",
        "--note",
        "recruiter came back",
    )
    assert result.code == 0
    history = cli("applications", "history", "1", "--json").json()
    assert [(h["from"], h["to"]) for h in history] == [
        (None, "applied"),
        ("applied", "rejected"),
        ("rejected", "applied"),
    ]
    assert history[-1]["cause"] == (
        "reopened for the role 'Analytics Engineer' (was 'Data Engineer'): recruiter came back"
    )
    assert cli("applications", "list", "--json").json()[0]["role"] == "Analytics Engineer"


def test_reopening_an_open_application_is_refused(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    assert_one_line_error(
        cli("applications", "reopen", "1"),
        "application 1 (Northwind)",
        "only an ended one can be reopened",
    )


def test_delete_with_yes_removes_the_application_and_its_children(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    cli("contacts", "add", "1", "--name", "Priya")
    assert cli("applications", "delete", "1", "--yes").code == 0
    assert cli("applications", "list", "--json").json() == []
    assert cli("contacts", "list", "--json").json() == []


def test_delete_without_yes_and_no_terminal_changes_nothing(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    assert_one_line_error(cli("applications", "delete", "1"), "add --yes")
    assert len(cli("applications", "list", "--json").json()) == 1
