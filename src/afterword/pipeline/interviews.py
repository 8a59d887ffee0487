"""Interview rounds: logging them, and the debrief written afterwards."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError, NotFoundError
from afterword.pipeline.applications import get_application
from afterword.pipeline.contacts import find_or_add_contact, get_contact
from afterword.pipeline.history import apply_event, record_status
from afterword.pipeline.models import (
    Application,
    Contact,
    ContactRole,
    Interview,
    InterviewQuestion,
)
from afterword.pipeline.schemas import ContactFields, DebriefFields, InterviewFields, QuestionFields
from afterword.pipeline.status import OutcomeKind, Status
from afterword.pipeline.transitions import Event, EventKind
from afterword.validation import invalid_input

_DEBRIEF_FIELDS = tuple(name for name in DebriefFields.model_fields if name != "questions")
# How the history names a logged interview; deleting the last one looks for it to undo it.
_LOGGED = "interview round {number} logged"


def log_interview(
    *,
    session: Session,
    user_id: int,
    application_id: int,
    fields: InterviewFields,
    now: dt.datetime,
    interviewer_ids: list[int] | None = None,
    new_interviewers: list[ContactFields] | None = None,
) -> Interview:
    """Logs the next interview round; interviewers are existing contacts or new people."""
    application = get_application(session=session, user_id=user_id, application_id=application_id)
    number = max((interview.round for interview in application.interviews), default=0) + 1
    apply_event(
        session=session,
        application=application,
        event=Event(EventKind.INTERVIEW_LOGGED),
        cause=_LOGGED.format(number=number) + f" ({fields.kind.value.replace('_', ' ')})",
        now=now,
    )
    interview = Interview(user_id=user_id, round=number, created_at=now, **fields.model_dump())
    interview.interviewers = _interviewers(
        session=session,
        user_id=user_id,
        application_id=application_id,
        interviewer_ids=interviewer_ids or [],
        new_interviewers=new_interviewers or [],
        now=now,
    )
    application.interviews.append(interview)
    application.updated_at = now
    session.flush()
    return interview


def _interviewers(
    *,
    session: Session,
    user_id: int,
    application_id: int,
    interviewer_ids: list[int],
    new_interviewers: list[ContactFields],
    now: dt.datetime,
) -> list[Contact]:
    application = get_application(session=session, user_id=user_id, application_id=application_id)
    people: list[Contact] = []
    for contact_id in interviewer_ids:
        contact = get_contact(session=session, user_id=user_id, contact_id=contact_id)
        if contact.application_id != application_id:
            raise InvalidInputError(
                f"contact {contact_id} belongs to application {contact.application_id}, "
                f"not to application {application_id}"
            )
        people.append(contact)
    for fields in new_interviewers:
        if fields.role is ContactRole.RECRUITER and "role" not in fields.model_fields_set:
            fields = fields.model_copy(update={"role": ContactRole.INTERVIEWER})
        people.append(
            find_or_add_contact(session=session, application=application, fields=fields, now=now)
        )
    unique: dict[int, Contact] = {person.id: person for person in people}
    return list(unique.values())


def get_interview(*, session: Session, user_id: int, interview_id: int) -> Interview:
    """Returns one of the user's interviews, or raises NotFoundError."""
    interview = session.get(Interview, interview_id)
    if interview is None or interview.user_id != user_id:
        raise NotFoundError(f"there is no interview with id {interview_id}")
    return interview


def list_interviews(
    *, session: Session, user_id: int, application_id: int | None = None
) -> list[Interview]:
    """Lists the user's interviews, by scheduled time, optionally for one application."""
    query = sa.select(Interview).where(Interview.user_id == user_id)
    if application_id is not None:
        get_application(session=session, user_id=user_id, application_id=application_id)
        query = query.where(Interview.application_id == application_id)
    query = query.order_by(Interview.scheduled_at.is_(None), Interview.scheduled_at, Interview.id)
    return list(session.scalars(query))


def update_interview(
    *,
    session: Session,
    user_id: int,
    interview_id: int,
    changes: dict[str, Any],
    now: dt.datetime,
    interviewer_ids: list[int] | None = None,
    new_interviewers: list[ContactFields] | None = None,
) -> Interview:
    """Changes an interview's schedule or kind, and adds interviewers."""
    interview = get_interview(session=session, user_id=user_id, interview_id=interview_id)
    current = {name: getattr(interview, name) for name in InterviewFields.model_fields}
    try:
        fields = InterviewFields.model_validate({**current, **changes})
    except ValidationError as error:
        raise invalid_input(error) from None
    for name, value in fields.model_dump().items():
        setattr(interview, name, value)
    if interviewer_ids or new_interviewers:
        added = _interviewers(
            session=session,
            user_id=user_id,
            application_id=interview.application_id,
            interviewer_ids=interviewer_ids or [],
            new_interviewers=new_interviewers or [],
            now=now,
        )
        interview.interviewers = list({c.id: c for c in [*interview.interviewers, *added]}.values())
    session.flush()
    return interview


