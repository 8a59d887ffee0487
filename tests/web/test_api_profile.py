"""JSON API: the profile, the playbook's timings and the calendar address."""

from __future__ import annotations

import tomllib
from typing import Any

from afterword import paths
from afterword.settings import load_settings
from tests.web.conftest import WebClient


def test_profile_reads_the_users_profile(client: WebClient) -> None:
    response = client.get("/api/profile")
    assert response.status_code == 200
    assert response.json() == {
        "handle": "me",
        "name": None,
        "email": None,
        "signature": None,
        "timezone": "Europe/London",
        "country": "GB",
    }


def test_patch_changes_only_the_given_fields(client: WebClient, workspace: Any) -> None:
    client.api("PATCH", "/api/profile", json={"name": "Sam Rivera", "signature": "Sam"})
    response = client.api("PATCH", "/api/profile", json={"country": "us", "signature": None})
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Sam Rivera"
    assert body["country"] == "US"
    assert body["signature"] is None
    with workspace() as ws:
        assert ws.user.name == "Sam Rivera"
        assert ws.user.country == "US"


def test_patch_refuses_an_unknown_time_zone_plainly(client: WebClient, workspace: Any) -> None:
    response = client.api("PATCH", "/api/profile", json={"timezone": "Europe"})
    assert response.status_code == 422
    assert "IANA time zone" in response.json()["detail"]
    with workspace() as ws:
        assert ws.user.timezone == "Europe/London"


def test_patch_cannot_clear_the_time_zone(client: WebClient) -> None:
    response = client.api("PATCH", "/api/profile", json={"timezone": None})
    assert response.status_code == 422


def test_patch_needs_the_token(client: WebClient) -> None:
    assert client.patch("/api/profile", json={"name": "X"}).status_code == 403


def test_playbook_reads_the_timings_in_force(client: WebClient) -> None:
    body = client.get("/api/settings/playbook").json()
    assert body["thank_you_business_days"] == 0
    assert body["offer_reminder_days"] == [7, 3, 1]


def test_putting_timings_saves_the_changes_and_uses_them(client: WebClient) -> None:
    response = client.api(
        "PUT",
        "/api/settings/playbook",
        json={"second_follow_up_business_days": 8, "offer_reminder_days": [2, 5]},
    )
    assert response.status_code == 200
    assert response.json()["offer_reminder_days"] == [5, 2]
    with open(paths.config_file(), "rb") as file:
        assert tomllib.load(file) == {
            "playbook": {"second_follow_up_business_days": 8, "offer_reminder_days": [5, 2]}
        }
    assert load_settings().playbook.second_follow_up_business_days == 8
    assert client.get("/api/settings/playbook").json()["second_follow_up_business_days"] == 8


def test_putting_a_timing_out_of_range_is_refused(client: WebClient) -> None:
    response = client.api("PUT", "/api/settings/playbook", json={"keep_applying_days": 0})
    assert response.status_code == 422
    response = client.api("PUT", "/api/settings/playbook", json={"no_such_timing": 1})
    assert response.status_code == 422


def test_calendar_gives_the_subscription_address_that_serves_the_feed(client: WebClient) -> None:
    body = client.get("/api/calendar").json()
    assert body["subscription_url"].startswith("http://testserver/calendar/")
    assert body["download_url"] == "http://testserver/calendar/afterword.ics"
    assert client.get("/api/calendar").json() == body
    feed = client.get(body["subscription_url"])
    assert feed.status_code == 200
    assert feed.text.startswith("BEGIN:VCALENDAR")


def test_settings_routes_are_described_in_the_openapi_schema(client: WebClient) -> None:
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/profile", "/api/settings/playbook", "/api/calendar"):
        assert path in schema["paths"]
    assert schema["paths"]["/api/profile"]["patch"]["tags"] == ["settings"]
