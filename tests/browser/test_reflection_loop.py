"""In a real browser: the reflection form saves any subset of its prompts, and the practice
view is used with the keyboard alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from afterword.pipeline.applications import add_application
from afterword.pipeline.interviews import log_interview
from afterword.pipeline.schemas import ApplicationFields, InterviewFields
from afterword.reflection.models import PracticeAnswer, PracticeCard
from afterword.reflection.practice import add_question
from afterword.reflection.reflections import list_reflections

PROMPTS = {
    "went_well": ("What went well", "The SQL part"),
    "was_tough": ("What was tough", "Sharding"),
    "do_differently": ("What I would do differently", "Ask about traffic first"),
    "out_of_my_hands": ("What was out of my hands", "They hired internally"),
}


def _application(workspace: Any) -> int:
    with workspace() as ws:
        app = add_application(
            session=ws.session,
            user_id=ws.user_id,
            fields=ApplicationFields(company="Northwind", role="Data Engineer"),
            now=ws.now,
        )
        return app.id


@pytest.mark.parametrize(
    "chosen",
    [("went_well",), ("out_of_my_hands",), ("was_tough", "do_differently"), tuple(PROMPTS)],
    ids=lambda chosen: "+".join(chosen),
)
def test_the_reflection_form_saves_any_subset_of_its_prompts(
    page: Any, workspace: Any, chosen: tuple[str, ...]
) -> None:
    app_id = _application(workspace)
    page.goto(f"/reflection/reflect?application={app_id}")
    form = page.locator("#reflect-form")
    for name in chosen:
        label, text = PROMPTS[name]
        form.get_by_label(label).fill(text)
    form.get_by_role("button", name="Save reflection").click()
    page.locator("#reflections").wait_for()
    with workspace() as ws:
        (saved,) = list_reflections(session=ws.session, user_id=ws.user_id)
    assert dict(saved.answers) == {PROMPTS[name][0]: PROMPTS[name][1] for name in chosen}


def test_an_empty_reflection_is_refused_next_to_the_form_and_nothing_is_saved(
    page: Any, workspace: Any
) -> None:
    app_id = _application(workspace)
    page.goto(f"/reflection/reflect?application={app_id}")
    page.get_by_role("button", name="Save reflection").click()
    assert "at least one of the prompts" in page.locator(".form-error").inner_text()
    with workspace() as ws:
        assert list_reflections(session=ws.session, user_id=ws.user_id) == []


def test_practice_with_the_keyboard_alone(page: Any, workspace: Any, today: dt.date) -> None:
    app_id = _application(workspace)
    with workspace() as ws:
        log_interview(
            session=ws.session,
            user_id=ws.user_id,
            application_id=app_id,
            fields=InterviewFields(
                kind="system_design",
                scheduled_at=dt.datetime.combine(
                    today + dt.timedelta(days=5), dt.time(10), tzinfo=dt.UTC
                ),
            ),
            now=ws.now,
        )
        card_id = add_question(
            session=ws.session, user_id=ws.user_id, text="Design a rate limiter", now=ws.now
        ).id
    page.goto("/practice")
    assert "Next interview: Northwind" in page.locator("[role=status]").first.inner_text()
    # Tab to the answer, type it, tab to "3 — good" and press Enter: no mouse anywhere.
    answer = page.locator("#practice-answer")
    for _ in range(60):
        page.keyboard.press("Tab")
        if answer.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the answer box cannot be reached with Tab")
    page.keyboard.type("Token bucket per client; mention bursts")
    good = page.get_by_role("button", name="3 — good")
    for _ in range(6):
        page.keyboard.press("Tab")
        if good.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the rating buttons cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.locator("#latest-answer").wait_for()
    assert page.locator("#latest-answer").inner_text() == "Token bucket per client; mention bursts"
    with workspace() as ws:
        card = ws.session.get(PracticeCard, card_id)
        assert card is not None and card.last_rating == 3 and card.practice_count == 1
        assert ws.session.query(PracticeAnswer).filter_by(card_id=card_id).count() == 1
