"""Structured reflections: what went well, what was tough, what to do differently, what was
out of one's hands -- and the past ones worth rereading before the next interview."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError, NotFoundError
from afterword.pipeline.applications import get_application
from afterword.pipeline.interviews import get_interview
from afterword.pipeline.models import Application, Interview
from afterword.reflection.models import Reflection
from afterword.reflection.schemas import REFLECTION_PROMPTS, ReflectionFields


def add_reflection(
    *,
    session: Session,
    user_id: int,
    application_id: int,
    fields: ReflectionFields,
    now: dt.datetime,
    interview_id: int | None = None,
) -> Reflection:
    """Saves a reflection about a process (and optionally one of its rounds)."""
    application = get_application(session=session, user_id=user_id, application_id=application_id)
    if interview_id is None:
        # Unless told otherwise, it looks back on the latest round held: that is what lets
        # it come up before the next round of the same kind.
        held = [i for i in application.interviews if i.scheduled_at and i.scheduled_at <= now]
        latest = max(held, key=lambda i: (i.scheduled_at, i.round), default=None)
        interview_id = latest.id if latest is not None else None
    elif interview_id is not None:
        interview = get_interview(session=session, user_id=user_id, interview_id=interview_id)
        if interview.application_id != application_id:
            raise InvalidInputError(
                f"interview {interview_id} belongs to another application, not {application_id}"
            )
    reflection = Reflection(
        user_id=user_id,
        application_id=application_id,
        interview_id=interview_id,
        written_at=now,
        **{name: getattr(fields, name) for name, _ in REFLECTION_PROMPTS},
    )
    session.add(reflection)
    session.flush()
    return reflection


def delete_reflection(*, session: Session, user_id: int, reflection_id: int) -> None:
    """Deletes one of the user's reflections."""
    reflection = session.get(Reflection, reflection_id)
    if reflection is None or reflection.user_id != user_id:
        raise NotFoundError(f"there is no reflection with id {reflection_id}")
    session.delete(reflection)
    session.flush()


@dataclass(frozen=True)
class ReflectionItem:
    """A reflection with the company, role and round it looks back on."""

    id: int
    written_at: dt.datetime
    application_id: int
    company: str
    role: str
    round_kind: str | None
    answers: tuple[tuple[str, str], ...]  # (prompt wording, what the user wrote), filled only
    # Why it is shown when preparing: "same company", "same kind of round".
    because: str = ""


def _items(
    session: Session, user_id: int, *conditions: sa.ColumnElement[bool]
) -> list[ReflectionItem]:
    rows = session.execute(
        sa.select(Reflection, Application.company, Application.role, Interview.kind)
        .join(Application, Application.id == Reflection.application_id)
        .outerjoin(Interview, Interview.id == Reflection.interview_id)
        .where(Reflection.user_id == user_id, *conditions)
        .order_by(Reflection.written_at.desc(), Reflection.id.desc())
        .limit(50)
    ).all()
    return [
        ReflectionItem(
            id=reflection.id,
            written_at=reflection.written_at,
            application_id=reflection.application_id,
            company=company,
            role=role,
            round_kind=kind.value.replace("_", " ") if kind is not None else None,
            answers=tuple(
                (label, text)
                for name, label in REFLECTION_PROMPTS
                if (text := getattr(reflection, name))
            ),
        )
        for reflection, company, role, kind in rows
    ]


def list_reflections(
    *, session: Session, user_id: int, application_id: int | None = None
) -> list[ReflectionItem]:
    """The user's reflections, newest first, optionally about one application."""
    conditions = [] if application_id is None else [Reflection.application_id == application_id]
    return _items(session, user_id, *conditions)


def reflections_before(
    *, session: Session, user_id: int, interview_id: int
) -> list[ReflectionItem]:
    """Past reflections worth rereading before this interview: about the same company, or
    about the same kind of round elsewhere; the same company first."""
    interview = get_interview(session=session, user_id=user_id, interview_id=interview_id)
    company = interview.application.company
    same_company = _items(session, user_id, sa.func.lower(Application.company) == company.lower())
    same_kind = _items(
        session,
        user_id,
        Interview.kind == interview.kind,
        sa.func.lower(Application.company) != company.lower(),
    )
    kind_words = interview.kind.value.replace("_", " ")
    return [
        *(_because(item, f"earlier at {company}") for item in same_company),
        *(_because(item, f"another {kind_words} round") for item in same_kind),
    ]


def _because(item: ReflectionItem, why: str) -> ReflectionItem:
    return ReflectionItem(**{**item.__dict__, "because": why})
