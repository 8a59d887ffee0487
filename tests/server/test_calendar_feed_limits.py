"""The public calendar feed is rate-limited, per address and per client, over a real
PostgreSQL: past the limit a fetch gets 429 with a one-line reason and Retry-After, and
waiting the window out is enough."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI

from afterword import clock
from afterword.accounts import calendar_feeds, rate_limits
from tests.server.conftest import ANA, BO, Browser

Open = Callable[..., Browser]
FEED_LINK = re.compile(r'value="(http://testserver/feeds/([A-Za-z0-9_-]+)\.ics)"')
START = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


def _feed_path(person: Browser) -> str:
    person.load("/calendar")
    page = person.post("/calendar/new-link", data={"csrf_token": person.token})
    found = FEED_LINK.search(page.text)
    assert found, "the new link is not on the page"
    return urlsplit(found.group(1)).path


@pytest.fixture
def client_at(server_app: FastAPI) -> Iterator[Callable[[str], Browser]]:
    """A calendar app fetching from a given client address (no session, no cookies)."""
    opened: list[Browser] = []

    def open_(address: str) -> Browser:
        app = Browser(server_app, raise_server_exceptions=False, client=(address, 40000))
        app.__enter__()
        opened.append(app)
        return app

    yield open_
    for app in opened:
        app.__exit__(None, None, None)


def _assert_refused(response: object, *, window: dt.timedelta) -> int:
    """A 429 with one plain line saying what to do, and a Retry-After within the window."""
    assert response.status_code == 429  # type: ignore[attr-defined]
    body = response.text  # type: ignore[attr-defined]
    assert body.count("\n") == 1 and body.startswith("Too many requests for this calendar feed")
    assert "try again in" in body
    wait = int(response.headers["retry-after"])  # type: ignore[attr-defined]
    assert 1 <= wait <= window.total_seconds()
    return wait


def test_one_feed_address_fetched_too_often_is_refused_until_the_window_passes(
    browser: Open, client_at: Callable[[str], Browser]
) -> None:
    ana, bo = browser(), browser()
    ana.sign_in(ANA)
    bo.sign_in(BO)
    ana_feed, bo_feed = _feed_path(ana), _feed_path(bo)
    phone = client_at("198.51.100.20")
    clock.pin(START)
    for minute in range(calendar_feeds.FETCHES_PER_TOKEN):
        clock.pin(START + dt.timedelta(seconds=20 * minute))
        assert phone.get(ana_feed).status_code == 200, minute
    last = START + dt.timedelta(seconds=20 * (calendar_feeds.FETCHES_PER_TOKEN - 1))
    clock.pin(last + dt.timedelta(seconds=5))
    wait = _assert_refused(phone.get(ana_feed), window=rate_limits.WINDOW)
    # Until the first counted fetch leaves the window (15 minutes after START).
    assert wait == int((START + rate_limits.WINDOW - clock.now()).total_seconds())
    # The same address from another client is refused too: the limit is the address's.
    laptop = client_at("192.0.2.44")
    _assert_refused(laptop.get(ana_feed), window=rate_limits.WINDOW)
    head = laptop.head(ana_feed)  # a HEAD has no body, but the same status and header
    assert head.status_code == 429 and int(head.headers["retry-after"]) >= 1
    # Bo's feed, from the very same client, is not affected.
    assert phone.get(bo_feed).status_code == 200
    # Once the oldest fetch has left the window, one more fits.
    clock.pin(START + rate_limits.WINDOW + dt.timedelta(seconds=1))
    assert phone.get(ana_feed).status_code == 200
    _assert_refused(phone.get(ana_feed), window=rate_limits.WINDOW)


def test_one_client_guessing_many_addresses_is_refused_even_for_a_real_one(
    browser: Open, client_at: Callable[[str], Browser], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A smaller client limit than the server's, so the test sends a few requests, not 300.
    monkeypatch.setattr(calendar_feeds, "FETCHES_PER_ADDRESS", 6)
    ana = browser()
    ana.sign_in(ANA)
    ana_feed = _feed_path(ana)
    guesser, neighbour = client_at("203.0.113.9"), client_at("203.0.113.10")
    clock.pin(START)
    for _ in range(6):
        guessed = f"/feeds/{secrets.token_urlsafe(32)}.ics"
        assert guesser.get(guessed).status_code == 404  # unknown: the plain 404, counted
    # The seventh, unknown or real, is refused with the same answer: nothing is told.
    unknown = guesser.get(f"/feeds/{secrets.token_urlsafe(32)}.ics")
    real = guesser.get(ana_feed)
    assert _assert_refused(unknown, window=rate_limits.WINDOW) == _assert_refused(
        real, window=rate_limits.WINDOW
    )
    assert unknown.text == real.text
    # Another client is not held back by the guesser.
    assert neighbour.get(ana_feed).status_code == 200
    # After the window, the client may fetch again.
    clock.pin(START + rate_limits.WINDOW + dt.timedelta(seconds=1))
    assert guesser.get(ana_feed).status_code == 200
