"""The app opens in a real browser, with its vendored assets and no accessibility errors."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import assert_accessible


def test_today_page_opens_in_chromium_with_htmx_loaded(page: Any) -> None:
    page.goto("/")
    assert page.title().endswith("afterword")
    assert page.evaluate("typeof htmx") == "object"
    assert_accessible(page)
