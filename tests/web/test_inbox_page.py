"""The Inbox page: the messages waiting for the user's word, answering them (plain and HTMX),
what afterword handled by itself, and importing a mail file."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from afterword.inbox.labels import MailClass
from afterword.inbox.matching import MatchMethod
from afterword.inbox.message import SourceKind
from afterword.inbox.models import IngestedMessage, IngestStatus
from afterword.inbox.triage import TriageState
from afterword.pipeline.applications import add_application
from afterword.pipeline.models import Application
from afterword.pipeline.schemas import ApplicationFields
from afterword.pipeline.status import Status
from tests.inbox.mail_factory import make_raw, mbox_bytes
from tests.web.conftest import WebClient

REJECTION = (
    "Dear Sam,\n\nThank you for your interest in the Data Engineer position at Fernhill Robotics "
    "and for the time you gave us during the interviews.\n\nAfter careful consideration we have "
    "decided not to move forward with your application. This was a difficult decision as we had "
    "many strong candidates.\n\nWe wish you every success in your job search.\n\nKind regards,\n"
    "The Fernhill Robotics Recruiting Team"
)
HX = {"HX-Request": "true"}


def add_app(workspace: Any, company: str = "Fernhill Robotics", role: str = "Data Engineer") -> int:
    with workspace() as ws:
        application = add_application(
            session=ws.session,
            user_id=ws.user_id,
            fields=ApplicationFields(company=company, role=role),
            now=ws.now,
        )
        return application.id


def seed(
    workspace: Any,
    number: int,
    *,
    label: MailClass = MailClass.REJECTION,
    application_id: int | None = None,
    candidates: list[int] | None = None,
    effect: str | None = "recorded the rejection",
    why: str = "afterword is not sure enough to act alone",
    triage: TriageState = TriageState.REVIEW,
    subject: str | None = None,
) -> int:
    """A triaged message put straight into the ledger (no classifier needed)."""
    with workspace() as ws:
        row = IngestedMessage(
            user_id=ws.user_id,
            source=SourceKind.EML,
            location=f"test#{number}",
            identity=f"<seed-{number}@fernhill.example>",
            message_id=f"<seed-{number}@fernhill.example>",
            fingerprint=f"{number:064d}",
            subject=subject or f"Your application, update {number}",
            from_address="priya@fernhill.example",
            sent_at=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC) + dt.timedelta(hours=number),
            status=IngestStatus.SKIPPED if triage is TriageState.IGNORED else IngestStatus.NEW,
            ingested_at=ws.now,
            triage=triage,
            label=label,
            confidence=0.72,
            reasons=["rule: says they are going ahead with other candidates", "'decided'"],
            dates=None,
            application_id=application_id,
            match_method=MatchMethod.DOMAIN if application_id or candidates else None,
            candidates=candidates,
            why=why,
            effect=effect,
            text=REJECTION,
            decided_at=None if triage is TriageState.REVIEW else ws.now,
        )
        ws.session.add(row)
        ws.session.flush()
        return row.id


def status_of(workspace: Any, application_id: int) -> Status:
    with workspace() as ws:
        application = ws.session.get(Application, application_id)
        assert application is not None
        return application.status


def message(
    workspace: Any, message_id: int
) -> tuple[TriageState | None, MailClass | None, int | None]:
    with workspace() as ws:
        row = ws.session.get(IngestedMessage, message_id)
        assert row is not None
        return row.triage, row.user_label, row.application_id


def card(page: BeautifulSoup, message_id: int) -> Any:
    return page.find("li", id=f"message-{message_id}")


def nav_text(page: BeautifulSoup) -> str:
    """The Inbox link as a screen reader announces it."""
    link = page.find("a", id="nav-inbox")
    return link.get("aria-label") or link.get_text(" ", strip=True)


def alerts(page: BeautifulSoup) -> str:
    return page.find(id="alerts").get_text(" ", strip=True)


def page_error(page: BeautifulSoup) -> str:
    """A refusal that has no card to sit in, shown under the heading."""
    return page.find(class_="notice-error").get_text(" ", strip=True)


def answer(client: WebClient, message_id: int, op: str = "confirm", **fields: Any) -> Any:
    data = {"op": op, **{k: "" if v is None else str(v) for k, v in fields.items()}}
    return client.submit(f"/inbox/{message_id}/resolve", data, follow_redirects=False)


# -- the page ------------------------------------------------------------------------------------


def test_a_new_user_sees_what_the_inbox_does_how_to_bring_mail_in_and_that_it_stays_here(
    client: WebClient,
) -> None:
    page = client.page("/inbox")
    assert page.find("h1").get_text() == "Inbox"
    text = page.get_text(" ", strip=True)
    assert "afterword inbox import PATH" in text and "afterword inbox sync" in text
    assert "nothing leaves the machine" in text
    assert "stays on this computer" in text
    form = page.find("form", action="/inbox/import")
    assert form["enctype"] == "multipart/form-data"
    assert form.find("input", type="file")["name"] == "mail"
    assert nav_text(page) == "Inbox"
    # Every page's navigation has the link.
    assert client.page("/pipeline").find("a", id="nav-inbox") is not None


def test_a_waiting_message_shows_what_afterword_thinks_why_and_what_yes_would_do(
    client: WebClient, workspace: Any
) -> None:
    app_id = add_app(workspace)
    mid = seed(workspace, 1, application_id=app_id)
    page = client.page("/inbox")
    item = card(page, mid)
    text = item.get_text(" ", strip=True)
    assert "Your application, update 1" in text
    assert "From priya@fernhill.example" in text
    assert "Friday 20 November" in text
    assert "After careful consideration" in text  # the excerpt
    assert "rejection , fairly sure (72%)" in text
    assert "says they are going ahead with other candidates" in text
    assert "the text has “decided”" in text
    assert "Record the rejection for Fernhill Robotics — Data Engineer" in text
    assert "afterword is not sure enough to act alone" in text
    assert item.find("a", href=f"/applications/{app_id}") is not None
    assert item.find("article")["tabindex"] == "0"
    assert item.find("button", attrs={"value": "confirm"}).get_text() == "Yes, that's right"
    assert item.find("button", attrs={"value": "not_job"}).get_text() == "Not about a job"
    classes = [o["value"] for o in item.find("select", attrs={"name": "label"}).find_all("option")]
    assert classes == [c.value for c in MailClass if c is not MailClass.NOT_JOB] + ["not_job"]
    chosen = item.find("select", attrs={"name": "application_id"}).find("option", selected=True)
    assert chosen["value"] == str(app_id)
    # The numbered legend for the keyboard, and the count in the navigation.
    legend = page.find(attrs={"data-inbox-keys": True})
    assert "1 application received" in legend.get_text(" ", strip=True)
    assert nav_text(page) == "Inbox, 1 waiting"
    assert page.find("a", id="nav-inbox").get_text(" ", strip=True) == "Inbox 1"
    assert page.find(id="queue-count").get_text() == "1"


def test_confirming_applies_the_suggestion_and_the_message_leaves_the_queue(
    client: WebClient, workspace: Any
) -> None:
    app_id = add_app(workspace)
    mid = seed(workspace, 1, application_id=app_id)
    response = answer(client, mid, label="rejection", application_id=app_id)
    assert response.status_code == 303 and response.headers["location"] == "/inbox"
    assert status_of(workspace, app_id) is Status.REJECTED
    assert message(workspace, mid) == (TriageState.RESOLVED, MailClass.REJECTION, app_id)
    page = client.page("/inbox")
    assert "Recorded the rejection for Fernhill Robotics — Data Engineer." in alerts(page)
    assert card(page, mid) is None
    assert "All caught up" in page.find(id="queue-end").get_text()
    handled = page.find("li", id=f"handled-{mid}").get_text(" ", strip=True)
    assert "Recorded the rejection for Fernhill Robotics — Data Engineer" in handled
    assert "You confirmed it" in handled
    assert nav_text(page) == "Inbox"
    # The pipeline's history names the email as the cause, and the playbook re-planned.
    application = client.page(f"/applications/{app_id}").get_text(" ", strip=True)
    assert "Your application, update 1" in application
    assert "feedback" in client.page("/").get_text(" ", strip=True).lower()


def test_confirming_over_htmx_swaps_the_card_out_and_updates_the_counts(
    client: WebClient, workspace: Any
) -> None:
    app_id = add_app(workspace)
    other = add_app(workspace, "Quayside Health", "Analyst")
    first = seed(workspace, 1, application_id=app_id)
    seed(workspace, 2, application_id=other, label=MailClass.OFFER, effect="recorded the offer")
    response = client.submit(
        f"/inbox/{first}/resolve",
        {"op": "confirm", "label": "rejection", "application_id": str(app_id)},
        headers=HX,
    )
    assert response.status_code == 200
    fragment = BeautifulSoup(response.text, "html.parser")
    # Nothing in the main swap (the card goes); the rest is swapped in out of band.
    assert all(tag.get("hx-swap-oob") for tag in fragment.find_all(recursive=False))
    assert "Recorded the rejection for Fernhill Robotics" in fragment.find(id="alerts").get_text()
    assert fragment.find(id="queue-count").get_text() == "1"
    assert nav_text(fragment) == "Inbox, 1 waiting"
    assert fragment.find("section", id="inbox-recent").find("li", id=f"handled-{first}")
    assert status_of(workspace, app_id) is Status.REJECTED
    assert status_of(workspace, other) is Status.APPLIED


def test_correcting_the_class_and_choosing_the_application_applies_the_users_word(
    client: WebClient, workspace: Any
) -> None:
    first = add_app(workspace)
    second = add_app(workspace)
    mid = seed(
        workspace,
        1,
        label=MailClass.STATUS_UPDATE,
        candidates=[first, second],
        effect=None,
        why="which application? the company's email domain fits 2 of your applications",
    )
    page = client.page("/inbox")
    item = card(page, mid)
    assert "one of these — which one?" in item.get_text(" ", strip=True)
    assert item.find("details", class_="inbox-correct").has_attr("open")
    options = item.find("select", attrs={"name": "application_id"}).find_all("option")
    assert [o["value"] for o in options[1:3]] == [str(first), str(second)]  # candidates first
    response = answer(client, mid, "correct", label="rejection", application_id=second)
    assert response.status_code == 303
    assert status_of(workspace, second) is Status.REJECTED
    assert status_of(workspace, first) is Status.APPLIED
    assert message(workspace, mid) == (TriageState.RESOLVED, MailClass.REJECTION, second)


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_confirming_without_an_application_is_refused_with_the_reason_and_changes_nothing(
    client: WebClient, workspace: Any, htmx: bool
) -> None:
    first = add_app(workspace)
    second = add_app(workspace)
    mid = seed(workspace, 1, candidates=[first, second], effect=None, why="which application?")
    response = client.submit(
        f"/inbox/{mid}/resolve",
        {"op": "confirm", "label": "rejection", "application_id": ""},
        headers=HX if htmx else {},
    )
    assert response.status_code == (200 if htmx else 422)
    page = BeautifulSoup(response.text, "html.parser")
    error = card(page, mid).find(class_="form-error").get_text(" ", strip=True)
    assert error == "Choose the application this email is about. Nothing was changed."
    # Nothing was noted either: no answer recorded, nothing learned, nothing applied.
    assert message(workspace, mid) == (TriageState.REVIEW, None, None)
    assert status_of(workspace, first) is Status.APPLIED
    assert status_of(workspace, second) is Status.APPLIED


def test_a_change_the_pipeline_cannot_take_is_refused_and_changes_nothing(
    client: WebClient, workspace: Any
) -> None:
    app_id = add_app(workspace)
    mid = seed(workspace, 1, application_id=app_id)
    assert answer(client, mid, label="rejection", application_id=app_id).status_code == 303
    second = seed(workspace, 2, application_id=app_id, label=MailClass.OFFER, effect=None)
    response = answer(client, second, "correct", label="offer", application_id=app_id)
    assert response.status_code == 409
    error = card(BeautifulSoup(response.text, "html.parser"), second).find(class_="form-error")
    assert "Nothing was changed" in error.get_text()
    assert message(workspace, second) == (TriageState.REVIEW, None, app_id)
    assert status_of(workspace, app_id) is Status.REJECTED
    # The message already answered cannot be answered again (a second press, another tab).
    again = answer(client, mid, label="rejection", application_id=app_id)
    assert again.status_code == 409
    assert page_error(BeautifulSoup(again.text, "html.parser")) == (
        "You already answered this email; to change what it did, edit the application itself."
        " Nothing was changed. ×"
    )


def test_not_about_a_job_sets_it_aside_and_this_is_about_a_job_brings_it_back(
    client: WebClient, workspace: Any
) -> None:
    app_id = add_app(workspace)
    mid = seed(workspace, 1, application_id=app_id)
    response = answer(client, mid, "not_job", label="rejection", application_id=app_id)
    assert response.status_code == 303
    assert message(workspace, mid)[:2] == (TriageState.IGNORED, MailClass.NOT_JOB)
    assert status_of(workspace, app_id) is Status.APPLIED
    page = client.page("/inbox")
    assert "Set aside as not about a job" in alerts(page)
    ignored = page.find("details", class_="inbox-ignored")
    assert ignored.find("summary").get_text() == "Not about a job (1)"
    assert not ignored.has_attr("open")
    form = ignored.find("li", id=f"handled-{mid}").find("form")
    assert form["action"] == f"/inbox/{mid}/resolve"
    assert form.find("button").get_text() == "This is about a job"

    refused = answer(client, mid, "about_job", label="", application_id=app_id)
    assert refused.status_code == 422
    page = BeautifulSoup(refused.text, "html.parser")
    assert page.find("details", class_="inbox-ignored").has_attr("open")
    assert "Say what kind of job email it is" in page.find(id=f"fix-{mid}-error").get_text()

    assert (
        answer(client, mid, "about_job", label="rejection", application_id=app_id).status_code
        == 303
    )
    assert status_of(workspace, app_id) is Status.REJECTED
    assert message(workspace, mid) == (TriageState.RESOLVED, MailClass.REJECTION, app_id)


def test_what_afterword_did_by_itself_is_listed_and_cannot_be_answered_again(
    client: WebClient, workspace: Any
) -> None:
    app_id = add_app(workspace)
    acted = seed(
        workspace,
        1,
        application_id=app_id,
        triage=TriageState.ACTED,
        why="recorded the rejection",
        subject="Your application to Fernhill Robotics",
    )
    filed = seed(
        workspace, 2, label=MailClass.RECRUITER_OUTREACH, effect=None,
        triage=TriageState.FILED, why="a recruiter writing about a new role",
    )  # fmt: skip
    page = client.page("/inbox")
    done = page.find("li", id=f"handled-{acted}")
    text = done.get_text(" ", strip=True)
    assert "Recorded the rejection for Fernhill Robotics — Data Engineer" in text
    assert done.find("a", href=f"/applications/{app_id}") is not None
    assert done.find("form") is None
    assert "A recruiter writing about a new role" in page.find("li", id=f"handled-{filed}").text
    assert page.find("li", id=f"handled-{filed}").find("form") is not None
    assert "Nothing is waiting" not in page.get_text()  # nothing waits: "All caught up"
    assert "All caught up" in page.find(id="queue-end").get_text()

    response = answer(client, acted, "about_job", label="offer", application_id=app_id)
    assert response.status_code == 409
    assert "afterword already applied this email" in page_error(
        BeautifulSoup(response.text, "html.parser")
    )


def test_answering_needs_the_form_token_and_an_existing_message(
    client: WebClient, workspace: Any
) -> None:
    app_id = add_app(workspace)
    mid = seed(workspace, 1, application_id=app_id)
    refused = client.post(f"/inbox/{mid}/resolve", data={"op": "confirm"})
    assert refused.status_code == 403
    assert message(workspace, mid) == (TriageState.REVIEW, None, app_id)
    upload = client.post(
        "/inbox/import", files={"mail": ("one.eml", make_raw(1), "message/rfc822")}
    )
    assert upload.status_code == 403
    missing = answer(client, 999, label="rejection")
    assert missing.status_code == 404
    assert "No received message with id 999" in page_error(
        BeautifulSoup(missing.text, "html.parser")
    )


# -- importing ------------------------------------------------------------------------------------


def _ledger(workspace: Any) -> int:
    with workspace() as ws:
        return int(ws.session.scalar(sa.select(sa.func.count()).select_from(IngestedMessage)) or 0)


def test_an_uploaded_eml_is_read_triaged_and_a_second_upload_adds_nothing(
    client: WebClient, workspace: Any
) -> None:
    app_id = add_app(workspace)
    raw = make_raw(1, subject="Your application to Fernhill Robotics", body=REJECTION)
    files = {"mail": ("rejection.eml", raw, "message/rfc822")}
    response = client.submit("/inbox/import", files=files, follow_redirects=False)
    assert response.status_code == 303
    page = client.page("/inbox")
    summary = alerts(page)
    assert summary.startswith("Read 1 new message (0 already seen, 0 unreadable): ")
    # Confident news from the company's domain updates the pipeline; anything less waits.
    if status_of(workspace, app_id) is Status.REJECTED:
        assert "1 updated your pipeline, 0 wait for you." in summary
        assert "Recorded the rejection for Fernhill Robotics" in page.find(id="inbox-recent").text
    else:
        assert "0 updated your pipeline, 1 waits for you." in summary
    with workspace() as ws:
        row = ws.session.scalars(sa.select(IngestedMessage)).one()
        assert row.location == "upload: rejection.eml"

    again = client.submit("/inbox/import", files=files)
    assert "Nothing new in that file: 1 message was already read before" in alerts(
        BeautifulSoup(again.text, "html.parser")
    )
    assert _ledger(workspace) == 1


def test_an_mbox_with_an_unreadable_message_lists_it_and_reads_the_rest(
    client: WebClient, workspace: Any
) -> None:
    add_app(workspace)
    add_app(workspace)  # two applications at one company: the rejection must wait
    export = mbox_bytes([make_raw(1, body=REJECTION)]) + (
        b"From MAILER-DAEMON Wed Mar  4 10:12:00 2026\njust some words, no headers\n\n"
    )
    files = {"mail": ("All mail.mbox", export, "application/mbox")}
    response = client.submit("/inbox/import", files=files)
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    assert alerts(page).startswith(
        "Read 1 new message (0 already seen, 1 unreadable): 0 updated your pipeline, 1 waits for you."
    )
    problems = page.find(class_="inbox-problems").get_text(" ", strip=True)
    assert "1 message could not be read" in problems
    assert "All mail.mbox, message 2: no mail headers" in problems
    assert len(page.find_all("li", class_="inbox-card")) == 1


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.eml", b"", "The file empty.eml is empty: there is nothing in it to read."),
        ("notes.pdf", b"%PDF-1.4 ...", "The file notes.pdf is not a mail file afterword can read"),
        ("photo.eml", b"\x89PNG\r\n\x1a\n\x00\x00", "The file photo.eml does not look like email"),
        ("words.mbox", b"hello there\nno headers", "The file words.mbox does not look like email"),
        ("", b"", "Choose a file first"),
    ],
    ids=["empty", "wrong-type", "binary", "not-mail", "no-file"],
)
def test_a_bad_upload_is_refused_clearly_and_changes_nothing(
    client: WebClient, workspace: Any, name: str, content: bytes, expected: str
) -> None:
    files = {"mail": (name, content, "application/octet-stream")}
    response = client.submit("/inbox/import", files=files)
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    error = page.find(id="import-error").get_text(" ", strip=True)
    assert error.startswith(expected) and error.endswith("Nothing was imported.")
    assert page.find("input", id="import-file")["aria-invalid"] == "true"
    assert _ledger(workspace) == 0
