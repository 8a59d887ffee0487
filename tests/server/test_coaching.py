"""Coaches and admins over a real PostgreSQL, through the pages and the API as people use them.

A story: Ana shares her search with Cora, her coach; Cora reads it, comments, suggests a
step; Ana acts on it, sees every look Cora took, shares her journal, then stops sharing.
Nell, a coach nobody shares with, and Ada, an admin, never see any of Ana's records.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from afterword.coaching.models import CoachComment, CoachShare, CoachView
from afterword.coaching.service import cohort_numbers
from afterword.offers.models import Offer
from afterword.pipeline.models import Feedback
from afterword.pipeline.status import OfferDecision
from afterword.playbook.models import PlannedAction
from afterword.profile.models import User
from afterword.reflection.models import JournalEntry, MoodCheckin
from afterword.settings import Settings
from afterword.storage.row_security import acting_as
from afterword.storage.session import session_scope
from afterword.workspace import workspace_scope
from tests.server.conftest import ADA, ANA, BO, CORA, NELL, Browser
from tests.web.test_today import interviewed

Open = Callable[..., Browser]
COMPANY = "Larkspur Robotics"
JOURNAL = "I keep replaying the whiteboard question in my head"
MOOD_NOTE = "tired but hopeful about the robotics role"
FEEDBACK = "they wanted more depth on distributed systems"


@contextlib.contextmanager
def _as(settings: Settings, user_id: int) -> Iterator[Any]:
    with session_scope(settings.database_url) as session:
        handle = session.scalar(sa.select(User.handle).where(User.id == user_id))
    with acting_as(user_id), workspace_scope(settings.model_copy(update={"user": handle})) as ws:
        yield ws


@pytest.fixture
def ana_search(server_settings: Settings, staff: dict[str, int]) -> int:
    """Ana's search: one interviewed application with an offer, a journal entry, a mood and
    a piece of feedback. Returns the application's id."""
    with _as(server_settings, staff[ANA]) as ws:
        application_id = interviewed(
            ws, COMPANY, "Engineer", dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)
        )
        owned: dict[str, Any] = {"user_id": ws.user_id}
        ws.session.add_all(
            [
                JournalEntry(written_at=ws.now, text=JOURNAL, **owned),
                MoodCheckin(at=ws.now, mood=3, note=MOOD_NOTE, **owned),
                Feedback(
                    application_id=application_id, received_on=ws.today, text=FEEDBACK,
                    created_at=ws.now, **owned,
                ),
                Offer(
                    application_id=application_id, decision=OfferDecision.PENDING,
                    received_on=dt.date(2026, 11, 30), created_at=ws.now, updated_at=ws.now,
                    **owned,
                ),
            ]
        )  # fmt: skip
    return application_id


def _post(person: Browser, url: str, **form: str) -> Any:
    return person.post(url, data={"csrf_token": person.token, **form})


def _people(browser: Open, *emails: str) -> list[Browser]:
    opened = []
    for email in emails:
        person = browser()
        person.sign_in(email)
        opened.append(person)
    return opened


def _count(settings: Settings, model: Any) -> int:
    """Rows of a table, read with no policy in the way (no user bound, no setting)."""
    plain = sa.create_engine(settings.database_url)
    try:
        with plain.connect() as connection:
            return int(
                connection.execute(sa.select(sa.func.count()).select_from(model)).scalar() or 0
            )
    finally:
        plain.dispose()


def test_a_coach_sees_the_journal_only_while_it_is_shared(
    browser: Open, staff: dict[str, int], ana_search: int
) -> None:
    ana, cora = _people(browser, ANA, CORA)
    person = f"/people/{staff[ANA]}"
    # Before any share: nothing, and the People list is empty.
    assert cora.get(person).status_code == 404
    assert ANA not in cora.get("/people").text
    # Shared without the private parts: the search, but not the journal, moods or feedback.
    assert "Shared, without" in _post(ana, "/sharing", coach_email=CORA).text
    assert ANA in cora.get("/people").text
    page = cora.get(person)
    assert page.status_code == 200 and COMPANY in page.text
    application = cora.get(f"{person}/applications/{ana_search}")
    assert application.status_code == 200
    for words in (JOURNAL, MOOD_NOTE, FEEDBACK):
        assert words not in page.text and words not in application.text
    assert cora.get(f"{person}/journal").status_code == 404
    # Shared again, with the private parts: now they show.
    assert (
        "Shared, including" in _post(ana, "/sharing", coach_email=CORA, include_private="on").text
    )
    journal = cora.get(f"{person}/journal")
    assert journal.status_code == 200
    assert all(words in journal.text for words in (JOURNAL, MOOD_NOTE, FEEDBACK))
    assert FEEDBACK in cora.get(f"{person}/applications/{ana_search}").text
    # Ana stops sharing: every page about her is gone at once.
    share_id = re.search(r'action="/sharing/(\d+)/stop"', ana.get("/sharing").text)
    assert share_id is not None
    assert "no longer sees your search" in _post(ana, f"/sharing/{share_id.group(1)}/stop").text
    for url in (
        person,
        f"{person}/journal",
        f"{person}/offers",
        f"{person}/applications/{ana_search}",
    ):
        assert cora.get(url).status_code == 404, url
    assert ANA not in cora.get("/people").text


