"""The Offers page: offers side by side, open processes against deadlines, negotiation notes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from afterword.offers.schemas import OfferTerms
from afterword.offers.service import get_offer, record_offer
from afterword.pipeline.applications import add_application
from afterword.pipeline.interviews import log_interview, record_debrief
from afterword.pipeline.schemas import ApplicationFields, InterviewFields
from afterword.workspace import Workspace
from tests.web.conftest import WebClient


def _process(
    ws: Workspace, company: str, *, interviewed_on: dt.date | None, decision_by: dt.date | None
) -> int:
    """An application at the interview stage, with a decision date if one was promised."""
    application = add_application(
        session=ws.session,
        user_id=ws.user_id,
        fields=ApplicationFields(company=company, role="Data Engineer", source="Referral"),
        now=ws.now,
    )
    when = (
        dt.datetime.combine(interviewed_on, dt.time(10), tzinfo=dt.UTC) if interviewed_on else None
    )
    interview = log_interview(
        session=ws.session,
        user_id=ws.user_id,
        application_id=application.id,
        fields=InterviewFields(kind="technical", scheduled_at=when),
        now=ws.now,
    )
    if decision_by is not None:
        record_debrief(
            session=ws.session,
            user_id=ws.user_id,
            interview_id=interview.id,
            changes={"decision_by": decision_by},
            now=ws.now,
        )
    return application.id


def _offer(ws: Workspace, company: str, **terms: Any) -> int:
    application_id = _process(ws, company, interviewed_on=dt.date(2026, 11, 16), decision_by=None)
    offer = record_offer(
        session=ws.session,
        user_id=ws.user_id,
        application_id=application_id,
        terms=OfferTerms(**terms),
        received_on=ws.today,
        now=ws.now,
    )
    return offer.id


def seed_offers(ws: Workspace) -> dict[str, int]:
    """Two pending offers (Acme expires first) and three processes still deciding."""
    ids = {
        "acme": _offer(
            ws,
            "Acme",
            base_salary=80_000,
            currency="GBP",
            bonus_percent=10,
            sign_on=5_000,
            equity_value=40_000,
            deadline=dt.date(2026, 11, 30),
        ),
        "globex": _offer(
            ws,
            "Globex",
            base_salary=85_000,
            currency="GBP",
            bonus_amount=4_000,
            deadline=dt.date(2026, 12, 4),
            notes="Recruiter said I did very well.",
        ),
    }
    ids["initech"] = _process(
        ws, "Initech", interviewed_on=dt.date(2026, 11, 20), decision_by=dt.date(2026, 12, 10)
    )
    ids["umbrella"] = _process(
        ws, "Umbrella", interviewed_on=dt.date(2026, 11, 20), decision_by=dt.date(2026, 11, 25)
    )
    ids["hooli"] = _process(ws, "Hooli", interviewed_on=None, decision_by=None)
    return ids


def _cells(page: Any, row: str) -> list[str]:
    tr = page.select_one(f'#offer-comparison tr[data-row="{row}"]')
    return [" ".join(td.get_text(" ", strip=True).split()) for td in tr.find_all("td")]


def test_no_offers_shows_a_kind_empty_state(client: WebClient) -> None:
    page = client.page("/offers")
    assert page.h1.get_text(strip=True) == "Offers"
    assert "No offers yet" in page.main.get_text()
    assert page.select_one("#offer-comparison") is None


def test_comparison_has_one_column_per_offer_and_marks_the_highest_in_words(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        seed_offers(ws)
    page = client.page("/offers")
    headers = [th.get_text(" ", strip=True) for th in page.select("#offer-comparison thead th")]
    assert [h.split()[0] for h in headers] == ["Acme", "Globex"]  # nearest deadline first
    rows = [tr["data-row"] for tr in page.select("#offer-comparison tbody tr")]
    assert rows[:7] == [
        "base",
        "bonus",
        "sign_on",
        "equity_year",
        "equity_total",
        "first_year",
        "total",
    ]
    base = _cells(page, "base")
    assert "£80,000" in base[0] and "highest" not in base[0]
    assert "£85,000" in base[1] and "highest" in base[1]
    # Acme: 80,000 + 8,000 bonus + 10,000 equity + 5,000 sign-on in year one.
    first_year = _cells(page, "first_year")
    assert "£103,000" in first_year[0] and "highest" in first_year[0]
    assert "£89,000" in first_year[1]
    total = _cells(page, "total")
    assert "£397,000" in total[0] and "highest" in total[0]
    assert "not given" in _cells(page, "equity_total")[1]
    assert "25/25/25/25" in _cells(page, "equity_total")[0]
    assert "30 Nov" in _cells(page, "deadline")[0]


def test_a_process_deciding_after_the_deadline_is_flagged_to_ask_for_an_extension(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        ids = seed_offers(ws)
    page = client.page("/offers")
    rows = {
        int(tr["data-application-id"]): tr.get_text(" ", strip=True)
        for tr in page.select("#deadline-timeline tbody tr")
    }
    assert "decides after the deadline — ask for an extension" in rows[ids["initech"]]
    assert "should decide in time" in rows[ids["umbrella"]]
    assert "no date known" in rows[ids["hooli"]]
    summary = page.select_one(".deadline-summary").get_text(" ", strip=True)
    assert "Initech is not expected to decide before it — ask Acme for an extension" in summary
    svg = page.select_one("svg.timeline-svg")
    assert svg["role"] == "img" and svg.title is not None


def test_declined_offers_come_after_open_ones_and_say_so_in_words(
    client: WebClient, workspace: Any
) -> None:
    from afterword.offers.service import decide_offer
    from afterword.pipeline.status import OfferDecision

    with workspace() as ws:
        ids = seed_offers(ws)
        decide_offer(
            session=ws.session,
            user_id=ws.user_id,
            offer_id=ids["acme"],
            decision=OfferDecision.DECLINED,
            decided_on=ws.today,
            now=ws.now,
        )
    page = client.page("/offers")
    headers = page.select("#offer-comparison thead th")
    assert headers[0].get_text(" ", strip=True).startswith("Globex")
    assert "Declined" in headers[1].get_text() and "decided" in headers[1]["class"]
    # With one open offer left, nothing is "highest".
    assert "highest" not in _cells(page, "base")[0]


def test_different_currencies_are_noted_and_not_converted(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        _offer(ws, "Acme", base_salary=80_000, currency="GBP")
        _offer(ws, "Zeta", base_salary=90_000, currency="EUR")
    page = client.page("/offers")
    text = page.main.get_text(" ", strip=True)
    assert "different currencies (EUR, GBP)" in text
    assert "highest" not in " ".join(_cells(page, "base"))


def test_saving_notes_keeps_them_on_the_offer(client: WebClient, workspace: Any) -> None:
    with workspace() as ws:
        ids = seed_offers(ws)
    response = client.submit(
        f"/offers/{ids['acme']}/notes", {"notes": "Ask for 85k base."}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/offers#notes-{ids['acme']}"
    with workspace() as ws:
        assert get_offer(session=ws.session, user_id=ws.user_id, offer_id=ids["acme"]).notes == (
            "Ask for 85k base."
        )
    page = client.page("/offers")
    assert page.select_one(f"#offer-{ids['acme']}-f-notes").get_text() == "Ask for 85k base."


def test_saving_notes_with_htmx_returns_the_section_alone(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        ids = seed_offers(ws)
    response = client.submit(
        f"/offers/{ids['globex']}/notes", {"notes": ""}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<h1" not in response.text and "saved" in response.text
    with workspace() as ws:
        assert (
            get_offer(session=ws.session, user_id=ws.user_id, offer_id=ids["globex"]).notes is None
        )


def test_notes_for_an_unknown_offer_is_not_found(client: WebClient) -> None:
    response = client.submit("/offers/999/notes", {"notes": "x"})
    assert response.status_code == 404
