"""The debrief form saves whatever part of it is filled in, and shows problems by their field.

Runs on SQLite and PostgreSQL: the app here is built over the `database_url` fixture.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterword.pipeline.applications import add_application
from afterword.pipeline.decision_timeline import TimelineUnit
from afterword.pipeline.interviews import get_interview, log_interview
from afterword.pipeline.schemas import ApplicationFields, InterviewFields
from afterword.settings import Settings, load_settings
from tests.web.conftest import WebClient


@pytest.fixture
def web_settings(database_url: str) -> Settings:
    """The app over SQLite, then PostgreSQL."""
    return load_settings(database_url=database_url, web={"allowed_hosts": ["testserver"]})


# What a browser sends for an untouched debrief form: the unit list always sends its first
# unit, "Not sure" is the checked radio, and three blank question rows.
BLANK: dict[str, Any] = {
    "self_rating": "",
    "went_well": "",
    "went_badly": "",
    "decision_by": "",
    "decision_within": "",
    "decision_within_unit": "business_days",
    "further_round_expected": "",
    "still_interested": "",
    "question_text": ["", "", ""],
    "question_result": ["", "", ""],
    "question_notes": ["", "", ""],
    "notes": "",
}

STORED = (
    "self_rating",
    "went_well",
    "went_badly",
    "notes",
    "decision_by",
    "decision_within",
    "decision_within_unit",
    "further_round_expected",
    "still_interested",
)

# One field filled in at a time: (what the form sends on top of BLANK, what is stored).
ALONE: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "rating": ({"self_rating": "4"}, {"self_rating": 4}),
    "went_well": ({"went_well": "The SQL part"}, {"went_well": "The SQL part"}),
    "went_badly": ({"went_badly": "Streaming"}, {"went_badly": "Streaming"}),
    "notes": ({"notes": "Nice office"}, {"notes": "Nice office"}),
    "decision_by": ({"decision_by": "2026-12-04"}, {"decision_by": dt.date(2026, 12, 4)}),
    "number_and_unit": (
        {"decision_within": "2", "decision_within_unit": "weeks"},
        {"decision_within": 2, "decision_within_unit": TimelineUnit.WEEKS},
    ),
    "unit_alone_is_ignored": ({"decision_within_unit": "weeks"}, {}),
    "another_round": ({"further_round_expected": "no"}, {"further_round_expected": False}),
    "still_interested": ({"still_interested": "yes"}, {"still_interested": True}),
    "one_question_row": (
        {
            "question_text": ["", "Why us?", ""],
            "question_result": ["", "well", ""],
            "question_notes": ["", "", ""],
        },
        {},
    ),
}


def new_interview(workspace: Any) -> int:
    """An application with one interview that took place, not yet debriefed."""
    with workspace() as ws:
        application = add_application(
            session=ws.session,
            user_id=ws.user_id,
            fields=ApplicationFields(company="Northwind", role="Data Engineer"),
            now=ws.now,
        )
        return log_interview(
            session=ws.session,
            user_id=ws.user_id,
            application_id=application.id,
            fields=InterviewFields(
                kind="technical",
                scheduled_at=dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC),
                timezone="Europe/London",
            ),
            now=ws.now,
        ).id


def stored(workspace: Any, interview_id: int) -> dict[str, Any]:
    """The debrief as saved, with its questions as (text, went_well) pairs."""
    with workspace() as ws:
        interview = get_interview(session=ws.session, user_id=ws.user_id, interview_id=interview_id)
        saved = {name: getattr(interview, name) for name in STORED}
        saved["debriefed"] = interview.debriefed_at is not None
        saved["questions"] = [(q.text, q.went_well) for q in interview.questions]
        return saved


@pytest.mark.parametrize("filled", list(ALONE), ids=list(ALONE))
def test_debrief_saves_with_each_field_alone(
    client: WebClient, workspace: Any, filled: str
) -> None:
    interview_id = new_interview(workspace)
    sent, expected = ALONE[filled]
    response = client.submit(
        f"/interviews/{interview_id}/debrief", {**BLANK, **sent}, follow_redirects=False
    )
    assert response.status_code == 303, BeautifulSoup(response.text, "html.parser").select(
        ".field-error, .form-error"
    )
    saved = stored(workspace, interview_id)
    # Something of the interview itself makes it the debrief (and settles that step); a
    # timeline or a yes/no alone is saved without ticking the debrief off.
    assert saved.pop("debriefed") is (filled in WRITES_THE_DEBRIEF)
    questions = saved.pop("questions")
    assert questions == ([("Why us?", True)] if filled == "one_question_row" else [])
    assert saved == {name: expected.get(name) for name in STORED}


WRITES_THE_DEBRIEF = {"rating", "went_well", "went_badly", "notes", "one_question_row"}


def field_problem(page: BeautifulSoup, field_id: str) -> str:
    """The error shown under a field, checking the field points at it and is marked invalid."""
    control = page.select_one(f"#{field_id}")
    assert control is not None, field_id
    assert control.get("aria-invalid") == "true"
    note = page.select_one(f"#{control['aria-describedby']}")
    assert note is not None and "field-error" in note.get("class", [])
    return note.text


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("sent", "field", "words"),
    [
        ({"decision_within": "0"}, "decision_within", "at least 1"),
        ({"decision_within": "soon"}, "decision_within", "not a whole number"),
        (
            {"decision_by": "2026-12-04", "decision_within": "3"},
            "decision_within",
            "not both",
        ),
        ({"decision_within": "3", "decision_within_unit": ""}, "decision_within_unit", "unit"),
        ({"decision_by": "20261-01-01"}, "decision_by", "not a valid date"),
    ],
    ids=["zero", "words", "date_and_span", "no_unit", "bad_date"],
)
def test_a_problem_is_shown_next_to_its_field_and_nothing_typed_is_lost(
    client: WebClient,
    workspace: Any,
    sent: dict[str, str],
    field: str,
    words: str,
    htmx: bool,
) -> None:
    interview_id = new_interview(workspace)
    typed = {**BLANK, **sent, "went_well": "Kept calm", "question_text": ["Why us?", "", ""]}
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.submit(f"/interviews/{interview_id}/debrief", typed, headers=headers)
    assert response.status_code == (200 if htmx else 422)
    page = BeautifulSoup(response.text, "html.parser")
    assert (page.h1 is None) is htmx  # HTMX gets the form alone, to swap in place
    form = page.select_one(f"#form-debrief-{interview_id}")
    assert form is not None
    assert words in field_problem(form, f"debrief-{interview_id}-f-{field}")
    assert not form.select(".form-error")  # the problem is by its field, not above the form
    assert form.select_one("textarea[name=went_well]").text == "Kept calm"
    assert form.select_one("input[name=question_text]")["value"] == "Why us?"
    if not htmx:
        assert form.find_parent("details").has_attr("open")
    assert stored(workspace, interview_id)["debriefed"] is False


def test_a_question_note_without_its_question_is_flagged_on_that_row(
    client: WebClient, workspace: Any
) -> None:
    interview_id = new_interview(workspace)
    typed = {**BLANK, "question_notes": ["", "Said too little", ""]}
    page = BeautifulSoup(
        client.submit(f"/interviews/{interview_id}/debrief", typed).text, "html.parser"
    )
    assert "the question itself" in field_problem(page, f"debrief-{interview_id}-q1-text")
    assert page.select("input[name=question_notes]")[1]["value"] == "Said too little"


def test_amending_a_debrief_with_a_span_replaces_the_promised_date(
    client: WebClient, workspace: Any
) -> None:
    interview_id = new_interview(workspace)
    client.submit(f"/interviews/{interview_id}/debrief", {**BLANK, "decision_by": "2026-12-04"})
    # The page now shows the date; the person clears it and gives a span instead.
    response = client.submit(
        f"/interviews/{interview_id}/debrief",
        {**BLANK, "decision_within": "5", "decision_within_unit": "days"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    saved = stored(workspace, interview_id)
    assert (saved["decision_by"], saved["decision_within"]) == (None, 5)


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40).filter(
    lambda text: text.strip() != ""
)
SUBSET = st.fixed_dictionaries(
    {},
    optional={
        "self_rating": st.integers(1, 5),
        "went_well": TEXT,
        "went_badly": TEXT,
        "notes": TEXT,
        "timeline": st.one_of(
            st.dates(dt.date(2026, 11, 20), dt.date(2027, 12, 31)),
            st.tuples(st.integers(1, 365), st.sampled_from(list(TimelineUnit))),
        ),
        "further_round_expected": st.booleans(),
        "still_interested": st.booleans(),
        "question": st.tuples(TEXT, st.sampled_from([True, False, None])),
    },
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(subset=SUBSET)
def test_any_subset_of_the_debrief_saves_and_reads_back(
    client: WebClient, workspace: Any, subset: dict[str, Any]
) -> None:
    interview_id = new_interview(workspace)
    form = dict(BLANK)
    expected: dict[str, Any] = dict.fromkeys(STORED)
    for name in ("self_rating", "went_well", "went_badly", "notes"):
        if name in subset:
            form[name] = str(subset[name])
            expected[name] = subset[name]
    for name in ("further_round_expected", "still_interested"):
        if name in subset:
            form[name] = "yes" if subset[name] else "no"
            expected[name] = subset[name]
    timeline = subset.get("timeline")
    if isinstance(timeline, dt.date):
        form["decision_by"] = timeline.isoformat()
        expected["decision_by"] = timeline
    elif timeline is not None:
        form["decision_within"], form["decision_within_unit"] = str(timeline[0]), timeline[1]
        expected["decision_within"], expected["decision_within_unit"] = timeline
    questions = []
    if "question" in subset:
        text, went_well = subset["question"]
        result = {True: "well", False: "tough", None: ""}[went_well]
        form.update(question_text=[text], question_result=[result], question_notes=[""])
        questions = [(text.strip(), went_well)]
    response = client.submit(f"/interviews/{interview_id}/debrief", form, follow_redirects=False)
    assert response.status_code == 303
    saved = stored(workspace, interview_id)
    written = bool(questions) or any(
        name in subset for name in ("self_rating", "went_well", "went_badly", "notes")
    )
    assert saved.pop("debriefed") is written
    assert saved.pop("questions") == questions
    assert saved == expected
