"""Changing and deleting what a process records: interviews, people and feedback (both databases)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError, NotFoundError
from afterword.pipeline.applications import add_application, get_application
from afterword.pipeline.contacts import add_contact, delete_contact, get_contact, update_contact
from afterword.pipeline.interviews import (
    delete_interview,
    get_interview,
    log_interview,
    record_debrief,
    record_decision_date,
)
from afterword.pipeline.models import Contact, InterviewQuestion, interview_interviewers
from afterword.pipeline.outcomes import (
    add_feedback,
    delete_feedback,
    get_feedback,
    record_outcome,
    update_feedback,
)
from afterword.pipeline.schemas import (
    ApplicationFields,
    ContactFields,
    FeedbackFields,
    InterviewFields,
    OutcomeFields,
    QuestionFields,
)
from afterword.pipeline.status import OutcomeKind, Status
from afterword.playbook.actions import ActionKind
from afterword.playbook.models import ActionState, PlannedAction
from afterword.playbook.service import replan
from afterword.profile.models import User
from afterword.profile.service import get_or_create_user
from afterword.settings.playbook import PlaybookTimings

THURSDAY = dt.date(2026, 12, 3)


def _application(session: Session, user_id: int, now: dt.datetime) -> int:
    return add_application(
        session=session,
        user_id=user_id,
        fields=ApplicationFields(
            company="Northwind", role="Data Engineer", applied_on=dt.date(2026, 11, 20)
        ),
        now=now,
    ).id


def _interview(
    session: Session, user_id: int, app_id: int, now: dt.datetime, *people: str, day: int = 1
) -> int:
    return log_interview(
        session=session,
        user_id=user_id,
        application_id=app_id,
        fields=InterviewFields(
            kind="technical",
            scheduled_at=dt.datetime(2026, 12, day, 10, tzinfo=dt.UTC),
            timezone="Europe/London",
        ),
        now=now,
        new_interviewers=[
            ContactFields(name=name, email=f"{name.lower()}@example.com") for name in people
        ],
    ).id


def test_deleting_an_interview_removes_its_debrief_questions_but_keeps_its_people(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app_id = _application(session, user_id, now)
    interview_id = _interview(session, user_id, app_id, now, "Priya")
    record_debrief(
        session=session,
        user_id=user_id,
        interview_id=interview_id,
        changes={"self_rating": 4},
        now=now,
        questions=[QuestionFields(text="Design a rate limiter", went_well=False)],
    )
    delete_interview(session=session, user_id=user_id, interview_id=interview_id, now=now)
    with pytest.raises(NotFoundError, match="no interview with id"):
        get_interview(session=session, user_id=user_id, interview_id=interview_id)
    assert session.scalar(sa.select(sa.func.count()).select_from(InterviewQuestion)) == 0
    assert session.scalar(sa.select(sa.func.count()).select_from(interview_interviewers)) == 0
    people = get_application(session=session, user_id=user_id, application_id=app_id).contacts
    assert [person.name for person in people] == ["Priya"]


def test_deleting_a_round_moves_the_later_rounds_up_one(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app_id = _application(session, user_id, now)
    first, second, third = (_interview(session, user_id, app_id, now, day=d) for d in (1, 2, 3))
    delete_interview(session=session, user_id=user_id, interview_id=second, now=now)
    rounds = {
        interview.id: interview.round
        for interview in get_application(
            session=session, user_id=user_id, application_id=app_id
        ).interviews
    }
    assert rounds == {first: 1, third: 2}
    # The next round logged follows on without a gap.
    fourth = _interview(session, user_id, app_id, now, day=4)
    assert get_interview(session=session, user_id=user_id, interview_id=fourth).round == 3


def test_deleting_the_only_interview_takes_the_process_back_to_applied_with_the_reason(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app_id = _application(session, user_id, now)
    interview_id = _interview(session, user_id, app_id, now)
    delete_interview(session=session, user_id=user_id, interview_id=interview_id, now=now)
    application = get_application(session=session, user_id=user_id, application_id=app_id)
    assert application.status is Status.APPLIED
    last = application.history[-1]
    assert (last.from_status, last.to_status) == (Status.INTERVIEWING, Status.APPLIED)
    assert last.cause == "interview round 1 deleted; no interview is left"


def _news(session: Session, user_id: int, app_id: int, kind: OutcomeKind, now: dt.datetime) -> None:
    record_outcome(
        session=session,
        user_id=user_id,
        application_id=app_id,
        fields=OutcomeFields(kind=kind, occurred_on=dt.date(2026, 11, 30)),
        now=now,
    )


@pytest.mark.parametrize("invited", ["before", "after"])
def test_deleting_the_only_interview_after_an_invitation_keeps_the_process_interviewing(
    session: Session, user_id: int, now: dt.datetime, invited: str
) -> None:
    app_id = _application(session, user_id, now)
    if invited == "before":
        _news(session, user_id, app_id, OutcomeKind.MORE_INTERVIEWS, now)
    interview_id = _interview(session, user_id, app_id, now)
    if invited == "after":
        _news(session, user_id, app_id, OutcomeKind.MORE_INTERVIEWS, now + dt.timedelta(hours=1))
    delete_interview(session=session, user_id=user_id, interview_id=interview_id, now=now)
    application = get_application(session=session, user_id=user_id, application_id=app_id)
    assert application.status is Status.INTERVIEWING


def test_deleting_an_interview_logged_after_silence_takes_the_process_back_to_ghosted(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app_id = _application(session, user_id, now)
    _news(session, user_id, app_id, OutcomeKind.GHOSTED, now)
    interview_id = _interview(session, user_id, app_id, now + dt.timedelta(hours=1))
    delete_interview(session=session, user_id=user_id, interview_id=interview_id, now=now)
    application = get_application(session=session, user_id=user_id, application_id=app_id)
    assert application.status is Status.GHOSTED


def test_deleting_an_interview_withdraws_the_actions_about_it(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    user = session.get(User, user_id)
    assert user is not None
    app_id = _application(session, user_id, now)
    interview_id = _interview(session, user_id, app_id, now, "Priya")
    replan(session=session, user=user, today=THURSDAY, now=now, timings=PlaybookTimings())
    about = sa.select(PlannedAction).where(PlannedAction.interview_id == interview_id)
    assert {row.kind for row in session.scalars(about)} >= {ActionKind.DEBRIEF}
    keys = [row.key for row in session.scalars(about)]
    delete_interview(session=session, user_id=user_id, interview_id=interview_id, now=now)
    replan(session=session, user=user, today=THURSDAY, now=now, timings=PlaybookTimings())
    session.expire_all()
    rows = session.scalars(sa.select(PlannedAction).where(PlannedAction.key.in_(keys))).all()
    assert rows and all(row.state is ActionState.WITHDRAWN for row in rows)
    assert all(row.interview_id is None for row in rows)


def test_deleting_a_person_unlinks_them_from_their_interviews_which_stay(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app_id = _application(session, user_id, now)
    interview_id = _interview(session, user_id, app_id, now, "Priya", "Tom")
    priya = session.scalar(sa.select(Contact).where(Contact.name == "Priya"))
    assert priya is not None
    delete_contact(session=session, user_id=user_id, contact_id=priya.id)
    session.expire_all()
    interview = get_interview(session=session, user_id=user_id, interview_id=interview_id)
    assert [person.name for person in interview.interviewers] == ["Tom"]
    with pytest.raises(NotFoundError, match="no contact with id"):
        get_contact(session=session, user_id=user_id, contact_id=priya.id)


def test_editing_a_person_keeps_the_fields_not_given_and_needs_a_name_or_address(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app_id = _application(session, user_id, now)
    contact = add_contact(
        session=session,
        user_id=user_id,
        application_id=app_id,
        fields=ContactFields(name="Priya Shah", email="priya@example.com"),
        now=now,
    )
    update_contact(session=session, user_id=user_id, contact_id=contact.id, changes={"phone": "01"})
    assert (contact.name, contact.email, contact.phone) == ("Priya Shah", "priya@example.com", "01")
    with pytest.raises(InvalidInputError, match="a name or an email address"):
        update_contact(
            session=session,
            user_id=user_id,
            contact_id=contact.id,
            changes={"name": None, "email": None},
        )


def test_feedback_is_corrected_with_any_subset_of_its_fields_and_then_deleted(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app_id = _application(session, user_id, now)
    feedback = add_feedback(
        session=session,
        user_id=user_id,
        application_id=app_id,
        fields=FeedbackFields(received_on=dt.date(2026, 12, 1), text="Strong SQL."),
        now=now,
    )
    update_feedback(
        session=session,
        user_id=user_id,
        feedback_id=feedback.id,
        changes={"received_on": dt.date(2026, 11, 30)},
    )
    update_feedback(
        session=session, user_id=user_id, feedback_id=feedback.id, changes={"text": "Strong SQL!"}
    )
    assert (feedback.received_on, feedback.text) == (dt.date(2026, 11, 30), "Strong SQL!")
    with pytest.raises(InvalidInputError, match="text"):
        update_feedback(
            session=session, user_id=user_id, feedback_id=feedback.id, changes={"text": " "}
        )
    with pytest.raises(InvalidInputError, match="unknown field"):
        update_feedback(
            session=session, user_id=user_id, feedback_id=feedback.id, changes={"company": "x"}
        )
    delete_feedback(session=session, user_id=user_id, feedback_id=feedback.id)
    with pytest.raises(NotFoundError, match="no feedback with id"):
        get_feedback(session=session, user_id=user_id, feedback_id=feedback.id)


def test_another_users_records_cannot_be_changed_or_deleted(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app_id = _application(session, user_id, now)
    interview_id = _interview(session, user_id, app_id, now, "Priya")
    contact_id = (
        get_interview(session=session, user_id=user_id, interview_id=interview_id)
        .interviewers[0]
        .id
    )
    feedback_id = add_feedback(
        session=session,
        user_id=user_id,
        application_id=app_id,
        fields=FeedbackFields(received_on=dt.date(2026, 12, 1), text="Fine."),
        now=now,
    ).id
    other = get_or_create_user(
        session=session, handle="someone-else", timezone="UTC", country="GB", now=now
    ).id
    with pytest.raises(NotFoundError):
        delete_interview(session=session, user_id=other, interview_id=interview_id, now=now)
    with pytest.raises(NotFoundError):
        delete_contact(session=session, user_id=other, contact_id=contact_id)
    with pytest.raises(NotFoundError):
        update_feedback(
            session=session, user_id=other, feedback_id=feedback_id, changes={"text": "x"}
        )
    with pytest.raises(NotFoundError):
        delete_feedback(session=session, user_id=other, feedback_id=feedback_id)


def test_a_promised_decision_date_goes_on_the_latest_round_and_replaces_a_stated_span(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app_id = _application(session, user_id, now)
    first = _interview(session, user_id, app_id, now, day=1)
    latest = _interview(session, user_id, app_id, now, day=2)
    record_debrief(
        session=session,
        user_id=user_id,
        interview_id=latest,
        changes={"decision_within": 2, "decision_within_unit": "weeks"},
        now=now,
    )
    record_decision_date(
        session=session, user_id=user_id, application_id=app_id, day=dt.date(2026, 12, 18), now=now
    )
    round_two = get_interview(session=session, user_id=user_id, interview_id=latest)
    assert round_two.decision_by == dt.date(2026, 12, 18)
    assert (round_two.decision_within, round_two.decision_within_unit) == (None, None)
    assert get_interview(session=session, user_id=user_id, interview_id=first).decision_by is None


def test_a_decision_date_needs_an_interview_to_go_on(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app_id = _application(session, user_id, now)
    with pytest.raises(InvalidInputError, match="no interview to note it on"):
        record_decision_date(
            session=session,
            user_id=user_id,
            application_id=app_id,
            day=dt.date(2026, 12, 18),
            now=now,
        )
