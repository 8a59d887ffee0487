"""The Settings and Calendar pages in a real browser: accessible, and their forms work."""

from __future__ import annotations

from typing import Any

from afterword.demo.workspace import load_demo
from tests.browser.conftest import LiveServer, assert_accessible


def test_settings_page_is_accessible_and_saves_the_profile_in_place(
    page: Any, workspace: Any
) -> None:
    page.goto("/settings")
    assert_accessible(page)
    page.fill("#profile-f-name", "Sam Rivera")
    page.fill("#profile-f-timezone", "America/New_York")
    page.fill("#profile-f-country", "US")
    page.get_by_role("button", name="Save the profile").click()
    page.get_by_text("Your profile is saved.").wait_for()
    assert page.input_value("#profile-f-name") == "Sam Rivera"
    with workspace() as ws:
        assert ws.user.timezone == "America/New_York"
        assert ws.user.name == "Sam Rivera"


def test_settings_errors_are_accessible_and_keep_what_was_typed(page: Any) -> None:
    page.goto("/settings")
    page.fill("#profile-f-timezone", "Moon/Base")
    page.get_by_role("button", name="Save the profile").click()
    page.locator("#profile-f-timezone-note.field-error").wait_for()
    assert page.input_value("#profile-f-timezone") == "Moon/Base"
    page.fill("#playbook-f-keep_applying_days", "0")
    page.get_by_role("button", name="Save the timings").click()
    page.locator("#playbook-f-keep_applying_days-note.field-error").wait_for()
    assert_accessible(page)


def test_template_editor_is_accessible(page: Any) -> None:
    page.goto("/settings")
    page.get_by_role("link", name="Follow up", exact=True).click()
    page.wait_for_url("**/settings/templates/follow_up")
    assert_accessible(page)


def test_calendar_page_is_accessible_and_copies_the_link(
    page: Any, workspace: Any, live_server: LiveServer
) -> None:
    with workspace() as ws:
        load_demo(session=ws.session, user_id=ws.user_id, today=ws.today, now=ws.now)
    page.goto("/calendar")
    assert_accessible(page)
    url = page.input_value("#calendar-url")
    assert url.startswith(live_server.url + "/calendar/")
    page.get_by_role("button", name="Copy the link").click()
    page.get_by_role("button", name="Link copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == url


def test_new_link_replaces_the_link_in_place(page: Any, live_server: LiveServer) -> None:
    page.goto("/calendar")
    old = page.input_value("#calendar-url")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Make a new link").click()
    page.get_by_text("The old one no longer works").wait_for()
    new = page.input_value("#calendar-url")
    assert new != old
    assert page.request.get(old).status == 404
    assert page.request.get(new).status == 200


def test_pages_fit_a_phone_screen(page: Any, workspace: Any) -> None:
    with workspace() as ws:
        load_demo(session=ws.session, user_id=ws.user_id, today=ws.today, now=ws.now)
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/calendar", "/settings", "/settings/templates/offer_notice"):
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 2, f"{path} is wider than the screen by {overflow}px"
        assert_accessible(page)
