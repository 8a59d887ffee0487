"""The Application page's lean read equals the ORM-loaded reference, field by field and as HTML.

Generated processes (rounds with and without interviewers, questions, promised timelines;
people; news; offers with and without deadlines and extensions; feedback; sent emails;
notes; history; tags; the agenda the playbook plans for them) are written through the
models, the plan follows as in the app, and both builders read the same application. Other
applications' records are in the database too (each example adds one more), so a read that
leaked across applications would show.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterword.mail.models import DeliveryRoute, SentMessage
from afterword.offers.models import Offer
from afterword.pipeline.decision_timeline import TimelineUnit
from afterword.pipeline.models import (
    Application,
    ApplicationTag,
    Contact,
    ContactRole,
    Feedback,
    Interview,
    InterviewKind,
    InterviewQuestion,
    Outcome,
    SalaryPeriod,
    StatusChange,
)
from afterword.pipeline.status import OfferDecision, OutcomeKind, Status
from afterword.reflection.models import JournalEntry
from afterword.settings import load_settings
from afterword.views.application import process_view
from afterword.web import templating
from afterword.web.routes import application_page
from afterword.workspace import workspace_scope
from tests.views.reference_application import process_view as reference_view

pytestmark = pytest.mark.usefixtures("database_url")

BASE = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)

words = st.text(alphabet="abcdefgh <&'\"", min_size=1, max_size=12)
maybe_words = st.none() | words
instants = st.integers(0, 60 * 24 * 40).map(lambda minutes: BASE + dt.timedelta(minutes=minutes))
days = st.integers(0, 60).map(lambda n: BASE.date() + dt.timedelta(days=n))
maybe = st.none() | st.booleans()

contact_story = st.fixed_dictionaries(
    {
        "name": maybe_words,
        "email": st.none() | st.just("someone@example.org"),
        "role": st.sampled_from(ContactRole),
        "phone": maybe_words,
        "notes": maybe_words,
    }
)
round_story = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(InterviewKind),
        "scheduled_at": st.none() | instants,
        "timezone": st.sampled_from([None, "Europe/London", "America/New_York", "+02:00"]),
        "duration_minutes": st.none() | st.integers(15, 240),
        "location": maybe_words,
        "self_rating": st.none() | st.integers(1, 5),
        "went_well": maybe_words,
        "went_badly": maybe_words,
        "notes": maybe_words,
        "decision_by": st.none() | days,
        "decision_within": st.none() | st.integers(1, 15),
        "decision_within_unit": st.none() | st.sampled_from(TimelineUnit),
        "further_round_expected": maybe,
        "still_interested": maybe,
        "debriefed_at": st.none() | instants,
        "interviewers": st.lists(st.integers(0, 3), max_size=3, unique=True),
        "questions": st.lists(st.tuples(words, maybe, maybe_words), max_size=3),
    }
)
offer_story = st.fixed_dictionaries(
    {
        "received_on": st.none() | days,
        "base_salary": st.none() | st.integers(30_000, 300_000),
        "currency": st.sampled_from([None, "GBP", "EUR"]),
        "bonus_amount": st.none() | st.integers(1_000, 50_000),
        "bonus_percent": st.none() | st.sampled_from([5.0, 12.5]),
        "sign_on": st.none() | st.integers(1_000, 50_000),
        "equity_value": st.none() | st.integers(1_000, 50_000),
        "vesting_schedule": maybe_words,
        "start_date": st.none() | days,
        "deadline": st.none() | days,
        "extended_deadline": st.none() | days,
        "extension_requested_on": st.none() | days,
        "extension_again": st.booleans(),
        "decision": st.sampled_from(OfferDecision),
    }
)
process_story = st.fixed_dictionaries(
    {
        "status": st.sampled_from(Status),
        "fields": st.fixed_dictionaries(
            {
                "link": st.none() | st.just("https://example.org/job"),
                "source": maybe_words,
                "location": maybe_words,
                "salary_min": st.none() | st.integers(20_000, 90_000),
                "salary_max": st.none() | st.integers(90_000, 200_000),
                "salary_currency": st.sampled_from([None, "GBP"]),
                "salary_period": st.none() | st.sampled_from(SalaryPeriod),
                "interest": st.none() | st.integers(1, 5),
                "notes": maybe_words,
                "applied_on": st.none() | days,
            }
        ),
        "tags": st.lists(st.sampled_from(["remote", "data", "fintech", "b"]), unique=True),
        "contacts": st.lists(contact_story, max_size=4),
        "rounds": st.lists(round_story, max_size=3),
        "news": st.lists(st.tuples(st.sampled_from(OutcomeKind), days, maybe_words), max_size=3),
        "offers": st.lists(offer_story, max_size=2),
        "feedback": st.lists(st.tuples(days, words), max_size=2),
        "sent": st.lists(
            st.tuples(st.sampled_from(DeliveryRoute), maybe_words, words, instants), max_size=2
        ),
        "notes": st.lists(st.tuples(instants, words), max_size=2),
        "moves": st.lists(st.tuples(st.sampled_from(Status), instants, words), max_size=3),
    }
)


def write_process(session: Any, user_id: int, story: dict[str, Any]) -> int:
    """Writes one generated process through the models; returns its id."""
    owned = {"user_id": user_id}
    app = Application(
        **owned,
        company="Fernhill & Co",
        role="Analyst <data>",
        status=story["status"],
        created_at=BASE,
        updated_at=BASE,
        **story["fields"],
    )
    session.add(app)
    session.flush()
    here = {**owned, "application_id": app.id}
    session.add_all(
        ApplicationTag(application_id=app.id, name=tag, **owned) for tag in story["tags"]
    )
    contacts = [Contact(**here, created_at=BASE, **person) for person in story["contacts"]]
    session.add_all(contacts)
    for number, round_ in enumerate(story["rounds"], start=1):
        details = {k: v for k, v in round_.items() if k not in ("interviewers", "questions")}
        interview = Interview(**here, round=number, created_at=BASE, **details)
        interview.interviewers = [contacts[i] for i in round_["interviewers"] if i < len(contacts)]
        interview.questions = [
            InterviewQuestion(**owned, text=text, went_well=well, answer_notes=notes)
            for text, well, notes in round_["questions"]
        ]
        session.add(interview)
    session.add_all(
        Outcome(**here, kind=kind, occurred_on=day, note=note, created_at=BASE)
        for kind, day, note in story["news"]
    )
    session.add_all(
        Offer(**here, created_at=BASE, updated_at=BASE, **terms) for terms in story["offers"]
    )
    session.add_all(
        Feedback(**here, received_on=day, text=text, created_at=BASE)
        for day, text in story["feedback"]
    )
    session.add_all(
        SentMessage(
            **here, template="t", route=route, to_name=name, subject=subject, body="b", at=at
        )
        for route, name, subject, at in story["sent"]
    )
    session.add_all(JournalEntry(**here, written_at=at, text=text) for at, text in story["notes"])
    previous = None
    for status, at, cause in story["moves"]:
        session.add(
            StatusChange(**here, from_status=previous, to_status=status, at=at, cause=cause)
        )
        previous = status
    session.flush()
    return app.id


def same_record(lean: Any, reference: Any, where: str) -> None:
    """Every field of a lean record equals the reference's attribute of the same name."""
    for item in dataclasses.fields(lean):
        mine, theirs = getattr(lean, item.name), getattr(reference, item.name)
        if isinstance(mine, list) and mine and dataclasses.is_dataclass(mine[0]):
            assert len(mine) == len(theirs), f"{where}.{item.name}: count"
            for index, (a, b) in enumerate(zip(mine, theirs, strict=True)):
                same_record(a, b, f"{where}.{item.name}[{index}]")
        elif item.name == "tag_names":
            assert mine == reference.tag_names, where
        else:
            assert mine == theirs, f"{where}.{item.name}: {mine!r} != {theirs!r}"


