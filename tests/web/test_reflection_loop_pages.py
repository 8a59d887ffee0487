"""The reflection loop's pages over HTTP: the game plan's form, its steps in the agenda, themes
with their quotes on the Numbers page, and earlier reflections before the next round."""

from __future__ import annotations

import datetime as dt
from typing import Any

from afterword.pipeline.applications import add_application
from afterword.pipeline.interviews import log_interview
from afterword.pipeline.schemas import ApplicationFields, InterviewFields
from afterword.playbook.actions import ActionKind
from afterword.playbook.models import ActionState, PlannedAction
from afterword.reflection.models import PlanStep
from afterword.reflection.reflections import add_reflection
from afterword.reflection.schemas import ReflectionFields
from tests.web.conftest import WebClient
from tests.web.test_reflection_page import seed_reflection


def _step_actions(ws: Any) -> list[PlannedAction]:
    return list(ws.session.query(PlannedAction).filter_by(kind=ActionKind.PLAN_STEP))


def test_choosing_a_move_puts_its_dated_steps_in_the_agenda(
    client: WebClient, workspace: Any, today: dt.date
) -> None:
    due = (today + dt.timedelta(days=3)).isoformat()
    response = client.submit(
        "/game-plan/moves",
        {
            "move": "build_skill",
            "why": "Two companies asked for more design depth",
            "step_1_text": "Practise 3 system-design questions out loud",
            "step_1_due": due,
            "step_2_text": "",
            "step_2_due": "",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    with workspace() as ws:
        (action,) = _step_actions(ws)
        assert action.due.isoformat() == due and action.state is ActionState.OPEN
        assert "Practise 3 system-design questions out loud" in action.reason
    page = client.page("/game-plan")
    assert "Build a skill" in page.select_one(".plan-move").get_text()
    assert f"by {due}" in page.select_one(".plan-steps").get_text()


def test_ticking_a_step_off_settles_its_action(
    client: WebClient, workspace: Any, today: dt.date
) -> None:
    client.submit(
        "/game-plan/moves",
        {
            "move": "present",
            "step_1_text": "Rewrite the migration story",
            "step_1_due": today.isoformat(),
        },
    )
    with workspace() as ws:
        step_id = ws.session.query(PlanStep).one().id
    client.submit(f"/game-plan/steps/{step_id}/done", {})
    with workspace() as ws:
        (action,) = _step_actions(ws)
        assert action.state is ActionState.DONE
        assert action.done_note.startswith("step marked done in your game plan")
    # Not done after all: the step and its action are open again.
    client.submit(f"/game-plan/steps/{step_id}/done", {"undo": "1"})
    with workspace() as ws:
        (action,) = _step_actions(ws)
        assert action.state is ActionState.OPEN
        assert ws.session.get(PlanStep, step_id).done_on is None


def test_a_move_without_a_dated_step_is_refused_next_to_the_step(
    client: WebClient, workspace: Any
) -> None:
    response = client.submit(
        "/game-plan/moves", {"move": "target", "step_1_text": "Ask two engineers"}
    )
    assert response.status_code == 422
    page = client.page("/game-plan")  # nothing was saved
    assert "No move chosen yet." in page.get_text()
    assert "Ask two engineers" in response.text  # what was typed is kept


def test_numbers_page_shows_what_keeps_coming_up_with_the_quotes(
    client: WebClient, workspace: Any
) -> None:
    with workspace() as ws:
        seed_reflection(ws)
    themes = client.page("/numbers").select_one('ul[aria-labelledby="feedback-themes"]')
    text = themes.get_text(" ", strip=True)
    assert "System design" in text and "The system design answer lacked depth" in text


def test_earlier_reflections_show_before_the_next_round_of_the_same_kind(
    client: WebClient, workspace: Any, today: dt.date
) -> None:
    with workspace() as ws:
        acme = seed_reflection(ws)
        add_reflection(
            session=ws.session,
            user_id=ws.user_id,
            application_id=acme,
            fields=ReflectionFields(was_tough="Estimating the write load"),
            now=ws.now,
        )
        globex = add_application(
            session=ws.session,
            user_id=ws.user_id,
            fields=ApplicationFields(company="Globex", role="Platform Engineer"),
            now=ws.now,
        )
        log_interview(
            session=ws.session,
            user_id=ws.user_id,
            application_id=globex.id,
            fields=InterviewFields(
                kind="system_design",
                scheduled_at=dt.datetime.combine(
                    today + dt.timedelta(days=4), dt.time(10), tzinfo=dt.UTC
                ),
            ),
            now=ws.now,
        )
    page = client.page(f"/applications/{globex.id}")
    earlier = page.select_one(".reflections-before").get_text(" ", strip=True)
    assert "Acme" in earlier and "another system design round" in earlier
    assert "What was tough: Estimating the write load" in earlier


def test_the_offer_comparison_shows_each_base_against_its_target(
    client: WebClient, workspace: Any, today: dt.date
) -> None:
    from afterword.offers.schemas import OfferTerms
    from afterword.offers.service import record_offer

    with workspace() as ws:
        app = add_application(
            session=ws.session,
            user_id=ws.user_id,
            fields=ApplicationFields(company="Northwind", role="Data Engineer"),
            now=ws.now,
        )
        record_offer(
            session=ws.session,
            user_id=ws.user_id,
            application_id=app.id,
            terms=OfferTerms(base_salary=88_000, currency="GBP"),
            received_on=today,
            now=ws.now,
        )
    response = client.submit(
        f"/salary/{app.id}",
        {"low": "90k", "high": "105k", "walk_away": "85k", "currency": "GBP", "sources": "Peers"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    row = client.page("/offers").select_one('tr[data-row="target"]').get_text(" ", strip=True)
    assert "2,000 GBP below your target range" in row
    refused = client.submit(f"/salary/{app.id}", {"low": "90k", "walk_away": "95k"})
    assert refused.status_code == 422 and "walk-away number" in refused.text


def test_praise_is_shown_to_keep_never_as_a_gap_on_the_numbers_and_game_plan_pages(
    client: WebClient, workspace: Any
) -> None:
    from afterword.pipeline.outcomes import add_feedback
    from afterword.pipeline.schemas import FeedbackFields

    with workspace() as ws:
        app_id = seed_reflection(ws)
        add_feedback(
            session=ws.session,
            user_id=ws.user_id,
            application_id=app_id,
            fields=FeedbackFields(
                received_on=dt.date(2026, 11, 22),
                text="Strong coding. Great communication, but the design needed more depth.",
            ),
            now=ws.now,
        )
    for path in ("/numbers", "/game-plan"):
        page = client.page(path)
        gaps = " ".join(ul.get_text(" ", strip=True) for ul in page.select("ul.theme-gaps"))
        kept = " ".join(ul.get_text(" ", strip=True) for ul in page.select("ul.theme-strengths"))
        assert "Strong coding" in kept and "Great communication" in kept, path
        assert "Strong coding" not in gaps and "Great communication" not in gaps, path
        assert "the design needed more depth" in gaps, path
