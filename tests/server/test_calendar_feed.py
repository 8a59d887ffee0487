"""Server mode's calendar feed: a private address per person that a calendar app fetches
without signing in, over a real PostgreSQL with row-level security."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from afterword import clock
from afterword.accounts.models import CalendarFeed
from afterword.accounts.service import disable_account
from afterword.coaching.models import CoachShare
from afterword.profile.models import User
from afterword.settings import Settings
from afterword.storage.row_security import acting_as, viewing
from afterword.storage.session import get_engine, session_scope
from afterword.web.server.auth import is_public
from afterword.workspace import workspace_scope
from tests.server.conftest import ANA, BO, CORA, TODAY, Browser
from tests.web.test_today import interviewed

Open = Callable[..., Browser]
ANA_COMPANY = "Larkspur Robotics"
BO_COMPANY = "Moorhen Logistics"
FEED_LINK = re.compile(r'value="(http://testserver/feeds/([A-Za-z0-9_-]+)\.ics)"')


@contextlib.contextmanager
def _as(settings: Settings, user_id: int) -> Iterator[Any]:
    with session_scope(settings.database_url) as session:
        handle = session.scalar(sa.select(User.handle).where(User.id == user_id))
    with (
        acting_as(user_id),
        workspace_scope(settings.model_copy(update={"user": handle})) as ws,
    ):
        yield ws


@pytest.fixture
def two_searches(server_settings: Settings, accounts: dict[str, int]) -> None:
    """Ana and Bo each have an interview coming, at different companies."""
    when = dt.datetime.combine(TODAY + dt.timedelta(days=2), dt.time(10), tzinfo=dt.UTC)
    for email, company in ((ANA, ANA_COMPANY), (BO, BO_COMPANY)):
        with _as(server_settings, accounts[email]) as ws:
            interviewed(ws, company, "Engineer", when)


def _make_link(person: Browser) -> tuple[str, str]:
    """Presses "make a link" on the Calendar page; the address shown, and its path."""
    person.load("/calendar")
    page = person.post("/calendar/new-link", data={"csrf_token": person.token})
    assert page.status_code == 200, page.text
    found = FEED_LINK.search(page.text)
    assert found, "the new link is not on the page"
    return found.group(1), urlsplit(found.group(1)).path


def test_the_feed_opens_without_a_session_and_shows_only_its_owners_events(
    browser: Open, server_app: Any, two_searches: None
) -> None:
    ana, bo, calendar_app = browser(), browser(), browser()
    ana.sign_in(ANA)
    bo.sign_in(BO)
    _, ana_path = _make_link(ana)
    _, bo_path = _make_link(bo)
    assert is_public(ana_path)

    ana_feed = calendar_app.get(ana_path, follow_redirects=False)
    bo_feed = calendar_app.get(bo_path, follow_redirects=False)

    assert ana_feed.status_code == 200
    assert ana_feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in ana_feed.text
    assert ANA_COMPANY in ana_feed.text and BO_COMPANY not in ana_feed.text
    assert BO_COMPANY in bo_feed.text and ANA_COMPANY not in bo_feed.text
    # Bo, signed in, holding Ana's address gets Ana's feed (the address is the key), never his.
    assert ANA_COMPANY in bo.get(ana_path).text


def test_the_link_is_shown_once_and_the_page_then_only_says_the_feed_is_on(
    browser: Open, server_app: Any, accounts: dict[str, int]
) -> None:
    ana = browser()
    ana.sign_in(ANA)
    assert "Make my calendar link" in ana.load("/calendar").text
    url, _ = _make_link(ana)
    again = ana.load("/calendar").text
    assert url not in again and "/feeds/" not in again
    assert "Stop the feed" in again and "Make a new link" in again


def test_a_new_link_revokes_the_old_and_stopping_revokes_the_new(
    browser: Open, server_app: Any, two_searches: None
) -> None:
    ana, calendar_app = browser(), browser()
    ana.sign_in(ANA)
    _, first = _make_link(ana)
    _, second = _make_link(ana)
    assert first != second
    assert calendar_app.get(first).status_code == 404
    assert ANA_COMPANY in calendar_app.get(second).text

    ana.load("/calendar")
    stopped = ana.post("/calendar/stop-feed", data={"csrf_token": ana.token})
    assert stopped.status_code == 200 and "feed is stopped" in stopped.text
    revoked = calendar_app.get(second)
    unknown = calendar_app.get(f"/feeds/{secrets.token_urlsafe(32)}.ics")
    # Nothing tells a revoked address from one that never was.
    assert revoked.status_code == unknown.status_code == 404
    assert revoked.text == unknown.text
    assert revoked.headers["content-type"] == unknown.headers["content-type"]
    assert ANA_COMPANY not in revoked.text
    assert calendar_app.get("/feeds/" + "a" * 500 + ".ics").status_code == 404


def test_a_disabled_accounts_feed_answers_not_found(
    browser: Open, server_app: Any, server_settings: Settings, two_searches: None
) -> None:
    ana, calendar_app = browser(), browser()
    ana.sign_in(ANA)
    _, path = _make_link(ana)
    assert calendar_app.get(path).status_code == 200
    with session_scope(server_settings.database_url) as session:
        disable_account(session=session, email=ANA, now=clock.now())
    gone = calendar_app.get(path)
    assert gone.status_code == 404 and ANA_COMPANY not in gone.text


def test_only_the_tokens_sha256_is_stored(
    browser: Open,
    server_app: Any,
    accounts: dict[str, int],
    _migrated_postgres: str,
) -> None:
    ana = browser()
    ana.sign_in(ANA)
    _, path = _make_link(ana)
    token = path.removeprefix("/feeds/").removesuffix(".ics")
    assert len(token) >= 43  # 32 random bytes: 256 bits
    # The API has no address to give later, so it makes none (single-user mode's plain
    # users.calendar_token stays unused on a server).
    refused = ana.api("GET", "/api/calendar")
    assert refused.status_code == 409 and "Calendar page" in refused.json()["detail"]
    # Read as the superuser, whom the policies do not bind: the whole table.
    with get_engine(_migrated_postgres).connect() as connection:
        rows = connection.execute(sa.select(CalendarFeed.__table__)).all()
        users = connection.execute(sa.select(User.__table__)).all()
    assert [(row.user_id, row.token_hash) for row in rows] == [
        (accounts[ANA], hashlib.sha256(token.encode()).hexdigest())
    ]
    assert all(token not in str(tuple(row)) for row in [*rows, *users])
    assert all(row.calendar_token is None for row in users)


def test_no_one_but_the_owner_reads_a_feed_row(
    browser: Open,
    server_app: Any,
    server_settings: Settings,
    staff: dict[str, int],
) -> None:
    """Neither a transaction acting as nobody, nor another seeker, nor a coach Ana shares
    with, sees Ana's feed row without naming its hash."""
    ana = browser()
    ana.sign_in(ANA)
    _make_link(ana)
    ana.load("/sharing")
    shared = ana.post("/sharing", data={"csrf_token": ana.token, "coach_email": CORA})
    assert shared.status_code == 200, shared.text
    url = server_settings.database_url
    with acting_as(staff[ANA]), session_scope(url) as session:
        assert session.scalars(sa.select(CalendarFeed.user_id)).all() == [staff[ANA]]
        assert session.scalar(sa.select(sa.func.count()).select_from(CoachShare)) == 1
    for reader in (None, staff[BO]):
        with acting_as(reader), session_scope(url) as session:
            assert session.scalars(sa.select(CalendarFeed)).all() == []
    with acting_as(staff[CORA]), viewing(staff[ANA]), session_scope(url) as session:
        assert session.scalars(sa.select(CalendarFeed)).all() == []
