"""Reading the playbook's facts as plain rows: one query per table, no ORM objects.

Every write re-plans the agenda. Loading the whole search as ORM objects (applications with
their contacts, rounds, news, offers and history) took over a second at 5,000 applications,
for values the engine only reads. This reads the same columns as rows and builds the same
`SearchFacts` -- every fact the rules read, the reflection loop's included. A test compares
it with a load through the ORM objects (tests/playbook/reference_facts.py), and generated
stories compare a partial re-plan with a whole one (tests/playbook/test_partial_replan.py).

`load_facts(only=...)` reads a part of the search: the named applications in full, and of
the rest only what the search-wide rules ask (which processes are open, the latest
rejection, the last day the user applied). It refuses (None) when an offer is pending or
accepted anywhere: then the rules of one process read the others (notices, wrap-up, the
latest expected decision), and the caller reads the whole search.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword import localtime
from afterword.offers.models import Offer, SalaryResearch
from afterword.pipeline.decision_timeline import DecisionTimeline
from afterword.pipeline.models import (
    Application,
    Contact,
    Feedback,
    Interview,
    InterviewQuestion,
    Outcome,
    StatusChange,
    interview_interviewers,
)
from afterword.pipeline.status import OPEN_STATUSES, OfferDecision, OutcomeKind, Status
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
    SearchIndex,
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
# The offers whose process reads the others' facts (see the module's docstring).
_IN_PLAY = (OfferDecision.PENDING, OfferDecision.ACCEPTED)


def load_facts(
    *, session: Session, user_id: int, timezone: str, only: Collection[int] | None = None
) -> SearchFacts | None:
    """Reads what the rules need about the user's search (or the part `only` names).

    None only for a part while an offer is in play (see the module's docstring).
    """
    zone = localtime.zone(timezone)
    if only is not None and _offer_in_play(session, user_id):
        return None
    # The reads below go to the connection, past the ORM session (its bookkeeping per
    # statement cost more than the queries): what the session holds unwritten is written first.
    session.flush()
    reader = _Reader(session, user_id, zone, None if only is None else sorted(only))
    applications = reader.applications()
    settled = {
        key: ActionRecord(key=key, state=state.value, on=settled_on or due)
        for key, state, settled_on, due in reader.run(
            sa.select(
                PlannedAction.key, PlannedAction.state, PlannedAction.settled_on, PlannedAction.due
            ).where(PlannedAction.user_id == user_id, PlannedAction.state.in_(_SETTLED))
        )
    }
    loop = _loop_facts(reader)
    if only is None:
        return SearchFacts(
            applications=applications,
            settled=settled,
            last_applied_on=max((app.applied_on for app in applications), default=None),
            loop=loop,
        )
    part = SearchFacts(
        applications=applications,
        settled=settled,
        last_applied_on=_last_applied(reader),
        loop=loop,
    )
    # The search-wide answers come from the whole search, read as single columns.
    part.__dict__["index"] = SearchIndex._derived(
        {app.id: number for number, app in enumerate(applications)},
        {},
        _rejections(reader),
        {},
        frozenset(
            session.scalars(
                sa.select(Application.id).where(
                    Application.user_id == user_id, Application.status.in_(OPEN_STATUSES)
                )
            )
        ),
    )
    return part


def _offer_in_play(session: Session, user_id: int) -> bool:
    found = session.scalar(
        sa.select(Offer.id).where(Offer.user_id == user_id, Offer.decision.in_(_IN_PLAY)).limit(1)
    )
    return found is not None


class _Reader:
    """The queries of one load: the user's rows, limited to the chosen applications."""

    def __init__(
        self, session: Session, user_id: int, zone: ZoneInfo, only: list[int] | None
    ) -> None:
        self.session = session
        self.connection = session.connection()
        self.user_id = user_id
        self.zone = zone
        self.only = only

    def run(self, statement: Any) -> Iterator[Sequence[Any]]:
        # Rows by position: some selects are wider than the typed overloads of select().
        return iter(self.connection.execute(statement))

    def scalar(self, statement: Any) -> Any:
        return self.connection.execute(statement).scalar()

    def scalars(self, statement: Any) -> Any:
        return self.connection.execute(statement).scalars()

    def local(self, instant: dt.datetime) -> dt.date:
        return instant.astimezone(self.zone).date()

    def chosen(self, column: Any) -> sa.ColumnElement[bool]:
        return sa.true() if self.only is None else column.in_(self.only)

    def applications(self) -> tuple[ApplicationFacts, ...]:
        """The chosen applications with everything the per-application rules read."""
        user_id, local = self.user_id, self.local
        contacts: defaultdict[int, list[ContactFact]] = defaultdict(list)
        for row in self.run(
            sa.select(
                Contact.application_id,
                Contact.id,
                Contact.role,
                Contact.name,
                Contact.email,
                Contact.uid,
            )
            .where(Contact.user_id == user_id, self.chosen(Contact.application_id))
            .order_by(Contact.application_id, Contact.id)
        ):
            contacts[row[0]].append(ContactFact(row[1], row[2].value, row[3], row[4], row[5]))
        interviews = self._interviews()
        outcomes: defaultdict[int, list[OutcomeFact]] = defaultdict(list)
        for row in self.run(
            sa.select(
                Outcome.application_id,
                Outcome.kind,
                Outcome.occurred_on,
                Outcome.date_known,
                Outcome.created_at,
            )
            .where(Outcome.user_id == user_id, self.chosen(Outcome.application_id))
            .order_by(Outcome.application_id, Outcome.id)
        ):
            outcomes[row[0]].append(OutcomeFact(row[1], row[2], row[3], local(row[4])))
        status_since, reneged = self._history()
        offers = self._offers(reneged)
        feedback: defaultdict[int, list[dt.date]] = defaultdict(list)
        for application_id, received_on in self.run(
            sa.select(Feedback.application_id, Feedback.received_on)
            .where(Feedback.user_id == user_id, self.chosen(Feedback.application_id))
            .order_by(Feedback.application_id, Feedback.id)
        ):
            feedback[application_id].append(received_on)
        moods, journal, reflected = self._days(
            (MoodCheckin, MoodCheckin.at),
            (JournalEntry, JournalEntry.written_at),
            (Reflection, Reflection.written_at),
        )
        researched = {
            application_id: local(at)
            for application_id, at in self.run(
                sa.select(SalaryResearch.application_id, SalaryResearch.updated_at).where(
                    SalaryResearch.user_id == user_id,
                    self.chosen(SalaryResearch.application_id),
                )
            )
        }
        return tuple(
            ApplicationFacts(
                id=row[0],
                company=row[1],
                role=row[2],
                status=row[3],
                applied_on=row[4] or local(row[5]),
                status_since=status_since.get(row[0]) or local(row[5]),
                contacts=tuple(contacts.get(row[0], ())),
                interviews=tuple(interviews.get(row[0], ())),
                outcomes=tuple(outcomes.get(row[0], ())),
                offers=tuple(offers.get(row[0], ())),
                feedback_on=tuple(feedback.get(row[0], ())),
                uid=row[6],
                moods_on=moods.get(row[0], ()),
                journal_on=journal.get(row[0], ()),
                interest=row[7],
                reflected_on=reflected.get(row[0], ()),
                salary_researched_on=researched.get(row[0]),
            )
            for row in self.run(
                sa.select(
                    Application.id,
                    Application.company,
                    Application.role,
                    Application.status,
                    Application.applied_on,
                    Application.created_at,
                    Application.uid,
                    Application.interest,
                )
                .where(Application.user_id == user_id, self.chosen(Application.id))
                .order_by(Application.id)
            )
        )

    def _interviews(self) -> dict[int, list[InterviewFact]]:
        user_id, local = self.user_id, self.local
        interviewers: defaultdict[int, list[int]] = defaultdict(list)
        for interview_id, contact_id in self.run(
            sa.select(interview_interviewers.c.interview_id, interview_interviewers.c.contact_id)
            .join(Interview, Interview.id == interview_interviewers.c.interview_id)
            .where(Interview.user_id == user_id, self.chosen(Interview.application_id))
            .order_by(interview_interviewers.c.interview_id, interview_interviewers.c.contact_id)
        ):
            interviewers[interview_id].append(contact_id)
        interviews: defaultdict[int, list[InterviewFact]] = defaultdict(list)
        for row in self.run(
            sa.select(
                Interview.application_id,
                Interview.id,
                Interview.round,
                Interview.kind,
                Interview.scheduled_at,
                Interview.decision_by,
                Interview.decision_within,
                Interview.decision_within_unit,
                Interview.debriefed_at,
                Interview.still_interested,
                Interview.uid,
            )
            .where(Interview.user_id == user_id, self.chosen(Interview.application_id))
            .order_by(Interview.application_id, Interview.round, Interview.id)
        ):
            timeline = (
                None
                if row[5] is None and row[6] is None
                else DecisionTimeline(by=row[5], within=row[6], unit=row[7])
            )
            interviews[row[0]].append(
                InterviewFact(
                    id=row[1],
                    round=row[2],
                    kind=row[3].value,
                    on=local(row[4]) if row[4] else None,
                    interviewer_ids=tuple(interviewers.get(row[1], ())),
                    timeline=timeline,
                    debriefed=row[8] is not None,
                    still_interested=row[9],
                    uid=row[10],
                    debriefed_on=local(row[8]) if row[8] else None,
                )
            )
        return interviews

    def _history(self) -> tuple[dict[int, dt.date], set[int]]:
        """The day of each process's latest status change; the processes that reneged."""
        status_since: dict[int, dt.date] = {}
        reneged: set[int] = set()
        for application_id, from_status, to_status, at in self.run(
            sa.select(
                StatusChange.application_id,
                StatusChange.from_status,
                StatusChange.to_status,
                StatusChange.at,
            )
            .where(StatusChange.user_id == self.user_id, self.chosen(StatusChange.application_id))
            .order_by(StatusChange.application_id, StatusChange.id)
        ):
            status_since[application_id] = self.local(at)
            if from_status is Status.ACCEPTED and to_status is Status.DECLINED:
                reneged.add(application_id)
        return status_since, reneged

    def _offers(self, reneged: set[int]) -> dict[int, list[OfferFact]]:
        offers: defaultdict[int, list[OfferFact]] = defaultdict(list)
        for row in self.run(
            sa.select(
                Offer.application_id,
                Offer.id,
                Offer.received_on,
                Offer.created_at,
                Offer.deadline,
                Offer.extended_deadline,
                Offer.decision,
                Offer.decided_on,
                Offer.base_salary,
                Offer.uid,
                Offer.extension_requested_on,
                Offer.extension_again,
            )
            .where(Offer.user_id == self.user_id, self.chosen(Offer.application_id))
            .order_by(Offer.application_id, Offer.id)
        ):
            offers[row[0]].append(
                OfferFact(
                    id=row[1],
                    received_on=row[2] or self.local(row[3]),
                    deadline=row[5] or row[4],
                    decision=row[6],
                    decided_on=row[7],
                    has_terms=row[8] is not None,
                    reneged=row[0] in reneged and row[6] is OfferDecision.DECLINED,
                    uid=row[9],
                    extended=row[5] is not None,
                    extension_requested_on=row[10],
                    extension_again=row[11],
                )
            )
        return offers

    def _days(self, *tables: tuple[Any, Any]) -> list[dict[int, tuple[dt.date, ...]]]:
        """For each (table, instant column): per application, the sorted local days of its
        rows (moods, journal, ...), read in one query (most searches have none of them)."""
        found: list[defaultdict[int, list[dt.date]]] = [defaultdict(list) for _ in tables]
        parts = [
            sa.select(sa.literal(number).label("part"), table.application_id, at).where(
                table.user_id == self.user_id,
                table.application_id.is_not(None),
                self.chosen(table.application_id),
            )
            for number, (table, at) in enumerate(tables)
        ]
        for part, application_id, instant in self.run(sa.union_all(*parts)):
            found[part][application_id].append(self.local(instant))
        return [
            {app_id: tuple(sorted(days)) for app_id, days in per_table.items()}
            for per_table in found
        ]


def _loop_facts(reader: _Reader) -> ReflectionLoopFacts:
    """The game plan and the practice bank, as the reflection-loop rules see them."""
    user_id = reader.user_id
    moves = {
        move_id: (move, chosen_on)
        for move_id, move, chosen_on in reader.run(
            sa.select(PlanMove.id, PlanMove.move, PlanMove.chosen_on).where(
                PlanMove.user_id == user_id
            )
        )
    }
    steps = tuple(
        PlanStepFact(uid=uid, move=Move(moves[move_id][0]).label, text=text, due=due, done_on=done)
        for uid, move_id, text, due, done in reader.run(
            sa.select(PlanStep.uid, PlanStep.move_id, PlanStep.text, PlanStep.due, PlanStep.done_on)
            .where(PlanStep.user_id == user_id)
            .order_by(PlanStep.id)
        )
        if move_id in moves
    )
    cards = sa.select(sa.func.count()).where(PracticeCard.user_id == user_id).scalar_subquery()
    # Tough debrief questions count before the bank has picked them up as cards.
    carded = sa.select(PracticeCard.question_id).where(
        PracticeCard.user_id == user_id, PracticeCard.question_id.is_not(None)
    )
    uncarded = (
        sa.select(sa.func.count())
        .where(
            InterviewQuestion.user_id == user_id,
            InterviewQuestion.went_well.is_(False),
            InterviewQuestion.id.not_in(carded),
        )
        .scalar_subquery()
    )
    practice_cards = reader.scalar(sa.select(cards + uncarded))  # one round trip for both
    return ReflectionLoopFacts(
        moves_chosen_on=tuple(sorted(chosen_on for _move, chosen_on in moves.values())),
        steps=steps,
        reviewed_on=tuple(
            sorted(
                reader.scalars(
                    sa.select(PlanReview.reviewed_on).where(PlanReview.user_id == user_id)
                )
            )
        ),
        practice_cards=int(practice_cards or 0),
        practised_on=tuple(
            sorted(
                {
                    reader.local(at)
                    for at in reader.scalars(
                        sa.select(PracticeSession.at).where(PracticeSession.user_id == user_id)
                    )
                }
            )
        ),
    )


def _last_applied(reader: _Reader) -> dt.date | None:
    """The last day the user applied anywhere (the day recorded, when no date was given)."""
    last: dt.date | None = reader.scalar(
        sa.select(sa.func.max(Application.applied_on)).where(Application.user_id == reader.user_id)
    )
    for created_at in reader.scalars(
        sa.select(Application.created_at).where(
            Application.user_id == reader.user_id, Application.applied_on.is_(None)
        )
    ):
        day = reader.local(created_at)
        last = day if last is None else max(last, day)
    return last


def _rejections(reader: _Reader) -> dict[int, dt.date]:
    """The day each rejected process's rejection came as news (see rejection_news_on)."""
    user_id, local = reader.user_id, reader.local
    rejected = Application.status == Status.REJECTED
    latest_change = (
        sa.select(StatusChange.at)
        .where(StatusChange.application_id == Application.id)
        .order_by(StatusChange.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    since = {
        app_id: local(changed or created)
        for app_id, created, changed in reader.run(
            sa.select(Application.id, Application.created_at, latest_change).where(
                Application.user_id == user_id, rejected
            )
        )
    }
    news: defaultdict[int, list[OutcomeFact]] = defaultdict(list)
    for app_id, occurred_on, date_known, created_at in reader.run(
        sa.select(
            Outcome.application_id, Outcome.occurred_on, Outcome.date_known, Outcome.created_at
        )
        .join(Application, Application.id == Outcome.application_id)
        .where(Outcome.user_id == user_id, Outcome.kind == OutcomeKind.REJECTION, rejected)
        .order_by(Outcome.application_id, Outcome.id)
    ):
        news[app_id].append(
            OutcomeFact(OutcomeKind.REJECTION, occurred_on, date_known, local(created_at))
        )
    found: dict[int, dt.date] = {}
    for app_id, day in since.items():
        # The pure rule decides (ApplicationFacts.rejection_news_on), from the facts it reads.
        facts = ApplicationFacts(
            id=app_id,
            company="",
            role="",
            status=Status.REJECTED,
            applied_on=day,
            status_since=day,
            outcomes=tuple(news.get(app_id, ())),
        )
        on = facts.rejection_news_on
        if on is not None:
            found[app_id] = on
    return found