def record_decision_date(
    *, session: Session, user_id: int, application_id: int, day: dt.date, now: dt.datetime
) -> Interview:
    """Notes the day the company promised a decision by, on the latest round.

    A stated date replaces any span noted before ("within two weeks"): the newest word on
    the timeline is the one the playbook plans with.
    """
    application = get_application(session=session, user_id=user_id, application_id=application_id)
    if not application.interviews:
        raise InvalidInputError(f"application {application_id} has no interview to note it on")
    latest = max(application.interviews, key=lambda interview: interview.round)
    latest.decision_by = day
    latest.decision_within = None
    latest.decision_within_unit = None
    application.updated_at = now
    session.flush()
    return latest


def record_debrief(
    *,
    session: Session,
    user_id: int,
    interview_id: int,
    changes: dict[str, Any],
    now: dt.datetime,
    questions: list[QuestionFields] | None = None,
) -> Interview:
    """Writes (or amends) the debrief of an interview; new questions are added to its list."""
    interview = get_interview(session=session, user_id=user_id, interview_id=interview_id)
    unknown = set(changes) - set(_DEBRIEF_FIELDS)
    if unknown:
        raise InvalidInputError(
            f"cannot set unknown debrief field(s): {', '.join(sorted(unknown))}"
        )
    current = {name: getattr(interview, name) for name in _DEBRIEF_FIELDS}
    if "decision_by" in changes:  # a new timeline replaces the old one, whichever form it had
        current.update(decision_within=None, decision_within_unit=None)
    if "decision_within" in changes:
        current.update(decision_by=None)
    try:
        fields = DebriefFields.model_validate({**current, **changes, "questions": questions or []})
    except ValidationError as error:
        raise invalid_input(error) from None
    for name in _DEBRIEF_FIELDS:
        setattr(interview, name, getattr(fields, name))
    for question in fields.questions:
        interview.questions.append(InterviewQuestion(user_id=user_id, **question.model_dump()))
    # The debrief counts as written once it holds something of the interview itself (how it
    # went, a question, a note): a timeline or a yes/no alone is not the debrief, and saving
    # an empty form must not tick off the step of writing it.
    written = (
        interview.self_rating is not None
        or interview.went_well
        or interview.went_badly
        or interview.notes
        or interview.questions
    )
    if written:
        interview.debriefed_at = interview.debriefed_at or now
    session.flush()
    return interview


def record_interest(
    *, session: Session, user_id: int, interview_id: int, interested: bool | None
) -> Interview:
    """Notes whether the user still wants the job after this round (None: not answered).

    Unlike the debrief, it leaves the debrief unwritten: answering the interest check is
    not the same as writing down the questions.
    """
    interview = get_interview(session=session, user_id=user_id, interview_id=interview_id)
    interview.still_interested = interested
    session.flush()
    return interview


def delete_interview(
    *, session: Session, user_id: int, interview_id: int, now: dt.datetime
) -> None:
    """Deletes an interview with its debrief and questions; its people stay in the process."""
    interview = get_interview(session=session, user_id=user_id, interview_id=interview_id)
    application = interview.application
    number = interview.round
    # delete-orphan removes the row and its questions; the interviewer links go with it.
    application.interviews.remove(interview)
    # Later rounds move up one instead of leaving a gap: a round is "the n-th conversation",
    # which is how the page and the drafts name it, and a deleted one was usually a mistake
    # (a duplicate, the wrong process). The history keeps its old wording, and the agenda's
    # keys use uids, so nothing else depends on the numbers.
    for position, remaining in enumerate(sorted(application.interviews, key=lambda i: i.round)):
        remaining.round = position + 1
    before = _status_before_interviews(application)
    if before is not None:
        record_status(
            session=session,
            application=application,
            status=before,
            cause=f"interview round {number} deleted; no interview is left",
            now=now,
        )
    application.updated_at = now
    session.flush()


def _status_before_interviews(application: Application) -> Status | None:
    """The status to go back to when the last interview is deleted, or None to stay.

    Only when logging an interview is what made the process 'interviewing' (from applied,
    or from ghosted) and no invitation to more interviews came since.
    """
    if application.status is not Status.INTERVIEWING or application.interviews:
        return None
    entered = next(
        (c for c in reversed(application.history) if c.to_status is Status.INTERVIEWING), None
    )
    if entered is None or entered.from_status is None:
        return None
    logged = re.match(_LOGGED.format(number=r"\d+"), entered.cause) is not None
    invited = any(
        o.kind is OutcomeKind.MORE_INTERVIEWS and o.created_at >= entered.at
        for o in application.outcomes
    )
    return entered.from_status if logged and not invited else None
