"""Journeys through the Pipeline and Application pages in a real browser."""

from __future__ import annotations

import datetime as dt
from typing import Any

from afterword.pipeline.applications import add_application
from afterword.pipeline.interviews import log_interview, record_debrief
from afterword.pipeline.schemas import ApplicationFields, InterviewFields
from tests.browser.conftest import assert_accessible


def seed(
    workspace: Any, company: str, role: str, interview_on: dt.date | None = None, **debrief: Any
) -> int:
    """An application (with a past interview and its debrief, when asked), via the services."""
    with workspace() as ws:
        application = add_application(
            session=ws.session,
            user_id=ws.user_id,
            fields=ApplicationFields(company=company, role=role, applied_on=dt.date(2026, 11, 2)),
            now=ws.now,
        )
        if interview_on is not None:
            interview = log_interview(
                session=ws.session,
                user_id=ws.user_id,
                application_id=application.id,
                fields=InterviewFields(
                    kind="technical",
                    scheduled_at=dt.datetime.combine(interview_on, dt.time(10), tzinfo=dt.UTC),
                    timezone="Europe/London",
                ),
                now=ws.now,
            )
            if debrief:
                record_debrief(
                    session=ws.session,
                    user_id=ws.user_id,
                    interview_id=interview.id,
                    changes=debrief,
                    now=ws.now,
                )
        return application.id


def action_kinds(page: Any) -> list[str]:
    """The kinds of the open actions listed under 'What to do next'."""
    return page.locator("#next li[data-kind]").evaluate_all(
        "items => items.map(item => item.dataset.kind)"
    )


def test_add_an_application_from_the_quick_add_form(page: Any) -> None:
    page.goto("/pipeline")
    assert_accessible(page)
    add = page.locator("form#add")
    add.get_by_role("textbox", name="Company", exact=True).fill("Northwind")
    add.get_by_label("Where you found it").fill("referral")
    # A missing role is explained next to the field, and what was typed stays.
    add.get_by_role("button", name="Add application").click()
    page.locator("#add-f-role-note").wait_for()
    add = page.locator("form#add")
    assert add.get_by_role("textbox", name="Company", exact=True).input_value() == "Northwind"
    assert add.get_by_label("Where you found it").input_value() == "referral"
    add.locator("#add-f-role").fill("Data Engineer")
    add.get_by_role("button", name="Add application").click()
    page.wait_for_url("**/applications/*")
    assert page.locator("h1").inner_text().startswith("Northwind")
    assert "Added Northwind" in page.locator("#alerts").inner_text()
    assert_accessible(page)
    page.goto("/pipeline")
    assert "Northwind" in page.locator("#stage-applied").locator("..").inner_text()
    assert "Northwind" in page.locator("#pipeline-table tbody").inner_text()


def test_log_an_interview_on_its_page(page: Any, workspace: Any) -> None:
    app_id = seed(workspace, "Globex", "Platform Engineer")
    page.goto(f"/applications/{app_id}")
    page.get_by_text("Log an interview").click()
    form = page.locator("#form-interview")
    form.get_by_label("Kind of interview").select_option("technical")
    form.get_by_label("Day").fill("2026-11-26")
    form.locator("#interview-f-scheduled_time").fill("14:30")
    form.get_by_label("Length in minutes").fill("60")
    form.get_by_label("Interviewers, one per line").fill("Sam Lee <sam@example.com>")
    form.get_by_role("button", name="Log the interview").click()
    page.locator("article.application-interview").first.wait_for()
    interviews = page.locator("#interviews").inner_text()
    assert "Round 1: technical" in interviews and "Sam Lee" in interviews
    assert "interviewing" in page.locator(".application-facts").inner_text()
    assert_accessible(page)


def test_rejection_brings_feedback_request_and_retires_follow_up(page: Any, workspace: Any) -> None:
    app_id = seed(
        workspace,
        "Initech",
        "Analyst",
        interview_on=dt.date(2026, 11, 16),
        decision_within=2,
        decision_within_unit="business_days",
    )
    page.goto(f"/applications/{app_id}")
    assert "follow_up" in action_kinds(page)
    form = page.locator("#form-outcome")
    form.get_by_label("What happened").select_option("rejection")
    form.get_by_label("A few words about it").fill("A kind, short email")
    form.get_by_role("button", name="Record it").click()
    page.locator("#next li[data-kind='feedback_request']").wait_for()
    kinds = action_kinds(page)
    assert "feedback_request" in kinds and "follow_up" not in kinds
    assert "Ask for feedback" in page.locator("#next").inner_text()
    assert_accessible(page)


def test_offer_with_an_early_deadline_suggests_asking_for_more_time(
    page: Any, workspace: Any
) -> None:
    # Another process expects its decision on 15 December, after the offer's deadline.
    seed(
        workspace,
        "Umbrella",
        "Engineer",
        interview_on=dt.date(2026, 11, 20),
        decision_by=dt.date(2026, 12, 15),
    )
    app_id = seed(workspace, "Hooli", "Engineer", interview_on=dt.date(2026, 11, 18))
    page.goto(f"/applications/{app_id}")
    page.get_by_text("Record an offer").click()
    form = page.locator("#form-offer")
    form.get_by_label("Base salary a year").fill("85k")
    form.get_by_label("Currency").fill("GBP")
    form.get_by_label("Deadline to answer").fill("2026-12-04")
    form.get_by_role("button", name="Save the offer").click()
    page.locator("#next li[data-kind='extension_request']").wait_for()
    action = page.locator("#next li[data-kind='extension_request']").inner_text()
    assert "Ask for more time" in action and "Umbrella" in action
    assert "£85,000" in page.locator("#offer").inner_text()
    assert_accessible(page)
    response = page.goto("/offers")
    if response is not None and response.ok and "Hooli" in page.content():
        assert "Hooli" in page.locator("main").inner_text()
