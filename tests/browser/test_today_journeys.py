"""Journeys on Today in a real browser: open a thank-you draft, copy it, say it went; act with HTMX."""

from __future__ import annotations

import datetime as dt
from typing import Any

from afterword.pipeline.outcomes import record_outcome
from afterword.pipeline.schemas import OutcomeFields
from afterword.pipeline.status import OutcomeKind
from afterword.playbook.models import ActionState
from afterword.playbook.service import open_actions
from tests.browser.conftest import assert_accessible
from tests.web.test_today import interviewed


def _interview_today(workspace: Any) -> int:
    with workspace() as ws:
        ws.user.name = "Sam Rivera"
        return interviewed(ws, "Acme", "Data Engineer", dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC))


def _card(page: Any, title: str) -> Any:
    return page.locator("li.action-card").filter(has=page.get_by_role("heading", name=title))


def test_open_and_copy_the_thank_you_draft_then_mark_it_sent(page: Any, workspace: Any) -> None:
    _interview_today(workspace)
    page.goto("/")
    card = _card(page, "Thank the recruiter (Acme)")
    card.get_by_role("button", name="Open draft").click()
    page.wait_for_url("**/actions/*/draft")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank the recruiter"
    assert_accessible(page)

    body = page.locator("#draft-body").input_value()
    assert body.startswith("Hi Priya,") and "Sam Rivera" in body
    copy = page.get_by_role("button", name="Copy")
    copy.click()
    page.get_by_role("button", name="Copied to the clipboard").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == body

    page.get_by_role("button", name="I've sent it").click()
    page.wait_for_url("**/")
    assert "Noted as sent" in page.locator("#alerts").inner_text()
    assert _card(page, "Thank the recruiter (Acme)").count() == 0
    with workspace() as ws:
        kinds = {row.kind.value for row in open_actions(session=ws.session, user_id=ws.user_id)}
        assert "thank_recruiter" not in kinds


def test_done_and_snooze_with_htmx_remove_the_card_and_say_so(page: Any, workspace: Any) -> None:
    _interview_today(workspace)
    page.goto("/")
    _card(page, "Write the debrief (Acme)").get_by_role("button", name="Done").click()
    page.locator("#alerts").get_by_text("Done: Write the debrief (Acme).").wait_for()
    assert _card(page, "Write the debrief (Acme)").count() == 0
    # The page was not reloaded: HTMX swapped the card out.
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1

    snooze = _card(page, "Thank the recruiter (Acme)")
    snooze.get_by_label("Snooze for how long").select_option("3")
    snooze.get_by_role("button", name="Snooze").click()
    page.locator("#alerts").get_by_text("Snoozed until Thursday 26 November").wait_for()
    assert _card(page, "Thank the recruiter (Acme)").count() == 0
    with workspace() as ws:
        states = {
            row.kind.value: row for row in open_actions(session=ws.session, user_id=ws.user_id)
        }
        assert "debrief" not in states
        assert states["thank_recruiter"].state is ActionState.OPEN
        assert states["thank_recruiter"].snoozed_until == dt.date(2026, 11, 26)


def test_today_is_accessible_with_data_and_a_check_in_after_a_rejection(
    page: Any, workspace: Any
) -> None:
    app_id = _interview_today(workspace)
    with workspace() as ws:
        other = interviewed(ws, "Initech", "Engineer", dt.datetime(2026, 11, 12, 9, tzinfo=dt.UTC))
        record_outcome(
            session=ws.session,
            user_id=ws.user_id,
            application_id=other,
            fields=OutcomeFields(kind=OutcomeKind.REJECTION, occurred_on=dt.date(2026, 11, 20)),
            now=ws.now,
        )
    assert app_id
    page.goto("/")
    page.get_by_role("heading", name="After the news from Initech").wait_for()
    page.locator("details.evidence").first.locator("summary").click()
    assert_accessible(page)
    page.get_by_label("3 — so-so").check()
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_text("Thanks — noted.").wait_for()


def test_today_is_accessible_when_empty(page: Any) -> None:
    page.goto("/")
    page.get_by_role("button", name="Add your first application").wait_for()
    assert_accessible(page)


def test_today_fits_a_phone_screen(page: Any, workspace: Any) -> None:
    _interview_today(workspace)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert_accessible(page)