DERIVED = {
    "display_name": "contacts",
    "timeline": "interviews",
    "effective_deadline": "offers",
}


@given(story=process_story)
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_lean_application_view_equals_the_orm_reference_field_by_field(
    database_url: str, story: dict[str, Any]
) -> None:
    options = load_settings(database_url=database_url)
    with workspace_scope(options) as ws:
        application_id = write_process(ws.session, ws.user_id, story)
    with workspace_scope(options) as ws:
        args: dict[str, Any] = {
            "session": ws.session,
            "user_id": ws.user_id,
            "application_id": application_id,
            "timezone": ws.user.timezone,
        }
        lean, reference = process_view(**args), reference_view(**args)
        same_record(lean.application, reference.application, "application")
        # The properties the records borrow from the models give the same answers.
        for attribute, children in DERIVED.items():
            for a, b in zip(
                getattr(lean.application, children),
                getattr(reference.application, children),
                strict=True,
            ):
                assert getattr(a, attribute) == getattr(b, attribute), attribute
        assert lean.timeline == reference.timeline
        assert (lean.offer is None) == (reference.offer is None)
        if lean.offer is not None:
            same_record(lean.offer, reference.offer, "offer")
        assert lean.offer_is_open == reference.offer_is_open
        for mine, theirs in ((lean.actions, reference.actions), (lean.settled, reference.settled)):
            assert [a.id for a in mine] == [b.id for b in theirs]
            for a, b in zip(mine, theirs, strict=True):
                same_record(a, b, "action")
                # The properties borrowed from PlannedAction (getattr: mypy types their self).
                for name in ("effective_due", "undoable"):
                    assert getattr(a, name) == getattr(b, name), name


