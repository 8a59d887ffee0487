"""The playbook's facts read through the ORM objects: the reference for the lean loader.

This is how afterword read the facts before playbook.fact_loading (applications with their
relationships loaded as objects). It stays here, in the tests, as an independent second
reading: tests/playbook/test_partial_replan.py checks that the lean loader reads exactly
these facts. When the engine reads a new fact, add it to both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from afterword import localtime
from afterword.offers.models import SalaryResearch
from afterword.pipeline.models import Application, Interview, InterviewQuestion
from afterword.pipeline.status import OfferDecision, Status
from afterword.playbook.facts import (
    ActionRecord,
    ApplicationFacts,
    ContactFact,
    InterviewFact,
    OfferFact,
    OutcomeFact,
    PlanStepFact,
    ReflectionLoopFacts,
    SearchFacts,
)
from afterword.playbook.models import ActionState, PlannedAction
from afterword.reflection.game_plan import Move
from afterword.reflection.models import (
    JournalEntry,
    MoodCheckin,
    PlanMove,
    PlanReview,
    PlanStep,
    PracticeCard,
    PracticeSession,
    Reflection,
)

_SETTLED = (ActionState.DONE, ActionState.DISMISSED)


def load_facts(*, session: Session, user_id: int, timezone: str) -> SearchFacts:
    """Reads everything the rules need about the user's search, as plain values."""
    zone = localtime.zone(timezone)
    applications = session.scalars(
        sa.select(Application)
        .where(Application.user_id == user_id)
        .order_by(Application.id)
        .options(
            selectinload(Application.contacts),
            selectinload(Application.interviews).selectinload(Interview.interviewers),
            selectinload(Application.outcomes),
            selectinload(Application.offers),
            selectinload(Application.feedback),
            selectinload(Application.history),
        )
    ).all()
    settled = {
        row.key: ActionRecord(key=row.key, state=row.state.value, on=row.settled_on or row.due)
        for row in session.scalars(
            sa.select(PlannedAction).where(
                PlannedAction.user_id == user_id, PlannedAction.state.in_(_SETTLED)
            )
        )
    }
    reflections = _reflection_days(session, user_id, zone)
    reflected: dict[int, list[dt.date]] = {}
    for application_id, instant in session.execute(
        sa.select(Reflection.application_id, Reflection.written_at).where(
            Reflection.user_id == user_id
        )
    ):
        reflected.setdefault(application_id, []).append(_local(instant, zone))
    researched = {
        application_id: _local(at, zone)
        for application_id, at in session.execute(
            sa.select(SalaryResearch.application_id, SalaryResearch.updated_at).where(
                SalaryResearch.user_id == user_id
            )
        )
    }
    facts = tuple(
        replace(
            _application_facts(
                application,
                zone,
                reflections.get(application.id, ((), ())),
                tuple(sorted(reflected.get(application.id, ()))),
            ),
            salary_researched_on=researched.get(application.id),
        )
        for application in applications
    )
    last_applied = max((app.applied_on for app in facts), default=None)
    return SearchFacts(
        applications=facts,
        settled=settled,
        last_applied_on=last_applied,
        loop=_loop_facts(session, user_id, zone),
    )


def _loop_facts(session: Session, user_id: int, zone: ZoneInfo) -> ReflectionLoopFacts:
    """The game plan and the practice bank, as the reflection-loop rules see them."""
    moves = {
        move.id: move
        for move in session.scalars(sa.select(PlanMove).where(PlanMove.user_id == user_id))
    }
    steps = tuple(
        PlanStepFact(
            uid=step.uid,
            move=Move(moves[step.move_id].move).label,
            text=step.text,
            due=step.due,
            done_on=step.done_on,
        )
        for step in session.scalars(
            sa.select(PlanStep).where(PlanStep.user_id == user_id).order_by(PlanStep.id)
        )
        if step.move_id in moves
    )
    cards = session.execute(
        sa.select(PracticeCard.practised_at).where(PracticeCard.user_id == user_id)
    ).all()
    # Tough debrief questions count before the bank has picked them up as cards.
    carded = sa.select(PracticeCard.question_id).where(
        PracticeCard.user_id == user_id, PracticeCard.question_id.is_not(None)
    )
    uncarded = (
        session.scalar(
            sa.select(sa.func.count()).where(
                InterviewQuestion.user_id == user_id,
                InterviewQuestion.went_well.is_(False),
                InterviewQuestion.id.not_in(carded),
            )
        )
        or 0
    )
    return ReflectionLoopFacts(
        moves_chosen_on=tuple(sorted(move.chosen_on for move in moves.values())),
        steps=steps,
        reviewed_on=tuple(
            sorted(
                session.scalars(
                    sa.select(PlanReview.reviewed_on).where(PlanReview.user_id == user_id)
                )
            )
        ),
        practice_cards=len(cards) + uncarded,
        practised_on=tuple(
            sorted(
                {
                    _local(at, zone)
                    for at in session.scalars(
                        sa.select(PracticeSession.at).where(PracticeSession.user_id == user_id)
                    )
                }
            )
        ),
    )


