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
from tests.server.conftest import ADA, ANA, BO, CORA, NELL, TODAY, Browser
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


# -- one application, as the coach reads it ------------------------------------------------

RECRUITER = "Priya Shah"  # the recruiter `interviewed` adds
DEBRIEF = "I froze on the queueing question, then recovered"


def _ana_details(settings: Settings, user_id: int, application_id: int) -> None:
    """Ana's offer terms and a debrief of her round (private unless she shares it)."""
    from afterword.pipeline.models import Interview

    with _as(settings, user_id) as ws:
        offer = ws.session.scalar(sa.select(Offer).where(Offer.application_id == application_id))
        assert offer is not None
        offer.base_salary, offer.currency = 64000, "GBP"
        offer.deadline = dt.date(2026, 12, 14)
        interview = ws.session.scalar(
            sa.select(Interview).where(Interview.application_id == application_id)
        )
        assert interview is not None
        interview.went_badly, interview.debriefed_at = DEBRIEF, ws.now


def _forms(page: str) -> set[str]:
    return set(re.findall(r'<form[^>]*action="([^"]+)"', page))


def test_a_coach_reads_an_applications_interview_offer_and_people_cards_and_can_change_none(
    browser: Open, server_settings: Settings, staff: dict[str, int], ana_search: int
) -> None:
    _ana_details(server_settings, staff[ANA], ana_search)
    ana, cora = _people(browser, ANA, CORA)
    _post(ana, "/sharing", coach_email=CORA)
    own = ana.get(f"/applications/{ana_search}").text
    url = f"/people/{staff[ANA]}/applications/{ana_search}"
    views_before = _count(server_settings, CoachView)
    page = cora.get(url)
    assert page.status_code == 200
    text = page.text
    # The facts Ana's own page shows: the round and its time, the offer's terms, the people.
    for fact in (
        "Round 1: technical",
        "Monday 23 November, 10:00",
        "£64,000",
        RECRUITER,
        "Thank the recruiter",  # one of the next steps the playbook planned for it
    ):
        assert fact in own, fact
        assert fact in text, fact
    assert "Waiting for your decision" in text and "See their offers side by side" in text
    # Read-only: only the coach's own comment and suggestion forms (and signing out); no link
    # or form that would act on Ana's records.
    person = f"/people/{staff[ANA]}"
    assert _forms(text) <= {"/logout", f"{person}/suggestions", f"{url}/comments"}, _forms(text)
    main = text.split("<main", 1)[1]  # the page itself, not the navigation bar
    for write in (
        "/interviews/",
        "/offers/",
        "/contacts/",
        "/feedback/",
        "/actions/",
        "/reflection",
    ):
        assert write not in main, write
    assert 'href="/applications/' not in main and "See all your offers" not in main
    # The debrief and the feedback are private until Ana shares them.
    assert DEBRIEF in own and DEBRIEF not in text and FEEDBACK not in text
    assert "keeps their debriefs private" in text
    # The page was logged once, as every coach page is.
    assert _count(server_settings, CoachView) == views_before + 1
    _post(ana, "/sharing", coach_email=CORA, include_private="on")
    shared = cora.get(url).text
    assert DEBRIEF in shared and FEEDBACK in shared
    assert _forms(shared) <= {"/logout", f"{person}/suggestions", f"{url}/comments"}
    assert _count(server_settings, CoachView) == views_before + 2


def test_the_view_log_and_comment_times_read_in_the_seekers_own_time_zone(
    browser: Open, server_settings: Settings, staff: dict[str, int], ana_search: int
) -> None:
    from afterword import clock

    with session_scope(server_settings.database_url) as session:
        session.execute(sa.update(User).where(User.id == staff[ANA]).values(timezone="Asia/Tokyo"))
    ana, cora = _people(browser, ANA, CORA)
    _post(ana, "/sharing", coach_email=CORA)
    # 14:05 UTC on Monday 23 November is 23:05 that evening in Tokyo.
    clock.pin(dt.datetime(2026, 11, 23, 14, 5, tzinfo=dt.UTC))
    person = f"/people/{staff[ANA]}"
    assert cora.get(f"{person}/applications/{ana_search}").status_code == 200
    _post(cora, f"{person}/applications/{ana_search}/comments", text="Ask about the team size")
    answer = ana.get("/sharing")
    sharing = answer.text
    assert "Who looked at what" in sharing
    sharing = re.sub(r"<[^>]+>", " ", sharing)  # what the eye reads (no ISO attributes)
    log = sharing.split("Who looked at what", 1)[1]
    assert "23:05" in log and "14:05" not in log and "Asia/Tokyo" in log
    assert "(UTC)" not in sharing
    comments = sharing.split("What your coaches said", 1)[1].split("Who looked at what")[0]
    assert "23:05" in comments and "14:05" not in comments
    own = re.sub(r"<[^>]+>", " ", ana.get(f"/applications/{ana_search}").text)
    coach_said = own.split("From your coach")[1]
    assert "Ask about the team size" in coach_said
    assert "23:05" in coach_said and "14:05" not in coach_said
    # The API keeps the instant itself (UTC), for programs to convert as they need.
    views = ana.api("GET", "/api/sharing").json()["views"]
    assert views and all(
        dt.datetime.fromisoformat(view["at"]) == dt.datetime(2026, 11, 23, 14, 5, tzinfo=dt.UTC)
        for view in views
    )


