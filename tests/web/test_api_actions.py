"""JSON API for actions: list, read, draft, done, dismiss, snooze and copied."""

from __future__ import annotations

from typing import Any

from afterword.playbook.actions import ActionKind
from afterword.playbook.models import ActionState
from afterword.playbook.service import get_action
from tests.web.conftest import WebClient
from tests.web.test_today import action_id, seed_interview_today


def _state(workspace: Any, ident: int) -> ActionState:
    with workspace() as ws:
        return get_action(session=ws.session, user_id=ws.user_id, action_id=ident).state


def test_list_gives_open_actions_soonest_first_with_company_role_and_reason(
    client: WebClient, workspace: Any
) -> None:
    app_id = seed_interview_today(workspace)
    response = client.api("GET", "/api/actions")
    assert response.status_code == 200
    actions = response.json()
    thank = next(a for a in actions if a["kind"] == "thank_recruiter")
    assert thank["application_id"] == app_id
    assert (thank["company"], thank["role"]) == ("Acme", "Data Engineer")
    assert thank["due"] == "2026-11-23" and thank["state"] == "open" and thank["is_email"]
    assert thank["headline"] == "Thank the recruiter"
    assert "thank-you" in thank["reason"]
    assert {"label", "value"} <= set(thank["evidence"][0])
    dues = [a["effective_due"] for a in actions]
    assert dues == sorted(dues)
    assert len(client.api("GET", "/api/actions?limit=1").json()) == 1


def test_read_one_action_and_its_draft(client: WebClient, workspace: Any) -> None:
    app_id = seed_interview_today(workspace)
    thank = action_id(workspace, ActionKind.THANK_RECRUITER, app_id)
    one = client.api("GET", f"/api/actions/{thank}").json()
    assert one["id"] == thank and one["kind"] == "thank_recruiter"
    draft = client.api("GET", f"/api/actions/{thank}/draft")
    assert draft.status_code == 200
    body = draft.json()
    assert body["to_email"] == "priya@acme.example"
    assert body["body"].startswith("Hi Priya,")
    assert body["mailto"].startswith("mailto:priya@acme.example?")
    assert body["previous_delivery"] is None


def test_done_dismiss_and_snooze_change_the_action(client: WebClient, workspace: Any) -> None:
    app_id = seed_interview_today(workspace)
    thank = action_id(workspace, ActionKind.THANK_RECRUITER, app_id)
    debrief = action_id(workspace, ActionKind.DEBRIEF, app_id)
    check = action_id(workspace, ActionKind.INTEREST_CHECK, app_id)
    done = client.api("POST", f"/api/actions/{thank}/done")
    assert done.status_code == 200 and done.json()["state"] == "done"
    assert client.api("POST", f"/api/actions/{debrief}/dismiss").json()["state"] == "dismissed"
    snoozed = client.api("POST", f"/api/actions/{check}/snooze", json={"days": 3})
    assert snoozed.status_code == 200
    assert snoozed.json()["effective_due"] == "2026-11-26"
    until = client.api("POST", f"/api/actions/{check}/snooze", json={"until": "2026-12-01"})
    assert until.json()["snoozed_until"] == "2026-12-01"
    open_ids = {a["id"] for a in client.api("GET", "/api/actions").json()}
    assert thank not in open_ids and debrief not in open_ids and check in open_ids


def test_copied_records_the_email_and_completes_the_action(
    client: WebClient, workspace: Any
) -> None:
    app_id = seed_interview_today(workspace)
    thank = action_id(workspace, ActionKind.THANK_RECRUITER, app_id)
    response = client.api("POST", f"/api/actions/{thank}/copied", json={"subject": "Thanks"})
    assert response.status_code == 201
    assert response.json()["route"] == "copied" and response.json()["subject"] == "Thanks"
    assert _state(workspace, thank) is ActionState.DONE
    # Once done, noting it again is refused until the script says so on purpose.
    twice = client.api("POST", f"/api/actions/{thank}/copied")
    assert twice.status_code == 409 and "already went out" in twice.json()["detail"]
    # Without a subject or body the draft is recorded as afterword wrote it.
    again = client.api("POST", f"/api/actions/{thank}/copied", json={"again": True})
    assert again.status_code == 201 and again.json()["subject"] != "Thanks"
    assert _state(workspace, thank) is ActionState.DONE


def test_bad_requests_get_clear_status_codes(client: WebClient, workspace: Any) -> None:
    app_id = seed_interview_today(workspace)
    thank = action_id(workspace, ActionKind.THANK_RECRUITER, app_id)
    debrief = action_id(workspace, ActionKind.DEBRIEF, app_id)
    assert client.api("GET", "/api/actions/424242").status_code == 404
    assert client.api("GET", "/api/actions/0").status_code == 422
    assert client.api("GET", "/api/actions/99999999999").status_code == 422
    assert client.api("GET", f"/api/actions/{debrief}/draft").status_code == 422
    for body in ({}, {"days": 0}, {"days": 400}, {"days": 2, "until": "2026-12-01"}, {"x": 1}):
        assert client.api("POST", f"/api/actions/{thank}/snooze", json=body).status_code == 422
    past = client.api("POST", f"/api/actions/{thank}/snooze", json={"until": "2026-11-23"})
    assert past.status_code == 422 and "after today" in past.json()["detail"]
    client.api("POST", f"/api/actions/{thank}/done")
    again = client.api("POST", f"/api/actions/{thank}/done")
    assert again.status_code == 422 and "already done" in again.json()["detail"]
    nul = client.api("POST", f"/api/actions/{debrief}/copied", json={"body": "a\x00b"})
    assert nul.status_code == 422


def test_api_writes_need_the_token(client: WebClient, workspace: Any) -> None:
    app_id = seed_interview_today(workspace)
    thank = action_id(workspace, ActionKind.THANK_RECRUITER, app_id)
    assert client.post(f"/api/actions/{thank}/done").status_code == 403
    assert client.post(f"/api/actions/{thank}/snooze", json={"days": 1}).status_code == 403
    assert _state(workspace, thank) is ActionState.OPEN


def test_the_actions_routes_are_described_in_openapi(client: WebClient) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/actions",
        "/api/actions/{action_id}",
        "/api/actions/{action_id}/draft",
        "/api/actions/{action_id}/done",
        "/api/actions/{action_id}/dismiss",
        "/api/actions/{action_id}/snooze",
        "/api/actions/{action_id}/copied",
    ):
        assert path in paths
        for operation in paths[path].values():
            assert operation["tags"] == ["actions"]
    assert not any(path.startswith("/actions") for path in paths)
