"""The Pipeline page: quick add, the board by stage, and the sortable, filterable table."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup

from afterword.pipeline.applications import add_application
from afterword.pipeline.outcomes import record_outcome
from afterword.pipeline.schemas import ApplicationFields, OutcomeFields
from afterword.pipeline.status import OutcomeKind
from tests.web.conftest import WebClient


def seed(workspace: Any, rows: list[tuple[str, str]], **extra: Any) -> list[int]:
    """Adds applications (company, role) through the service; returns their ids."""
    ids = []
    with workspace() as ws:
        for company, role in rows:
            application = add_application(
                session=ws.session,
                user_id=ws.user_id,
                fields=ApplicationFields(company=company, role=role, **extra),
                now=ws.now,
            )
            ids.append(application.id)
    return ids


def test_quick_add_creates_the_application_and_opens_its_page(client: WebClient) -> None:
    response = client.submit(
        "/applications",
        {
            "company": "Northwind",
            "role": "Data Engineer",
            "applied_on": "2026-11-20",
            "source": "referral",
            "link": "jobs.northwind.example/42",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.page(response.headers["location"])
    assert page.h1 is not None and "Northwind" in page.h1.text
    assert "Added Northwind" in page.select_one("#alerts").text
    board = client.page("/pipeline")
    applied = board.select_one("#stage-applied").find_parent("section")
    assert "Northwind" in applied.text and "(1)" in applied.text
    table = board.select_one("#pipeline-table table")
    assert [td.text.strip() for td in table.select("tbody tr td")][:3] == [
        "Northwind",
        "Data Engineer",
        "applied",
    ]


def test_quick_add_keeps_what_was_typed_and_shows_the_error_by_the_field(
    client: WebClient,
) -> None:
    response = client.submit(
        "/applications", {"company": "Northwind", "role": "  ", "link": "not a link"}
    )
    assert response.status_code == 422

    page = BeautifulSoup(response.text, "html.parser")
    form = page.select_one("form#add")
    assert form.select_one("#add-f-company")["value"] == "Northwind"
    assert form.select_one("#add-f-link")["value"] == "not a link"
    assert form.select_one("#add-f-role")["aria-invalid"] == "true"
    assert "is required" in form.select_one("#add-f-role-note").text
    assert "not a web address" in form.select_one("#add-f-link-note").text


def test_quick_add_through_htmx_swaps_back_only_the_form_with_its_errors(
    client: WebClient,
) -> None:
    response = client.submit(
        "/applications", {"company": "", "role": "Analyst"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    assert page.h1 is None
    assert page.select_one("form#add #add-f-role")["value"] == "Analyst"
    assert page.select_one("#add-f-company-note").text == "is required"


def test_quick_add_through_htmx_sends_the_browser_to_the_new_page(client: WebClient) -> None:
    response = client.submit(
        "/applications", {"company": "Acme", "role": "Analyst"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/applications/")


def close(workspace: Any, application_id: int, kind: OutcomeKind) -> None:
    with workspace() as ws:
        record_outcome(
            session=ws.session,
            user_id=ws.user_id,
            application_id=application_id,
            fields=OutcomeFields(kind=kind, occurred_on=ws.today),
            now=ws.now,
        )


def test_board_counts_each_stage_and_gathers_ended_processes_under_closed(
    client: WebClient, workspace: Any
) -> None:
    ids = seed(workspace, [("Acme", "Analyst"), ("Globex", "Engineer"), ("Initech", "Tester")])
    close(workspace, ids[0], OutcomeKind.REJECTION)
    close(workspace, ids[1], OutcomeKind.GHOSTED)
    page = client.page("/pipeline")
    closed = page.select_one("#stage-closed").find_parent("section")
    applied = page.select_one("#stage-applied").find_parent("section")
    assert "(2)" in closed.h3.text and "(1)" in applied.h3.text
    assert [a.text for a in closed.select(".pipeline-card a")] == ["Globex", "Acme"]
    assert "ghosted" in closed.text and "rejected" in closed.text
    assert closed.select("a")[-1]["href"] == "/pipeline?status=closed#table"


def test_board_shows_ten_cards_and_links_to_the_rest(client: WebClient, workspace: Any) -> None:
    seed(workspace, [(f"Company {n:02}", "Engineer") for n in range(12)])
    column = client.page("/pipeline").select_one("#stage-applied").find_parent("section")
    assert len(column.select(".pipeline-card")) == 10
    assert "All 12 in the table" in column.text


def rows(page: BeautifulSoup) -> list[str]:
    """The company column of the table, top to bottom."""
    return [tr.td.text.strip() for tr in page.select("#pipeline-table tbody tr")]


def test_table_filters_by_status_text_tag_and_open_processes(
    client: WebClient, workspace: Any
) -> None:
    ids = seed(workspace, [("Acme", "Analyst"), ("Globex", "Data Engineer")])
    seed(workspace, [("Initech", "Data Scientist")], tags=["remote"])
    close(workspace, ids[0], OutcomeKind.REJECTION)
    assert rows(client.page("/pipeline?status=rejected")) == ["Acme"]
    assert rows(client.page("/pipeline?status=closed")) == ["Acme"]
    assert sorted(rows(client.page("/pipeline?q=DATA"))) == ["Globex", "Initech"]
    assert rows(client.page("/pipeline?tag=remote")) == ["Initech"]
    assert sorted(rows(client.page("/pipeline?open=1"))) == ["Globex", "Initech"]
    empty = client.page("/pipeline?q=nothing-like-this")
    assert "No applications match these filters" in empty.select_one("#pipeline-table").text


def test_table_sorts_by_the_clicked_header_and_says_so(client: WebClient, workspace: Any) -> None:
    seed(workspace, [("Globex", "B"), ("acme", "C"), ("Initech", "A")])
    page = client.page("/pipeline?sort=company&dir=asc")
    assert rows(page) == ["acme", "Globex", "Initech"]
    header = page.select_one("th[aria-sort='ascending']")
    assert header is not None and "Company" in header.text
    # Clicking the sorted header again flips the direction.
    assert "sort=company&dir=desc" in header.a["href"]
    assert rows(client.page(header.a["href"].split("#")[0])) == ["Initech", "Globex", "acme"]
    by_role = client.page("/pipeline?sort=role&dir=asc")
    assert rows(by_role) == ["Initech", "Globex", "acme"]


def test_table_pages_fifty_at_a_time(client: WebClient, workspace: Any) -> None:
    seed(workspace, [(f"Company {n:03}", "Engineer") for n in range(120)])
    first = client.page("/pipeline?sort=company&dir=asc")
    assert len(rows(first)) == 50 and rows(first)[0] == "Company 000"
    assert "120 applications" in first.select_one(".pipeline-summary").text
    last = client.page("/pipeline?sort=company&dir=asc&page=3")
    assert len(rows(last)) == 20 and rows(last)[-1] == "Company 119"
    assert last.select_one("a[rel=prev]")["href"].startswith(
        "/pipeline?sort=company&dir=asc&page=2"
    )
    # A page past the end shows the last page rather than nothing.
    assert rows(client.page("/pipeline?sort=company&dir=asc&page=99")) == rows(last)


def test_htmx_table_request_gets_only_the_table(client: WebClient, workspace: Any) -> None:
    seed(workspace, [("Acme", "Analyst")])
    response = client.get(
        "/pipeline?q=acme", headers={"HX-Request": "true", "HX-Target": "pipeline-table"}
    )
    page = BeautifulSoup(response.text, "html.parser")
    assert page.h1 is None and rows_of(page) == ["Acme"]
    # The filter form learns the current sort out of band.
    assert page.select_one("#pipeline-sort-fields[hx-swap-oob]") is not None


def rows_of(page: BeautifulSoup) -> list[str]:
    return [tr.td.text.strip() for tr in page.select("tbody tr")]


def test_nonsense_in_the_address_falls_back_to_defaults(client: WebClient) -> None:
    page = client.page("/pipeline?sort=evil;drop&dir=sideways&page=-4&status=nope")
    assert page.h1 is not None and page.h1.text == "Pipeline"
