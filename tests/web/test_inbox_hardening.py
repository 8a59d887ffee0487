"""Issue 13 on the Inbox page: a hostile upload is read, not a 500; failures stay listed with
their reason and can be tried again."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup

from afterword.inbox import engine
from tests.cli.test_hardening import _hostile_messages
from tests.inbox.mail_factory import make_raw, mbox_bytes
from tests.web.conftest import WebClient
from tests.web.test_inbox_page import add_app, alerts


def test_an_upload_of_hostile_mail_is_read_whole_instead_of_failing(
    client: WebClient, workspace: Any
) -> None:
    add_app(workspace)
    # Reversed: the upload refuses a file with a NUL byte at its very start as not mail at all.
    hostile = mbox_bytes(list(reversed(_hostile_messages())))
    files = {"mail": ("hostile.mbox", hostile, "application/mbox")}
    response = client.submit("/inbox/import", files=files, follow_redirects=False)
    assert response.status_code == 303, response.text[:500]
    page = client.page("/inbox")
    assert alerts(page).startswith("Read 5 new messages (0 already seen, 0 unreadable)")


def test_a_mail_export_with_a_byte_order_mark_is_accepted(client: WebClient) -> None:
    export = b"\xef\xbb\xbf" + mbox_bytes([make_raw(1), make_raw(2)])
    files = {"mail": ("bom.mbox", export, "application/mbox")}
    response = client.submit("/inbox/import", files=files, follow_redirects=False)
    assert response.status_code == 303
    assert "Read 2 new messages" in alerts(client.page("/inbox"))


def test_failed_messages_are_listed_with_their_reason_and_tried_again_on_request(
    client: WebClient, workspace: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_app(workspace)

    def down(self: Any, messages: Any) -> Any:
        return [RuntimeError("the classifier is not ready") for _ in messages]

    working = engine.Triage.classify_each
    monkeypatch.setattr(engine.Triage, "classify_each", down)
    export = mbox_bytes([make_raw(1), make_raw(2)]) + (
        b"From MAILER-DAEMON Wed Mar  4 10:12:00 2026\njust some words, no headers\n\n"
    )
    files = {"mail": ("All mail.mbox", export, "application/mbox")}
    response = client.submit("/inbox/import", files=files)
    assert response.status_code == 200
    failed = BeautifulSoup(response.text, "html.parser").find(id="inbox-failed")
    assert failed is not None
    text = failed.get_text(" ", strip=True)
    assert "Could not be read 3" in text
    assert "All mail.mbox, message 2" in text and "No mail headers" in text
    assert "afterword could not read it (RuntimeError: the classifier is not ready)" in text
    assert failed.find("form", action="/inbox/retry") is not None
    # The classifier is back: trying again reads the two messages; the third is still no mail.
    monkeypatch.setattr(engine.Triage, "classify_each", working)
    retried = client.submit("/inbox/retry", {}, follow_redirects=False)
    assert retried.status_code == 303
    page = client.page("/inbox")
    assert "Tried 3 messages again: 2 read now, 1 still could not be read." in alerts(page)
    assert "Could not be read 1" in page.find(id="inbox-failed").get_text(" ", strip=True)
