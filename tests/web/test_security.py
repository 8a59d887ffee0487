"""Other websites cannot reach the user's data through the browser, even on 127.0.0.1."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi import APIRouter

from afterword.settings import load_settings
from afterword.web.app import create_app
from afterword.web.security import host_name, load_secret, signed_token
from tests.web.conftest import WebClient


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("127.0.0.1:8765", "127.0.0.1"),
        ("localhost", "localhost"),
        ("LOCALHOST:80", "localhost"),
        ("[::1]:8765", "::1"),
        ("evil.example:8765", "evil.example"),
    ],
)
def test_host_name_is_read_without_its_port(header: str, expected: str) -> None:
    assert host_name(header) == expected


def test_request_naming_an_unknown_host_is_refused(client: WebClient) -> None:
    # DNS rebinding: a hostile name that resolves to 127.0.0.1 must not reach the app.
    response = client.get("/", headers={"host": "attacker.example:8765"})
    assert response.status_code == 400
    assert "Host" in response.text
    assert "csrf-token" not in response.text


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "[::1]:8765"])
def test_loopback_names_are_served(client: WebClient, host: str) -> None:
    assert client.get("/", headers={"host": host}).status_code == 200


def test_extra_allowed_host_from_settings_is_served(sqlite_url: str) -> None:
    settings = load_settings(
        database_url=sqlite_url, web={"allowed_hosts": ["afterword.example.org"]}
    )
    with WebClient(create_app(settings), base_url="http://afterword.example.org") as web:
        assert web.get("/").status_code == 200


def _route_that_writes(app: Any, seen: list[str]) -> None:
    router = APIRouter()

    @router.post("/test-write")
    def write() -> dict[str, str]:
        seen.append("written")
        return {"ok": "yes"}

    app.include_router(router)


def test_post_without_the_form_token_is_refused_and_changes_nothing(client: WebClient) -> None:
    seen: list[str] = []
    _route_that_writes(client.app, seen)
    response = client.post("/test-write", data={"note": "x"})
    assert response.status_code == 403
    assert "reload the page" in response.text
    assert seen == []


def test_post_with_a_wrong_token_is_refused(client: WebClient) -> None:
    seen: list[str] = []
    _route_that_writes(client.app, seen)
    response = client.post("/test-write", data={"csrf_token": "0" * 40})
    assert response.status_code == 403
    assert seen == []


def test_post_with_the_token_as_form_field_or_header_goes_through(client: WebClient) -> None:
    seen: list[str] = []
    _route_that_writes(client.app, seen)
    assert client.submit("/test-write").status_code == 200
    assert client.post("/test-write", headers={"X-CSRF-Token": client.token}).status_code == 200
    assert seen == ["written", "written"]


def test_post_from_another_origin_is_refused_even_with_a_token(client: WebClient) -> None:
    seen: list[str] = []
    _route_that_writes(client.app, seen)
    response = client.post(
        "/test-write",
        headers={"X-CSRF-Token": client.token, "Origin": "https://attacker.example"},
    )
    assert response.status_code == 403
    assert seen == []


def test_api_refusal_is_json(client: WebClient) -> None:
    router = APIRouter()

    @router.post("/api/test-write")
    def write() -> dict[str, str]:
        return {"ok": "yes"}

    client.app.include_router(router)
    response = client.post("/api/test-write", json={})
    assert response.status_code == 403
    assert response.json()["detail"].startswith("this form has expired")


def test_secret_is_created_once_and_kept_private(sqlite_url: str) -> None:
    settings = load_settings(database_url=sqlite_url)
    first = load_secret(settings)
    assert load_secret(settings) == first
    path = os.path.join(os.environ["AFTERWORD_DATA_DIR"], "web-secret")
    assert os.stat(path).st_mode & 0o077 == 0
    assert len(first) >= 64


def test_tokens_differ_by_purpose_and_subject() -> None:
    secret = b"k" * 32
    assert signed_token(secret, "form", "me") != signed_token(secret, "calendar", "me")
    assert signed_token(secret, "form", "me") != signed_token(secret, "form", "you")
    assert signed_token(secret, "form", "me") == signed_token(secret, "form", "me")


def test_unexpected_error_shows_a_plain_page_without_traceback(client: WebClient) -> None:
    router = APIRouter()

    @router.get("/test-boom")
    def boom() -> None:
        raise RuntimeError("internal detail 42")

    client.app.include_router(router)
    response = client.get("/test-boom")
    assert response.status_code == 500
    assert "Something went wrong inside afterword, and nothing was changed." in response.text
    assert "Traceback" not in response.text
    assert "internal detail 42" not in response.text
    log = os.path.join(os.environ["AFTERWORD_DATA_DIR"], "afterword-errors.log")
    assert "internal detail 42" in Path(log).read_text(encoding="utf-8")


def test_unknown_address_gives_a_friendly_404_page(client: WebClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "There is nothing at this address." in response.text
    assert "<nav" in response.text


# -- security headers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("GET", "/", {}),
        ("GET", "/inbox", {}),
        ("GET", "/api/applications", {}),
        ("GET", "/static/css/app.css", {}),
        ("GET", "/no/such/page", {}),
        ("POST", "/applications", {}),  # refused: no form token
        ("GET", "/", {"host": "evil.example"}),  # refused: unknown host
    ],
)
def test_every_response_forbids_framing_sniffing_referrers_and_foreign_code(
    client: WebClient, method: str, path: str, headers: dict[str, str]
) -> None:
    response = client.request(method, path, headers=headers)
    policy = response.headers["content-security-policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
    ):
        assert directive in policy, (path, policy)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_the_pages_hold_no_inline_script_style_or_javascript_links(client: WebClient) -> None:
    # What the policy would block: an inline <script> (JSON data blocks are not run), a style
    # attribute or element, an on* handler, a javascript: link.
    for path in ("/", "/inbox", "/pipeline", "/offers", "/reflection", "/numbers", "/settings",
                 "/no/such/page"):  # fmt: skip
        page = BeautifulSoup(client.get(path).text, "html.parser")
        for script in page.find_all("script"):
            assert script.get("src") or script.get("type") == "application/json", (path, script)
        assert not page.find_all("style"), path
        for tag in page.find_all(True):
            assert "style" not in tag.attrs, (path, tag.name)
            assert not any(name.startswith("on") for name in tag.attrs), (path, tag.name)
            assert not str(tag.get("href", "")).startswith("javascript:"), (path, tag)
