"""How a plan's new actions are stored: every column as the engine planned it, in its order.

replan writes new actions past the ORM (one INSERT ... SELECT FROM unnest on PostgreSQL, one
executemany on SQLite); these tests hold both ways to what the ORM objects used to store.
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.pipeline.applications import add_application
from afterword.pipeline.interviews import log_interview
from afterword.pipeline.schemas import ApplicationFields, InterviewFields
from afterword.playbook.models import ActionState, PlannedAction
from afterword.playbook.service import planned_actions, replan
from afterword.profile.models import User
from afterword.settings.playbook import PlaybookTimings

TODAY = dt.date(2026, 12, 3)
COMPANIES = ("Northwind", "Globex", "Initech", "Umbrella", "Hooli")


def _search(session: Session, user_id: int, now: dt.datetime) -> None:
    """Five processes: three with an interview held in the last days, two only applied."""
    for number, company in enumerate(COMPANIES):
        application = add_application(
            session=session,
            user_id=user_id,
            fields=ApplicationFields(
                company=company, role="Analyst", applied_on=dt.date(2026, 11, 10 + number)
            ),
            now=now,
        )
        if number < 3:
            log_interview(
                session=session,
                user_id=user_id,
                application_id=application.id,
                fields=InterviewFields(
                    kind="technical",
                    scheduled_at=dt.datetime(2026, 11, 27 + number, 10, tzinfo=dt.UTC),
                    timezone="Europe/London",
                ),
                now=now,
            )


def test_a_first_plan_stores_every_action_as_planned_in_the_plans_order(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    _search(session, user_id, now)
    user = session.get(User, user_id)
    assert user is not None
    timings = PlaybookTimings()
    wanted = planned_actions(session=session, user=user, today=TODAY, timings=timings)
    assert len(wanted) >= 6  # the story calls for actions, or the test would prove nothing

    summary = replan(session=session, user=user, today=TODAY, now=now, timings=timings)

    rows = session.scalars(
        sa.select(PlannedAction).where(PlannedAction.user_id == user_id).order_by(PlannedAction.id)
    ).all()
    assert summary.created == len(wanted) == len(rows)
    # Ids follow the plan's order, so actions due the same day keep the order they had.
    assert [row.key for row in rows] == [action.key for action in wanted]
    for row, action in zip(rows, wanted, strict=True):
        assert (row.kind, row.rule, row.due, row.priority, row.reason, row.cause_on) == (
            action.kind,
            action.rule,
            action.due,
            int(action.priority),
            action.reason,
            action.cause_on,
        )
        assert (row.application_id, row.contact_id, row.interview_id, row.offer_id) == (
            action.application_id,
            action.contact_id,
            action.interview_id,
            action.offer_id,
        )
        assert json.loads(row.evidence_json) == [list(pair) for pair in action.evidence]
        assert row.state is ActionState.OPEN
        assert row.created_at == row.updated_at == now
        assert row.snoozed_until is None and row.settled_on is None
        assert row.withdrawn_reason is None
        assert row.done_note is row.effect_json is None
    assert len({row.uid for row in rows}) == len(rows) and all(len(row.uid) == 36 for row in rows)


def test_planning_again_the_same_day_stores_nothing_new(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    _search(session, user_id, now)
    user = session.get(User, user_id)
    assert user is not None
    first = replan(session=session, user=user, today=TODAY, now=now, timings=PlaybookTimings())
    again = replan(session=session, user=user, today=TODAY, now=now, timings=PlaybookTimings())
    count = session.scalar(sa.select(sa.func.count()).where(PlannedAction.user_id == user_id))
    assert first.created > 0
    assert (again.created, again.updated, again.withdrawn) == (0, 0, 0)
    assert count == first.created == again.open
