"""Each person turns the morning digest and the scheduled mailbox sync on or off themselves,
from the Settings page, in server mode."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterword.accounts.daily import DailyPreference
from afterword.settings import Settings
from afterword.storage.row_security import acting_as
from afterword.storage.session import session_scope
from tests.server.conftest import ANA, BO, Browser

pytestmark = pytest.mark.postgres

Open = Callable[..., Browser]
FIELDS = ("morning_digest", "mail_sync")


def choices(url: str, user_id: int) -> tuple[bool, bool]:
    # The app scopes every transaction on its engine to one person: read as that person.
    with acting_as(user_id), session_scope(url) as session:
        row = session.get(DailyPreference, user_id)
        return (row.morning_digest, row.mail_sync) if row is not None else (False, False)


def signed_in(browser: Open, email: str) -> Browser:
    web = browser()
    assert web.sign_in(email).status_code == 303
    web.load("/settings")
    return web


def test_a_person_turns_the_digest_and_the_sync_on_and_off_from_settings(
    browser: Open, server_settings: Settings, accounts: dict[str, int]
) -> None:
    url = server_settings.database_url
    ana = signed_in(browser, ANA)
    page = ana.load("/settings")
    assert 'action="/settings/daily"' in page.text
    assert 'name="mail_sync" value="on">' in page.text  # not ticked yet
    # As the page sends it: a hidden "off" and the ticked box's "on".
    sent = ana.post(
        "/settings/daily",
        data={"csrf_token": ana.token, "morning_digest": ["off", "on"], "mail_sync": "off"},
        follow_redirects=False,
    )  # fmt: skip
    assert sent.status_code == 303
    assert choices(url, accounts[ANA]) == (True, False)
    assert 'name="morning_digest" value="on" checked' in ana.load("/settings").text
    # Only one field: the other is left as it is.
    ana.post("/settings/daily", data={"csrf_token": ana.token, "mail_sync": "on"})
    assert choices(url, accounts[ANA]) == (True, True)
    ana.post("/settings/daily", data={"csrf_token": ana.token, "morning_digest": "off"})
    assert choices(url, accounts[ANA]) == (False, True)
    # Bo's choices are his own: untouched.
    assert choices(url, accounts[BO]) == (False, False)


def test_the_daily_choices_need_the_form_token_and_a_clear_answer(
    browser: Open, server_settings: Settings, accounts: dict[str, int]
) -> None:
    url = server_settings.database_url
    ana = signed_in(browser, ANA)
    bo = signed_in(browser, BO)
    without = ana.post("/settings/daily", data={"mail_sync": "on"}, follow_redirects=False)
    assert without.status_code == 403
    # Bo's token is not Ana's.
    forged = ana.post(
        "/settings/daily", data={"csrf_token": bo.token, "mail_sync": "on"}, follow_redirects=False
    )
    assert forged.status_code == 403
    unclear = ana.post(
        "/settings/daily",
        data={"csrf_token": ana.token, "morning_digest": "on", "mail_sync": "yes please"},
    )
    assert unclear.status_code == 422 and "must be on or off" in unclear.text
    # Nothing was saved by any of them, not even the valid half of the last one.
    assert choices(url, accounts[ANA]) == (False, False)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.dictionaries(st.sampled_from(FIELDS), st.sampled_from(("on", "off")), max_size=2),
        min_size=1,
        max_size=5,
    )
)
def test_any_sequence_of_partial_forms_leaves_the_last_word_for_each_choice(
    browser: Open, server_settings: Settings, accounts: dict[str, int], steps: list[dict[str, str]]
) -> None:
    url = server_settings.database_url
    ana = signed_in(browser, ANA)
    expected = dict(zip(FIELDS, choices(url, accounts[ANA]), strict=True))
    for step in steps:
        answer = ana.post("/settings/daily", data={"csrf_token": ana.token, **step})
        assert answer.status_code == 200
        expected.update({name: value == "on" for name, value in step.items()})
    # Invariant: each choice is the last one sent for it, the others as they were.
    assert choices(url, accounts[ANA]) == (expected["morning_digest"], expected["mail_sync"])


def test_the_settings_page_tells_how_the_last_sync_went(
    browser: Open, server_settings: Settings, accounts: dict[str, int]
) -> None:
    with acting_as(accounts[ANA]), session_scope(server_settings.database_url) as session:
        session.add(
            DailyPreference(
                user_id=accounts[ANA], morning_digest=False, mail_sync=True,
                mail_sync_tried_at=dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC),
                mail_sync_error="the IMAP server refused the sign-in",
            )
        )  # fmt: skip
    page = signed_in(browser, ANA).load("/settings").text
    assert "Last mailbox sync: 2026-12-07 09:30 UTC" in page
    assert "the IMAP server refused the sign-in" in page
    # No IMAP server in Ana's own settings yet: the page says the sync cannot run.
    assert "give your incoming (IMAP) server" in page
