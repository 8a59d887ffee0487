"""Every page works under the strict Content-Security-Policy, and no other site can frame one.

The pages are visited in real Chromium with the policy in force: a blocked script, style or
image shows as a console error or a `securitypolicyviolation` event, and either fails the test.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from afterword.demo.workspace import load_demo
from tests.browser.conftest import LiveServer
from tests.browser.test_every_page import NAVIGATION

# Recorded before any page script runs, so that nothing the page does escapes it.
_RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(`${event.violatedDirective}: ${event.blockedURI || 'inline'}`);
});
"""


@pytest.fixture
def watched_tab(browser: Any, live_server: LiveServer, workspace: Any) -> Iterator[Any]:
    """A tab on the demo workspace that records console errors and policy violations."""
    with workspace() as ws:
        load_demo(session=ws.session, user_id=ws.user_id, today=ws.today, now=ws.now)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_init_script(_RECORD_VIOLATIONS)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.console_errors = []
    tab.on(
        "console",
        lambda message: message.type == "error" and tab.console_errors.append(message.text),
    )
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    yield tab
    context.close()


def _problems(tab: Any) -> list[str]:
    return [*tab.console_errors, *tab.evaluate("window.__violations")]


def _every_page(tab: Any) -> list[str]:
    pages = list(NAVIGATION)
    tab.goto("/pipeline")
    pages.append(tab.locator("a[href^='/applications/']").first.get_attribute("href"))
    tab.goto("/")
    drafts = tab.locator("a[href$='/draft']")
    if drafts.count():
        pages.append(drafts.first.get_attribute("href"))
    return [*pages, "/settings/templates/thank_recruiter", "/no-such-page"]


def test_every_page_works_under_the_content_security_policy(watched_tab: Any) -> None:
    problems: dict[str, list[str]] = {}
    for path in _every_page(watched_tab):
        watched_tab.console_errors.clear()
        response = watched_tab.goto(path)
        assert response is not None
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        watched_tab.wait_for_load_state("networkidle")
        # Scripts ran: HTMX is loaded on every page, and charts drew where there are any.
        assert watched_tab.evaluate("typeof window.htmx") == "object", path
        # The "not found" page answers 404 by design; only the policy's complaints count here.
        found = [
            text
            for text in _problems(watched_tab)
            if "404" not in text or "Content Security Policy" in text
        ]
        if found:
            problems[path] = found
    assert not problems, problems


def test_charts_draw_and_show_their_tooltips_under_the_policy(watched_tab: Any) -> None:
    watched_tab.goto("/numbers")
    chart = watched_tab.locator("canvas").first
    chart.wait_for()
    box = chart.bounding_box()
    assert box is not None
    watched_tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    watched_tab.wait_for_timeout(300)
    assert _problems(watched_tab) == []


def test_an_htmx_form_still_works_under_the_policy(watched_tab: Any) -> None:
    watched_tab.goto("/pipeline")
    form = watched_tab.locator("form#add")
    form.locator("input[name='company']").fill("Northwind")
    form.locator("input[name='role']").fill("Analyst")
    form.locator("button[type='submit']").click()
    watched_tab.wait_for_url("**/applications/*")
    assert "Northwind" in watched_tab.content()
    assert _problems(watched_tab) == []


@pytest.fixture
def other_site(live_server: LiveServer) -> Iterator[str]:
    """Another website (another origin on this machine) whose page frames afterword's Today."""
    page = f'<iframe id="victim" src="{live_server.url}/"></iframe>'.encode()

    class FramingPage(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FramingPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_another_site_cannot_show_afterword_in_a_frame(browser: Any, other_site: str) -> None:
    # Framed, afterword's buttons could be clicked through a disguise (clickjacking).
    context = browser.new_context()
    tab = context.new_page()
    said: list[str] = []
    tab.on("console", lambda message: said.append(message.text))
    tab.goto(other_site)
    tab.wait_for_timeout(1500)
    framed = [frame for frame in tab.frames if frame is not tab.main_frame]
    assert framed, "the other site's page has no frame"
    assert "Skip to the page content" not in framed[0].content()
    assert any("frame-ancestors" in text for text in said), said
    context.close()


def test_the_api_documentation_works_offline_under_its_policy(
    browser: Any, live_server: LiveServer
) -> None:
    """Swagger UI comes from afterword's own files: any request elsewhere is refused here,
    and the page still lists the API's operations with no error and no policy violation."""
    context = browser.new_context(base_url=live_server.url)
    context.add_init_script(_RECORD_VIOLATIONS)
    elsewhere: list[str] = []

    def only_afterword(route: Any) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_afterword)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto("/api/docs")
    tab.locator(".opblock").first.wait_for()
    assert tab.locator(".opblock").count() > 10
    assert not elsewhere
    assert not [*errors, *tab.evaluate("window.__violations")]
    context.close()
