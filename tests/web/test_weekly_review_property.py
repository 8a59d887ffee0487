"""The weekly review's numbers equal the Numbers page's for the same week, and both equal
what was generated (property, hypothesis-generated searches through the real services).

Each example adds processes, practice and plan steps to the same workspace, then picks a
week; `afterword review --week` and the Numbers page must both show exactly the events the
example log holds for that week.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterword.cli.entry import main
from afterword.offers.schemas import OfferTerms
from afterword.offers.service import record_offer
from afterword.pipeline.applications import add_application
from afterword.pipeline.interviews import log_interview
from afterword.pipeline.outcomes import record_outcome
from afterword.pipeline.schemas import ApplicationFields, InterviewFields, OutcomeFields
from afterword.pipeline.status import OutcomeKind
from afterword.reflection.plan_service import choose_move, set_step_done
from afterword.reflection.practice import add_question, rate_practice
from afterword.reflection.schemas import PlanMoveFields
from afterword.reflection.weekly import FIGURES, week_of
from tests.web.conftest import WebClient

FIRST = dt.date(2026, 10, 5)  # a Monday; every generated day falls in the six weeks after it
DAY = st.integers(0, 41).map(lambda n: FIRST + dt.timedelta(days=n))
PROCESS = st.tuples(
    DAY,
    st.one_of(st.none(), st.integers(0, 10)),
    st.sampled_from([None, "rejection", "offer"]),
    st.integers(0, 10),
)


@pytest.fixture
def log() -> dict[str, list[dt.date]]:
    """The events generated so far in this test's workspace (it grows across examples)."""
    return {label: [] for _, label in FIGURES}


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def _cli_figures(capsys: Any, week: dt.date) -> dict[str, int]:
    capsys.readouterr()
    assert main(["review", "--week", "--of", week.isoformat()]) == 0
    out = capsys.readouterr().out
    return {
        label: int(re.search(rf"^\s+{re.escape(label)}\s+(\d+)$", out, re.M).group(1))
        for _, label in FIGURES
    }


def _page_figures(client: WebClient, week: dt.date) -> dict[str, int]:
    page = client.page(f"/numbers?week={week.isoformat()}")
    return {cell["data-figure"]: int(cell.get_text()) for cell in page.select(".week-figures dd")}


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    processes=st.lists(PROCESS, max_size=4),
    practice=st.lists(DAY, max_size=3),
    steps=st.lists(DAY, max_size=2),
    week=DAY.map(week_of),
)
def test_weekly_review_equals_the_numbers_page_and_the_events_of_the_week(
    client: WebClient,
    workspace: Any,
    capsys: Any,
    processes: list[tuple[dt.date, int | None, str | None, int]],
    practice: list[dt.date],
    steps: list[dt.date],
    week: dt.date,
    log: dict[str, list[dt.date]],
) -> None:
    with workspace() as ws:
        for applied, interview_after, outcome, outcome_after in processes:
            app = add_application(
                session=ws.session,
                user_id=ws.user_id,
                fields=ApplicationFields(company="Acme", role="Engineer", applied_on=applied),
                now=_noon(applied),
            )
            log["Applications sent"].append(applied)
            answered: dt.date | None = None
            day = applied
            if interview_after is not None:
                day = applied + dt.timedelta(days=interview_after)
                log_interview(
                    session=ws.session,
                    user_id=ws.user_id,
                    application_id=app.id,
                    fields=InterviewFields(kind="technical", scheduled_at=_noon(day)),
                    now=_noon(day),
                )
                log["Interviews"].append(day)
                answered = day
            if outcome is not None:
                day = day + dt.timedelta(days=outcome_after)
                if outcome == "rejection":
                    record_outcome(
                        session=ws.session,
                        user_id=ws.user_id,
                        application_id=app.id,
                        fields=OutcomeFields(kind=OutcomeKind.REJECTION, occurred_on=day),
                        now=_noon(day),
                    )
                    log["Rejections"].append(day)
                else:
                    record_offer(
                        session=ws.session,
                        user_id=ws.user_id,
                        application_id=app.id,
                        terms=OfferTerms(base_salary=90_000, currency="GBP"),
                        received_on=day,
                        now=_noon(day),
                    )
                    log["Offers"].append(day)
                answered = answered or day
            if answered is not None:
                log["Replies"].append(answered)
        for day in practice:
            card = add_question(
                session=ws.session, user_id=ws.user_id, text="Why us?", now=_noon(day)
            )
            rate_practice(
                session=ws.session, user_id=ws.user_id, card_id=card.id, rating=3, now=_noon(day)
            )
            log["Practice sessions"].append(day)
        for day in steps:
            move = choose_move(
                session=ws.session,
                user_id=ws.user_id,
                fields=PlanMoveFields(move="build", steps=[{"text": "Practise", "due": day}]),  # type: ignore[list-item]
                today=day,
                now=_noon(day),
            )
            (step,) = _steps_of(ws, move.id)
            set_step_done(session=ws.session, user_id=ws.user_id, step_id=step.id, done_on=day)
            log["Plan steps done"].append(day)
    end = week + dt.timedelta(days=6)
    expected = {label: sum(1 for d in log[label] if week <= d <= end) for _, label in FIGURES}
    cli = _cli_figures(capsys, week)
    # An empty search's Numbers page shows no week at all: that is a week of zeros.
    page = _page_figures(client, week) or {label: 0 for _, label in FIGURES}
    assert cli == page == expected


def _steps_of(ws: Any, move_id: int) -> list[Any]:
    from afterword.reflection.models import PlanStep

    return list(ws.session.query(PlanStep).filter_by(move_id=move_id))
