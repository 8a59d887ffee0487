"""The Reflection page: journal, mood over time, the question bank and feedback received."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from afterword.pipeline.applications import add_application
from afterword.pipeline.interviews import log_interview, record_debrief
from afterword.pipeline.outcomes import add_feedback, record_outcome
from afterword.pipeline.schemas import (
    ApplicationFields,
    FeedbackFields,
    InterviewFields,
    OutcomeFields,
    QuestionFields,
)
from afterword.pipeline.status import OutcomeKind
from afterword.reflection.service import list_journal, list_moods
from afterword.workspace import Workspace
from tests.web.conftest import WebClient


def seed_reflection(ws: Workspace) -> int:
    """Acme: an interview with three questions, then a rejection with feedback."""
    application = add_application(
        session=ws.session,
        user_id=ws.user_id,
        fields=ApplicationFields(company="Acme", role="Data Engineer"),
        now=ws.now,
    )
    interview = log_interview(
        session=ws.session,
        user_id=ws.user_id,
        application_id=application.id,
        fields=InterviewFields(
            kind="system_design", scheduled_at=dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC)
        ),
        now=ws.now,
    )
    record_debrief(
        session=ws.session,
        user_id=ws.user_id,
        interview_id=interview.id,
        changes={},
        now=ws.now,
        questions=[
            QuestionFields(
                text="Design a rate limiter", went_well=False, answer_notes="Forgot the burst case."
            ),
            QuestionFields(text="Tell me about a migration you led", went_well=True),
            QuestionFields(text="Why this company?"),
        ],
    )
    record_outcome(
        session=ws.session,
        user_id=ws.user_id,
        application_id=application.id,
        fields=OutcomeFields(kind=OutcomeKind.REJECTION, occurred_on=dt.date(2026, 11, 20)),
        now=ws.now,
    )
    add_feedback(
        session=ws.session,
        user_id=ws.user_id,
        application_id=application.id,
        fields=FeedbackFields(
            received_on=dt.date(2026, 11, 21), text="The system design answer lacked depth."
        ),
        now=ws.now,
    )
    return application.id


def test_an_empty_reflection_page_explains_each_section(client: WebClient) -> None:
    page = client.page("/reflection")
    assert [h.get_text(strip=True) for h in page.select("h1")] == ["Reflection"]
    assert [h.get_text(strip=True) for h in page.select("h2")] == [
        "Journal",
        "Mood over time",
        "Question bank",
        "Feedback received",
    ]
    text = page.main.get_text(" ", strip=True)
    assert "No entries yet" in text and "No check-ins yet" in text
    assert "No questions yet" in text and "No feedback recorded yet" in text


def test_question_bank_groups_tough_questions_and_great_answers(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        seed_reflection(ws)
    page = client.page("/reflection")
    tough = page.select_one('ul[aria-labelledby="tough-questions"]').get_text(" ", strip=True)
    assert "Design a rate limiter" in tough and "Forgot the burst case." in tough
    assert "Acme" in tough and "round 1 (system design)" in tough
    great = page.select_one('ul[aria-labelledby="great-answers"]').get_text(" ", strip=True)
    assert "Tell me about a migration you led" in great
    other = page.select_one('ul[aria-labelledby="other-questions"]').get_text(" ", strip=True)
    assert "Why this company?" in other


def test_feedback_shows_company_date_and_themes(client: WebClient, workspace: Any) -> None:
    with workspace() as ws:
        seed_reflection(ws)
    page = client.page("/reflection")
    feedback = page.select_one('ul[aria-labelledby="feedback-list"]').get_text(" ", strip=True)
    assert "Acme" in feedback and "21 Nov" in feedback and "lacked depth" in feedback
    themes = page.select_one('ul[aria-labelledby="feedback-themes"]').get_text(" ", strip=True)
    assert "System design" in themes and "To work on:" in themes


def test_writing_a_journal_entry_about_an_application(client: WebClient, workspace: Any) -> None:
    with workspace() as ws:
        app_id = seed_reflection(ws)
    page = client.page("/reflection")
    options = [o["value"] for o in page.select("#journal-f-application_id option")]
    assert str(app_id) in options
    response = client.submit(
        "/reflection/journal",
        {"text": "Disappointed, but the design round taught me a lot.", "application_id": app_id},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/reflection#journal"
    with workspace() as ws:
        (entry,) = list_journal(session=ws.session, user_id=ws.user_id)
        assert entry.application_id == app_id
    page = client.page("/reflection")
    entries = page.select(".journal-entry")
    assert "the design round taught me" in entries[0].get_text()
    assert "about Acme" in entries[0].get_text(" ", strip=True)
    assert "Saved to your journal." in page.select_one("#alerts").get_text()


def test_an_empty_journal_entry_is_refused_next_to_the_field_keeping_the_choice(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        app_id = seed_reflection(ws)
    response = client.submit("/reflection/journal", {"text": "   ", "application_id": str(app_id)})
    assert response.status_code == 422
    from bs4 import BeautifulSoup

    page = BeautifulSoup(response.text, "html.parser")
    textarea = page.select_one("#journal-f-text")
    assert textarea["aria-invalid"] == "true"
    assert page.select_one("#journal-f-text-note").get_text(strip=True)
    selected = page.select_one("#journal-f-application_id option[selected]")
    assert selected is not None and selected["value"] == str(app_id)


def test_a_journal_entry_about_an_unknown_application_is_refused_with_htmx(
    client: WebClient,
) -> None:
    response = client.submit(
        "/reflection/journal",
        {"text": "Keep this text", "application_id": "4242"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<h1" not in response.text
    assert "Keep this text" in response.text
    assert "there is no application with id 4242" in response.text


def test_checking_in_a_mood_draws_it_over_time(client: WebClient, workspace: Any) -> None:
    for mood in ("2", "4"):
        response = client.submit("/reflection/moods", {"mood": mood, "note": f"felt {mood}"})
        assert response.status_code == 200  # followed the redirect back to the page
    with workspace() as ws:
        assert [m.mood for m in list_moods(session=ws.session, user_id=ws.user_id)] == [4, 2]
    page = client.page("/reflection")
    chart = page.select_one("#mood-chart")
    assert chart["role"] == "img" and "2 mood check-ins" in chart["aria-label"]
    assert json.loads(chart["data-json"])["values"] == [2, 4]  # oldest first
    assert page.find("script", src="/static/vendor/echarts.min.js") is not None
    listed = page.select_one("#reflection-mood").get_text(" ", strip=True)
    assert "4 — good" in listed and "felt 2" in listed


def test_a_mood_outside_one_to_five_is_refused_next_to_the_field(client: WebClient) -> None:
    response = client.submit(
        "/reflection/moods", {"mood": "9", "note": "off the scale"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    from bs4 import BeautifulSoup

    section = BeautifulSoup(response.text, "html.parser")
    assert section.select_one("#mood-f-mood")["aria-invalid"] == "true"
    assert section.select_one("#mood-f-mood-note").get_text(strip=True)
    assert section.select_one("#mood-f-note").get_text() == "off the scale"
