"""Reading what the Reflection page shows: journal, moods, the question bank and feedback.

Each list is one joined query that returns plain values (with the company's name),
bounded by a limit, so the page stays quick however long the search has run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.pipeline.models import Application, Feedback, Interview, InterviewQuestion
from afterword.reflection.models import JournalEntry, MoodCheckin


@dataclass(frozen=True)
class JournalItem:
    """A journal entry and the company it is about, if any."""

    id: int
    written_at: dt.datetime
    text: str
    application_id: int | None
    company: str | None
    uid: str


@dataclass(frozen=True)
class MoodItem:
    """A mood check-in (1 very low to 5 very good) and its note."""

    id: int
    at: dt.datetime
    mood: int
    note: str | None
    application_id: int | None
    company: str | None
    uid: str


@dataclass(frozen=True)
class QuestionItem:
    """A question from a debrief, with the interview it was asked in."""

    id: int
    text: str
    went_well: bool | None
    answer_notes: str | None
    application_id: int
    company: str
    role: str
    round: int
    kind: str
    asked_at: dt.datetime | None


@dataclass(frozen=True)
class QuestionBank:
    """Tough questions to practise, great answers to keep, and questions not yet judged."""

    tough: tuple[QuestionItem, ...]
    great: tuple[QuestionItem, ...]
    other: tuple[QuestionItem, ...]

    @property
    def empty(self) -> bool:
        """Whether no debrief has recorded a question yet."""
        return not (self.tough or self.great or self.other)


@dataclass(frozen=True)
class FeedbackItem:
    """Feedback a company gave, with the company and the day it came."""

    id: int
    received_on: dt.date
    text: str
    application_id: int
    company: str
    role: str
    uid: str
    created_at: dt.datetime


def recent_journal(*, session: Session, user_id: int, limit: int = 50) -> list[JournalItem]:
    """The newest journal entries with their company."""
    rows = session.execute(
        sa.select(
            JournalEntry.id,
            JournalEntry.written_at,
            JournalEntry.text,
            JournalEntry.application_id,
            Application.company,
            JournalEntry.uid,
        )
        .outerjoin(Application, Application.id == JournalEntry.application_id)
        .where(JournalEntry.user_id == user_id)
        .order_by(JournalEntry.written_at.desc(), JournalEntry.id.desc())
        .limit(limit)
    ).all()
    return [JournalItem(*row) for row in rows]


def recent_moods(*, session: Session, user_id: int, limit: int = 90) -> list[MoodItem]:
    """The newest mood check-ins with their company, newest first."""
    rows = session.execute(
        sa.select(
            MoodCheckin.id,
            MoodCheckin.at,
            MoodCheckin.mood,
            MoodCheckin.note,
            MoodCheckin.application_id,
            Application.company,
            MoodCheckin.uid,
        )
        .outerjoin(Application, Application.id == MoodCheckin.application_id)
        .where(MoodCheckin.user_id == user_id)
        .order_by(MoodCheckin.at.desc(), MoodCheckin.id.desc())
        .limit(limit)
    ).all()
    return [MoodItem(*row) for row in rows]


def question_bank(*, session: Session, user_id: int, limit: int = 100) -> QuestionBank:
    """The questions from debriefs, newest interview first, grouped by how they went."""
    groups: dict[bool | None, list[QuestionItem]] = {True: [], False: [], None: []}
    for went_well in (False, True, None):
        condition = (
            InterviewQuestion.went_well.is_(None)
            if went_well is None
            else InterviewQuestion.went_well == went_well
        )
        rows = session.execute(
            sa.select(
                InterviewQuestion.id,
                InterviewQuestion.text,
                InterviewQuestion.went_well,
                InterviewQuestion.answer_notes,
                Application.id,
                Application.company,
                Application.role,
                Interview.round,
                Interview.kind,
                Interview.scheduled_at,
            )
            .join(Interview, Interview.id == InterviewQuestion.interview_id)
            .join(Application, Application.id == Interview.application_id)
            .where(InterviewQuestion.user_id == user_id, condition)
            .order_by(Interview.scheduled_at.desc(), InterviewQuestion.id.desc())
            .limit(limit)
        ).all()
        groups[went_well] = [
            QuestionItem(
                id=row[0],
                text=row[1],
                went_well=row[2],
                answer_notes=row[3],
                application_id=row[4],
                company=row[5],
                role=row[6],
                round=row[7],
                kind=row[8].value.replace("_", " "),
                asked_at=row[9],
            )
            for row in rows
        ]
    return QuestionBank(
        tough=tuple(groups[False]), great=tuple(groups[True]), other=tuple(groups[None])
    )


def feedback_received(*, session: Session, user_id: int, limit: int = 100) -> list[FeedbackItem]:
    """Feedback from companies, newest first, with the company and role."""
    rows = session.execute(
        sa.select(
            Feedback.id,
            Feedback.received_on,
            Feedback.text,
            Application.id,
            Application.company,
            Application.role,
            Feedback.uid,
            Feedback.created_at,
        )
        .join(Application, Application.id == Feedback.application_id)
        .where(Feedback.user_id == user_id)
        .order_by(Feedback.received_on.desc(), Feedback.id.desc())
        .limit(limit)
    ).all()
    return [FeedbackItem(*row) for row in rows]


def recent_applications(
    *, session: Session, user_id: int, limit: int = 50
) -> list[tuple[int, str]]:
    """The most recently changed applications as (id, 'Company — Role'), for pickers."""
    rows = session.execute(
        sa.select(Application.id, Application.company, Application.role)
        .where(Application.user_id == user_id)
        .order_by(Application.updated_at.desc(), Application.id.desc())
        .limit(limit)
    ).all()
    return [(app_id, f"{company} — {role}") for app_id, company, role in rows]
