"""Server mode in a real browser, on a real PostgreSQL: a job seeker shares with a coach, the
coach reads one application (read-only), comments and suggests a step; the seeker sees both,
and the look in the log in her own time; then she stops sharing and the coach's pages go.

Screenshots of each page are kept in AFTERWORD_SCREENSHOTS (when set), to look at."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from afterword import clock
from afterword.accounts.service import add_account
from afterword.offers.models import Offer
from afterword.pipeline.status import OfferDecision
from afterword.profile.models import User
from afterword.settings import Settings, load_settings
from afterword.storage.row_security import acting_as
from afterword.storage.session import session_scope
from afterword.workspace import workspace_scope
from tests.browser.conftest import LiveServer, accessibility_violations
from tests.web.test_today import interviewed

PASSWORD = "a long enough passphrase"
ANA, CORA = "ana@example.org", "cora@example.org"
COMPANY = "Larkspur Robotics"
# Ana lives in New York: the clock is pinned to 12:00 UTC, 07:00 there.
ANA_ZONE = "America/New_York"
SHOTS = os.environ.get("AFTERWORD_SCREENSHOTS")


@pytest.fixture
def coach_server(server_database_url: str, today: Any) -> Iterator[tuple[LiveServer, int, int]]:
    """The app in server mode; Ana (with one interviewed application and an offer) and Cora,
    a coach. Yields the server, Ana's user id and her application's id."""
    settings: Settings = load_settings(
        mode="server", database_url=server_database_url, web={"secret": "cd" * 32}
    )
    ids = {}
    with session_scope(server_database_url) as session:
        for email, role, zone in ((ANA, "seeker", ANA_ZONE), (CORA, "coach", "Europe/London")):
            account = add_account(
                session=session, email=email, role=role, password=PASSWORD,
                timezone=zone, country="US" if role == "seeker" else "GB", now=clock.now(),
            )  # fmt: skip
            ids[email] = account.user_id
        handle = session.scalar(sa.select(User.handle).where(User.id == ids[ANA]))
    with (
        acting_as(ids[ANA]),
        workspace_scope(settings.model_copy(update={"user": handle})) as ws,
    ):
        application_id = interviewed(
            ws, COMPANY, "Engineer", dt.datetime(2026, 11, 19, 15, tzinfo=dt.UTC)
        )
        ws.session.add(
            Offer(
                user_id=ws.user_id, application_id=application_id, base_salary=98000,
                currency="USD", decision=OfferDecision.PENDING, received_on=ws.today,
                deadline=dt.date(2026, 12, 4), created_at=ws.now, updated_at=ws.now,
            )
        )  # fmt: skip
    with LiveServer(settings) as server:
        yield server, ids[ANA], application_id


@contextlib.contextmanager
def _signed_in(browser: Any, server: LiveServer, email: str) -> Iterator[Any]:
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto("/login")
    tab.get_by_label("Email address").fill(email)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(re.compile(r".*/(people)?$"))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def _shot(tab: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _message(tab: Any) -> str:
    return str(tab.locator("#alerts .notice p").inner_text())


def test_a_coach_reads_comments_and_suggests_and_the_seeker_sees_it_all_until_she_stops(
    browser: Any, coach_server: tuple[LiveServer, int, int]
) -> None:
    server, ana_id, application_id = coach_server
    with _signed_in(browser, server, ANA) as ana, _signed_in(browser, server, CORA) as cora:
        # Ana shares her search with Cora by address (not her journal, moods and feedback).
        ana.goto("/sharing")
        ana.get_by_label("Your coach's email address").fill(CORA)
        ana.get_by_role("button", name="Share", exact=True).click()
        assert _message(ana).startswith("Shared, without your journal")

        # Cora finds Ana on People, opens her search, then the application.
        cora.goto("/people")
        cora.get_by_role("link", name=ANA).click()
        cora.wait_for_url(f"**/people/{ana_id}")
        cora.get_by_role("link", name=COMPANY).first.click()
        cora.wait_for_url(f"**/people/{ana_id}/applications/{application_id}")
        main = cora.locator("main")
        for heading in (
            "Their next steps",
            "Offer",
            "Interviews",
            "What happened",
            "People",
            "Comments",
        ):
            assert main.get_by_role("heading", name=heading, exact=True).is_visible(), heading
        assert main.get_by_role("heading", name="Round 1: technical").is_visible()
        assert "$98,000" in main.inner_text() and "Priya Shah" in main.inner_text()
        # Nothing on the page writes to Ana's records: only Cora's comment and suggestion.
        actions = set(
            cora.evaluate(
                "Array.from(document.querySelectorAll('main form'))"
                ".map(f => new URL(f.action).pathname)"
            )
        )
        assert actions == {
            f"/people/{ana_id}/applications/{application_id}/comments",
            f"/people/{ana_id}/suggestions",
        }, actions
        buttons = cora.evaluate(
            "Array.from(document.querySelectorAll('main button, main summary'))"
            ".map(b => b.textContent.trim())"
        )
        assert sorted(buttons) == ["Leave the comment", "Suggest"], buttons
        assert accessibility_violations(cora) == []
        _shot(cora, "coach-application")

        # A partly filled comment form: the reason, and nothing saved.
        cora.get_by_role("button", name="Leave the comment").click()
        assert _message(cora) == "Not saved: the comment is empty; write a few words."
        assert main.get_by_text("No comments yet.").is_visible()
        cora.get_by_label("Your comment").fill("Your testing story was the strongest part")
        cora.get_by_role("button", name="Leave the comment").click()
        assert _message(cora).startswith("Comment saved.")
        # A suggestion without a day: it is due today, and the message says so.
        cora.get_by_label("What to do").fill("Send Priya a short thank-you about the demo")
        cora.get_by_label("By when").fill("")
        cora.get_by_role("button", name="Suggest").click()
        assert _message(cora).startswith("Suggested for today, since no day was given")
        _shot(cora, "coach-application-after")

        # Ana sees the step in Today, marked as from her coach, and the comment.
        ana.goto("/")
        step = ana.locator("li", has_text="Send Priya a short thank-you about the demo").last
        assert step.is_visible() and "From your coach" in step.inner_text()
        _shot(ana, "seeker-today")
        ana.goto(f"/applications/{application_id}")
        assert (
            "Your testing story was the strongest part"
            in ana.locator("#coach-comments").inner_text()
        )
        ana.goto("/sharing")
        log = ana.locator("section", has=ana.get_by_role("heading", name="Who looked at what"))
        header = log.locator("thead").inner_text()
        assert ANA_ZONE in header and "UTC" not in header
        first_row = log.locator("tbody tr").first.inner_text()
        # The pinned 12:00 UTC is 07:00 in New York.
        assert "07:00" in first_row and "12:00" not in first_row and CORA in first_row
        assert "Application" in first_row and COMPANY in first_row
        assert "Your testing story was the strongest part" in ana.locator("main").inner_text()
        _shot(ana, "seeker-sharing")

        # Ana stops sharing: Cora's pages about her are gone at once.
        ana.get_by_role("button", name=re.compile("Stop sharing")).click()
        assert _message(ana) == f"{CORA} no longer sees your search."
        for url in (
            f"/people/{ana_id}/applications/{application_id}",
            f"/people/{ana_id}",
            f"/people/{ana_id}/offers",
        ):
            response = cora.goto(url)
            assert response is not None and response.status in (403, 404), url
        cora.goto("/people")
        assert ANA not in cora.locator("main").inner_text()
        _shot(cora, "coach-people-after-stop")
