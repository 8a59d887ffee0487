"""The Numbers page: figures, conversion by source, base hits, response times and the flow."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from afterword.offers.service import record_news
from afterword.pipeline.applications import add_application
from afterword.pipeline.interviews import log_interview
from afterword.pipeline.schemas import ApplicationFields, InterviewFields, OutcomeFields
from afterword.pipeline.status import OutcomeKind
from afterword.workspace import Workspace
from tests.web.conftest import WebClient


def seed_search(ws: Workspace) -> None:
    """Six applications: two referrals (one offer), three from a board, one with no source."""

    def app(company: str, source: str | None) -> int:
        return add_application(
            session=ws.session,
            user_id=ws.user_id,
            fields=ApplicationFields(
                company=company, role="Analyst", source=source, applied_on=dt.date(2026, 11, 2)
            ),
            now=ws.now,
        ).id

    def interview(app_id: int) -> None:
        log_interview(
            session=ws.session,
            user_id=ws.user_id,
            application_id=app_id,
            fields=InterviewFields(
                kind="technical", scheduled_at=dt.datetime(2026, 11, 12, 10, tzinfo=dt.UTC)
            ),
            now=ws.now,
        )

    def outcome(app_id: int, kind: OutcomeKind) -> None:
        record_news(
            session=ws.session,
            user_id=ws.user_id,
            application_id=app_id,
            fields=OutcomeFields(kind=kind, occurred_on=dt.date(2026, 11, 20)),
            now=ws.now,
        )

    offer = app("Acme", "Referral")
    interview(offer)
    outcome(offer, OutcomeKind.OFFER)
    open_one = app("Globex", "referral")
    interview(open_one)
    for company in ("Initech", "Umbrella"):
        rejected = app(company, "Job board")
        interview(rejected)
        outcome(rejected, OutcomeKind.REJECTION)
    outcome(app("Hooli", "Job board"), OutcomeKind.GHOSTED)
    app("Stark", None)


def test_an_empty_search_says_there_is_nothing_to_count_and_loads_no_charts(
    client: WebClient,
) -> None:
    page = client.page("/numbers")
    assert page.h1.get_text(strip=True) == "Numbers"
    assert "nothing to count yet" in page.main.get_text()
    assert page.find("script", src="/static/vendor/echarts.min.js") is None


def test_stat_cards_show_each_count(client: WebClient, workspace: Any) -> None:
    with workspace() as ws:
        seed_search(ws)
    page = client.page("/numbers")
    cards = [
        " ".join(a.get_text(" ", strip=True).split()) for a in page.select(".stat-cards article")
    ]
    assert cards[:5] == [
        "6 applications",
        "4 interviews, in 4 processes",
        "1 offer",
        "2 rejections",
        "3 open now",
    ]
    assert "median wait for a first reply" in cards[5]


def test_conversion_by_source_is_a_chart_with_the_same_figures_as_a_table(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        seed_search(ws)
    page = client.page("/numbers")
    chart = page.select_one("#sources-chart")
    assert chart["role"] == "img" and chart["aria-label"]
    data = json.loads(page.select_one("#sources-chart-data").string)
    assert data["categories"] == ["Job board", "Referral", "Not recorded"]
    rows = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in page.select("#sources-table tbody tr")
    }
    assert rows["Referral"] == ["2", "2", "1", "100%", "50%"]
    assert rows["Job board"] == ["3", "2", "0", "67%", "0%"]


def test_base_hit_rate_is_said_with_the_users_own_numbers(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        seed_search(ws)
    text = client.page("/numbers").select_one("#base-hits").parent.get_text(" ", strip=True)
    assert "33%" in text
    assert "Of 3 processes where a company decided after interviewing you, 1 ended in an offer" in (
        text
    )


def test_the_whole_search_flows_from_applied_to_each_outcome(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        seed_search(ws)
    page = client.page("/numbers")
    assert page.select_one("#flow-chart")["data-chart"] == "sankey"
    flow = json.loads(page.select_one("#flow-chart-data").string)
    links = {(link["source"], link["target"]): link["value"] for link in flow["links"]}
    assert links[("Applied", "Interviewed")] == 4
    assert links[("Applied", "No interview")] == 2
    assert links[("Interviewed", "Not selected")] == 2
    assert links[("Offer", "Deciding on the offer")] == 1
    table = [
        [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in page.select("#flow-table tbody tr")
    ]
    assert ["No interview", "Never answered", "1"] in table


def test_response_times_count_days_to_the_first_answer(client: WebClient, workspace: Any) -> None:
    with workspace() as ws:
        seed_search(ws)
    page = client.page("/numbers")
    text = page.select_one("#response-times").parent.get_text(" ", strip=True)
    # The answers were logged on 23 November for applications sent on 2 November: 21 days.
    assert "4 companies replied; the median wait was 21 days." in text
    rows = {
        tr.th.get_text(strip=True): tr.td.get_text(strip=True)
        for tr in page.select("#responses-table tbody tr")
    }
    assert rows["2 to 4 weeks"] == "4"
