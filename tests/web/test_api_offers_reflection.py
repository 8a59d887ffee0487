"""JSON API: offers and their comparison, journal, moods, questions, feedback and numbers."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import WebClient
from tests.web.test_offers_page import seed_offers
from tests.web.test_reflection_page import seed_reflection


def test_offers_list_their_terms_and_totals(client: WebClient, workspace: Any) -> None:
    with workspace() as ws:
        ids = seed_offers(ws)
    response = client.api("GET", "/api/offers")
    assert response.status_code == 200
    offers = {offer["id"]: offer for offer in response.json()}
    acme = offers[ids["acme"]]
    assert (acme["company"], acme["base_salary"], acme["annual_bonus"]) == ("Acme", 80_000, 8_000)
    assert acme["first_year_total"] == 103_000 and acme["four_year_total"] == 397_000
    assert acme["vesting"] == "25/25/25/25 over 4 years"
    assert offers[ids["globex"]]["equity_value"] is None


def test_comparison_flags_the_process_that_decides_after_the_deadline(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        ids = seed_offers(ws)
    body = client.api("GET", "/api/offers/comparison").json()
    assert [offer["company"] for offer in body["offers"]] == ["Acme", "Globex"]
    base = next(row for row in body["rows"] if row["key"] == "base")
    assert [cell["highest"] for cell in base["cells"]] == [False, True]
    assert body["deadlines"][0]["company"] == "Acme"
    assert body["deadlines"][0]["needs_extension"] is True
    assert body["deadlines"][0]["late"] == ["Initech"]
    verdicts = {p["application_id"]: p["verdict"] for p in body["processes"]}
    assert verdicts[ids["initech"]] == "after_deadline"
    assert verdicts[ids["umbrella"]] == "in_time"
    assert verdicts[ids["hooli"]] == "no_date"


def test_patching_an_offer_changes_its_notes_only(client: WebClient, workspace: Any) -> None:
    with workspace() as ws:
        ids = seed_offers(ws)
    response = client.api("PATCH", f"/api/offers/{ids['acme']}", json={"notes": "Counter at 90k"})
    assert response.status_code == 200
    assert response.json()["notes"] == "Counter at 90k"
    assert response.json()["base_salary"] == 80_000
    refused = client.api("PATCH", f"/api/offers/{ids['acme']}", json={"base_salary": 1})
    assert refused.status_code == 422
    assert client.api("PATCH", "/api/offers/9999", json={"notes": "x"}).status_code == 404
    assert client.api("PATCH", "/api/offers/99999999999", json={}).status_code == 422


def test_patching_without_the_token_is_refused(client: WebClient, workspace: Any) -> None:
    with workspace() as ws:
        ids = seed_offers(ws)
    response = client.patch(f"/api/offers/{ids['acme']}", json={"notes": "sneaky"})
    assert response.status_code == 403


def test_journal_entries_are_written_and_read_newest_first(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        app_id = seed_reflection(ws)
    first = client.api("POST", "/api/journal", json={"text": "First thoughts"})
    assert first.status_code == 201 and first.json()["application_id"] is None
    second = client.api(
        "POST", "/api/journal", json={"text": "About Acme", "application_id": app_id}
    )
    assert second.status_code == 201
    entries = client.api("GET", "/api/journal").json()
    assert [entry["text"] for entry in entries] == ["About Acme", "First thoughts"]
    assert entries[0]["company"] == "Acme"
    assert client.api("GET", "/api/journal?limit=1").json()[0]["text"] == "About Acme"


def test_bad_journal_and_mood_input_is_refused_plainly(client: WebClient) -> None:
    assert client.api("POST", "/api/journal", json={"text": "  "}).status_code == 422
    assert client.api("POST", "/api/journal", json={"text": "a\x00b"}).status_code == 422
    missing = client.api("POST", "/api/journal", json={"text": "x", "application_id": 777})
    assert missing.status_code == 404 and "777" in missing.json()["detail"]
    assert client.api("POST", "/api/moods", json={"mood": 0}).status_code == 422
    assert client.api("POST", "/api/moods", json={"mood": 3, "extra": 1}).status_code == 422
    assert client.api("GET", "/api/moods?limit=0").status_code == 422


def test_moods_are_recorded_and_listed(client: WebClient) -> None:
    created = client.api("POST", "/api/moods", json={"mood": 2, "note": "tired"})
    assert created.status_code == 201 and created.json()["mood"] == 2
    moods = client.api("GET", "/api/moods").json()
    assert [(m["mood"], m["note"]) for m in moods] == [(2, "tired")]


def test_questions_and_feedback_come_with_their_company(client: WebClient, workspace: Any) -> None:
    with workspace() as ws:
        seed_reflection(ws)
    bank = client.api("GET", "/api/questions").json()
    assert [q["text"] for q in bank["tough"]] == ["Design a rate limiter"]
    assert [q["text"] for q in bank["great"]] == ["Tell me about a migration you led"]
    assert bank["tough"][0]["company"] == "Acme" and bank["tough"][0]["kind"] == "system design"
    feedback = client.api("GET", "/api/feedback").json()
    assert feedback[0]["company"] == "Acme" and feedback[0]["received_on"] == "2026-11-21"


def test_numbers_are_the_same_as_on_the_page(client: WebClient, workspace: Any) -> None:
    empty = client.api("GET", "/api/numbers").json()
    assert empty["applications"] == 0 and empty["base_hit_rate"] is None
    assert empty["flow_links"] == []
    with workspace() as ws:
        seed_offers(ws)
    body = client.api("GET", "/api/numbers").json()
    assert body["applications"] == 5 and body["offers"] == 2 and body["open_now"] == 5
    assert body["by_source"][0] == {
        "source": "Referral",
        "applied": 5,
        "interviewed": 5,
        "offered": 2,
    }
    assert sum(link["value"] for link in body["flow_links"] if link["source"] == "Applied") == 5
