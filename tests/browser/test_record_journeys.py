"""In a real browser: the debrief saves any one field, problems take the focus, and each
kind of record is edited and deleted where it is shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from afterword.pipeline.applications import add_application, get_application
from afterword.pipeline.interviews import get_interview, log_interview
from afterword.pipeline.outcomes import add_feedback
from afterword.pipeline.schemas import (
    ApplicationFields,
    ContactFields,
    FeedbackFields,
    InterviewFields,
)
from afterword.reflection.schemas import JournalFields
from afterword.reflection.service import add_journal_entry, list_journal
from tests.browser.conftest import assert_accessible


def seed(workspace: Any) -> dict[str, int]:
    """Northwind: a technical interview last Friday with Priya, feedback and a journal entry."""
    with workspace() as ws:
        app = add_application(
            session=ws.session,
            user_id=ws.user_id,
            fields=ApplicationFields(company="Northwind", role="Data Engineer"),
            now=ws.now,
        )
        interview = log_interview(
            session=ws.session,
            user_id=ws.user_id,
            application_id=app.id,
            fields=InterviewFields(
                kind="technical",
                scheduled_at=dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC),
                timezone="Europe/London",
            ),
            now=ws.now,
            new_interviewers=[ContactFields(name="Priya Shah", email="priya@example.com")],
        )
        feedback = add_feedback(
            session=ws.session,
            user_id=ws.user_id,
            application_id=app.id,
            fields=FeedbackFields(received_on=dt.date(2026, 11, 21), text="Strong SQL."),
            now=ws.now,
        )
        entry = add_journal_entry(
            session=ws.session,
            user_id=ws.user_id,
            fields=JournalFields(text="A long day."),
            now=ws.now,
            application_id=app.id,
        )
        return {
            "app": app.id,
            "interview": interview.id,
            "priya": interview.interviewers[0].id,
            "feedback": feedback.id,
            "entry": entry.id,
        }


def wait_for_focus(page: Any, element_id: str) -> None:
    """Waits until the element has the focus (HTMX settles new content a moment after the swap).

    With Playwright's expect, which polls from outside the page: wait_for_function would
    evaluate a string in the page, and the page's script policy refuses eval."""
    from playwright.sync_api import expect

    expect(page.locator(f"[id='{element_id}']")).to_be_focused(timeout=5_000)


def debrief_of(workspace: Any, interview_id: int) -> dict[str, Any]:
    """The saved debrief, only the fields that hold something."""
    with workspace() as ws:
        interview = get_interview(session=ws.session, user_id=ws.user_id, interview_id=interview_id)
        saved = {
            name: getattr(interview, name)
            for name in (
                "self_rating",
                "went_well",
                "went_badly",
                "notes",
                "decision_by",
                "decision_within",
                "decision_within_unit",
                "further_round_expected",
                "still_interested",
            )
            if getattr(interview, name) is not None
        }
        saved.update({f"question: {q.text}": q.went_well for q in interview.questions})
        saved["written"] = interview.debriefed_at is not None
        return saved


# Each field of the debrief, filled in alone the way a person does it: (fill, what is saved).
Fill = Callable[[Any, str], None]
FIELDS: dict[str, tuple[Fill, dict[str, Any]]] = {
    "rating": (
        lambda form, p: form.get_by_label("How did it go").select_option("4"),
        {"self_rating": 4},
    ),
    "went_well": (
        lambda form, p: form.get_by_label("What went well").fill("The SQL part"),
        {"went_well": "The SQL part"},
    ),
    "went_badly": (
        lambda form, p: form.get_by_label("What was hard, and why").fill("Streaming"),
        {"went_badly": "Streaming"},
    ),
    "decision_by": (
        lambda form, p: form.locator(f"#{p}f-decision_by").fill("2026-12-04"),
        {"decision_by": dt.date(2026, 12, 4)},
    ),
    "number_and_unit": (
        lambda form, p: (
            form.locator(f"#{p}f-decision_within").fill("2"),
            form.locator(f"#{p}f-decision_within_unit").select_option("weeks"),
        ),
        {"decision_within": 2, "decision_within_unit": "weeks"},
    ),
    "unit_alone": (
        lambda form, p: form.locator(f"#{p}f-decision_within_unit").select_option("weeks"),
        {},
    ),
    "another_round": (
        lambda form, p: form.locator(f"#{p}further_round_expected-no").check(),
        {"further_round_expected": False},
    ),
    "still_interested": (
        lambda form, p: form.locator(f"#{p}still_interested-yes").check(),
        {"still_interested": True},
    ),
    "one_question": (
        lambda form, p: (
            form.locator(f"#{p}q1-text").fill("Why us?"),
            form.locator(f"#{p}q1-result").select_option("well"),
        ),
        {"question: Why us?": True},
    ),
    "notes": (
        lambda form, p: form.get_by_label("Anything else").fill("Nice office"),
        {"notes": "Nice office"},
    ),
}


