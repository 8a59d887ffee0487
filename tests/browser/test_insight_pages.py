"""Offers, Reflection and Numbers in a real browser: charts drawn, forms working, no axe errors."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import assert_accessible
from tests.web.test_numbers_page import seed_search
from tests.web.test_offers_page import seed_offers
from tests.web.test_reflection_page import seed_reflection


def test_two_recorded_offers_are_compared_with_the_deadline_timeline(
    page: Any, workspace: Any
) -> None:
    with workspace() as ws:
        seed_offers(ws)
    page.goto("/offers")
    headers = page.locator("#offer-comparison thead th")
    assert headers.count() == 2
    assert headers.nth(0).inner_text().startswith("Acme")
    assert headers.nth(1).inner_text().startswith("Globex")
    assert "highest" in page.locator('tr[data-row="base"] td').nth(1).inner_text()
    late = page.locator('#deadline-timeline tr[data-verdict="after_deadline"]')
    assert "ask for an extension" in late.inner_text()
    assert page.locator("svg.timeline-svg rect").count() >= 3
    assert_accessible(page)


def test_offer_notes_save_in_place(page: Any, workspace: Any) -> None:
    with workspace() as ws:
        ids = seed_offers(ws)
    page.goto("/offers")
    page.fill(f"#offer-{ids['acme']}-f-notes", "Ask for a 90k base and a later start.")
    page.get_by_role("button", name="Save notes for Acme").click()
    page.locator(f"#notes-{ids['acme']} [role=status]").wait_for()
    assert page.input_value(f"#offer-{ids['acme']}-f-notes") == (
        "Ask for a 90k base and a later start."
    )
    assert page.locator("h1").count() == 1  # the section was swapped, not the page


def test_empty_offers_page_is_accessible(page: Any) -> None:
    page.goto("/offers")
    assert "No offers yet" in page.locator("main").inner_text()
    assert_accessible(page)


def test_numbers_page_draws_every_chart(page: Any, workspace: Any) -> None:
    with workspace() as ws:
        seed_search(ws)
    page.goto("/numbers")
    for chart in ("#sources-chart", "#responses-chart", "#flow-chart"):
        page.locator(f"{chart} canvas").first.wait_for()
        assert page.locator(chart).get_attribute("role") == "img"
    page.locator("#flow-chart").scroll_into_view_if_needed()
    assert_accessible(page)


def test_reflection_page_checks_in_a_mood_and_draws_the_chart(page: Any, workspace: Any) -> None:
    with workspace() as ws:
        seed_reflection(ws)
    page.goto("/reflection")
    assert page.locator("#mood-chart").count() == 0
    for mood, note in (("2", "Rejection stung"), ("4", "Went for a long walk")):
        page.select_option("#mood-f-mood", mood)
        page.fill("#mood-f-note", note)
        page.get_by_role("button", name="Check in").click()
        page.locator("#reflection-mood [role=status]").wait_for()
        # A locator, not wait_for_function: the page's script policy forbids the eval it uses.
        page.get_by_text(note).first.wait_for()
    page.locator("#mood-chart canvas").first.wait_for()
    page.fill("#journal-f-text", "The design round showed me what to practise.")
    page.get_by_role("button", name="Save to journal").click()
    page.locator(".journal-entry").first.wait_for()
    assert "what to practise" in page.locator(".journal-entry").first.inner_text()
    assert "Design a rate limiter" in page.locator("#reflection-questions").inner_text()
    assert_accessible(page)


def test_reflection_form_errors_stay_next_to_the_field(page: Any) -> None:
    page.goto("/reflection")
    page.get_by_role("button", name="Check in").click()
    page.locator("#mood-f-mood[aria-invalid=true]").wait_for()
    assert page.locator("#mood-f-mood-note").inner_text()
    assert_accessible(page)
