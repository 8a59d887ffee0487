"""Editing and deleting interviews, people, feedback and journal entries where they are shown.

Runs on SQLite and PostgreSQL: the app here is built over the `database_url` fixture.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from bs4 import BeautifulSoup

from afterword.pipeline.applications import add_application, get_application
from afterword.pipeline.interviews import log_interview
from afterword.pipeline.outcomes import add_feedback
from afterword.pipeline.schemas import (
    ApplicationFields,
    ContactFields,
    FeedbackFields,
    InterviewFields,
)
from afterword.pipeline.status import Status
from afterword.reflection.schemas import JournalFields
from afterword.reflection.service import add_journal_entry, list_journal
from afterword.settings import Settings, load_settings
from tests.web.conftest import WebClient

HTMX = {"HX-Request": "true"}


@pytest.fixture
def web_settings(database_url: str) -> Settings:
    """The app over SQLite, then PostgreSQL."""
    return load_settings(database_url=database_url, web={"allowed_hosts": ["testserver"]})


def seed(workspace: Any) -> dict[str, int]:
    """Northwind: two rounds (Priya interviewed in the first), feedback and a journal entry."""
    with workspace() as ws:
        app = add_application(
            session=ws.session,
            user_id=ws.user_id,
            fields=ApplicationFields(company="Northwind", role="Data Engineer"),
            now=ws.now,
        )
        rounds = [
            log_interview(
                session=ws.session,
                user_id=ws.user_id,
                application_id=app.id,
                fields=InterviewFields(
                    kind="technical",
                    scheduled_at=dt.datetime(2026, 11, day, 14, tzinfo=dt.UTC),
                    timezone="Europe/London",
                    duration_minutes=45,
                ),
                now=ws.now,
                new_interviewers=people,
            )
            for day, people in ((16, [ContactFields(name="Priya Shah")]), (18, []))
        ]
        feedback = add_feedback(
            session=ws.session,
            user_id=ws.user_id,
            application_id=app.id,
            fields=FeedbackFields(received_on=dt.date(2026, 11, 20), text="Strong SQL."),
            now=ws.now,
        )
        entry = add_journal_entry(
            session=ws.session,
            user_id=ws.user_id,
            fields=JournalFields(text="A long day."),
            now=ws.now,
            application_id=app.id,
        )
        return {
            "app": app.id,
            "first": rounds[0].id,
            "second": rounds[1].id,
            "priya": rounds[0].interviewers[0].id,
            "feedback": feedback.id,
            "entry": entry.id,
        }


def process(workspace: Any, app_id: int) -> dict[str, Any]:
    """What is stored about the process, in plain values."""
    with workspace() as ws:
        app = get_application(session=ws.session, user_id=ws.user_id, application_id=app_id)
        return {
            "status": app.status,
            "interviews": [
                (
                    i.round,
                    i.kind.value,
                    i.scheduled_at,
                    i.location,
                    [p.name for p in i.interviewers],
                )
                for i in app.interviews
            ],
            "people": [(c.name, c.email, c.role.value) for c in app.contacts],
            "feedback": [(f.received_on, f.text) for f in app.feedback],
        }


def journal(workspace: Any) -> list[tuple[str, int | None]]:
    with workspace() as ws:
        return [
            (e.text, e.application_id) for e in list_journal(session=ws.session, user_id=ws.user_id)
        ]


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def note(page: BeautifulSoup, field_id: str) -> str:
    """The problem shown under a field that is marked invalid and points at it."""
    control = page.select_one(f"#{field_id}")
    assert control is not None and control.get("aria-invalid") == "true", field_id
    return page.select_one(f"#{control['aria-describedby']}").text


# -- where the forms are ------------------------------------------------------------------------


def test_each_record_on_the_application_page_has_its_edit_form_and_a_delete_behind_a_question(
    client: WebClient, workspace: Any
) -> None:
    ids = seed(workspace)
    page = client.page(f"/applications/{ids['app']}")
    first = page.select_one(f"#form-interview-{ids['first']}")
    assert first.find_parent("details") is not None and not first.find_parent("details").has_attr(
        "open"
    )
    assert first.select_one("[name=scheduled_on]")["value"] == "2026-11-16"
    assert first.select_one("[name=scheduled_time]")["value"] == "14:00"
    assert first.select_one("[name=kind] option[selected]")["value"] == "technical"
    assert page.select_one(f"#form-contact-{ids['priya']} [name=name]")["value"] == "Priya Shah"
    assert page.select_one(f"#form-feedback-{ids['feedback']} [name=text]").text == "Strong SQL."
    for action in (
        f"/interviews/{ids['first']}/delete",
        f"/contacts/{ids['priya']}/delete",
        f"/feedback/{ids['feedback']}/delete",
    ):
        form = page.select_one(f'form[action="{action}"]')
        # A plain form (no JavaScript needed) inside a closed <details>: opening it is the question.
        assert form["method"] == "post" and form.select_one("input[name=csrf_token]")
        assert not form.find_parent("details").has_attr("open")
        assert "cannot be undone" in form.text


# -- interviews ----------------------------------------------------------------------------------


def test_an_interview_is_moved_and_gains_an_interviewer_with_other_fields_kept(
    client: WebClient, workspace: Any
) -> None:
    ids = seed(workspace)
    page = client.page(f"/applications/{ids['app']}")
    form = page.select_one(f"#form-interview-{ids['first']}")
    values = {
        field["name"]: field.get("value", "")
        for field in form.select("input")
        if field["name"] != "csrf_token"
    }
    values.update(kind="technical", scheduled_time="16:30", interviewers="Tom <tom@example.com>")
    response = client.submit(f"/interviews/{ids['first']}/edit", values, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/applications/{ids['app']}#interview-{ids['first']}"
    [first, _] = process(workspace, ids["app"])["interviews"]
    # 16:30 in London in November is 16:30 UTC.
    assert first == (
        1,
        "technical",
        dt.datetime(2026, 11, 16, 16, 30, tzinfo=dt.UTC),
        None,
        ["Priya Shah", "Tom"],
    )


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_bad_time_zone_is_shown_by_its_field_and_the_typed_values_stay(
    client: WebClient, workspace: Any, htmx: bool
) -> None:
    ids = seed(workspace)
    before = process(workspace, ids["app"])
    response = client.submit(
        f"/interviews/{ids['first']}/edit",
        {"kind": "onsite", "scheduled_on": "2026-11-17", "timezone": "Mars/Olympus"},
        headers=HTMX if htmx else {},
    )
    assert response.status_code == (200 if htmx else 422)
    page = soup(response)
    assert (page.h1 is None) is htmx
    prefix = f"interview-{ids['first']}-f-"
    assert "not a time zone" in note(page, f"{prefix}timezone")
    assert page.select_one(f"#{prefix}scheduled_on")["value"] == "2026-11-17"
    assert page.select_one(f"#{prefix}kind option[selected]")["value"] == "onsite"
    if not htmx:
        assert (
            page.select_one(f"#form-interview-{ids['first']}")
            .find_parent("details")
            .has_attr("open")
        )
    assert process(workspace, ids["app"]) == before


def test_deleting_a_round_keeps_its_people_and_renumbers_the_next(
    client: WebClient, workspace: Any
) -> None:
    ids = seed(workspace)
    response = client.submit(f"/interviews/{ids['first']}/delete", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/applications/{ids['app']}#interviews"
    after = process(workspace, ids["app"])
    assert [(number, day.day) for number, _, day, _, _ in after["interviews"]] == [(1, 18)]
    assert after["people"] == [("Priya Shah", None, "interviewer")]
    page = client.page(f"/applications/{ids['app']}")
    assert "Deleted round 1 and its debrief. The later rounds moved up one." in page.text
    assert page.select_one(f"#interview-{ids['second']} h3").text.startswith("Round 1")


def test_deleting_with_htmx_reloads_the_page(client: WebClient, workspace: Any) -> None:
    ids = seed(workspace)
    response = client.submit(f"/interviews/{ids['second']}/delete", headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == f"/applications/{ids['app']}"
    assert process(workspace, ids["app"])["status"] is Status.INTERVIEWING


# -- people --------------------------------------------------------------------------------------


def test_a_person_is_edited_and_a_missing_name_and_address_is_flagged_by_the_name(
    client: WebClient, workspace: Any
) -> None:
    ids = seed(workspace)
    url = f"/contacts/{ids['priya']}/edit"
    refused = client.submit(url, {"name": "", "email": "", "role": "recruiter", "phone": "0123"})
    assert refused.status_code == 422
    page = soup(refused)
    assert "a name or an email address" in note(page, f"contact-{ids['priya']}-f-name")
    assert page.select_one(f"#contact-{ids['priya']}-f-phone")["value"] == "0123"
    saved = client.submit(
        url,
        {"name": "Priya Shah", "email": "priya@example.com", "role": "hiring_manager"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert process(workspace, ids["app"])["people"] == [
        ("Priya Shah", "priya@example.com", "hiring_manager")
    ]


def test_removing_a_person_leaves_their_interview_without_them(
    client: WebClient, workspace: Any
) -> None:
    ids = seed(workspace)
    response = client.submit(f"/contacts/{ids['priya']}/delete", follow_redirects=False)
    assert response.headers["location"] == f"/applications/{ids['app']}#people"
    after = process(workspace, ids["app"])
    assert after["people"] == []
    assert [people for *_, people in after["interviews"]] == [[], []]
    assert "Removed Priya Shah." in client.page(f"/applications/{ids['app']}").text


# -- feedback, from either page ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("back", "page_url", "anchor"),
    [(None, "/applications/{app}", "#feedback"), ("reflection", "/reflection", "#feedback")],
    ids=["application", "reflection"],
)
def test_feedback_is_edited_and_deleted_from_the_page_that_shows_it(
    client: WebClient, workspace: Any, back: str | None, page_url: str, anchor: str
) -> None:
    ids = seed(workspace)
    page_url = page_url.format(**ids)
    extra = {"back": back} if back else {}
    form = client.page(page_url).select_one(f"#form-feedback-{ids['feedback']}")
    assert (form.select_one("input[name=back]") is not None) is bool(back)
    url = f"/feedback/{ids['feedback']}"
    refused = client.submit(f"{url}/edit", {"received_on": "2026-11-21", "text": " ", **extra})
    assert refused.status_code == 422
    page = soup(refused)
    assert page.h1.text.startswith("Reflection" if back else "Northwind")
    assert note(page, f"feedback-{ids['feedback']}-f-text") == "is required"
    assert page.select_one(f"#feedback-{ids['feedback']}-f-received_on")["value"] == "2026-11-21"
    saved = client.submit(
        f"{url}/edit",
        {"received_on": "2026-11-21", "text": "Strong SQL; wanted tests.", **extra},
        follow_redirects=False,
    )
    assert saved.headers["location"] == page_url + anchor
    assert process(workspace, ids["app"])["feedback"] == [
        (dt.date(2026, 11, 21), "Strong SQL; wanted tests.")
    ]
    deleted = client.submit(f"{url}/delete", extra, follow_redirects=False)
    assert deleted.headers["location"] == page_url + anchor
    assert process(workspace, ids["app"])["feedback"] == []


def test_a_feedback_error_on_the_reflection_page_swaps_back_the_form_alone(
    client: WebClient, workspace: Any
) -> None:
    ids = seed(workspace)
    response = client.submit(
        f"/feedback/{ids['feedback']}/edit",
        {"received_on": "someday", "text": "Kept", "back": "reflection"},
        headers=HTMX,
    )
    page = soup(response)
    assert page.h1 is None and page.select_one(f"form#form-feedback-{ids['feedback']}")
    assert page.select_one("input[name=back]")["value"] == "reflection"
    assert "not a valid date" in note(page, f"feedback-{ids['feedback']}-f-received_on")
    assert page.select_one(f"#feedback-{ids['feedback']}-f-text").text == "Kept"


# -- journal -------------------------------------------------------------------------------------


def test_a_journal_entry_is_edited_unlinked_and_deleted_on_the_reflection_page(
    client: WebClient, workspace: Any
) -> None:
    ids = seed(workspace)
    page = client.page("/reflection")
    form = page.select_one(f"#form-journal-{ids['entry']}")
    assert form.select_one("[name=application_id] option[selected]")["value"] == str(ids["app"])
    url = f"/reflection/journal/{ids['entry']}"
    saved = client.submit(
        f"{url}/edit",
        {"text": "A long day, but I learned.", "application_id": ""},
        follow_redirects=False,
    )
    assert saved.headers["location"] == f"/reflection#journal-{ids['entry']}"
    assert journal(workspace) == [("A long day, but I learned.", None)]
    deleted = client.submit(f"{url}/delete", follow_redirects=False)
    assert deleted.headers["location"] == "/reflection#journal"
    assert journal(workspace) == []
    assert "Deleted the entry." in client.page("/reflection").text


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_an_emptied_journal_entry_is_refused_by_its_field(
    client: WebClient, workspace: Any, htmx: bool
) -> None:
    ids = seed(workspace)
    response = client.submit(
        f"/reflection/journal/{ids['entry']}/edit",
        {"text": "", "application_id": "abc"},
        headers=HTMX if htmx else {},
    )
    page = soup(response)
    assert (page.h1 is None) is htmx
    prefix = f"journal-{ids['entry']}-f-"
    assert note(page, f"{prefix}text") == "is required"
    assert "choose an application" in note(page, f"{prefix}application_id")
    if not htmx:
        assert (
            page.select_one(f"#form-journal-{ids['entry']}").find_parent("details").has_attr("open")
        )
    assert journal(workspace) == [("A long day.", ids["app"])]


def test_an_entry_about_an_older_application_keeps_it_in_the_picker(
    client: WebClient, workspace: Any
) -> None:
    ids = seed(workspace)
    with workspace() as ws:
        for number in range(60):  # pushes Northwind out of the 50 most recent
            add_application(
                session=ws.session,
                user_id=ws.user_id,
                fields=ApplicationFields(company=f"Company {number}", role="Analyst"),
                now=ws.now + dt.timedelta(minutes=number + 1),
            )
    form = client.page("/reflection").select_one(f"#form-journal-{ids['entry']}")
    assert form.select_one("[name=application_id] option[selected]")["value"] == str(ids["app"])


# -- things that are not there ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/interviews/999/edit",
        "/interviews/999/delete",
        "/contacts/999/edit",
        "/contacts/999/delete",
        "/feedback/999/edit",
        "/feedback/999/delete",
        "/reflection/journal/999/edit",
        "/reflection/journal/999/delete",
    ],
)
def test_a_record_that_is_gone_is_a_plain_404(client: WebClient, url: str) -> None:
    response = client.submit(url, {"text": "x"})
    assert response.status_code == 404
    assert "there is no" in soup(response).text
