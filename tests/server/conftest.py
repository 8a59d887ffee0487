"""Server mode over a real PostgreSQL: accounts, signing in through the real /login form."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from afterword import clock
from afterword.accounts.service import add_account
from afterword.settings import Settings, load_settings
from afterword.storage.session import session_scope
from afterword.web.app import create_app
from tests.web.conftest import TODAY

PASSWORD = "a long enough passphrase"
ANA = "ana@example.org"
BO = "bo@example.org"


class Browser(TestClient):
    """One browser: its own cookies, and the form token of the page it last loaded."""

    token: str = ""

    def load(self, url: str) -> Any:
        """GETs a page and remembers its form token."""
        response = self.get(url)
        match = re.search(r'name="csrf-token" content="([0-9a-f]+)"', response.text)
        if match:
            self.token = match.group(1)
        return response

    def sign_in(self, email: str, password: str = PASSWORD, **extra: str) -> Any:
        """Fills in and sends the sign-in form, as a person would."""
        self.load("/login")
        form = {"csrf_token": self.token, "email": email, "password": password, **extra}
        response = self.post("/login", data=form, follow_redirects=False)
        if response.status_code == 303:
            self.load("/")
        return response

    def api(self, method: str, url: str, **kwargs: Any) -> Any:
        """Calls the JSON API with this browser's form token."""
        headers = {"X-CSRF-Token": self.token, **kwargs.pop("headers", {})}
        return self.request(method, url, headers=headers, **kwargs)


@pytest.fixture
def server_settings(server_database_url: str) -> Settings:
    """Server mode on the test database, answering to the test client."""
    return load_settings(
        mode="server",
        database_url=server_database_url,
        web={"allowed_hosts": ["testserver"], "secret": "0123456789abcdef" * 4},
    )


@pytest.fixture
def accounts(server_settings: Settings) -> dict[str, int]:
    """Two job seekers, Ana and Bo; their user ids by address."""
    ids = {}
    with session_scope(server_settings.database_url) as session:
        for email in (ANA, BO):
            account = add_account(
                session=session, email=email, role="seeker", password=PASSWORD,
                timezone="Europe/London", country="GB", now=clock.now(),
            )  # fmt: skip
            ids[email] = account.user_id
    return ids


@pytest.fixture
def server_app(server_settings: Settings, accounts: dict[str, int]) -> Iterator[FastAPI]:
    """The app in server mode, with the clock on a known Monday."""
    clock.pin_date(TODAY, "Europe/London")
    yield create_app(server_settings)
    clock.pin(None)


@pytest.fixture
def browser(server_app: FastAPI) -> Iterator[Callable[..., Browser]]:
    """Opens a new browser on the app (each with its own cookie jar)."""
    opened: list[Browser] = []

    def open_(base_url: str = "http://testserver") -> Browser:
        web = Browser(server_app, base_url=base_url, raise_server_exceptions=False)
        web.__enter__()
        opened.append(web)
        return web

    yield open_
    for web in opened:
        web.__exit__(None, None, None)


__all__ = ["ADA", "ANA", "BO", "CORA", "NELL", "PASSWORD", "TODAY", "Browser", "dt"]


CORA = "cora@example.org"  # Ana's coach (once Ana shares with her)
NELL = "nell@example.org"  # a coach nobody shares with
ADA = "ada@example.org"  # an admin


@pytest.fixture
def staff(server_settings: Settings, accounts: dict[str, int]) -> dict[str, int]:
    """Two coaches and an admin, besides Ana and Bo; every user id by address."""
    ids = dict(accounts)
    with session_scope(server_settings.database_url) as session:
        for email, role in ((CORA, "coach"), (NELL, "coach"), (ADA, "admin")):
            account = add_account(
                session=session, email=email, role=role, password=PASSWORD,
                timezone="Europe/London", country="GB", now=clock.now(),
            )  # fmt: skip
            ids[email] = account.user_id
    return ids