def test_a_coach_pages_are_read_only(browser: Open, staff: dict[str, int], ana_search: int) -> None:
    ana, cora = _people(browser, ANA, CORA)
    _post(ana, "/sharing", coach_email=CORA)
    person = f"/people/{staff[ANA]}"
    for url in (person, f"{person}/offers"):
        page = cora.get(url).text
        forms = re.findall(r'<form[^>]*action="([^"]+)"', page)
        # Only signing out and the coach's own comment and suggestion forms: no form of Ana's.
        assert set(forms) <= {"/logout", f"{person}/suggestions"}, (url, forms)
        assert "/actions/" not in page and 'href="/applications/' not in page


def test_a_suggested_step_shows_in_the_seekers_agenda_and_can_be_done_and_undone(
    browser: Open, server_settings: Settings, staff: dict[str, int], ana_search: int
) -> None:
    ana, cora = _people(browser, ANA, CORA)
    _post(ana, "/sharing", coach_email=CORA)
    ana.get("/")  # Ana's Today is built (and kept in the page cache)
    person = f"/people/{staff[ANA]}"
    step = "Send Larkspur a short note about the robot demo you built"
    answer = _post(cora, f"{person}/suggestions", text=step, application_id=str(ana_search))
    assert "in their agenda now" in answer.text
    # A comment on the application, too, which Ana reads on her Sharing page.
    note = "Your answer on testing was strong; lead with it next round"
    _post(cora, f"{person}/applications/{ana_search}/comments", text=note)
    today = ana.get("/").text
    assert step in today and "From your coach" in today and CORA in today
    assert note in ana.get("/sharing").text
    assert note in ana.get(f"/applications/{ana_search}").text
    actions = ana.api("GET", "/api/actions").json()
    (suggested,) = [a for a in actions if a["kind"] == "coach_suggestion"]
    assert suggested["reason"] == step
    # Ana does it, then takes it back, like any action; a re-plan never withdraws it.
    done = ana.api("POST", f"/api/actions/{suggested['id']}/done")
    assert done.status_code == 200 and done.json()["state"] == "done"
    undone = ana.api("POST", f"/api/actions/{suggested['id']}/undo")
    assert undone.status_code == 200 and undone.json()["state"] == "open"
    with _as(server_settings, staff[ANA]) as ws:
        ws.replan()
    again = ana.api("GET", f"/api/actions/{suggested['id']}").json()
    assert again["state"] == "open"
    dismissed = ana.api("POST", f"/api/actions/{suggested['id']}/dismiss")
    assert dismissed.json()["state"] == "dismissed"
    assert step not in ana.get("/").text


def test_the_seeker_sees_who_looked_at_what_and_when(
    browser: Open, server_settings: Settings, staff: dict[str, int], ana_search: int
) -> None:
    ana, cora = _people(browser, ANA, CORA)
    _post(ana, "/sharing", coach_email=CORA)
    person = f"/people/{staff[ANA]}"
    opened = [person, f"{person}/offers", f"{person}/applications/{ana_search}"]
    for url in opened:
        assert cora.get(url).status_code == 200
    cora.get(f"{person}/journal")  # refused (not shared): not a look at anything
    log = ana.api("GET", "/api/sharing").json()["views"]
    assert [(v["coach"], v["page"], v["record"]) for v in log] == [
        (CORA, "Application", f"{COMPANY}, Engineer"),
        (CORA, "Offers", None),
        (CORA, "Agenda, pipeline and numbers", None),
    ]
    page = ana.get("/sharing").text
    assert "Who looked at what" in page and f"{COMPANY}, Engineer" in page
    # The log stays after the share ends; Cora's later tries are refused and not logged.
    share = ana.api("GET", "/api/sharing").json()["shares"][0]["id"]
    assert ana.api("DELETE", f"/api/sharing/{share}").status_code == 204
    assert cora.get(person).status_code == 404
    assert len(ana.api("GET", "/api/sharing").json()["views"]) == 3
    assert _count(server_settings, CoachView) == 3


