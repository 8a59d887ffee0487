"""The demo's reflection loop: a reflection after the Cobalt Kettle rejection, a game plan with
one step done and one ahead, a practised question, long-term goals, and salary research for
the Lumen Ledger offer -- so every page of the loop has something to show on first run."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.db.base import OwnedMixin
from afterword.demo.story import Story
from afterword.offers.models import SalaryResearch
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
from afterword.reflection.practice import schedule_text

NAMESPACE = uuid.UUID("4d73cb16-4bf9-43de-899c-be4d0e1e880b")  # the demo's (workspace.py)
KEYS = (
    "reflection/cobalt",
    "goals",
    "plan/present",
    "plan/present/step/0",
    "plan/present/step/1",
    "plan/review/0",
    "practice/simpler-design",
    "practice/simpler-design/answer/1",
    "practice/simpler-design/session/0",
    "salary/lumen-ledger",
)
MODELS: tuple[type[OwnedMixin], ...] = (
    Reflection,
    Goal,
    PlanMove,
    PlanStep,
    PlanReview,
    PracticeCard,
    PracticeAnswer,
    PracticeSession,
    SalaryResearch,
)


def uid(key: str) -> str:
    """The demo uid of a reflection-loop row."""
    return str(uuid.uuid5(NAMESPACE, f"loop/{key}"))


UIDS = frozenset(uid(key) for key in KEYS)


def load_loop(*, session: Session, user_id: int, story: Story, ids: dict[str, int]) -> None:
    """Adds the demo's reflection-loop rows that are not there yet."""
    present = {
        row_uid
        for model in MODELS
        for row_uid in session.scalars(
            sa.select(model.uid).where(model.user_id == user_id, model.uid.in_(UIDS))
        )
    }

    def add(key: str, row: OwnedMixin) -> None:
        if uid(key) not in present:
            row.uid = uid(key)
            row.user_id = user_id
            session.add(row)
            session.flush()

    cobalt = ids.get("cobalt-kettle-games")
    if cobalt is not None:
        add(
            "reflection/cobalt",
            Reflection(
                application_id=cobalt,
                written_at=story.at(-11, 21),
                went_well="Walking them through how I split the take-home into small pieces.",
                was_tough="Explaining why I kept the caching simple; I sounded unsure of it.",
                do_differently="Say the trade-off first, then show the code that follows from it.",
                out_of_my_hands="They wanted someone who had already shipped a console game.",
            ),
        )
    add(
        "goals",
        Goal(
            aim="A backend or data role on a small product team",
            field="Tools people use every day: maps, learning, games",
            reasons="I want to own a system end to end and meet the people it helps.",
            updated_at=story.at(-20, 9),
        ),
    )
    move = session.scalar(
        sa.select(PlanMove).where(PlanMove.user_id == user_id, PlanMove.uid == uid("plan/present"))
    )
    if move is None:
        move = PlanMove(
            move="present_differently",
            application_id=cobalt,
            chosen_on=story.day(-9),
            why="Two companies found my explanations of design choices hard to follow.",
            created_at=story.at(-9, 20),
        )
        add("plan/present", move)
    add(
        "plan/present/step/0",
        PlanStep(
            move_id=move.id,
            text="Record myself explaining the take-home in five minutes, then watch it back",
            due=story.day(-7),
            done_on=story.day(-6),
            created_at=story.at(-9, 20),
        ),
    )
    add(
        "plan/present/step/1",
        PlanStep(
            move_id=move.id,
            text="Ask Sam to play interviewer for the caching question",
            due=story.day(3),
            created_at=story.at(-9, 20),
        ),
    )
    add(
        "plan/review/0",
        PlanReview(
            reviewed_on=story.day(-2),
            note="The recording helped more than I expected; keep it and add a mock interview.",
            created_at=story.at(-2, 19),
        ),
    )
    card = session.scalar(
        sa.select(PracticeCard).where(
            PracticeCard.user_id == user_id, PracticeCard.uid == uid("practice/simpler-design")
        )
    )
    if card is None:
        from fsrs import Card, Rating, Scheduler

        # Practised once, rated 'good': the scheduler's own state, as if done in afterword.
        practised = story.at(-3, 19)
        state, _log = Scheduler(enable_fuzzing=False).review_card(Card(), Rating.Good, practised)
        card = PracticeCard(
            text="Tell me about a time you chose a simpler design on purpose",
            created_at=story.at(-9, 20),
            practised_at=practised,
            last_rating=3,
            practice_count=1,
            due_at=state.due,
            schedule_json=schedule_text(state.to_dict()),
        )
        add("practice/simpler-design", card)
    add(
        "practice/simpler-design/answer/1",
        PracticeAnswer(
            card_id=card.id,
            version=1,
            text=(
                "At Saltmarsh I kept the export job single-threaded: the data fitted in memory, "
                "and one simple path was easier for the team to own. I said when we would "
                "revisit it, and we did, eight months later."
            ),
            written_at=story.at(-3, 19),
        ),
    )
    add(
        "practice/simpler-design/session/0",
        PracticeSession(card_id=card.id, at=story.at(-3, 19), rating=3),
    )
    lumen = ids.get("lumen-ledger")
    if lumen is not None:
        add(
            "salary/lumen-ledger",
            SalaryResearch(
                application_id=lumen,
                currency="GBP",
                target_low=85_000,
                target_high=95_000,
                walk_away=80_000,
                sources="Two senior data engineers I know in London; the level guide Imogen sent.",
                updated_at=story.at(-6, 20),
            ),
        )


def clear_loop(*, session: Session, user_id: int) -> None:
    """Deletes the demo's reflection-loop rows (children first)."""
    for model in reversed(MODELS):
        session.execute(sa.delete(model).where(model.user_id == user_id, model.uid.in_(UIDS)))
