"""JSON API: changing and deleting interviews, people, feedback and journal entries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.web.conftest import WebClient


def _process(client: WebClient) -> dict[str, Any]:
    """Northwind with one interview (Priya interviewing), feedback and a journal entry."""
    app = client.api("POST", "/api/applications", json={"company": "Northwind", "role": "DE"})
    app_id = app.json()["id"]
    interview = client.api(
        "POST",
        f"/api/applications/{app_id}/interviews",
        json={
            "kind": "technical",
            "scheduled_at": "2026-11-20T10:00:00",
            "interviewers": [{"name": "Priya", "email": "priya@example.com"}],
        },
    ).json()
    feedback = client.api(
        "POST",
        f"/api/applications/{app_id}/feedback",
        json={"received_on": "2026-11-21", "text": "Strong SQL."},
    ).json()
    entry = client.api("POST", "/api/journal", json={"text": "Long day."}).json()
    return {
        "app": app_id,
        "interview": interview["id"],
        "contact": interview["interviewers"][0]["id"],
        "feedback": feedback["id"],
        "entry": entry["id"],
    }


def test_an_interview_moves_in_its_own_time_zone_and_gains_an_interviewer(
    client: WebClient,
) -> None:
    ids = _process(client)
    response = client.api(
        "PATCH",
        f"/api/interviews/{ids['interview']}",
        json={
            "scheduled_at": "2026-11-21T09:00:00",
            "timezone": "America/New_York",
            "location": None,
            "interviewers": [{"name": "Tom"}],
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    # 09:00 in New York on 21 November is 14:00 UTC.
    assert dt.datetime.fromisoformat(body["scheduled_at"]) == dt.datetime(
        2026, 11, 21, 14, tzinfo=dt.UTC
    )
    assert (body["timezone"], body["kind"], body["location"]) == (
        "America/New_York",
        "technical",
        None,
    )
    assert [person["name"] for person in body["interviewers"]] == ["Priya", "Tom"]


def test_deleting_an_interview_keeps_its_people(client: WebClient) -> None:
    ids = _process(client)
    assert client.api("DELETE", f"/api/interviews/{ids['interview']}").status_code == 204
    assert client.api("DELETE", f"/api/interviews/{ids['interview']}").status_code == 404
    history = client.api("GET", f"/api/applications/{ids['app']}/history").json()
    assert history[-1]["to_status"] == "applied"
    changed = client.api("PATCH", f"/api/contacts/{ids['contact']}", json={"phone": "0123"})
    assert changed.status_code == 200 and changed.json()["name"] == "Priya"


def test_a_person_is_changed_then_deleted(client: WebClient) -> None:
    ids = _process(client)
    url = f"/api/contacts/{ids['contact']}"
    changed = client.api("PATCH", url, json={"role": "hiring_manager", "email": None})
    assert changed.status_code == 200
    assert (changed.json()["role"], changed.json()["email"]) == ("hiring_manager", None)
    refused = client.api("PATCH", url, json={"name": None})
    assert refused.status_code == 422 and "name or an email" in refused.json()["detail"]
    assert client.api("DELETE", url).status_code == 204
    assert client.api("PATCH", url, json={"phone": "1"}).status_code == 404


def test_feedback_is_corrected_then_deleted(client: WebClient) -> None:
    ids = _process(client)
    url = f"/api/feedback/{ids['feedback']}"
    changed = client.api("PATCH", url, json={"received_on": "2026-11-22"})
    assert changed.status_code == 200
    expected = {
        "id": ids["feedback"],
        "application_id": ids["app"],
        "received_on": "2026-11-22",
        "text": "Strong SQL.",
    }
    assert {name: changed.json()[name] for name in expected} == expected
    assert client.api("PATCH", url, json={"text": ""}).status_code == 422
    assert client.api("DELETE", url).status_code == 204
    assert client.api("GET", "/api/feedback").json() == []


def test_a_journal_entry_is_linked_unlinked_and_deleted(client: WebClient) -> None:
    ids = _process(client)
    url = f"/api/journal/{ids['entry']}"
    linked = client.api("PATCH", url, json={"application_id": ids["app"]})
    assert linked.status_code == 200
    assert (linked.json()["text"], linked.json()["application_id"]) == ("Long day.", ids["app"])
    unlinked = client.api("PATCH", url, json={"application_id": None, "text": "Better day."})
    assert (unlinked.json()["text"], unlinked.json()["application_id"]) == ("Better day.", None)
    assert client.api("PATCH", url, json={"application_id": 999}).status_code == 404
    assert client.api("DELETE", url).status_code == 204
    assert client.api("GET", "/api/journal").json() == []


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/interviews/{interview}", {"kind": None}),
        ("/api/interviews/{interview}", {"timezone": "Mars/Olympus"}),
        ("/api/interviews/{interview}", {"scheduled_at": "9999-01-01T10:00:00"}),
        ("/api/contacts/{contact}", {"email": "not-an-address"}),
        ("/api/contacts/{contact}", {"unknown": 1}),
        ("/api/feedback/{feedback}", {"text": "a\x00b"}),
        ("/api/journal/{entry}", {"text": None}),
    ],
)
def test_an_invalid_change_is_422_and_changes_nothing(
    client: WebClient, url: str, body: dict[str, Any]
) -> None:
    ids = _process(client)
    before = client.api("GET", f"/api/applications/{ids['app']}").json()
    response = client.api("PATCH", url.format(**ids), json=body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]
    assert client.api("GET", f"/api/applications/{ids['app']}").json() == before


def test_changes_need_the_form_token(client: WebClient) -> None:
    ids = _process(client)
    assert client.delete(f"/api/journal/{ids['entry']}").status_code == 403