def _local(instant: dt.datetime, zone: ZoneInfo) -> dt.date:
    return instant.astimezone(zone).date()


def _reflection_days(
    session: Session, user_id: int, zone: ZoneInfo
) -> dict[int, tuple[tuple[dt.date, ...], tuple[dt.date, ...]]]:
    """Per application, the local days of its mood check-ins and of its journal entries."""
    moods: dict[int, list[dt.date]] = {}
    journal: dict[int, list[dt.date]] = {}
    for table, at, into in (
        (MoodCheckin, MoodCheckin.at, moods),
        (JournalEntry, JournalEntry.written_at, journal),
    ):
        rows = session.execute(
            sa.select(table.application_id, at).where(
                table.user_id == user_id, table.application_id.is_not(None)
            )
        )
        for application_id, instant in rows:
            if application_id is not None:
                into.setdefault(application_id, []).append(_local(instant, zone))
    return {
        app_id: (tuple(sorted(moods.get(app_id, ()))), tuple(sorted(journal.get(app_id, ()))))
        for app_id in moods.keys() | journal.keys()
    }


def _application_facts(
    application: Application,
    zone: ZoneInfo,
    reflections: tuple[tuple[dt.date, ...], tuple[dt.date, ...]],
    reflected_on: tuple[dt.date, ...] = (),
) -> ApplicationFacts:
    history = application.history
    status_since = _local(history[-1].at, zone) if history else _local(application.created_at, zone)
    reneged_apps = any(
        change.from_status is Status.ACCEPTED and change.to_status is Status.DECLINED
        for change in history
    )
    return ApplicationFacts(
        id=application.id,
        company=application.company,
        role=application.role,
        status=application.status,
        applied_on=application.applied_on or _local(application.created_at, zone),
        status_since=status_since,
        contacts=tuple(
            ContactFact(id=c.id, role=c.role.value, name=c.name, email=c.email, uid=c.uid)
            for c in application.contacts
        ),
        interviews=tuple(
            InterviewFact(
                id=interview.id,
                round=interview.round,
                kind=interview.kind.value,
                on=_local(interview.scheduled_at, zone) if interview.scheduled_at else None,
                interviewer_ids=tuple(person.id for person in interview.interviewers),
                timeline=interview.timeline,
                debriefed=interview.debriefed_at is not None,
                still_interested=interview.still_interested,
                uid=interview.uid,
                debriefed_on=_local(interview.debriefed_at, zone)
                if interview.debriefed_at
                else None,
            )
            for interview in application.interviews
        ),
        outcomes=tuple(
            OutcomeFact(
                kind=o.kind,
                on=o.occurred_on,
                date_known=o.date_known,
                recorded_on=_local(o.created_at, zone),
            )
            for o in application.outcomes
        ),
        offers=tuple(
            OfferFact(
                id=offer.id,
                received_on=offer.received_on or _local(offer.created_at, zone),
                deadline=offer.effective_deadline,
                decision=offer.decision,
                decided_on=offer.decided_on,
                has_terms=offer.base_salary is not None,
                reneged=reneged_apps and offer.decision is OfferDecision.DECLINED,
                uid=offer.uid,
                extended=offer.extended_deadline is not None,
                extension_requested_on=offer.extension_requested_on,
                extension_again=offer.extension_again,
            )
            for offer in application.offers
        ),
        feedback_on=tuple(feedback.received_on for feedback in application.feedback),
        uid=application.uid,
        moods_on=reflections[0],
        journal_on=reflections[1],
        interest=application.interest,
        reflected_on=reflected_on,
    )
