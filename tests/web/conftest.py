"""A real app over a real (fresh, migrated) database, driven through HTTP in-process."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from afterword import clock
from afterword.settings import Settings, load_settings
from afterword.web.app import create_app
from afterword.workspace import Workspace, workspace_scope

# A Monday, so "today", "this week" and business days are easy to reason about.
TODAY = dt.date(2026, 11, 23)


class WebClient(TestClient):
    """A test client that knows the form token, as the app's own pages do."""

    token: str = ""

    def page(self, url: str, **kwargs: Any) -> BeautifulSoup:
        """GETs a page, checks it answered 200, and parses it."""
        response = self.get(url, **kwargs)
        assert response.status_code == 200, (url, response.status_code, response.text[:500])
        return BeautifulSoup(response.text, "html.parser")

    def submit(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """POSTs a form the way the browser does, with the hidden token field."""
        return self.post(url, data={"csrf_token": self.token, **(data or {})}, **kwargs)

    def api(self, method: str, url: str, **kwargs: Any) -> Any:
        """Calls the JSON API with the token header a script would send."""
        headers = {"X-CSRF-Token": self.token, **kwargs.pop("headers", {})}
        return self.request(method, url, headers=headers, **kwargs)


@pytest.fixture
def today() -> Iterator[dt.date]:
    """Pins the clock to a known Monday (in the user's zone) for the whole test."""
    clock.pin_date(TODAY, "Europe/London")
    yield TODAY
    clock.pin(None)


@pytest.fixture
def web_settings(sqlite_url: str) -> Settings:
    """Settings for an app over a fresh SQLite database that answers to the test client."""
    return load_settings(database_url=sqlite_url, web={"allowed_hosts": ["testserver"]})


@pytest.fixture
def client(web_settings: Settings, today: dt.date) -> Iterator[WebClient]:
    """The app, over HTTP, with server errors shown as the user would see them."""
    with WebClient(create_app(web_settings), raise_server_exceptions=False) as web:
        match = re.search(r'name="csrf-token" content="([0-9a-f]+)"', web.get("/").text)
        assert match, "the page carries no form token"
        web.token = match.group(1)
        yield web


@pytest.fixture
def workspace(web_settings: Settings, today: dt.date) -> Iterator[Any]:
    """Opens the same database as the app, to set up or check data through the services."""

    def open_() -> Any:
        return workspace_scope(web_settings)

    yield open_


__all__ = ["TODAY", "WebClient", "Workspace"]
