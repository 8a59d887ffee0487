"""Every page, on the demo workspace, at desktop and phone width: accessible, fits the screen,
and reachable from the keyboard."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from afterword.demo.workspace import load_demo
from tests.browser.conftest import LiveServer, accessibility_violations

NAVIGATION = [
    "/",
    "/inbox",
    "/pipeline",
    "/offers",
    "/reflection",
    "/numbers",
    "/calendar",
    "/settings",
]

# Pages of the reflection loop, in the navigation bar's Reflection menu.
REFLECTION_LOOP = ["/reflection/reflect", "/practice", "/game-plan", "/goals"]


@pytest.fixture
def demo_page(
    browser: Any, live_server: LiveServer, workspace: Any, viewport: dict[str, int]
) -> Iterator[Any]:
    """A tab at the given screen size on a server holding the demo workspace."""
    with workspace() as ws:
        load_demo(session=ws.session, user_id=ws.user_id, today=ws.today, now=ws.now)
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def _pages(tab: Any) -> list[str]:
    """The navigation pages plus one application page and one draft, found by following links."""
    pages = [*NAVIGATION, *REFLECTION_LOOP]
    tab.goto("/pipeline")
    application = tab.locator("a[href^='/applications/']").first.get_attribute("href")
    assert application and re.fullmatch(r"/applications/\d+", application), application
    pages.append(application)
    tab.goto("/")
    drafts = tab.locator("a[href$='/draft']")
    if drafts.count():
        pages.append(drafts.first.get_attribute("href"))
    return pages


def test_every_page_is_accessible_and_fits_the_screen(demo_page: Any) -> None:
    problems: dict[str, Any] = {}
    for path in _pages(demo_page):
        demo_page.goto(path)
        found = accessibility_violations(demo_page)
        if found:
            problems[path] = found
        overflow = demo_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 2:
            problems.setdefault(path, []).append(f"wider than the screen by {overflow}px")
        assert demo_page.locator("h1").count() == 1, f"{path} should have exactly one <h1>"
    assert not problems, problems


def test_keyboard_user_can_skip_to_the_content_and_reach_the_navigation(demo_page: Any) -> None:
    demo_page.goto("/")
    demo_page.keyboard.press("Tab")
    focused = demo_page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to the page content"
    demo_page.keyboard.press("Enter")
    assert demo_page.evaluate("location.hash") == "#main"
    # Every navigation link is reachable by Tab, those in the Reflection menu once Enter
    # has opened it.
    demo_page.goto("/")
    reached: set[str] = set()
    for _ in range(40):
        demo_page.keyboard.press("Tab")
        if demo_page.evaluate(
            "document.activeElement.tagName === 'SUMMARY' && !document.activeElement.parentElement.open"
        ):
            demo_page.keyboard.press("Enter")
        href = demo_page.evaluate("document.activeElement.getAttribute('href')")
        if href:
            reached.add(href)
    expected = {*NAVIGATION, *REFLECTION_LOOP}
    assert expected <= reached, expected - reached


@pytest.mark.parametrize("path", REFLECTION_LOOP)
def test_each_reflection_page_is_one_choice_away_in_the_navigation_bar(
    demo_page: Any, path: str
) -> None:
    demo_page.goto("/numbers")
    menu = demo_page.get_by_role("navigation", name="Main").locator(
        "summary", has_text="Reflection"
    )
    menu.click()
    link = demo_page.get_by_role("navigation", name="Main").locator(f"a[href='{path}']")
    assert link.is_visible()
    # The open menu stays inside the screen, on a phone too.
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0
    assert box["x"] + box["width"] <= demo_page.viewport_size["width"]
    link.click()
    demo_page.wait_for_url(f"**{path}")
    assert demo_page.locator("summary.here", has_text="Reflection").count() == 1
