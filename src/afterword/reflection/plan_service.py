"""The game plan as a record: chosen moves, their dated steps, and the revisits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError, NotFoundError
from afterword.pipeline.applications import get_application
from afterword.pipeline.models import Application, Interview, Outcome
from afterword.pipeline.status import OutcomeKind, Status
from afterword.reflection.game_plan import Move, PlanChange, SourceResponse, best_responses
from afterword.reflection.models import PlanMove, PlanReview, PlanStep, PracticeSession
from afterword.reflection.schemas import PlanMoveFields, PlanStepFields


def choose_move(
    *,
    session: Session,
    user_id: int,
    fields: PlanMoveFields,
    today: dt.date,
    now: dt.datetime,
    application_id: int | None = None,
) -> PlanMove:
    """Records a chosen move with its dated steps (each becomes an action in the agenda)."""
    if application_id is not None:
        get_application(session=session, user_id=user_id, application_id=application_id)
    move = PlanMove(
        user_id=user_id,
        move=Move(fields.move).value,
        application_id=application_id,
        chosen_on=today,
        why=fields.why,
        created_at=now,
    )
    session.add(move)
    session.flush()
    for step in fields.steps:
        _add_step(session, user_id, move, step, today=today, now=now)
    session.flush()
    return move


def _add_step(
    session: Session,
    user_id: int,
    move: PlanMove,
    fields: PlanStepFields,
    *,
    today: dt.date,
    now: dt.datetime,
) -> PlanStep:
    if fields.due < today:
        raise InvalidInputError(
            f"the step '{fields.text[:40]}' is dated {fields.due.isoformat()}, before today "
            f"({today.isoformat()}); give it a date from today on"
        )
    step = PlanStep(
        user_id=user_id, move_id=move.id, text=fields.text, due=fields.due, created_at=now
    )
    session.add(step)
    return step


def add_step(
    *,
    session: Session,
    user_id: int,
    move_id: int,
    fields: PlanStepFields,
    today: dt.date,
    now: dt.datetime,
) -> PlanStep:
    """Adds a dated step to a chosen move."""
    move = session.get(PlanMove, move_id)
    if move is None or move.user_id != user_id:
        raise NotFoundError(f"there is no game-plan move with id {move_id}")
    step = _add_step(session, user_id, move, fields, today=today, now=now)
    session.flush()
    return step


def get_step(*, session: Session, user_id: int, step_id: int) -> PlanStep:
    """One of the user's plan steps, or NotFoundError."""
    step = session.get(PlanStep, step_id)
    if step is None or step.user_id != user_id:
        raise NotFoundError(f"there is no game-plan step with id {step_id}")
    return step


def set_step_done(
    *, session: Session, user_id: int, step_id: int, done_on: dt.date | None
) -> PlanStep:
    """Marks a step done on a day (None: not done after all)."""
    step = get_step(session=session, user_id=user_id, step_id=step_id)
    step.done_on = done_on
    session.flush()
    return step


def step_by_uid(*, session: Session, user_id: int, uid: str) -> PlanStep | None:
    """The step with this uid (how its agenda action names it), if it still exists."""
    return session.scalar(
        sa.select(PlanStep).where(PlanStep.user_id == user_id, PlanStep.uid == uid)
    )


def review_plan(
    *,
    session: Session,
    user_id: int,
    today: dt.date,
    now: dt.datetime,
    note: str | None,
    application_id: int | None = None,
) -> PlanReview:
    """Records that the user revisited the plan, with what they noticed."""
    if application_id is not None:
        get_application(session=session, user_id=user_id, application_id=application_id)
    review = PlanReview(
        user_id=user_id,
        reviewed_on=today,
        application_id=application_id,
        note=(note or "").strip() or None,
        created_at=now,
    )
    session.add(review)
    session.flush()
    return review


@dataclass(frozen=True)
class StepItem:
    """A plan step as shown."""

    id: int
    text: str
    due: dt.date
    done_on: dt.date | None


@dataclass(frozen=True)
class MoveItem:
    """A chosen move with its steps."""

    id: int
    move: Move
    chosen_on: dt.date
    why: str | None
    company: str | None
    steps: tuple[StepItem, ...]


