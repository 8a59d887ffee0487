"""Exporting and importing the reflection loop's rows (see transfer.loop_records)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError
from afterword.offers.models import SalaryResearch
from afterword.pipeline.models import Application, Feedback, Interview, InterviewQuestion
from afterword.reflection.models import (
    Goal,
    PlanMove,
    PlanReview,
    PlanStep,
    PracticeAnswer,
    PracticeCard,
    PracticeSession,
    Reflection,
)
from afterword.transfer.loop_records import (
    GoalsExport,
    PlanMoveExport,
    PlanReviewExport,
    PlanStepExport,
    PracticeAnswerExport,
    PracticeCardExport,
    PracticeSessionExport,
    ReflectionExport,
    ReflectionLoopSection,
    SalaryExport,
)

# Children before parents, for deleting.
_MODELS = (
    PracticeSession,
    PracticeAnswer,
    PracticeCard,
    PlanStep,
    PlanMove,
    PlanReview,
    Reflection,
    Goal,
    SalaryResearch,
)


def _uids(session: Session, user_id: int, model: Any) -> dict[int, str]:
    return dict(
        session.execute(sa.select(model.id, model.uid).where(model.user_id == user_id)).all()
    )


def _rows(session: Session, user_id: int, model: Any) -> list[Any]:
    return list(
        session.scalars(sa.select(model).where(model.user_id == user_id).order_by(model.id))
    )


def export_loop(*, session: Session, user_id: int) -> ReflectionLoopSection:
    """The user's reflection-loop rows as the document's section."""
    apps = _uids(session, user_id, Application)
    interviews = _uids(session, user_id, Interview)
    questions = _uids(session, user_id, InterviewQuestion)
    feedback = _uids(session, user_id, Feedback)
    steps: dict[int, list[PlanStepExport]] = {}
    for step in _rows(session, user_id, PlanStep):
        steps.setdefault(step.move_id, []).append(
            PlanStepExport(uid=step.uid, text=step.text, due=step.due, done_on=step.done_on)
        )
    answers: dict[int, list[PracticeAnswerExport]] = {}
    for answer in _rows(session, user_id, PracticeAnswer):
        answers.setdefault(answer.card_id, []).append(
            PracticeAnswerExport(
                uid=answer.uid,
                version=answer.version,
                text=answer.text,
                written_at=answer.written_at,
            )
        )
    sessions: dict[int, list[PracticeSessionExport]] = {}
    for practice in _rows(session, user_id, PracticeSession):
        sessions.setdefault(practice.card_id, []).append(
            PracticeSessionExport(uid=practice.uid, at=practice.at, rating=practice.rating)
        )
    goal = next(iter(_rows(session, user_id, Goal)), None)
    return ReflectionLoopSection(
        reflections=[
            ReflectionExport(
                uid=row.uid,
                application_uid=apps[row.application_id],
                interview_uid=interviews.get(row.interview_id) if row.interview_id else None,
                written_at=row.written_at,
                went_well=row.went_well,
                was_tough=row.was_tough,
                do_differently=row.do_differently,
                out_of_my_hands=row.out_of_my_hands,
            )
            for row in _rows(session, user_id, Reflection)
        ],
        plan_moves=[
            PlanMoveExport(
                uid=row.uid,
                move=row.move,
                application_uid=apps.get(row.application_id) if row.application_id else None,
                chosen_on=row.chosen_on,
                why=row.why,
                steps=steps.get(row.id, []),
            )
            for row in _rows(session, user_id, PlanMove)
        ],
        plan_reviews=[
            PlanReviewExport(
                uid=row.uid,
                reviewed_on=row.reviewed_on,
                application_uid=apps.get(row.application_id) if row.application_id else None,
                note=row.note,
            )
            for row in _rows(session, user_id, PlanReview)
        ],
        practice=[
            PracticeCardExport(
                uid=row.uid,
                text=row.text,
                question_uid=questions.get(row.question_id) if row.question_id else None,
                feedback_uid=feedback.get(row.feedback_id) if row.feedback_id else None,
                schedule=row.schedule_json,
                due_at=row.due_at,
                practised_at=row.practised_at,
                last_rating=row.last_rating,
                practice_count=row.practice_count,
                created_at=row.created_at,
                answers=answers.get(row.id, []),
                sessions=sessions.get(row.id, []),
            )
            for row in _rows(session, user_id, PracticeCard)
        ],
        goals=None
        if goal is None
        else GoalsExport(
            uid=goal.uid,
            aim=goal.aim,
            field=goal.field,
            reasons=goal.reasons,
            updated_at=goal.updated_at,
        ),
        salary=[
            SalaryExport(
                uid=row.uid,
                application_uid=apps[row.application_id],
                currency=row.currency,
                target_low=row.target_low,
                target_high=row.target_high,
                walk_away=row.walk_away,
                sources=row.sources,
                updated_at=row.updated_at,
            )
            for row in _rows(session, user_id, SalaryResearch)
        ],
    )


def delete_loop(*, session: Session, user_id: int) -> None:
    """Deletes every reflection-loop row of the user (before a replacing import)."""
    for model in _MODELS:
        session.execute(sa.delete(model).where(model.user_id == user_id))
    session.flush()


def import_loop(*, session: Session, user_id: int, section: ReflectionLoopSection) -> None:
    """Writes the section's rows, updating those whose uid the account already holds."""
    session.flush()

    def ids(model: Any) -> dict[str, int]:
        return {uid: row_id for row_id, uid in _uids(session, user_id, model).items()}

    apps, interviews = ids(Application), ids(Interview)
    questions, feedback = ids(InterviewQuestion), ids(Feedback)

    def link(table: dict[str, int], uid: str | None, what: str, path: str) -> int | None:
        if uid is None:
            return None
        if uid not in table:
            raise InvalidInputError(f"reflection_loop.{path}: no {what} with uid {uid}")
        return table[uid]

    def upsert(model: Any, uid: str, **values: Any) -> Any:
        row = session.scalar(sa.select(model).where(model.user_id == user_id, model.uid == uid))
        if row is None:
            row = model(user_id=user_id, uid=uid)
            session.add(row)
        for name, value in values.items():
            setattr(row, name, value)
        session.flush()
        return row

    for n, r in enumerate(section.reflections):
        where = f"reflections[{n}]"
        upsert(
            Reflection,
            r.uid,
            application_id=link(apps, r.application_uid, "application", where),
            interview_id=link(interviews, r.interview_uid, "interview", where),
            written_at=r.written_at,
            went_well=r.went_well,
            was_tough=r.was_tough,
            do_differently=r.do_differently,
            out_of_my_hands=r.out_of_my_hands,
        )
    for n, m in enumerate(section.plan_moves):
        move = upsert(
            PlanMove,
            m.uid,
            move=m.move.value,
            application_id=link(apps, m.application_uid, "application", f"plan_moves[{n}]"),
            chosen_on=m.chosen_on,
            why=m.why,
            created_at=_noon(m.chosen_on),
        )
        for s in m.steps:
            upsert(
                PlanStep,
                s.uid,
                move_id=move.id,
                text=s.text,
                due=s.due,
                done_on=s.done_on,
                created_at=_noon(m.chosen_on),
            )
    for n, v in enumerate(section.plan_reviews):
        upsert(
            PlanReview,
            v.uid,
            reviewed_on=v.reviewed_on,
            application_id=link(apps, v.application_uid, "application", f"plan_reviews[{n}]"),
            note=v.note,
            created_at=_noon(v.reviewed_on),
        )
    for n, c in enumerate(section.practice):
        where = f"practice[{n}]"
        card = upsert(
            PracticeCard,
            c.uid,
            text=c.text,
            question_id=link(questions, c.question_uid, "interview question", where),
            feedback_id=link(feedback, c.feedback_uid, "feedback", where),
            schedule_json=c.schedule,
            due_at=c.due_at,
            practised_at=c.practised_at,
            last_rating=c.last_rating,
            practice_count=c.practice_count,
            created_at=c.created_at,
        )
        for a in c.answers:
            upsert(
                PracticeAnswer,
                a.uid,
                card_id=card.id,
                version=a.version,
                text=a.text,
                written_at=a.written_at,
            )
        for p in c.sessions:
            upsert(PracticeSession, p.uid, card_id=card.id, at=p.at, rating=p.rating)
    if section.goals is not None:
        g = section.goals
        for other in _rows(session, user_id, Goal):
            if other.uid != g.uid:
                session.delete(other)  # one set of goals per account: the file's wins
        upsert(Goal, g.uid, aim=g.aim, field=g.field, reasons=g.reasons, updated_at=g.updated_at)
    for n, research in enumerate(section.salary):
        application_id = link(apps, research.application_uid, "application", f"salary[{n}]")
        existing = session.scalar(
            sa.select(SalaryResearch).where(
                SalaryResearch.user_id == user_id,
                SalaryResearch.application_id == application_id,
                SalaryResearch.uid != research.uid,
            )
        )
        if existing is not None:
            session.delete(existing)  # one research per application: the file's wins
            session.flush()
        upsert(
            SalaryResearch,
            research.uid,
            application_id=application_id,
            currency=research.currency,
            target_low=research.target_low,
            target_high=research.target_high,
            walk_away=research.walk_away,
            sources=research.sources,
            updated_at=research.updated_at,
        )


def _noon(day: Any) -> Any:
    import datetime as dt

    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
