"""Each person's own template wording on a shared server: kept in the database, used by
every draft of theirs through any web process at once, by nobody else's, checked before it
is saved, and reset to the packaged wording (on a real PostgreSQL)."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from afterword.drafts.overrides import builtin_text
from afterword.profile.models import User
from afterword.settings import Settings
from afterword.storage.row_security import acting_as
from afterword.storage.session import get_engine, session_scope
from afterword.web.app import create_app
from afterword.workspace import workspace_scope
from tests.server.conftest import ANA, BO, TODAY, Browser
from tests.web.test_today import interviewed

Open = Callable[..., Browser]
NAME = "thank_recruiter"
HERS = (
    "Subject: Many thanks from me, {{ sender_name or 'a candidate' }} – {{ company }}\n\n"
    "{{ greeting }}\n\nIt was a pleasure to talk about the {{ role_noun }} at {{ company }}.\n\n"
    '{{ sign_off("Warm wishes,") }}\n'
)


@contextlib.contextmanager
def _as(settings: Settings, user_id: int) -> Iterator[Any]:
    with session_scope(settings.database_url) as session:
        handle = session.scalar(sa.select(User.handle).where(User.id == user_id))
    with acting_as(user_id), workspace_scope(settings.model_copy(update={"user": handle})) as ws:
        yield ws


@pytest.fixture
def interviewed_both(server_settings: Settings, accounts: dict[str, int]) -> None:
    """Ana and Bo each had an interview today, so each has a thank-you to write."""
    when = dt.datetime.combine(TODAY, dt.time(9), tzinfo=dt.UTC)
    for email, company in ((ANA, "Larkspur Labs"), (BO, "Ottermere Ltd")):
        with _as(server_settings, accounts[email]) as ws:
            interviewed(ws, company, "Engineer", when)


@pytest.fixture
def second_process(server_settings: Settings, server_app: FastAPI) -> Iterator[Open]:
    """Browsers on a second app on the same database, as a second web process would be."""
    other = create_app(server_settings)
    opened: list[Browser] = []

    def open_() -> Browser:
        web = Browser(other, base_url="http://testserver", raise_server_exceptions=False)
        web.__enter__()
        opened.append(web)
        return web

    yield open_
    for web in opened:
        web.__exit__(None, None, None)


def _thank_you_subject(web: Browser) -> str:
    actions = web.get("/api/actions").json()
    ids = [row["id"] for row in actions if row["kind"] == "thank_recruiter"]
    assert ids, actions
    draft = web.get(f"/api/actions/{ids[0]}/draft")
    assert draft.status_code == 200, draft.text
    return str(draft.json()["subject"])


def _stored(url: str) -> list[tuple[int, str]]:
    with get_engine(url).connect() as connection:
        return list(connection.execute(sa.text("SELECT user_id, name FROM person_templates")))


def test_a_persons_wording_is_used_by_their_drafts_in_every_process_and_by_nobody_else(
    browser: Open, second_process: Open, interviewed_both: None, accounts: dict[str, int],
    _migrated_postgres: str,
) -> None:  # fmt: skip
    ana, ana_there, bo = browser(), second_process(), second_process()
    for web, address in ((ana, ANA), (ana_there, ANA), (bo, BO)):
        web.sign_in(address)
    packaged_subject = _thank_you_subject(ana_there)
    assert packaged_subject.startswith("Thank you")
    ana.load(f"/settings/templates/{NAME}")
    saved = ana.post(
        f"/settings/templates/{NAME}",
        data={"csrf_token": ana.token, "text": HERS},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    # The other process uses it at once (no cache to go stale), for Ana only.
    assert _thank_you_subject(ana_there).startswith("Many thanks from me")
    assert _thank_you_subject(bo).startswith("Thank you")
    assert "Your own" in ana_there.get("/settings").text
    assert "Your own" not in bo.get("/settings").text
    assert "Many thanks from me" not in bo.get(f"/settings/templates/{NAME}").text
    assert _stored(_migrated_postgres) == [(accounts[ANA], NAME)]
    # Back to the packaged wording: the row goes, and drafts follow at once.
    ana.load(f"/settings/templates/{NAME}")
    reset = ana.post(
        f"/settings/templates/{NAME}/reset", data={"csrf_token": ana.token}, follow_redirects=False
    )
    assert reset.status_code == 303
    assert _thank_you_subject(ana_there) == packaged_subject
    assert _stored(_migrated_postgres) == []
    assert ana.get(f"/settings/templates/{NAME}").text.count("Use the built-in text") == 0


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Our chat about {{ salary_band }} was useful.", "'salary_band' is undefined"),
        # Unguarded, a fact the record may lack would state what it does not hold.
        ("We met on {{ interview_on|day }}.", "when the record lacks that fact"),
        ("{% if company %}unclosed", "syntax error"),
    ],
)
def test_a_version_that_breaks_the_template_is_refused_in_one_line_and_not_saved(
    browser: Open, _migrated_postgres: str, line: str, expected: str
) -> None:
    ana = browser()
    ana.sign_in(ANA)
    ana.load(f"/settings/templates/{NAME}")
    text = f"Subject: Thanks – {{{{ company }}}}\n\n{{{{ greeting }}}}\n\n{line}\n"
    refused = ana.post(f"/settings/templates/{NAME}", data={"csrf_token": ana.token, "text": text})
    assert refused.status_code == 422
    error = (
        html.unescape(refused.text)
        .split("Not saved: ", 1)[1]
        .split("Your text is kept below", 1)[0]
    )
    assert expected in error and "\n" not in error.strip(), error
    assert "line 5" in error or "syntax error" in error
    assert line.split("{{")[0].strip() in refused.text  # the typed text is kept for fixing
    assert _stored(_migrated_postgres) == []


def test_the_template_forms_need_the_form_token(browser: Open, _migrated_postgres: str) -> None:
    ana = browser()
    ana.sign_in(ANA)
    ana.load("/settings")
    for url in (f"/settings/templates/{NAME}", f"/settings/templates/{NAME}/reset"):
        assert ana.post(url, data={"text": HERS}).status_code == 403
        assert ana.post(url, data={"csrf_token": "forged", "text": HERS}).status_code == 403
    assert _stored(_migrated_postgres) == []


def test_the_packaged_wording_is_shown_beside_the_editor() -> None:
    assert builtin_text(NAME).count("Subject:") == 1