@pytest.mark.parametrize("field", list(FIELDS), ids=list(FIELDS))
def test_the_debrief_saves_with_each_field_alone(page: Any, workspace: Any, field: str) -> None:
    ids = seed(workspace)
    page.goto(f"/applications/{ids['app']}")
    form = page.locator(f"#form-debrief-{ids['interview']}")
    fill, expected = FIELDS[field]
    fill(form, f"debrief-{ids['interview']}-")
    form.get_by_role("button", name="Save the debrief").click()
    page.get_by_text("Debrief saved.").wait_for()
    # Something of the interview itself (how it went, a question, a note) makes it the
    # debrief; a timeline or a yes/no alone is saved without ticking the debrief off.
    written = field in {"rating", "went_well", "went_badly", "one_question", "notes"}
    assert debrief_of(workspace, ids["interview"]) == {**expected, "written": written}


@pytest.mark.parametrize("how", ["htmx", "plain"])
def test_an_invalid_value_is_shown_by_its_field_and_takes_the_focus(
    page: Any, workspace: Any, how: str
) -> None:
    ids = seed(workspace)
    page.goto(f"/applications/{ids['app']}")
    prefix = f"debrief-{ids['interview']}-"
    form = page.locator(f"#form-debrief-{ids['interview']}")
    form.get_by_label("What went well").fill("Kept calm")
    form.locator(f"#{prefix}f-decision_within").fill("0")
    if how == "htmx":
        form.get_by_role("button", name="Save the debrief").click()
    else:
        # As without JavaScript: form.submit() skips HTMX, so the whole page comes back.
        with page.expect_navigation():
            form.evaluate("form => form.submit()")
    field = page.locator(f"#{prefix}f-decision_within[aria-invalid=true]")
    field.wait_for()
    wait_for_focus(page, f"{prefix}f-decision_within")
    assert field.get_attribute("aria-describedby") == f"{prefix}f-decision_within-note"
    assert "at least 1" in page.locator(f"#{prefix}f-decision_within-note").inner_text()
    assert field.is_visible() and field.evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    )
    assert page.locator(f"#{prefix}f-went_well").input_value() == "Kept calm"
    assert debrief_of(workspace, ids["interview"]) == {"written": False}
    assert_accessible(page)


def test_a_problem_in_another_form_takes_the_focus_too(page: Any, workspace: Any) -> None:
    ids = seed(workspace)
    page.goto(f"/applications/{ids['app']}")
    people = page.locator("#people")
    people.get_by_text("Edit").first.click()
    form = page.locator(f"#form-contact-{ids['priya']}")
    form.get_by_label("Email address").fill("priya@")
    form.get_by_role("button", name="Save").click()
    page.locator(f"#contact-{ids['priya']}-f-email[aria-invalid=true]").wait_for()
    wait_for_focus(page, f"contact-{ids['priya']}-f-email")


