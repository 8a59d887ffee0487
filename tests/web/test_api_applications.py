"""JSON API for applications: the same operations as the pages, with clear errors."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import WebClient


def create(client: WebClient, **fields: Any) -> dict[str, Any]:
    body = {"company": "Northwind", "role": "Data Engineer", **fields}
    response = client.api("POST", "/api/applications", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_create_read_change_and_delete_an_application(client: WebClient) -> None:
    created = create(client, tags=["Remote"], source="referral")
    assert created["status"] == "applied" and created["applied_on"] == "2026-11-23"
    assert created["tags"] == ["remote"]
    url = f"/api/applications/{created['id']}"
    assert client.api("GET", url).json()["company"] == "Northwind"
    changed = client.api("PATCH", url, json={"interest": 5, "source": None})
    assert changed.status_code == 200
    assert changed.json()["interest"] == 5 and changed.json()["source"] is None
    assert changed.json()["company"] == "Northwind"
    assert client.api("DELETE", url).status_code == 204
    assert client.api("GET", url).status_code == 404


def test_unknown_ids_are_404_with_a_plain_detail(client: WebClient) -> None:
    response = client.api("GET", "/api/applications/4242")
    assert response.status_code == 404
    assert response.json() == {"detail": "there is no application with id 4242"}
    assert client.api("POST", "/api/interviews/77/debrief", json={}).status_code == 404
    assert client.api("GET", "/api/applications/99999999999").status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        {"company": "X"},
        {"company": "X", "role": "Y", "salary_min": 10, "salary_max": 5},
        {"company": "X", "role": "Y", "applied_on": "9999-12-31"},
        {"company": "X\x00", "role": "Y"},
        {"company": "X", "role": "Y", "unknown": 1},
    ],
)
def test_invalid_input_is_422_with_a_detail(client: WebClient, body: dict[str, Any]) -> None:
    response = client.api("POST", "/api/applications", json=body)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_patch_that_leaves_an_invalid_application_is_refused(client: WebClient) -> None:
    created = create(client)
    response = client.api("PATCH", f"/api/applications/{created['id']}", json={"company": None})
    assert response.status_code == 422
    assert "company" in response.json()["detail"]


def test_list_filters_sorts_and_pages(client: WebClient) -> None:
    for n in range(5):
        create(client, company=f"Company {n}", tags=["remote"] if n % 2 else [])
    page = client.api("GET", "/api/applications?sort=company&dir=desc&per_page=2&page=2").json()
    assert [item["company"] for item in page["items"]] == ["Company 2", "Company 1"]
    assert (page["total"], page["pages"], page["page"]) == (5, 3, 2)
    tagged = client.api("GET", "/api/applications?tag=remote").json()
    assert sorted(item["company"] for item in tagged["items"]) == ["Company 1", "Company 3"]
    searched = client.api("GET", "/api/applications?q=company 4").json()
    assert [item["company"] for item in searched["items"]] == ["Company 4"]
    assert client.api("GET", "/api/applications?status=closed").json()["total"] == 0
    assert client.api("GET", "/api/applications?status=bogus").status_code == 422


def test_interview_debrief_and_history(client: WebClient) -> None:
    created = create(client)
    logged = client.api(
        "POST",
        f"/api/applications/{created['id']}/interviews",
        json={
            "kind": "technical",
            "scheduled_at": "2026-11-24T14:00",
            "interviewers": [{"name": "Sam Lee", "email": "sam@example.com"}],
        },
    )
    assert logged.status_code == 201
    interview = logged.json()
    assert interview["round"] == 1 and interview["timezone"] == "Europe/London"
    assert interview["interviewers"][0]["role"] == "interviewer"
    debrief = client.api(
        "POST",
        f"/api/interviews/{interview['id']}/debrief",
        json={
            "self_rating": 4,
            "decision_within": 3,
            "decision_within_unit": "business_days",
            "questions": [{"text": "Design a cache", "went_well": False}],
        },
    )
    assert debrief.status_code == 200
    [question] = debrief.json()["questions"]
    assert (question["text"], question["went_well"], question["answer_notes"]) == (
        "Design a cache",
        False,
        None,
    )
    both = client.api(
        "POST",
        f"/api/interviews/{interview['id']}/debrief",
        json={"decision_within": 3},
    )
    assert both.status_code == 422
    bad_zone = client.api(
        "POST", f"/api/applications/{created['id']}/interviews", json={"timezone": "Mars/Base"}
    )
    assert bad_zone.status_code == 422
    history = client.api("GET", f"/api/applications/{created['id']}/history").json()
    assert [entry["to_status"] for entry in history] == ["applied", "interviewing"]


def test_outcome_feedback_and_contact(client: WebClient) -> None:
    created = create(client)
    base = f"/api/applications/{created['id']}"
    contact = client.api("POST", f"{base}/contacts", json={"name": "Priya", "role": "recruiter"})
    assert contact.status_code == 201 and contact.json()["name"] == "Priya"
    assert client.api("POST", f"{base}/contacts", json={"role": "recruiter"}).status_code == 422
    outcome = client.api(
        "POST", f"{base}/outcomes", json={"kind": "rejection", "occurred_on": "2026-11-23"}
    )
    assert outcome.status_code == 201 and outcome.json()["status"] == "rejected"
    refused = client.api(
        "POST", f"{base}/outcomes", json={"kind": "offer", "occurred_on": "2026-11-23"}
    )
    assert refused.status_code == 409 and "reopen it first" in refused.json()["detail"]
    feedback = client.api(
        "POST", f"{base}/feedback", json={"received_on": "2026-11-23", "text": "Kind words"}
    )
    assert feedback.status_code == 201 and feedback.json()["text"] == "Kind words"


def test_offer_is_recorded_then_its_terms_change(client: WebClient) -> None:
    created = create(client)
    url = f"/api/applications/{created['id']}/offer"
    first = client.api(
        "POST", url, json={"base_salary": 85000, "currency": "GBP", "deadline": "2026-12-04"}
    )
    assert first.status_code == 200
    assert (first.json()["decision"], first.json()["deadline"]) == ("pending", "2026-12-04")
    second = client.api("POST", url, json={"extended_deadline": "2026-12-11"})
    assert second.json()["id"] == first.json()["id"]
    assert second.json()["base_salary"] == 85000
    assert second.json()["extended_deadline"] == "2026-12-11"
    backwards = client.api("POST", url, json={"extended_deadline": "2026-12-01"})
    assert backwards.status_code == 422
    status = client.api("GET", f"/api/applications/{created['id']}").json()["status"]
    assert status == "offer"