def test_coaching_changes_need_the_form_token(
    browser: Open, server_settings: Settings, staff: dict[str, int], ana_search: int
) -> None:
    ana, cora = _people(browser, ANA, CORA)
    assert ana.post("/sharing", data={"coach_email": CORA}).status_code == 403
    assert (
        ana.api(
            "POST", "/api/sharing", json={"coach_email": CORA}, headers={"X-CSRF-Token": ""}
        ).status_code
        == 403
    )
    assert _count(server_settings, CoachShare) == 0
    _post(ana, "/sharing", coach_email=CORA)
    person = f"/people/{staff[ANA]}"
    for url, form in (
        (f"{person}/suggestions", {"text": "planted"}),
        (f"{person}/applications/{ana_search}/comments", {"text": "planted"}),
    ):
        assert cora.post(url, data=form).status_code == 403
        wrong = {"csrf_token": ana.token, **form}  # another session's token
        assert cora.post(url, data=wrong).status_code == 403
    share = ana.api("GET", "/api/sharing").json()["shares"][0]["id"]
    assert ana.post(f"/sharing/{share}/stop").status_code == 403
    assert _count(server_settings, CoachShare) == 1
    assert _count(server_settings, CoachComment) == 0
    plain = sa.create_engine(server_settings.database_url)
    with plain.connect() as connection:
        rules = connection.execute(sa.select(PlannedAction.rule)).scalars().all()
    plain.dispose()
    assert "coach" not in rules


def test_sharing_is_with_coaches_only_and_refusals_say_why(
    browser: Open, server_settings: Settings, staff: dict[str, int]
) -> None:
    ana, cora = _people(browser, ANA, CORA)
    for address, reason in (
        (BO, "there is no coach with the address bo@example.org"),
        ("nobody@example.org", "there is no coach with the address nobody@example.org"),
        ("not an address", "is not an email address"),
    ):
        assert reason in _post(ana, "/sharing", coach_email=address).text
    assert _count(server_settings, CoachShare) == 0
    # Only a seeker shares; a coach's suggestion to nobody is refused as not found.
    assert cora.api("POST", "/api/sharing", json={"coach_email": NELL}).status_code == 403
    assert (
        cora.api("POST", f"/api/people/{staff[BO]}/suggestions", json={"text": "x"}).status_code
        == 404
    )


def test_an_admin_sees_cohort_figures_and_never_a_record(
    browser: Open, server_settings: Settings, staff: dict[str, int], ana_search: int
) -> None:
    ana, ada, cora = _people(browser, ANA, ADA, CORA)
    _post(ana, "/sharing", coach_email=CORA)
    page = ada.get("/admin")
    assert page.status_code == 200
    assert COMPANY not in page.text and JOURNAL not in page.text
    assert ANA in page.text  # the accounts, by address
    with acting_as(staff[ADA]), session_scope(server_settings.database_url) as session:
        cohort = cohort_numbers(session=session)
    # Ana: one application, interviewed, an offer 7 days after applying. Bo: nothing yet.
    assert (cohort.seekers, cohort.coaches, cohort.admins) == (2, 2, 1)
    assert (cohort.searching, cohort.applications, cohort.interviewed, cohort.offered) == (
        1,
        1,
        1,
        1,
    )
    assert cohort.median_days_to_first_offer == 7
    # Every page with Ana's records is refused to the admin.
    for url in (
        f"/applications/{ana_search}",
        f"/people/{staff[ANA]}",
        f"/people/{staff[ANA]}/applications/{ana_search}",
        f"/api/applications/{ana_search}",
    ):
        assert ada.get(url).status_code in (403, 404), url
    # And /admin is for admins only.
    for person in (ana, cora):
        assert person.get("/admin").status_code == 403


def test_the_cohort_figures_see_everyone_even_when_their_owner_is_bound_by_the_policies(
    browser: Open,
    server_settings: Settings,
    staff: dict[str, int],
    ana_search: int,
    _migrated_postgres: str,
) -> None:
    """In production the function belongs to the owner role, which the policies bind (FORCE
    ROW LEVEL SECURITY): its own `SET app.user_id = ''` is what lets it count everyone. Here
    it is handed to the ordinary test role, bound like the owner would be."""
    superuser = sa.create_engine(_migrated_postgres)
    role = sa.make_url(server_settings.database_url).username
    try:
        with superuser.begin() as connection:
            connection.execute(
                sa.text(f"ALTER FUNCTION afterword_cohort_numbers() OWNER TO {role}")
            )
        ada = _people(browser, ADA)[0]
        with acting_as(staff[ADA]), session_scope(server_settings.database_url) as session:
            cohort = cohort_numbers(session=session)
            # The setting is the admin's again after the call: the function changed it only
            # for its own duration.
            assert session.scalar(sa.text("SELECT current_setting('app.user_id')")) == str(
                staff[ADA]
            )
        assert (cohort.applications, cohort.offered, cohort.median_days_to_first_offer) == (1, 1, 7)
        assert "100%" in ada.get("/admin").text  # the one application led to an offer
    finally:
        with superuser.begin() as connection:
            connection.execute(
                sa.text("ALTER FUNCTION afterword_cohort_numbers() OWNER TO CURRENT_USER")
            )
        superuser.dispose()