def test_an_interview_is_moved_then_deleted_from_its_card(page: Any, workspace: Any) -> None:
    ids = seed(workspace)
    page.goto(f"/applications/{ids['app']}")
    card = page.locator(f"#interview-{ids['interview']}")
    card.get_by_text("Change the day, time or kind").click()
    form = page.locator(f"#form-interview-{ids['interview']}")
    form.get_by_label("Time", exact=True).fill("15:30")
    form.get_by_label("Place or video link").fill("Video call")
    assert_accessible(page)
    form.get_by_role("button", name="Save round 1").click()
    page.get_by_text("Saved the interview.").wait_for()
    assert "15:30, Video call" in page.locator(f"#interview-{ids['interview']}").inner_text()
    page.locator(f"#interview-{ids['interview']} summary", has_text="Delete").click()
    page.get_by_role("button", name="Delete round 1").click()
    page.get_by_text("Deleted round 1 and its debrief.").wait_for()
    assert page.locator("article.application-interview").count() == 0
    assert "Priya Shah" in page.locator("#people").inner_text()


def test_a_person_is_edited_then_removed(page: Any, workspace: Any) -> None:
    ids = seed(workspace)
    page.goto(f"/applications/{ids['app']}")
    row = page.locator(f"#contact-{ids['priya']}")
    row.locator("summary", has_text="Edit").click()
    row.get_by_label("Their part in the process").select_option("hiring_manager")
    row.get_by_role("button", name="Save").click()
    page.get_by_text("Saved Priya Shah.").wait_for()
    assert "(hiring manager)" in page.locator(f"#contact-{ids['priya']}").inner_text()
    page.locator(f"#contact-{ids['priya']} summary", has_text="Delete").click()
    page.get_by_role("button", name="Remove Priya Shah").click()
    page.get_by_text("Removed Priya Shah.").wait_for()
    with workspace() as ws:
        assert (
            get_application(
                session=ws.session, user_id=ws.user_id, application_id=ids["app"]
            ).contacts
            == []
        )


def test_feedback_is_edited_on_the_application_page_and_deleted_on_the_reflection_page(
    page: Any, workspace: Any
) -> None:
    ids = seed(workspace)
    page.goto(f"/applications/{ids['app']}")
    item = page.locator(f"#feedback-{ids['feedback']}")
    item.locator("summary", has_text="Edit").click()
    item.get_by_label("What they said").fill("Strong SQL; wanted tests.")
    item.get_by_role("button", name="Save").click()
    page.get_by_text("Saved the feedback.").wait_for()
    assert "wanted tests" in page.locator("#feedback").inner_text()
    page.goto("/reflection")
    page.locator(f"#feedback-{ids['feedback']} summary", has_text="Delete").click()
    page.get_by_role("button", name="Delete the feedback").click()
    page.get_by_text("Deleted the feedback.").wait_for()
    assert page.url.split("#")[0].endswith("/reflection")
    assert "wanted tests" not in page.locator("#reflection-feedback").inner_text()


def test_a_journal_entry_is_edited_then_deleted(page: Any, workspace: Any) -> None:
    ids = seed(workspace)
    page.goto("/reflection")
    entry = page.locator(f"#journal-{ids['entry']}")
    entry.locator("summary", has_text="Edit").click()
    entry.get_by_label("The entry").fill("")
    entry.get_by_role("button", name="Save").click()
    # Emptied: refused by the field, which takes the focus.
    page.locator(f"#journal-{ids['entry']}-f-text[aria-invalid=true]").wait_for()
    wait_for_focus(page, f"journal-{ids['entry']}-f-text")
    page.locator(f"#journal-{ids['entry']}-f-text").fill("A long day, but I learned.")
    page.locator(f"#form-journal-{ids['entry']}").get_by_role("button", name="Save").click()
    page.get_by_text("Saved the entry.").wait_for()
    assert "but I learned" in page.locator(f"#journal-{ids['entry']}").inner_text()
    assert_accessible(page)
    page.locator(f"#journal-{ids['entry']} summary", has_text="Delete").click()
    page.get_by_role("button", name="Delete the entry").click()
    page.get_by_text("Deleted the entry.").wait_for()
    with workspace() as ws:
        assert list_journal(session=ws.session, user_id=ws.user_id) == []