@dataclass(frozen=True)
class GamePlan:
    """The whole plan: the moves, the latest revisit, what changed since, and (for 'target
    different roles') where the user's own numbers say answers come from."""

    moves: tuple[MoveItem, ...]
    reviews: tuple[tuple[dt.date, str | None], ...]
    change: PlanChange | None
    best_sources: tuple[SourceResponse, ...]
    best_roles: tuple[SourceResponse, ...]

    @property
    def empty(self) -> bool:
        """Whether no move has been chosen yet."""
        return not self.moves


def game_plan(*, session: Session, user_id: int) -> GamePlan:
    """Reads the user's game plan and what has changed since it was chosen."""
    moves = session.scalars(
        sa.select(PlanMove)
        .where(PlanMove.user_id == user_id)
        .order_by(PlanMove.chosen_on.desc(), PlanMove.id.desc())
    ).all()
    steps: dict[int, list[StepItem]] = {}
    for step in session.scalars(
        sa.select(PlanStep).where(PlanStep.user_id == user_id).order_by(PlanStep.due, PlanStep.id)
    ):
        steps.setdefault(step.move_id, []).append(
            StepItem(id=step.id, text=step.text, due=step.due, done_on=step.done_on)
        )
    companies = dict(
        session.execute(
            sa.select(Application.id, Application.company).where(
                Application.id.in_([m.application_id for m in moves if m.application_id])
            )
        ).all()
    )
    items = tuple(
        MoveItem(
            id=move.id,
            move=Move(move.move),
            chosen_on=move.chosen_on,
            why=move.why,
            company=companies.get(move.application_id) if move.application_id else None,
            steps=tuple(steps.get(move.id, ())),
        )
        for move in moves
    )
    reviews = tuple(
        (review.reviewed_on, review.note)
        for review in session.scalars(
            sa.select(PlanReview)
            .where(PlanReview.user_id == user_id)
            .order_by(PlanReview.reviewed_on.desc(), PlanReview.id.desc())
        )
    )
    change = _change_since(session, user_id, items) if items else None
    targets = any(item.move is Move.TARGET_ROLES for item in items)
    sources, roles = _best_responses(session, user_id) if targets else ((), ())
    return GamePlan(
        moves=items, reviews=reviews, change=change, best_sources=sources, best_roles=roles
    )


def _change_since(session: Session, user_id: int, moves: tuple[MoveItem, ...]) -> PlanChange:
    since = min(move.chosen_on for move in moves)
    all_steps = [step for move in moves for step in move.steps]

    def outcomes(kind: OutcomeKind) -> int:
        return (
            session.scalar(
                sa.select(sa.func.count()).where(
                    Outcome.user_id == user_id, Outcome.kind == kind, Outcome.occurred_on >= since
                )
            )
            or 0
        )

    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    interviews = (
        session.scalar(
            sa.select(sa.func.count()).where(
                Interview.user_id == user_id, Interview.scheduled_at >= start
            )
        )
        or 0
    )
    practice = (
        session.scalar(
            sa.select(sa.func.count()).where(
                PracticeSession.user_id == user_id, PracticeSession.at >= start
            )
        )
        or 0
    )
    return PlanChange(
        since=since,
        steps_done=sum(1 for step in all_steps if step.done_on is not None),
        steps_total=len(all_steps),
        rejections_since=outcomes(OutcomeKind.REJECTION),
        interviews_since=interviews,
        offers_since=outcomes(OutcomeKind.OFFER),
        practice_since=practice,
    )


_ANSWERED = {
    Status.INTERVIEWING,
    Status.HIRING_MANAGER_CHAT,
    Status.OFFER,
    Status.ACCEPTED,
    Status.DECLINED,
    Status.OFFER_EXPIRED,
    Status.OFFER_RESCINDED,
}


def _best_responses(
    session: Session, user_id: int
) -> tuple[tuple[SourceResponse, ...], tuple[SourceResponse, ...]]:
    """Sources and roles whose applications reached an interview most often."""
    interviewed = set(
        session.scalars(
            sa.select(Interview.application_id).where(Interview.user_id == user_id).distinct()
        )
    )
    rows = session.execute(
        sa.select(Application.id, Application.source, Application.role, Application.status).where(
            Application.user_id == user_id
        )
    ).all()
    answered = [(row[0] in interviewed or row[3] in _ANSWERED) for row in rows]
    sources = best_responses((row[1], ok) for row, ok in zip(rows, answered, strict=True))
    roles = best_responses((row[2], ok) for row, ok in zip(rows, answered, strict=True))
    return tuple(sources), tuple(roles)