def _comments(settings: Settings) -> list[tuple[Any, ...]]:
    plain = sa.create_engine(settings.database_url)
    try:
        with plain.connect() as connection:
            rows = connection.execute(
                sa.select(CoachComment.id, CoachComment.text, CoachComment.edited_at).order_by(
                    CoachComment.id
                )
            ).all()
            return [tuple(row) for row in rows]
    finally:
        plain.dispose()


def test_a_coach_edits_and_deletes_only_their_own_comments(
    browser: Open, server_settings: Settings, staff: dict[str, int], ana_search: int
) -> None:
    ana, cora, nell, bo = _people(browser, ANA, CORA, NELL, BO)
    _post(ana, "/sharing", coach_email=CORA)
    _post(ana, "/sharing", coach_email=NELL)  # Nell is Ana's coach too, but not the author
    person = f"/people/{staff[ANA]}"
    first = "Lead with the robotics demo"
    _post(cora, f"{person}/applications/{ana_search}/comments", text=first)
    ((comment_id, _, _),) = _comments(server_settings)
    edit, delete = f"{person}/comments/{comment_id}/edit", f"{person}/comments/{comment_id}/delete"
    api = f"/api/people/{staff[ANA]}/comments/{comment_id}"
    # Cora's page offers her the edit and delete forms; Nell's does not, for Cora's comment.
    cora_page = cora.get(f"{person}/applications/{ana_search}").text
    nell_page = nell.get(f"{person}/applications/{ana_search}").text
    assert {edit, delete} <= _forms(cora_page)
    # (The policies of migration 0014 show each coach only their own comments.)
    assert first not in nell_page and not {edit, delete} & _forms(nell_page)
    before = _comments(server_settings)
    # Everyone else is refused, and nothing changes: another coach of Ana's, a coach Ana's
    # share does not name, Ana herself (not a coach), another seeker; without the form token,
    # Cora too.
    for other, statuses in ((nell, {404}), (ana, {403}), (bo, {403})):
        for url, form in ((edit, {"text": "planted"}), (delete, {})):
            answer = other.post(url, data={"csrf_token": other.token, **form})
            assert answer.status_code in statuses, (url, answer.status_code)
        assert other.api("PATCH", api, json={"text": "planted"}).status_code in statuses
        assert other.api("DELETE", api).status_code in statuses
    assert cora.post(edit, data={"text": "planted"}).status_code == 403
    assert cora.post(delete).status_code == 403
    assert _comments(server_settings) == before
    # Cora edits it: Ana reads the new text, and that it was edited, where she reads comments.
    second = "Lead with the robotics demo, then the testing story"
    assert "Comment changed" in _post(cora, edit, text=second, application_id=str(ana_search)).text
    for page in (ana.get("/sharing").text, ana.get(f"/applications/{ana_search}").text):
        assert second in page and "(edited" in page and f"{first}<" not in page
    # An empty text is refused with the reason; the comment keeps its words.
    refused = _post(cora, edit, text="  ", application_id=str(ana_search))
    assert "Not changed: the comment is empty" in refused.text
    blank = cora.api("PATCH", api, json={"text": " "})
    assert blank.status_code in (400, 422) and "empty" in blank.json()["detail"]
    assert _comments(server_settings)[0][1] == second
    changed = cora.api("PATCH", api, json={"text": "Open with the demo"})
    assert changed.status_code == 200 and changed.json()["edited"] is True
    assert _comments(server_settings)[0][1] == "Open with the demo"
    # Cora deletes it: Ana no longer sees it.
    assert "Comment deleted" in _post(cora, delete).text
    assert _comments(server_settings) == []
    assert "Open with the demo" not in ana.get("/sharing").text
    assert cora.api("DELETE", api).status_code == 404  # gone: nothing to delete twice
    # Once Ana stops sharing, Cora cannot change her remaining comments either.
    _post(cora, f"{person}/applications/{ana_search}/comments", text="One more thought")
    ((kept_id, kept_text, _),) = _comments(server_settings)
    share = next(
        s["id"] for s in ana.api("GET", "/api/sharing").json()["shares"] if s["email"] == CORA
    )
    assert ana.api("DELETE", f"/api/sharing/{share}").status_code == 204
    assert (
        cora.api(
            "PATCH", f"/api/people/{staff[ANA]}/comments/{kept_id}", json={"text": "x"}
        ).status_code
        == 404
    )
    assert _post(cora, f"{person}/comments/{kept_id}/delete").status_code == 404
    assert _comments(server_settings) == [(kept_id, kept_text, None)]


def test_a_partly_filled_comment_or_suggestion_gets_a_clear_message(
    browser: Open, server_settings: Settings, staff: dict[str, int], ana_search: int
) -> None:
    ana, cora = _people(browser, ANA, CORA)
    _post(ana, "/sharing", coach_email=CORA)
    person = f"/people/{staff[ANA]}"
    empty = _post(cora, f"{person}/applications/{ana_search}/comments", text="   ")
    assert "Not saved: the comment is empty; write a few words." in empty.text
    assert _count(server_settings, CoachComment) == 0
    no_text = _post(cora, f"{person}/suggestions", text="", due="2026-12-10")
    assert "Not suggested: the suggestion is empty" in no_text.text
    undated = _post(
        cora, f"{person}/suggestions", text="Call Priya", due="", application_id=str(ana_search)
    )
    assert "Suggested for today, since no day was given" in undated.text
    (action,) = [
        a for a in ana.api("GET", "/api/actions").json() if a["kind"] == "coach_suggestion"
    ]
    assert action["reason"] == "Call Priya" and action["due"] == TODAY.isoformat()
