"""Storing the agenda: reconciling what the playbook wants with what the user already did."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError, NotFoundError
from afterword.pipeline.applications import add_application
from afterword.pipeline.interviews import log_interview, record_debrief
from afterword.pipeline.models import Interview
from afterword.pipeline.outcomes import record_outcome
from afterword.pipeline.schemas import ApplicationFields, InterviewFields, OutcomeFields
from afterword.pipeline.status import OutcomeKind
from afterword.playbook.actions import ActionKind
from afterword.playbook.models import ActionState, PlannedAction
from afterword.playbook.service import (
    agenda,
    complete_action,
    dismiss_action,
    open_actions,
    replan,
    snooze_action,
)
from afterword.profile.models import User
from afterword.settings.playbook import PlaybookTimings

THURSDAY = dt.date(2026, 12, 3)
INTERVIEW = dt.datetime(2026, 12, 3, 14, 0, tzinfo=dt.UTC)


@pytest.fixture
def user(session: Session, user_id: int) -> User:
    found = session.get(User, user_id)
    assert found is not None
    return found


def _interviewed(session: Session, user_id: int, now: dt.datetime) -> int:
    """Northwind: applied, then a technical interview on Thursday 3 December, 14:00 UTC."""
    application = add_application(
        session=session,
        user_id=user_id,
        fields=ApplicationFields(
            company="Northwind", role="Data Engineer", applied_on=dt.date(2026, 11, 20)
        ),
        now=now,
    )
    log_interview(
        session=session,
        user_id=user_id,
        application_id=application.id,
        fields=InterviewFields(kind="technical", scheduled_at=INTERVIEW, timezone="Europe/London"),
        now=now,
    )
    return application.id


def _replan(session: Session, user: User, today: dt.date, now: dt.datetime) -> object:
    return replan(session=session, user=user, today=today, now=now, timings=PlaybookTimings())


def _kinds(session: Session, user: User) -> list[ActionKind]:
    return [row.kind for row in open_actions(session=session, user_id=user.id)]


def test_replanning_twice_creates_nothing_new(
    session: Session, user: User, now: dt.datetime
) -> None:
    _interviewed(session, user.id, now)
    first = _replan(session, user, THURSDAY, now)
    second = _replan(session, user, THURSDAY, now)
    assert first.created > 0  # type: ignore[attr-defined]
    assert (second.created, second.updated, second.withdrawn) == (0, 0, 0)  # type: ignore[attr-defined]
    assert len(open_actions(session=session, user_id=user.id)) == first.open  # type: ignore[attr-defined]


def test_an_outcome_withdraws_pending_follow_ups_with_a_reason(
    session: Session, user: User, now: dt.datetime
) -> None:
    application_id = _interviewed(session, user.id, now)
    _replan(session, user, THURSDAY, now)
    assert ActionKind.FOLLOW_UP in _kinds(session, user)
    record_outcome(
        session=session,
        user_id=user.id,
        application_id=application_id,
        fields=OutcomeFields(kind=OutcomeKind.REJECTION, occurred_on=dt.date(2026, 12, 7)),
        now=now,
    )
    summary = _replan(session, user, dt.date(2026, 12, 7), now)
    assert summary.withdrawn >= 1  # type: ignore[attr-defined]
    kinds = _kinds(session, user)
    assert ActionKind.FOLLOW_UP not in kinds
    assert ActionKind.FEEDBACK_REQUEST in kinds
    withdrawn = [row for row in session.query(PlannedAction) if row.kind is ActionKind.FOLLOW_UP]
    assert withdrawn[0].state is ActionState.WITHDRAWN
    assert (
        withdrawn[0].withdrawn_reason
        == "no longer needed: things moved on at Northwind (now rejected)"
    )


def test_done_and_dismissed_actions_never_come_back(
    session: Session, user: User, now: dt.datetime
) -> None:
    _interviewed(session, user.id, now)
    _replan(session, user, THURSDAY, now)
    rows = {row.kind: row for row in open_actions(session=session, user_id=user.id)}
    complete_action(
        session=session,
        user_id=user.id,
        action_id=rows[ActionKind.THANK_RECRUITER].id,
        on=THURSDAY,
        now=now,
    )
    dismiss_action(
        session=session,
        user_id=user.id,
        action_id=rows[ActionKind.SALARY_RESEARCH].id,
        on=THURSDAY,
        now=now,
    )
    summary = _replan(session, user, dt.date(2026, 12, 4), now)
    kinds = _kinds(session, user)
    assert ActionKind.THANK_RECRUITER not in kinds
    assert ActionKind.SALARY_RESEARCH not in kinds
    assert summary.created == 0  # type: ignore[attr-defined]


def test_the_second_follow_up_appears_a_week_after_the_first_was_sent(
    session: Session, user: User, now: dt.datetime
) -> None:
    _interviewed(session, user.id, now)
    _replan(session, user, THURSDAY, now)
    [follow_up] = [
        r for r in open_actions(session=session, user_id=user.id) if r.kind is ActionKind.FOLLOW_UP
    ]
    assert ActionKind.SECOND_FOLLOW_UP not in _kinds(session, user)
    complete_action(
        session=session, user_id=user.id, action_id=follow_up.id, on=dt.date(2026, 12, 11), now=now
    )
    _replan(session, user, dt.date(2026, 12, 11), now)
    [second] = [
        r
        for r in open_actions(session=session, user_id=user.id)
        if r.kind is ActionKind.SECOND_FOLLOW_UP
    ]
    assert second.due == dt.date(2026, 12, 18)  # five business days after Friday 11 December


def test_writing_the_debrief_removes_the_debrief_action(
    session: Session, user: User, now: dt.datetime
) -> None:
    _interviewed(session, user.id, now)
    _replan(session, user, THURSDAY, now)
    assert ActionKind.DEBRIEF in _kinds(session, user)
    interview = session.query(Interview).one()
    record_debrief(
        session=session,
        user_id=user.id,
        interview_id=interview.id,
        changes={"self_rating": 4},
        now=now,
    )
    _replan(session, user, THURSDAY, now)
    assert ActionKind.DEBRIEF not in _kinds(session, user)


def test_snoozing_moves_an_action_out_of_today(
    session: Session, user: User, now: dt.datetime
) -> None:
    _interviewed(session, user.id, now)
    _replan(session, user, THURSDAY, now)
    grouped = agenda(session=session, user_id=user.id, today=THURSDAY)
    thank_you = next(row for row in grouped.today if row.kind is ActionKind.THANK_RECRUITER)
    snooze_action(
        session=session,
        user_id=user.id,
        action_id=thank_you.id,
        until=dt.date(2026, 12, 4),
        today=THURSDAY,
        now=now,
    )
    grouped = agenda(session=session, user_id=user.id, today=THURSDAY)
    assert thank_you not in grouped.today
    assert thank_you in grouped.this_week
    assert thank_you.effective_due == dt.date(2026, 12, 4)
    # Re-planning keeps the snooze.
    _replan(session, user, THURSDAY, now)
    assert thank_you.snoozed_until == dt.date(2026, 12, 4)


def test_settling_errors_are_explained(session: Session, user: User, now: dt.datetime) -> None:
    _interviewed(session, user.id, now)
    _replan(session, user, THURSDAY, now)
    row = open_actions(session=session, user_id=user.id)[0]
    complete_action(session=session, user_id=user.id, action_id=row.id, on=THURSDAY, now=now)
    with pytest.raises(InvalidInputError, match="already done"):
        dismiss_action(session=session, user_id=user.id, action_id=row.id, on=THURSDAY, now=now)
    with pytest.raises(NotFoundError, match="no action with id 999"):
        complete_action(session=session, user_id=user.id, action_id=999, on=THURSDAY, now=now)
    other = open_actions(session=session, user_id=user.id)[0]
    with pytest.raises(InvalidInputError, match="a day after today"):
        snooze_action(
            session=session,
            user_id=user.id,
            action_id=other.id,
            until=THURSDAY,
            today=THURSDAY,
            now=now,
        )


def test_another_users_actions_are_invisible(
    session: Session, user: User, now: dt.datetime
) -> None:
    from afterword.profile.service import get_or_create_user

    _interviewed(session, user.id, now)
    _replan(session, user, THURSDAY, now)
    stranger = get_or_create_user(
        session=session, handle="stranger", timezone="UTC", country="US", now=now
    )
    row = open_actions(session=session, user_id=user.id)[0]
    assert open_actions(session=session, user_id=stranger.id) == []
    with pytest.raises(NotFoundError):
        complete_action(
            session=session, user_id=stranger.id, action_id=row.id, on=THURSDAY, now=now
        )
