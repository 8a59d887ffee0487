"""Journeys in a real browser: what doing a step records, shown before it happens, and undone.

The clock is pinned to Monday 23 November 2026 (see conftest).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from afterword.pipeline.applications import add_application, get_application
from afterword.pipeline.contacts import add_contact
from afterword.pipeline.interviews import log_interview, record_debrief
from afterword.pipeline.models import InterviewKind
from afterword.pipeline.outcomes import record_outcome
from afterword.pipeline.schemas import (
    ApplicationFields,
    ContactFields,
    InterviewFields,
    OutcomeFields,
)
from afterword.pipeline.status import OutcomeKind, Status
from tests.browser.conftest import assert_accessible


def _card(page: Any, title: str) -> Any:
    return page.locator("li.action-card").filter(has=page.get_by_role("heading", name=title))


def _process(workspace: Any, company: str, *, interested: bool | None) -> int:
    """Applied, interviewed on Friday 20 November, debriefed with the given answer."""
    with workspace() as ws:
        application = add_application(
            session=ws.session,
            user_id=ws.user_id,
            fields=ApplicationFields(
                company=company, role="Data Engineer", applied_on=dt.date(2026, 11, 9)
            ),
            now=ws.now,
        )
        add_contact(
            session=ws.session,
            user_id=ws.user_id,
            application_id=application.id,
            fields=ContactFields(name="Priya Shah", email=f"priya@{company.lower()}.example"),
            now=ws.now,
        )
        interview = log_interview(
            session=ws.session,
            user_id=ws.user_id,
            application_id=application.id,
            fields=InterviewFields(
                kind=InterviewKind.TECHNICAL,
                scheduled_at=dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC),
            ),
            now=ws.now,
        )
        app_id, interview_id = application.id, interview.id
    if interested is not None:
        # A day later, in its own unit of work: the thank-yous and checks exist by then.
        with workspace() as ws:
            record_debrief(
                session=ws.session,
                user_id=ws.user_id,
                interview_id=interview_id,
                changes={"self_rating": 2, "still_interested": interested},
                now=ws.now,
            )
    return app_id


def _status(workspace: Any, app_id: int) -> Status:
    with workspace() as ws:
        return get_application(session=ws.session, user_id=ws.user_id, application_id=app_id).status


def test_done_says_what_it_records_before_and_after_and_undo_takes_it_back(
    page: Any, workspace: Any
) -> None:
    app = _process(workspace, "Contoso", interested=False)
    page.goto("/")
    card = _card(page, "Withdraw politely (Contoso)")
    card.get_by_text("Marking this done records Contoso as withdrawn.").wait_for()
    before = page.locator("#today-count").inner_text()
    assert_accessible(page)

    card.get_by_role("button", name="Done").click()
    settled = page.locator("li.action-settled")
    settled.get_by_text("Contoso recorded as withdrawn").wait_for()
    assert _status(workspace, app) is Status.WITHDRAWN
    # The count followed without a reload.
    assert int(page.locator("#today-count").inner_text()) == int(before) - 1
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1

    settled.get_by_role("button", name="Undo").click()
    _card(page, "Withdraw politely (Contoso)").wait_for()
    page.locator("#alerts").get_by_text(
        "Undone: Withdraw politely (Contoso) is open again."
    ).wait_for()
    assert page.locator("#today-count").inner_text() == before
    assert _status(workspace, app) is Status.INTERVIEWING


def test_answering_no_to_the_interest_check_brings_the_withdrawal(
    page: Any, workspace: Any
) -> None:
    app = _process(workspace, "Fabrikam", interested=None)
    page.goto("/")
    card = _card(page, "Decide whether you still want it (Fabrikam)")
    card.get_by_role("button", name="No longer interested").click()
    page.locator("li.action-settled").get_by_text(
        "A polite withdrawal is now on your agenda"
    ).wait_for()
    page.reload()
    _card(page, "Withdraw politely (Fabrikam)").wait_for()
    assert _card(page, "Follow up gently (Fabrikam)").count() == 0
    assert _status(workspace, app) is Status.INTERVIEWING


def test_a_withdrawn_email_needs_a_confirmation_before_it_is_noted_as_sent(
    page: Any, workspace: Any
) -> None:
    app = _process(workspace, "Globex", interested=True)
    page.goto("/")
    _card(page, "Thank the recruiter (Globex)").get_by_role("button", name="Open draft").click()
    page.wait_for_url("**/actions/*/draft")
    draft_url = page.url
    with workspace() as ws:  # news arrives: the thank-you is overtaken
        record_outcome(
            session=ws.session,
            user_id=ws.user_id,
            application_id=app,
            fields=OutcomeFields(kind=OutcomeKind.REJECTION, occurred_on=dt.date(2026, 11, 23)),
            now=ws.now,
        )
    page.goto(draft_url)
    page.locator("#stale-step").get_by_text("This email is no longer needed").wait_for()
    page.get_by_role("button", name="I've sent it").click()
    page.locator("#draft-error").get_by_text("tick 'Yes, use it anyway' below").wait_for()
    page.get_by_label("Yes, use it anyway").check()
    page.get_by_role("button", name="I've sent it").click()
    page.wait_for_url("**/")
    assert "Noted as sent" in page.locator("#alerts").inner_text()
    assert _status(workspace, app) is Status.REJECTED


def test_a_step_done_can_be_undone_from_the_application_page(page: Any, workspace: Any) -> None:
    app = _process(workspace, "Initech", interested=False)
    page.goto(f"/applications/{app}")
    page.locator("li[data-kind='withdraw']").get_by_role("button", name="Done").click()
    page.wait_for_url(f"**/applications/{app}")
    assert _status(workspace, app) is Status.WITHDRAWN
    page.get_by_text("Steps already settled").click()
    settled = page.locator("ul.application-settled")
    settled.get_by_text("withdrawal marked done on 23 Nov 2026").wait_for()
    # Done and "no longer needed" read differently.
    assert settled.locator(".step-done").count() >= 1
    assert settled.locator(".step-withdrawn").count() >= 1
    settled.locator("li").filter(has_text="Withdraw politely").get_by_role(
        "button", name="Undo"
    ).click()
    page.wait_for_url(f"**/applications/{app}")
    assert _status(workspace, app) is Status.INTERVIEWING
