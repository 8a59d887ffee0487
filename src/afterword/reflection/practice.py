"""Practising tough questions: the bank fills itself from debriefs and feedback, answers keep
their versions, and spaced repetition (the `fsrs` scheduler) decides when each comes back --
but never later than the day before the next interview it prepares for."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword import localtime
from afterword.errors import InvalidInputError, NotFoundError
from afterword.pipeline.models import Application, Feedback, Interview, InterviewQuestion
from afterword.pipeline.status import OPEN_STATUSES
from afterword.reflection.feedback_themes import Polarity, statements
from afterword.reflection.models import PracticeAnswer, PracticeCard, PracticeSession
from afterword.reflection.practice_schedule import due_day

# How it went, as the user rates it: the scheduler's four grades.
RATINGS = {1: "again -- it fell apart", 2: "hard", 3: "good", 4: "easy"}


def sync_bank(*, session: Session, user_id: int, now: dt.datetime) -> int:
    """Adds to the bank every tough debrief question and every gap named in feedback not yet
    in it; returns how many were added."""
    known_questions = set(
        session.scalars(
            sa.select(PracticeCard.question_id).where(
                PracticeCard.user_id == user_id, PracticeCard.question_id.is_not(None)
            )
        )
    )
    known_feedback = {
        (feedback_id, text)
        for feedback_id, text in session.execute(
            sa.select(PracticeCard.feedback_id, PracticeCard.text).where(
                PracticeCard.user_id == user_id, PracticeCard.feedback_id.is_not(None)
            )
        )
    }
    added = 0
    for question_id, text in session.execute(
        sa.select(InterviewQuestion.id, InterviewQuestion.text).where(
            InterviewQuestion.user_id == user_id, InterviewQuestion.went_well.is_(False)
        )
    ):
        if question_id not in known_questions:
            session.add(
                PracticeCard(user_id=user_id, question_id=question_id, text=text, created_at=now)
            )
            added += 1
    for feedback_id, text in session.execute(
        sa.select(Feedback.id, Feedback.text).where(Feedback.user_id == user_id)
    ):
        for statement in statements(text):
            # A gap the company named becomes a prompt: answer as if they asked about it.
            if statement.polarity is Polarity.GAP and statement.theme != "other":
                prompt = f"{statement.theme_name}: {statement.text}"
                if (feedback_id, prompt) not in known_feedback:
                    session.add(
                        PracticeCard(
                            user_id=user_id, feedback_id=feedback_id, text=prompt, created_at=now
                        )
                    )
                    known_feedback.add((feedback_id, prompt))
                    added += 1
    session.flush()
    return added


def add_question(*, session: Session, user_id: int, text: str, now: dt.datetime) -> PracticeCard:
    """Adds a question of the user's own to the bank."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInputError("the question is empty; write the question to practise")
    card = PracticeCard(user_id=user_id, text=cleaned[:2000], created_at=now)
    session.add(card)
    session.flush()
    return card


def get_card(*, session: Session, user_id: int, card_id: int) -> PracticeCard:
    """One of the user's practice questions, or NotFoundError."""
    card = session.get(PracticeCard, card_id)
    if card is None or card.user_id != user_id:
        raise NotFoundError(f"there is no practice question with id {card_id}")
    return card


def next_interview_on(
    *, session: Session, user_id: int, timezone: str, today: dt.date
) -> tuple[dt.date, str] | None:
    """The day of the next interview of an open process (today or later), and its company."""
    zone = localtime.zone(timezone)
    start = dt.datetime.combine(today, dt.time(), tzinfo=zone).astimezone(dt.UTC)
    row = session.execute(
        sa.select(Interview.scheduled_at, Application.company)
        .join(Application, Application.id == Interview.application_id)
        .where(
            Interview.user_id == user_id,
            Interview.scheduled_at >= start,
            Application.status.in_(OPEN_STATUSES),
        )
        .order_by(Interview.scheduled_at)
        .limit(1)
    ).first()
    if row is None or row[0] is None:
        return None
    return row[0].astimezone(zone).date(), row[1]


@dataclass(frozen=True)
class CardItem:
    """A question in the bank as listed."""

    id: int
    text: str
    source: str
    due: dt.date
    practice_count: int
    last_rating: int | None
    answer: str | None
    versions: int


