"""The Application page: one process whole, and every form that changes it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bs4 import BeautifulSoup

from afterword.mail.models import DeliveryRoute, SentMessage
from afterword.offers.schemas import OfferTerms
from afterword.offers.service import decide_offer, list_offers, record_news, record_offer
from afterword.pipeline.applications import add_application, get_application
from afterword.pipeline.interviews import log_interview, record_debrief
from afterword.pipeline.outcomes import add_feedback
from afterword.pipeline.schemas import (
    ApplicationFields,
    FeedbackFields,
    InterviewFields,
    OutcomeFields,
)
from afterword.pipeline.status import OfferDecision, OutcomeKind, Status
from afterword.reflection.schemas import JournalFields
from afterword.reflection.service import add_journal_entry
from tests.web.conftest import WebClient


def new_application(workspace: Any, company: str = "Northwind", role: str = "Data Engineer") -> int:
    """Adds one application through the service."""
    with workspace() as ws:
        return add_application(
            session=ws.session,
            user_id=ws.user_id,
            fields=ApplicationFields(company=company, role=role, applied_on=ws.today),
            now=ws.now,
        ).id


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def kinds_of_actions(page: BeautifulSoup) -> set[str]:
    """The kinds of the open actions listed on an application page."""
    return {item["data-kind"] for item in page.select("#next li[data-kind]")}


def interview(workspace: Any, app_id: int, when: dt.datetime, **debrief: Any) -> int:
    """Logs an interview (and a debrief when given) through the services."""
    with workspace() as ws:
        logged = log_interview(
            session=ws.session,
            user_id=ws.user_id,
            application_id=app_id,
            fields=InterviewFields(kind="technical", scheduled_at=when, timezone="Europe/London"),
            now=ws.now,
        )
        if debrief:
            record_debrief(
                session=ws.session,
                user_id=ws.user_id,
                interview_id=logged.id,
                changes=debrief,
                now=ws.now,
            )
        return logged.id


def application(workspace: Any, app_id: int) -> Any:
    with workspace() as ws:
        found = get_application(session=ws.session, user_id=ws.user_id, application_id=app_id)
        return {
            "status": found.status,
            "interviews": [
                (
                    i.kind.value,
                    i.scheduled_at,
                    [p.display_name for p in i.interviewers],
                    i.self_rating,
                    i.decision_within,
                    i.still_interested,
                    [(q.text, q.went_well) for q in i.questions],
                )
                for i in found.interviews
            ],
            "contacts": [(c.name, c.email, c.role.value) for c in found.contacts],
            "feedback": [f.text for f in found.feedback],
            "offers": [
                (o.base_salary, o.bonus_percent, o.deadline, o.decision) for o in found.offers
            ],
            "company": found.company,
            "tags": found.tag_names,
        }


LONDON = dt.UTC


def test_unknown_application_is_a_plain_404(client: WebClient) -> None:
    response = client.get("/applications/999")
    assert response.status_code == 404
    assert "no application with id 999" in response.text
    assert client.get("/applications/99999999999").status_code in (404, 422)


def test_timeline_merges_history_interviews_outcomes_feedback_emails_and_notes(
    client: WebClient, workspace: Any
) -> None:
    app_id = new_application(workspace)
    interview(workspace, app_id, dt.datetime(2026, 11, 16, 14, tzinfo=dt.UTC), self_rating=3)
    with workspace() as ws:
        record_news(
            session=ws.session,
            user_id=ws.user_id,
            application_id=app_id,
            fields=OutcomeFields(kind=OutcomeKind.REJECTION, occurred_on=ws.today, note="template"),
            now=ws.now,
        )
        add_feedback(
            session=ws.session,
            user_id=ws.user_id,
            application_id=app_id,
            fields=FeedbackFields(received_on=ws.today, text="Wanted more system design."),
            now=ws.now,
        )
        ws.session.add(
            SentMessage(
                user_id=ws.user_id,
                application_id=app_id,
                template="thank_recruiter",
                route=DeliveryRoute.SMTP,
                to_name="Priya",
                subject="Thank you for today",
                body="...",
                at=ws.now,
            )
        )
        add_journal_entry(
            session=ws.session,
            user_id=ws.user_id,
            fields=JournalFields(text="Felt calm."),
            application_id=app_id,
            now=ws.now,
        )
    page = client.page(f"/applications/{app_id}")
    entries = page.select("#timeline li")
    kinds = [entry["data-kind"] for entry in entries]
    assert {"status", "interview", "outcome", "feedback", "email", "note"} <= set(kinds)
    text = page.select_one("#timeline").text
    assert "Interview round 1 (technical)" in text
    assert "Not selected" in text and "template" in text
    assert "Email sent: Thank you for today" in text
    assert "Wanted more system design." in text and "Felt calm." in text
    # Oldest first, by the day things happened (the interview on the 16th leads).
    days = [entry.time["datetime"] for entry in entries]
    assert days == sorted(days) and entries[0]["data-kind"] == "interview"


def test_rejection_replaces_follow_up_with_feedback_request(
    client: WebClient, workspace: Any
) -> None:
    app_id = new_application(workspace)
    interview(
        workspace,
        app_id,
        dt.datetime(2026, 11, 16, 14, tzinfo=dt.UTC),
        decision_within=2,
        decision_within_unit="business_days",
    )
    before = client.page(f"/applications/{app_id}")
    assert "follow_up" in kinds_of_actions(before)
    assert "feedback_request" not in kinds_of_actions(before)
    response = client.submit(
        f"/applications/{app_id}/outcomes",
        {"kind": "rejection", "occurred_on": "2026-11-23", "note": "a kind email"},
    )
    assert response.status_code == 200  # followed the redirect back to the page
    after = BeautifulSoup(response.text, "html.parser")
    assert "feedback_request" in kinds_of_actions(after)
    assert "follow_up" not in kinds_of_actions(after)
    assert "most common answer" in after.select_one("#alerts").text
    assert application(workspace, app_id)["status"] is Status.REJECTED


def test_outcome_refused_by_the_rules_is_explained_next_to_the_choice(
    client: WebClient, workspace: Any
) -> None:
    app_id = new_application(workspace)
    client.submit(
        f"/applications/{app_id}/outcomes", {"kind": "rejection", "occurred_on": "2026-11-23"}
    )
    response = client.submit(
        f"/applications/{app_id}/outcomes", {"kind": "offer", "occurred_on": "2026-11-23"}
    )
    assert response.status_code == 409
    note = soup(response).select_one("#outcome-f-kind-note")
    assert "reopen it first" in note.text
    missing = client.submit(
        f"/applications/{app_id}/outcomes", {"kind": "", "occurred_on": "2026-11-23"}
    )
    assert missing.status_code == 422
    assert soup(missing).select_one("#outcome-f-kind-note").text == "is required"


def test_log_interview_form_records_the_round_with_its_interviewers(
    client: WebClient, workspace: Any
) -> None:
    app_id = new_application(workspace)
    response = client.submit(
        f"/applications/{app_id}/interviews",
        {
            "kind": "technical",
            "scheduled_on": "2026-11-25",
            "scheduled_time": "14:30",
            "timezone": "Europe/Berlin",
            "duration_minutes": "45",
            "interviewers": "Sam Lee <sam@example.com>\nAlex Kim",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    saved = application(workspace, app_id)
    kind, when, people, *_ = saved["interviews"][0]
    assert kind == "technical" and when == dt.datetime(2026, 11, 25, 13, 30, tzinfo=dt.UTC)
    assert people == ["Sam Lee", "Alex Kim"]
    assert saved["status"] is Status.INTERVIEWING
    page = client.page(f"/applications/{app_id}")
    assert "Round 1: technical" in page.select_one("#interviews").text


def test_log_interview_form_keeps_values_and_flags_a_bad_zone_and_address(
    client: WebClient, workspace: Any
) -> None:
    app_id = new_application(workspace)
    response = client.submit(
        f"/applications/{app_id}/interviews",
        {
            "kind": "technical",
            "scheduled_on": "2026-11-25",
            "timezone": "Mars/Olympus",
            "interviewers": "Sam <not-an-address@>",
        },
    )
    assert response.status_code == 422
    page = soup(response)
    assert "not a time zone" in page.select_one("#interview-f-timezone-note").text
    assert page.select_one("#interview-f-interviewers").text == "Sam <not-an-address@>"
    assert page.select_one("#form-interview").find_parent("details").has_attr("open")
    assert application(workspace, app_id)["interviews"] == []


def test_debrief_form_saves_rating_timeline_interest_and_questions(
    client: WebClient, workspace: Any
) -> None:
    app_id = new_application(workspace)
    interview_id = interview(workspace, app_id, dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC))
    response = client.submit(
        f"/interviews/{interview_id}/debrief",
        {
            "self_rating": "4",
            "went_well": "The coding",
            "decision_within": "3",
            "decision_within_unit": "business_days",
            "further_round_expected": "yes",
            "still_interested": "yes",
            "question_text": ["Design a rate limiter", "A conflict you solved", ""],
            "question_result": ["tough", "well", ""],
            "question_notes": ["", "STAR", ""],
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    (_, _, _, rating, within, interested, questions) = application(workspace, app_id)["interviews"][
        0
    ]
    assert (rating, within, interested) == (4, 3, True)
    assert questions == [("Design a rate limiter", False), ("A conflict you solved", True)]
    card = client.page(f"/applications/{app_id}").select_one(f"#interview-{interview_id}")
    assert "within 3 business days" in card.text and "tough" in card.text


def test_debrief_form_refuses_two_timelines_by_the_span_and_keeps_the_questions(
    client: WebClient, workspace: Any
) -> None:
    app_id = new_application(workspace)
    interview_id = interview(workspace, app_id, dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC))
    response = client.submit(
        f"/interviews/{interview_id}/debrief",
        {
            "decision_by": "2026-12-01",
            "decision_within": "3",
            "decision_within_unit": "days",
            "question_text": ["Why us?"],
            "question_result": ["well"],
            "question_notes": [""],
        },
    )
    assert response.status_code == 422
    form = soup(response).select_one(f"#form-debrief-{interview_id}")
    assert "not both" in form.select_one(f"#debrief-{interview_id}-f-decision_within-note").text
    assert form.select_one("input[name=question_text]")["value"] == "Why us?"


def test_debrief_form_adds_a_question_row_without_saving(client: WebClient, workspace: Any) -> None:
    app_id = new_application(workspace)
    interview_id = interview(workspace, app_id, dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC))
    texts = ["One", "Two", "Three"]
    response = client.submit(
        f"/interviews/{interview_id}/debrief",
        {
            "add_row": "1",
            "question_text": texts,
            "question_result": ["", "", ""],
            "question_notes": ["", "", ""],
        },
    )
    form = soup(response).select_one(f"#form-debrief-{interview_id}")
    assert [i["value"] for i in form.select("input[name=question_text]")] == [*texts, ""]
    assert application(workspace, app_id)["interviews"][0][6] == []


def test_feedback_and_contact_forms_save_and_explain_problems(
    client: WebClient, workspace: Any
) -> None:
    app_id = new_application(workspace)
    ok = client.submit(
        f"/applications/{app_id}/feedback",
        {"received_on": "2026-11-23", "text": "Great communication."},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    empty = client.submit(
        f"/applications/{app_id}/feedback", {"received_on": "2026-11-23", "text": ""}
    )
    assert soup(empty).select_one("#feedback-f-text-note").text == "is required"
    person = client.submit(
        f"/applications/{app_id}/contacts",
        {"name": "Priya Shah", "email": "priya@example.com", "role": "recruiter"},
        follow_redirects=False,
    )
    assert person.status_code == 303
    bad = client.submit(
        f"/applications/{app_id}/contacts", {"name": "", "email": "priya@", "role": "recruiter"}
    )
    assert "not an email address" in soup(bad).select_one("#contact-f-email-note").text
    saved = application(workspace, app_id)
    assert saved["feedback"] == ["Great communication."]
    assert saved["contacts"] == [("Priya Shah", "priya@example.com", "recruiter")]
    page = client.page(f"/applications/{app_id}")
    assert "Priya Shah" in page.select_one("#people").text
    assert "Great communication." in page.select_one("#feedback").text


def test_edit_form_saves_details_and_keeps_typed_values_on_error(
    client: WebClient, workspace: Any
) -> None:
    app_id = new_application(workspace)
    fields = {
        "company": "Northwind Ltd",
        "role": "Data Engineer",
        "tags": "remote, Dream Job",
        "salary_min": "60000",
        "salary_max": "70000",
        "salary_currency": "gbp",
    }
    assert (
        client.submit(f"/applications/{app_id}/edit", fields, follow_redirects=False).status_code
        == 303
    )
    saved = application(workspace, app_id)
    assert saved["company"] == "Northwind Ltd" and saved["tags"] == ["dream job", "remote"]
    bad = client.submit(f"/applications/{app_id}/edit", {**fields, "salary_min": "lots"})
    assert bad.status_code == 422
    page = soup(bad)
    assert "not a whole number" in page.select_one("#edit-f-salary_min-note").text
    assert page.select_one("#edit-f-salary_min")["value"] == "lots"


def test_offer_form_records_terms_and_deadline(client: WebClient, workspace: Any) -> None:
    app_id = new_application(workspace)
    response = client.submit(
        f"/applications/{app_id}/offer",
        {"base_salary": "85k", "currency": "GBP", "bonus": "10%", "deadline": "2026-12-04"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert application(workspace, app_id)["offers"] == [
        (85000, 10.0, dt.date(2026, 12, 4), OfferDecision.PENDING)
    ]
    page = client.page(f"/applications/{app_id}")
    offer = page.select_one("#offer")
    assert "£85,000" in offer.text and "4 December" in offer.text
    assert offer.select_one("a[href='/offers']") is not None
    # Changing the deadline updates the same offer.
    client.submit(
        f"/applications/{app_id}/offer",
        {
            "base_salary": "85000",
            "currency": "GBP",
            "bonus": "10%",
            "deadline": "2026-12-04",
            "extended_deadline": "2026-12-11",
        },
    )
    with workspace() as ws:
        offers = list_offers(session=ws.session, user_id=ws.user_id)
        assert [(o.deadline, o.extended_deadline) for o in offers] == [
            (dt.date(2026, 12, 4), dt.date(2026, 12, 11))
        ]


def test_offer_form_flags_an_unreadable_amount(client: WebClient, workspace: Any) -> None:
    app_id = new_application(workspace)
    response = client.submit(
        f"/applications/{app_id}/offer", {"base_salary": "a lot", "bonus": "ten%"}
    )
    assert response.status_code == 422
    page = soup(response)
    assert "not an amount" in page.select_one("#offer-f-base_salary-note").text
    assert "not a percentage" in page.select_one("#offer-f-bonus-note").text
    assert application(workspace, app_id)["offers"] == []


def test_declining_an_accepted_offer_asks_for_confirmation_first(
    client: WebClient, workspace: Any
) -> None:
    app_id = new_application(workspace)
    with workspace() as ws:
        offer = record_offer(
            session=ws.session,
            user_id=ws.user_id,
            application_id=app_id,
            terms=OfferTerms(base_salary=80000),
            received_on=ws.today,
            now=ws.now,
        )
        decide_offer(
            session=ws.session,
            user_id=ws.user_id,
            offer_id=offer.id,
            decision=OfferDecision.ACCEPTED,
            decided_on=ws.today,
            now=ws.now,
        )
    response = client.submit(
        f"/applications/{app_id}/offer/decide", {"decision": "declined", "decided_on": "2026-11-23"}
    )
    assert response.status_code == 409
    form = soup(response).select_one("#form-decide")
    assert "reneging" in form.select_one("#decide-f-decision-note").text
    assert form.select_one("input[name=confirm_renege]") is not None
    assert application(workspace, app_id)["status"] is Status.ACCEPTED
    confirmed = client.submit(
        f"/applications/{app_id}/offer/decide",
        {"decision": "declined", "decided_on": "2026-11-23", "confirm_renege": "1"},
        follow_redirects=False,
    )
    assert confirmed.status_code == 303
    assert application(workspace, app_id)["status"] is Status.DECLINED


def test_reopen_brings_a_closed_process_back_with_a_new_role(
    client: WebClient, workspace: Any
) -> None:
    app_id = new_application(workspace)
    client.submit(
        f"/applications/{app_id}/outcomes", {"kind": "rejection", "occurred_on": "2026-11-23"}
    )
    assert client.page(f"/applications/{app_id}").select_one("#form-reopen") is not None
    response = client.submit(
        f"/applications/{app_id}/reopen",
        {"role": "Senior Data Engineer", "note": "They called back"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert application(workspace, app_id)["status"] is Status.APPLIED
    page = client.page(f"/applications/{app_id}")
    assert "Senior Data Engineer" in page.h1.text
    assert page.select_one("#form-reopen") is None
    again = client.submit(f"/applications/{app_id}/reopen", {})
    assert again.status_code == 409 and "still open" in soup(again).select_one(".form-error").text


def test_delete_asks_first_then_removes_everything(client: WebClient, workspace: Any) -> None:
    app_id = new_application(workspace)
    confirm = client.page(f"/applications/{app_id}/delete")
    assert "cannot be undone" in confirm.text
    response = client.submit(f"/applications/{app_id}/delete", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/pipeline"
    assert client.get(f"/applications/{app_id}").status_code == 404


def test_htmx_form_error_swaps_back_the_form_alone(client: WebClient, workspace: Any) -> None:
    app_id = new_application(workspace)
    response = client.submit(
        f"/applications/{app_id}/feedback",
        {"received_on": "someday", "text": "x"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = soup(response)
    assert page.h1 is None and page.select_one("form#form-feedback") is not None
    assert "not a valid date" in page.select_one("#feedback-f-received_on-note").text


def test_timeline_shows_a_received_email_and_what_afterword_did_with_it(
    client: WebClient, workspace: Any
) -> None:
    from afterword.inbox.message import RawMessage, SourceKind
    from afterword.inbox.runs import import_messages
    from tests.inbox.mail_factory import make_raw
    from tests.inbox.test_triage import REJECTION

    app_id = new_application(workspace, company="Fernhill Robotics")
    body = REJECTION.format(role="Data Engineer", company="Fernhill Robotics")
    raw = make_raw(1, subject="Your application to Fernhill Robotics", body=body,
                   date="Mon, 23 Nov 2026 09:00:00 +0000")  # fmt: skip
    with workspace() as ws:
        import_messages(
            session=ws.session, user_id=ws.user_id, timezone=ws.user.timezone,
            country=ws.user.country, now=ws.now,
            source_messages=[RawMessage(location="x.eml", raw=raw, kind=SourceKind.EML)],
        )  # fmt: skip
    text = client.page(f"/applications/{app_id}").select_one("#timeline").text
    assert "Email received (rejection): Your application to Fernhill Robotics" in text
    assert "from priya@fernhill.example; afterword recorded the rejection" in text
