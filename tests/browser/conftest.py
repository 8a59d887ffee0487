"""Real headless Chromium (Debian's) driven by Playwright against the app on a real socket."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from afterword import clock
from afterword.settings import Settings, load_settings
from afterword.workspace import workspace_scope

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("AFTERWORD_TEST_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# A Monday: dates in the journeys are easy to reason about.
TODAY = dt.date(2026, 11, 23)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _missing_browser(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole run."""
    if not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)):
        _missing_browser(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing_browser("the playwright package is not installed (make test installs it)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


class LiveServer:
    """The app served by uvicorn on a free loopback port, in a thread of the test process."""

    def __init__(self, settings: Settings) -> None:
        import uvicorn

        from afterword.web.app import create_app

        self.settings = settings
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        """The base URL, e.g. http://127.0.0.1:40123."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web app did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def today() -> Iterator[dt.date]:
    """Pins the clock (shared with the server thread) to a known Monday."""
    clock.pin_date(TODAY, "Europe/London")
    yield TODAY
    clock.pin(None)


@pytest.fixture
def live_settings(sqlite_url: str) -> Settings:
    """Settings for a fresh database."""
    return load_settings(database_url=sqlite_url)


@pytest.fixture
def live_server(live_settings: Settings, today: dt.date) -> Iterator[LiveServer]:
    """The app on a real socket over a fresh database."""
    with LiveServer(live_settings) as server:
        yield server


@pytest.fixture
def workspace(live_settings: Settings, today: dt.date) -> Any:
    """Opens the live server's database through the services (to set up or check data)."""
    return lambda: workspace_scope(live_settings)


@pytest.fixture(
    params=[pytest.param((1280, 900), id="desktop"), pytest.param((390, 844), id="phone")]
)
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    """Desktop and phone-sized screens."""
    width, height = request.param
    return {"width": width, "height": height}


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A fresh desktop browser tab whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def accessibility_violations(page: Any) -> list[dict[str, Any]]:
    """Runs axe-core (vendored) on the current page; returns serious and critical violations."""
    # Evaluated rather than added as a <script> tag: the pages' Content-Security-Policy allows
    # no inline script, and the test must see the page as the policy leaves it.
    if page.evaluate("typeof window.axe") == "undefined":
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;window.axe = axe; undefined")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def assert_accessible(page: Any) -> None:
    """Fails with axe's findings when the page has serious or critical problems."""
    found = accessibility_violations(page)
    assert not found, json.dumps(found, indent=2)