def list_bank(
    *, session: Session, user_id: int, timezone: str, today: dt.date, due_only: bool = False
) -> tuple[list[CardItem], tuple[dt.date, str] | None]:
    """The bank, soonest due first, with the interview it prepares for (if any)."""
    zone = localtime.zone(timezone)
    upcoming = next_interview_on(session=session, user_id=user_id, timezone=timezone, today=today)
    latest: dict[int, tuple[int, str]] = {}
    for card_id, version, text in session.execute(
        sa.select(PracticeAnswer.card_id, PracticeAnswer.version, PracticeAnswer.text).where(
            PracticeAnswer.user_id == user_id
        )
    ):
        if card_id not in latest or version > latest[card_id][0]:
            latest[card_id] = (version, text)
    items = []
    for card in session.scalars(sa.select(PracticeCard).where(PracticeCard.user_id == user_id)):
        scheduled = card.due_at.astimezone(zone).date() if card.due_at else None
        due = due_day(
            scheduled=scheduled, today=today, interview_on=upcoming[0] if upcoming else None
        )
        source = (
            "debrief" if card.question_id else "feedback" if card.feedback_id else "your own list"
        )
        answer = latest.get(card.id)
        items.append(
            CardItem(
                id=card.id,
                text=card.text,
                source=source,
                due=due,
                practice_count=card.practice_count,
                last_rating=card.last_rating,
                answer=answer[1] if answer else None,
                versions=answer[0] if answer else 0,
            )
        )
    items.sort(key=lambda item: (item.due, item.id))
    if due_only:
        items = [item for item in items if item.due <= today]
    return items, upcoming


def write_answer(
    *, session: Session, user_id: int, card_id: int, text: str, now: dt.datetime
) -> PracticeAnswer:
    """Saves a better answer as a new version; the earlier ones stay."""
    card = get_card(session=session, user_id=user_id, card_id=card_id)
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInputError("the answer is empty; write what you would say")
    version = (
        session.scalar(
            sa.select(sa.func.max(PracticeAnswer.version)).where(PracticeAnswer.card_id == card.id)
        )
        or 0
    ) + 1
    answer = PracticeAnswer(
        user_id=user_id, card_id=card.id, version=version, text=cleaned[:100_000], written_at=now
    )
    session.add(answer)
    session.flush()
    return answer


def answer_versions(*, session: Session, user_id: int, card_id: int) -> list[PracticeAnswer]:
    """Every version of the answer to a question, newest first."""
    get_card(session=session, user_id=user_id, card_id=card_id)
    return list(
        session.scalars(
            sa.select(PracticeAnswer)
            .where(PracticeAnswer.card_id == card_id)
            .order_by(PracticeAnswer.version.desc())
        )
    )


def schedule_text(state: Mapping[str, object]) -> str:
    """The scheduler's state as stored: JSON with UTC instants written as '...Z', as every
    other instant afterword writes (the scheduler reads them back the same)."""
    return json.dumps(
        {
            key: value.replace("+00:00", "Z") if isinstance(value, str) else value
            for key, value in state.items()
        }
    )


def rate_practice(
    *, session: Session, user_id: int, card_id: int, rating: int, now: dt.datetime
) -> PracticeCard:
    """Records how a practice went (1 again, 2 hard, 3 good, 4 easy) and schedules the next."""
    from fsrs import Card, Rating, Scheduler

    if rating not in RATINGS:
        raise InvalidInputError(
            f"rate it 1 to 4 ({', '.join(f'{k} {v}' for k, v in RATINGS.items())}), not {rating}"
        )
    card = get_card(session=session, user_id=user_id, card_id=card_id)
    state = Card.from_dict(json.loads(card.schedule_json)) if card.schedule_json else Card()
    # No fuzzing: the same ratings give the same schedule, which the user can reason about.
    state, _log = Scheduler(enable_fuzzing=False).review_card(state, Rating(rating), now)
    card.schedule_json = schedule_text(state.to_dict())
    card.due_at = state.due
    card.practised_at = now
    card.last_rating = rating
    card.practice_count += 1
    session.add(PracticeSession(user_id=user_id, card_id=card.id, at=now, rating=rating))
    session.flush()
    return card
