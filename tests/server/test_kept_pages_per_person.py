"""Kept pages on a shared server: a page built for one person is never shown to another,
nor to another session of the same person, and a change is seen at once."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI

from afterword.web.page_cache import PageCache
from tests.server.conftest import ANA, BO, Browser

Open = Callable[..., Browser]
PAGES = ("/", "/pipeline", "/pipeline?sort=company")


def _token_in(page: str) -> str:
    start = page.index('name="csrf-token" content="') + len('name="csrf-token" content="')
    return page[start : page.index('"', start)]


def test_two_people_at_the_same_revision_each_get_only_their_own_kept_pages(
    browser: Open, server_app: FastAPI
) -> None:
    cache: PageCache = server_app.state.page_cache
    ana, bo, ana_elsewhere = browser(), browser(), browser()
    for person, email, company in ((ana, ANA, "Fernhill"), (bo, BO, "Quayside")):
        person.sign_in(email)
        created = person.api("POST", "/api/applications", json={"company": company, "role": "QA"})
        assert created.status_code == 201
    ana_elsewhere.sign_in(ANA)
    # Both searches have one application, so both users are at the same revision: only who
    # asks (and which session) tells their pages apart.
    for round_ in range(2):  # the second round is answered from the kept pages
        for path in PAGES:
            for person, own, other in (
                (ana, "Fernhill", "Quayside"),
                (bo, "Quayside", "Fernhill"),
                (ana_elsewhere, "Fernhill", "Quayside"),
            ):
                page = person.get(path)
                assert page.status_code == 200
                if path.startswith("/pipeline"):
                    assert own in page.text
                assert other not in page.text, (round_, path)
                # The form token is the session's own: a page kept for another session
                # would carry a token that this one cannot use.
                assert _token_in(page.text) == person.token
    assert len(cache) >= 3 * len(PAGES)
    assert len({ana.token, bo.token, ana_elsewhere.token}) == 3


def test_a_change_shows_on_the_next_load_of_a_kept_page(browser: Open) -> None:
    ana = browser()
    ana.sign_in(ANA)
    assert "Fernhill" not in ana.get("/pipeline").text
    ana.api("POST", "/api/applications", json={"company": "Fernhill", "role": "QA"})
    assert "Fernhill" in ana.get("/pipeline").text
