"""Server mode in a real browser: a person edits their own template wording and the folder
their mailbox sync reads, including a partly filled form that is refused and kept."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from afterword import clock
from afterword.accounts.service import add_account
from afterword.settings import Settings, load_settings
from afterword.storage.session import session_scope
from tests.browser.conftest import LiveServer, accessibility_violations

PASSWORD = "a long enough passphrase"
# Screenshots for a person to look at (kept only when asked for: AFTERWORD_SCREENSHOTS=dir).
SHOTS = os.environ.get("AFTERWORD_SCREENSHOTS")


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


def _shot(tab: Any, tmp_path: Path, name: str) -> None:
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_a_person_edits_their_wording_and_sync_folder_in_a_browser(
    browser: Any, server_live: LiveServer, tmp_path: Path
) -> None:
    context = browser.new_context(base_url=server_live.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto("/settings")
    tab.get_by_label("Email address").fill("ana@example.org")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url("**/settings")
    assert tab.get_by_role("heading", name="Email templates").is_visible()
    assert accessibility_violations(tab) == []

    # The mail form, partly filled, with a wildcard for the folder: refused, typing kept.
    tab.locator("#mail-f-address").fill("ana@example.org")
    tab.locator("#mail-f-imap_host").fill("imap.example.org")
    tab.locator("#mail-f-sync_folder").fill("Jobs*")
    tab.get_by_role("button", name="Save the mail account").click()
    tab.locator("#mail").get_by_text("cannot hold * or %").wait_for()
    assert tab.locator("#mail-f-imap_host").input_value() == "imap.example.org"
    _shot(tab, tmp_path, "settings-mail-folder-refused")
    tab.locator("#mail-f-sync_folder").fill("Jobs")
    tab.get_by_role("button", name="Save the mail account").click()
    tab.locator("#mail").get_by_text("The mail account is saved.").wait_for()

    # The template: a fact the record may lack, unguarded, is refused; the text stays.
    tab.get_by_role("link", name="Thank recruiter").click()
    tab.wait_for_url("**/settings/templates/thank_recruiter")
    editor = tab.locator("#template-f-text")
    broken = (
        "Subject: Thanks – {{ company }}\n\n{{ greeting }}\n\nWe met on {{ interview_on|day }}.\n"
    )
    editor.fill(broken)
    tab.get_by_role("button", name="Save my version").click()
    assert "when the record lacks that fact" in tab.locator("body").inner_text()
    assert tab.locator("#template-f-text").input_value().replace("\r\n", "\n") == broken
    assert accessibility_violations(tab) == []
    _shot(tab, tmp_path, "template-refused")
    fixed = broken.replace(
        "We met on {{ interview_on|day }}.",
        "{% if interview_on %}We met on {{ interview_on|day }}.{% endif %}",
    )
    tab.locator("#template-f-text").fill(fixed)
    tab.get_by_role("button", name="Save my version").click()
    tab.get_by_text("Your version is saved").wait_for()
    assert "your own version" in tab.locator("body").inner_text()
    _shot(tab, tmp_path, "template-saved")
    tab.get_by_role("button", name="Use the built-in text").click()
    tab.get_by_text("Your version is deleted").wait_for()
    context.close()
    assert not errors, errors
