"""JSON API for the inbox: list, counts, one message, and resolving the review queue."""

from __future__ import annotations

from typing import Any

from afterword.inbox.message import RawMessage, SourceKind
from afterword.inbox.runs import import_messages
from tests.inbox.mail_factory import make_raw
from tests.inbox.test_triage import REJECTION
from tests.web.conftest import WebClient
from tests.web.test_application_page import new_application


def ambiguous_rejection(workspace: Any) -> tuple[int, int]:
    """Two applications at one company for one role, and a rejection that fits both."""
    first = new_application(workspace, company="Fernhill Robotics")
    new_application(workspace, company="Fernhill Robotics")
    body = REJECTION.format(role="Data Engineer", company="Fernhill Robotics")
    raw = make_raw(1, body=body, date="Mon, 23 Nov 2026 09:00:00 +0000")
    with workspace() as ws:
        import_messages(
            session=ws.session, user_id=ws.user_id, timezone=ws.user.timezone,
            country=ws.user.country, now=ws.now,
            source_messages=[RawMessage(location="x.eml", raw=raw, kind=SourceKind.EML)],
        )  # fmt: skip
    return first, 1


def test_the_review_queue_lists_and_counts_a_waiting_message(
    client: WebClient, workspace: Any
) -> None:
    first, _ = ambiguous_rejection(workspace)
    waiting = client.api("GET", "/api/inbox/messages", params={"state": "review"}).json()
    assert len(waiting) == 1
    message = waiting[0]
    assert message["label"] == "rejection"
    assert first in message["candidates"] and message["application_id"] is None
    assert message["reasons"] and message["why"].startswith("which application?")
    assert client.api("GET", "/api/inbox/counts").json()["review"] == 1
    one = client.api("GET", f"/api/inbox/messages/{message['id']}").json()
    assert one == message


def test_resolving_applies_the_change_or_refuses_clearly_changing_nothing(
    client: WebClient, workspace: Any
) -> None:
    first, _ = ambiguous_rejection(workspace)
    message = client.api("GET", "/api/inbox/messages").json()[0]["id"]
    refused = client.api("POST", f"/api/inbox/messages/{message}/resolve", json={})
    assert refused.status_code == 422
    assert "choose the application" in refused.json()["detail"]
    missing = client.api("POST", "/api/inbox/messages/999/resolve", json={})
    assert missing.status_code == 404
    done = client.api(
        "POST", f"/api/inbox/messages/{message}/resolve", json={"application_id": first}
    )
    assert done.status_code == 200, done.text
    assert done.json()["state"] == "resolved"
    assert done.json()["change"] == "recorded the rejection"
    status = client.api("GET", f"/api/applications/{first}").json()["status"]
    assert status == "rejected"
    assert client.api("GET", "/api/inbox/counts").json()["review"] == 0


def test_resolving_needs_the_form_token(client: WebClient, workspace: Any) -> None:
    ambiguous_rejection(workspace)
    message = client.api("GET", "/api/inbox/messages").json()[0]["id"]
    response = client.post(f"/api/inbox/messages/{message}/resolve", json={"label": "not_job"})
    assert response.status_code == 403
    assert client.api("GET", "/api/inbox/counts").json()["review"] == 1
