"""Server mode in a real browser: the sign-in page, signing in, signing out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from afterword import clock
from afterword.accounts.service import add_account
from afterword.settings import Settings, load_settings
from afterword.storage.session import session_scope
from tests.browser.conftest import LiveServer, accessibility_violations

PASSWORD = "a long enough passphrase"


@pytest.fixture
def server_live(server_database_url: str, today: Any) -> Iterator[LiveServer]:
    settings: Settings = load_settings(
        mode="server", database_url=server_database_url, web={"secret": "ab" * 32}
    )
    with session_scope(server_database_url) as session:
        add_account(
            session=session, email="ana@example.org", role="seeker", password=PASSWORD,
            timezone="Europe/London", country="GB", now=clock.now(),
        )  # fmt: skip
    with LiveServer(settings) as server:
        yield server


def test_signing_in_and_out_in_a_browser(browser: Any, server_live: LiveServer) -> None:
    context = browser.new_context(base_url=server_live.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto("/pipeline")
    assert tab.url.endswith("/login?next=/pipeline")
    assert tab.get_by_role("heading", name="Sign in").is_visible()
    assert accessibility_violations(tab) == []
    tab.get_by_label("Email address").fill("ana@example.org")
    tab.get_by_label("Password").fill("not the password")
    tab.get_by_role("button", name="Sign in").click()
    assert tab.get_by_role("alert").inner_text().startswith("that email address and password")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url("**/pipeline")
    sign_out = tab.get_by_role("button", name="Sign out")
    assert sign_out.get_attribute("title") == "Signed in as ana@example.org"
    sign_out.click()
    tab.wait_for_url("**/login")
    tab.goto("/")
    assert "/login" in tab.url
    context.close()
    assert not errors, errors
