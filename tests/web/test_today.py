"""The Today page: what to do now, each step with its reason, and acting on it in one click."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bs4 import BeautifulSoup, Tag

from afterword.demo.workspace import is_demo_loaded, load_demo
from afterword.offers.schemas import OfferTerms
from afterword.offers.service import record_offer
from afterword.pipeline.applications import add_application
from afterword.pipeline.contacts import add_contact
from afterword.pipeline.interviews import log_interview
from afterword.pipeline.models import InterviewKind
from afterword.pipeline.outcomes import record_outcome
from afterword.pipeline.schemas import (
    ApplicationFields,
    ContactFields,
    InterviewFields,
    OutcomeFields,
)
from afterword.pipeline.status import OutcomeKind
from afterword.playbook.actions import ActionKind
from afterword.playbook.models import ActionState
from afterword.playbook.service import get_action, open_actions
from afterword.reflection.service import list_moods
from afterword.web.routes.today import SHOWN
from tests.web.conftest import WebClient


def interviewed(
    ws: Any, company: str, role: str, on: dt.datetime, *, recruiter: bool = True
) -> int:
    """Adds an application with (optionally) a recruiter and one interview; returns its id."""
    application = add_application(
        session=ws.session,
        user_id=ws.user_id,
        fields=ApplicationFields(company=company, role=role, applied_on=on.date()),
        now=ws.now,
    )
    ws.session.flush()
    if recruiter:
        slug = company.lower().replace(" ", "-")
        add_contact(
            session=ws.session,
            user_id=ws.user_id,
            application_id=application.id,
            fields=ContactFields(name="Priya Shah", email=f"priya@{slug}.example"),
            now=ws.now,
        )
    log_interview(
        session=ws.session,
        user_id=ws.user_id,
        application_id=application.id,
        fields=InterviewFields(kind=InterviewKind.TECHNICAL, scheduled_at=on),
        now=ws.now,
    )
    return application.id


def seed_interview_today(workspace: Any) -> int:
    """Acme, with a recruiter, and a technical interview this morning; returns the application id."""
    with workspace() as ws:
        return interviewed(
            ws, "Acme", "Data Engineer", dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)
        )


def action_id(workspace: Any, kind: ActionKind, company_id: int) -> int:
    """The id of the open action of this kind for this application."""
    with workspace() as ws:
        rows = open_actions(session=ws.session, user_id=ws.user_id)
        return next(r.id for r in rows if r.kind is kind and r.application_id == company_id)


def section(page: BeautifulSoup, name: str) -> Tag | None:
    """The agenda section with this id (overdue, today, this_week, later)."""
    found = page.find("section", id=name)
    return found if isinstance(found, Tag) else None


def titles(part: Tag | None) -> list[str]:
    """The visible action titles of a section, with their company."""
    if part is None:
        return []
    return [h3.get_text(" ", strip=True) for h3 in part.find_all("h3")]


def test_new_user_sees_a_warm_welcome_with_a_link_to_add_the_first_application(
    client: WebClient,
) -> None:
    page = client.page("/")
    assert [h1.get_text() for h1 in page.find_all("h1")] == ["Today"]
    welcome = page.find("section", class_="welcome")
    assert welcome is not None
    assert welcome.find("a", href="/pipeline#add") is not None
    assert section(page, "overdue") is None and section(page, "today") is None


def test_an_interview_today_puts_the_thank_you_under_due_today_with_its_reason(
    client: WebClient, workspace: Any
) -> None:
    app_id = seed_interview_today(workspace)
    page = client.page("/")
    today = section(page, "today")
    assert today is not None
    assert "Thank the recruiter (Acme)" in titles(today)
    card = next(
        li
        for li in today.find_all("li", class_="action-card")
        if "Thank the recruiter" in li.h3.get_text()
    )
    assert (
        card.find("a", href=f"/applications/{app_id}").get_text(strip=True)
        == "Acme · Data Engineer"
    )
    assert "Due today" in card.get_text(" ", strip=True)
    assert "thank-you" in card.find("p", class_="reason").get_text()
    assert card.find("details").find("summary") is not None
    thank_id = action_id(workspace, ActionKind.THANK_RECRUITER, app_id)
    assert card.find("a", href=f"/actions/{thank_id}/draft").get_text(strip=True) == "Open draft"
    # Only email actions offer a draft.
    debrief = next(
        li
        for li in today.find_all("li", class_="action-card")
        if "Write the debrief" in li.h3.get_text()
    )
    assert debrief.find("a", string="Open draft") is None
    for verb in ("done", "snooze", "dismiss"):
        form = card.find("form", action=f"/actions/{thank_id}/{verb}")
        assert form is not None and form["method"] == "post"
        assert form.find("input", attrs={"name": "csrf_token"}) is not None
    options = [o["value"] for o in card.find("select", attrs={"name": "days"}).find_all("option")]
    assert options == ["1", "3", "7"]


def test_an_interview_a_week_ago_shows_its_thank_you_as_overdue(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        interviewed(ws, "Globex", "Analyst", dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC))
    page = client.page("/")
    overdue = section(page, "overdue")
    assert overdue is not None
    assert "Thank the recruiter (Globex)" in titles(overdue)
    assert "Was due 7 days ago, Monday 16 November" in overdue.get_text(" ", strip=True)
    assert "Thank the recruiter (Globex)" not in titles(section(page, "today"))


def test_snoozing_moves_the_action_out_of_today_to_its_new_day(
    client: WebClient, workspace: Any
) -> None:
    app_id = seed_interview_today(workspace)
    thank_id = action_id(workspace, ActionKind.THANK_RECRUITER, app_id)
    response = client.submit(f"/actions/{thank_id}/snooze", {"days": "3"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    page = client.page("/")
    assert "Snoozed until Thursday 26 November" in page.find(id="alerts").get_text()
    assert "Thank the recruiter (Acme)" not in titles(section(page, "today"))
    week = section(page, "this_week")
    assert "Thank the recruiter (Acme)" in titles(week)
    with workspace() as ws:
        row = get_action(session=ws.session, user_id=ws.user_id, action_id=thank_id)
        assert row.snoozed_until == dt.date(2026, 11, 26)


def test_done_removes_the_action_and_dismiss_settles_it_for_good(
    client: WebClient, workspace: Any
) -> None:
    app_id = seed_interview_today(workspace)
    thank_id = action_id(workspace, ActionKind.THANK_RECRUITER, app_id)
    debrief_id = action_id(workspace, ActionKind.DEBRIEF, app_id)
    response = client.submit(f"/actions/{thank_id}/done", follow_redirects=False)
    assert response.status_code == 303
    client.submit(f"/actions/{debrief_id}/dismiss")
    page = client.page("/")
    assert "Thank the recruiter (Acme)" not in titles(section(page, "today"))
    assert "Write the debrief (Acme)" not in titles(section(page, "today"))
    with workspace() as ws:
        assert (
            get_action(session=ws.session, user_id=ws.user_id, action_id=thank_id).state
            is ActionState.DONE
        )
        assert (
            get_action(session=ws.session, user_id=ws.user_id, action_id=debrief_id).state
            is ActionState.DISMISSED
        )


def test_htmx_done_returns_only_a_status_message_for_the_alert_area(
    client: WebClient, workspace: Any
) -> None:
    app_id = seed_interview_today(workspace)
    thank_id = action_id(workspace, ActionKind.THANK_RECRUITER, app_id)
    response = client.post(
        f"/actions/{thank_id}/done",
        headers={"HX-Request": "true", "X-CSRF-Token": client.token},
    )
    assert response.status_code == 200
    fragment = BeautifulSoup(response.text, "html.parser")
    assert fragment.find("html") is None and fragment.find("h1") is None
    alerts = fragment.find(id="alerts")
    assert alerts["hx-swap-oob"] == "innerHTML"
    assert (
        alerts.find(role="status")
        .get_text(strip=True)
        .startswith("Done: Thank the recruiter (Acme)")
    )
    with workspace() as ws:
        assert (
            get_action(session=ws.session, user_id=ws.user_id, action_id=thank_id).state
            is ActionState.DONE
        )


def test_htmx_snooze_says_until_when(client: WebClient, workspace: Any) -> None:
    app_id = seed_interview_today(workspace)
    thank_id = action_id(workspace, ActionKind.THANK_RECRUITER, app_id)
    response = client.post(
        f"/actions/{thank_id}/snooze",
        data={"days": "7"},
        headers={"HX-Request": "true", "X-CSRF-Token": client.token},
    )
    text = BeautifulSoup(response.text, "html.parser").get_text(" ", strip=True)
    assert "Snoozed until Monday 30 November: Thank the recruiter (Acme)." in text


def test_a_post_without_the_token_is_refused_and_changes_nothing(
    client: WebClient, workspace: Any
) -> None:
    app_id = seed_interview_today(workspace)
    thank_id = action_id(workspace, ActionKind.THANK_RECRUITER, app_id)
    for verb, data in (("done", {}), ("dismiss", {}), ("snooze", {"days": "1"})):
        response = client.post(f"/actions/{thank_id}/{verb}", data=data, follow_redirects=False)
        assert response.status_code == 403
    assert client.post("/mood", data={"mood": "3"}).status_code == 403
    with workspace() as ws:
        row = get_action(session=ws.session, user_id=ws.user_id, action_id=thank_id)
        assert row.state is ActionState.OPEN and row.snoozed_until is None
        assert list_moods(session=ws.session, user_id=ws.user_id) == []


def test_settling_an_action_twice_explains_instead_of_failing(
    client: WebClient, workspace: Any
) -> None:
    app_id = seed_interview_today(workspace)
    thank_id = action_id(workspace, ActionKind.THANK_RECRUITER, app_id)
    client.submit(f"/actions/{thank_id}/done")
    again = client.submit(f"/actions/{thank_id}/done")
    assert again.status_code == 422
    assert "already done" in again.text
    assert client.submit("/actions/999999/done").status_code == 404
    bad = client.submit(
        f"/actions/{action_id(workspace, ActionKind.DEBRIEF, app_id)}/snooze", {"days": "0"}
    )
    assert bad.status_code == 422


def test_offer_deadlines_ahead_show_days_left_and_link_to_offers(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        app_id = interviewed(ws, "Globex", "Analyst", dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC))
        record_offer(
            session=ws.session,
            user_id=ws.user_id,
            application_id=app_id,
            terms=OfferTerms(deadline=dt.date(2026, 11, 27)),
            received_on=ws.today,
            now=ws.now,
        )
    page = client.page("/")
    deadlines = page.find("section", id="offer-deadlines")
    assert deadlines is not None
    text = deadlines.get_text(" ", strip=True)
    assert "Globex · Analyst" in text and "Friday 27 November" in text and "4 days left" in text
    assert deadlines.find("a", href="/offers") is not None


def _reject(ws: Any, app_id: int, on: dt.date) -> None:
    record_outcome(
        session=ws.session,
        user_id=ws.user_id,
        application_id=app_id,
        fields=OutcomeFields(kind=OutcomeKind.REJECTION, occurred_on=on),
        now=ws.now,
    )


def test_a_recent_rejection_brings_encouragement_from_the_users_numbers_and_a_check_in(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        initech = interviewed(
            ws, "Initech", "Engineer", dt.datetime(2026, 11, 12, 10, tzinfo=dt.UTC)
        )
        interviewed(ws, "Globex", "Analyst", dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC))
        _reject(ws, initech, dt.date(2026, 11, 20))
    page = client.page("/")
    words = page.find("section", class_="encouragement")
    assert words is not None
    text = words.get_text(" ", strip=True)
    assert "Initech said no 3 days ago" in text
    assert "Across 2 applications you have reached interviews in 2" in text
    assert "1 other process is still open: Globex" in text
    form = words.find("form", action="/mood")
    assert [r["value"] for r in form.find_all("input", attrs={"name": "mood"})] == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
    response = client.submit(
        "/mood", {"mood": "2", "note": "Flat, but fine."}, follow_redirects=False
    )
    assert response.status_code == 303
    assert "Thanks — noted." in client.page("/").find(id="alerts").get_text()
    with workspace() as ws:
        [mood] = list_moods(session=ws.session, user_id=ws.user_id)
        assert (mood.mood, mood.note) == (2, "Flat, but fine.")


def test_an_old_rejection_brings_no_encouragement(client: WebClient, workspace: Any) -> None:
    with workspace() as ws:
        initech = interviewed(
            ws, "Initech", "Engineer", dt.datetime(2026, 10, 12, 10, tzinfo=dt.UTC)
        )
        _reject(ws, initech, dt.date(2026, 11, 2))
    assert client.page("/").find("section", class_="encouragement") is None


def test_a_mood_without_a_number_keeps_the_note_and_says_what_is_missing(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        initech = interviewed(
            ws, "Initech", "Engineer", dt.datetime(2026, 11, 12, 10, tzinfo=dt.UTC)
        )
        _reject(ws, initech, dt.date(2026, 11, 20))
    response = client.submit("/mood", {"note": "Tired."})
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    assert page.find("textarea", id="mood-note").get_text() == "Tired."
    assert page.find(id="mood-error") is not None
    htmx = client.post(
        "/mood", data={"mood": "4"}, headers={"HX-Request": "true", "X-CSRF-Token": client.token}
    )
    fragment = BeautifulSoup(htmx.text, "html.parser")
    assert fragment.find("h1") is None
    assert "Thanks — noted." in fragment.find(role="status").get_text()


def test_the_demo_banner_explains_the_sample_and_clears_it(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        load_demo(session=ws.session, user_id=ws.user_id, today=ws.today, now=ws.now)
    page = client.page("/")
    banner = page.find("aside", class_="demo-banner")
    assert banner is not None and "invented" in banner.get_text()
    assert (
        banner.find("form", action="/demo/clear").find("button").get_text(strip=True)
        == "Clear the demo"
    )
    response = client.submit("/demo/clear", follow_redirects=False)
    assert response.status_code == 303
    page = client.page("/")
    assert page.find("aside", class_="demo-banner") is None
    assert "sample search is gone" in page.find(id="alerts").get_text()
    with workspace() as ws:
        assert not is_demo_loaded(session=ws.session, user_id=ws.user_id)


def test_a_long_agenda_shows_a_bounded_number_per_group_and_a_show_all_link(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        for number in range(12):
            interviewed(
                ws,
                f"Company {number:02d}",
                "Engineer",
                dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC),
                recruiter=False,
            )
    page = client.page("/")
    overdue = section(page, "overdue")
    assert overdue is not None
    total = int(overdue.find("span", class_="pill").get_text())
    assert total > SHOWN
    assert len(overdue.find_all("li", class_="action-card")) == SHOWN
    assert overdue.find("a", href="/?show=overdue#overdue") is not None
    everything = section(client.page("/?show=overdue"), "overdue")
    assert len(everything.find_all("li", class_="action-card")) == total


def test_the_bounded_agenda_agrees_with_the_full_agenda_including_snoozed_actions(
    workspace: Any,
) -> None:
    from afterword.playbook.service import agenda, snooze_action
    from afterword.views.agenda import agenda_view

    with workspace() as ws:
        for number, day in enumerate((9, 12, 16, 18, 20, 23)):
            interviewed(
                ws, f"Firm {number}", "Engineer", dt.datetime(2026, 11, day, 10, tzinfo=dt.UTC)
            )
    with workspace() as ws:
        rows = open_actions(session=ws.session, user_id=ws.user_id)
        # One overdue action pushed into this week, one of today's pushed past it.
        for row, days in ((rows[0], 2), (rows[-1], 20)):
            snooze_action(
                session=ws.session,
                user_id=ws.user_id,
                action_id=row.id,
                until=ws.today + dt.timedelta(days=days),
                today=ws.today,
                now=ws.now,
            )
    with workspace() as ws:
        full = agenda(session=ws.session, user_id=ws.user_id, today=ws.today)
        for limit in (1, 3, 50):
            view = agenda_view(session=ws.session, user_id=ws.user_id, today=ws.today, limit=limit)
            for name in ("overdue", "today", "this_week", "later"):
                expected = [row.id for row in getattr(full, name)]
                group = view.groups[name]
                assert group.total == len(expected), (name, limit)
                assert [item.id for item in group.items] == expected[:limit], (name, limit)