def fake_request(workspace: Any, path: str) -> Any:
    """What `render` reads from a request: the form token, the workspace, the path."""
    app = SimpleNamespace(state=SimpleNamespace(csrf_token_for=lambda _request: "f" * 32))
    return SimpleNamespace(
        app=app,
        state=SimpleNamespace(workspace=workspace),
        headers={},
        cookies={},
        url=SimpleNamespace(path=path, query=""),
        query_params={},
    )


def masked(html: str) -> str:
    """The page with its form token masked (it is per session, not per read)."""
    return re.sub(r'(csrf[-_]token"? (?:value|content)=")[^"]*', r"\1TOKEN", html)


@given(story=process_story)
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_application_page_html_is_the_same_from_the_lean_read_and_the_reference(
    database_url: str, story: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    options = load_settings(database_url=database_url)
    with workspace_scope(options) as ws:
        application_id = write_process(ws.session, ws.user_id, story)
    with workspace_scope(options) as ws:
        path = f"/applications/{application_id}"
        request = fake_request(ws, path)
        lean = application_page.page_context(ws, application_id)
        with monkeypatch.context() as patched:
            patched.setattr(application_page, "process_view", reference_view)
            reference = application_page.page_context(ws, application_id)
        lean_html = bytes(templating.render(request, "application.html", lean).body).decode()
        reference_html = bytes(
            templating.render(request, "application.html", reference).body
        ).decode()
    assert "Fernhill &amp; Co" in lean_html
    assert masked(lean_html) == masked(reference_html)


def test_another_users_application_is_not_found_by_the_lean_read(database_url: str) -> None:
    from afterword.errors import NotFoundError
    from afterword.profile.service import get_or_create_user

    options = load_settings(database_url=database_url)
    with workspace_scope(options) as ws:
        story: dict[str, Any] = {
            "status": Status.INTERVIEWING,
            "fields": {},
            **{
                key: []
                for key in ("tags", "contacts", "rounds", "news", "offers", "feedback", "sent")
            },
            "notes": [],
            "moves": [],
        }
        theirs = write_process(ws.session, ws.user_id, story)
        someone_else = get_or_create_user(
            session=ws.session, handle="other", timezone="UTC", country="GB", now=BASE
        ).id
    with workspace_scope(options) as ws:
        for user_id, application_id in ((someone_else, theirs), (ws.user_id, theirs + 1)):
            with pytest.raises(NotFoundError, match=f"no application with id {application_id}"):
                process_view(
                    session=ws.session,
                    user_id=user_id,
                    application_id=application_id,
                    timezone="UTC",
                )
