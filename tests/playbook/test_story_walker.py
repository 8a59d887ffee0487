"""The story walker: generated searches, walked day by day, with a user who does, dismisses or
ignores what afterword suggests. At every step, named invariants say the agenda is true.

Each example is one search of two to four companies over 60 days: applications, interviews
(some logged ahead of time), debriefs (some saying "no longer interested"), decision
timelines, news (rejections, offers with deadlines, invitations, old news imported without a
date), decisions on offers (acceptances, the odd confirmed renege), mood check-ins and
journal entries. Every day the search is re-planned through the real services on a real
database; the invariants are checked; then the user acts on what is due: marks it done, says
they sent its email, dismisses it, ignores it, or undoes something done earlier.

The number of generated days checked is printed at the end of the run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterword.db.base import Base
from afterword.errors import AfterwordError
from afterword.mail.models import DeliveryRoute
from afterword.mail.service import action_draft, check_delivery
from afterword.offers.service import decide, pending_offer, record_news, update_offer
from afterword.pipeline.applications import add_application, get_application
from afterword.pipeline.contacts import add_contact
from afterword.pipeline.interviews import log_interview, record_debrief
from afterword.pipeline.models import ContactRole, InterviewKind
from afterword.pipeline.schemas import (
    ApplicationFields,
    ContactFields,
    InterviewFields,
    OutcomeFields,
)
from afterword.pipeline.status import (
    AWAITING_DECISION,
    CLOSED_STATUSES,
    OfferDecision,
    OutcomeKind,
    Status,
)
from afterword.playbook.actions import ActionKind
from afterword.playbook.effects import Effect, effect_of
from afterword.playbook.models import ActionState, PlannedAction
from afterword.playbook.service import (
    complete_action,
    dismiss_action,
    load_facts,
    undo_action,
)
from afterword.reflection.schemas import JournalFields, MoodFields
from afterword.reflection.service import add_journal_entry, add_mood
from afterword.settings import load_settings
from afterword.storage.session import dispose_engines, get_engine
from afterword.workspace import Workspace, workspace_scope
from tests.conftest import IN_CI, POSTGRES_HINT

START = dt.date(2026, 11, 2)  # a Monday
DAYS = 60
CHECKED: dict[str, int] = {"searches": 0, "days": 0, "actions": 0}

# -- the generated search ------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What happens at one company, in days from START."""

    company: str
    recruiter_email: bool
    interviewer_email: bool
    applied: int
    interview: int | None
    logged_ahead: int  # the interview is logged this many days before it happens
    debrief_after: int | None  # days after the interview; None: never written
    interested: bool | None
    timeline: tuple[str, int] | None  # ("within", business days) or ("by", days after)
    news: tuple[OutcomeKind, int] | None  # what the company says, days after the interview
    news_dated: bool  # False: imported later from a tracker without a response date
    deadline_after: int  # an offer's deadline, days after it came
    second_round_after: int | None  # after an invitation, the next round this many days later


COMPANIES = ("Northwind", "Contoso", "Fabrikam", "Globex")
NEWS = st.sampled_from(
    [
        OutcomeKind.REJECTION,
        OutcomeKind.OFFER,
        OutcomeKind.MORE_INTERVIEWS,
        OutcomeKind.HIRING_MANAGER_CHAT,
    ]
)


@st.composite
def plans(draw: st.DrawFn, company: str) -> Plan:
    interview = draw(st.none() | st.integers(0, 30))
    return Plan(
        company=company,
        recruiter_email=draw(st.booleans()),
        interviewer_email=draw(st.booleans()),
        applied=draw(st.integers(0, 6)),
        interview=None if interview is None else interview + 3,
        logged_ahead=draw(st.integers(0, 5)),
        debrief_after=draw(st.none() | st.integers(0, 4)),
        interested=draw(st.sampled_from([None, True, False])),
        timeline=draw(
            st.none()
            | st.tuples(st.just("within"), st.integers(1, 10))
            | st.tuples(st.just("by"), st.integers(1, 14))
        ),
        news=draw(st.none() | st.tuples(NEWS, st.integers(1, 20))),
        news_dated=draw(st.booleans() | st.just(True)),
        deadline_after=draw(st.integers(2, 12)),
        second_round_after=draw(st.none() | st.integers(2, 8)),
    )


@st.composite
def searches(draw: st.DrawFn) -> list[Plan]:
    count = draw(st.integers(2, 4))
    return [draw(plans(company)) for company in COMPANIES[:count]]


# How the user treats each kind of step: mostly does it, sometimes dismisses or ignores it.
BEHAVIOUR = st.fixed_dictionaries(
    {
        "do": st.floats(0.3, 0.9),
        "dismiss": st.floats(0.0, 0.2),
        "undo": st.floats(0.0, 0.15),
        "accept": st.booleans(),
        "renege": st.booleans(),
        "mood": st.booleans(),
        "journal": st.booleans(),
    }
)


# -- the database, fresh for every example -------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_database(
    request: pytest.FixtureRequest, _sqlite_template: Path
) -> Iterator[Callable[[], str]]:
    """A function giving the URL of an empty migrated database, new for each example."""
    if request.param == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="afterword-walker-"))
        made: list[int] = []

        def sqlite() -> str:
            dispose_engines()
            made.append(len(made))
            path = folder / f"walk-{len(made)}.sqlite3"
            shutil.copy(_sqlite_template, path)
            return f"sqlite:///{path}"

        yield sqlite
        dispose_engines()
        shutil.rmtree(folder, ignore_errors=True)
        return
    url = request.getfixturevalue("_migrated_postgres")
    if url is None:
        if IN_CI:
            pytest.fail(f"CI=true but {POSTGRES_HINT}")
        pytest.skip(POSTGRES_HINT)

    def postgres() -> str:
        tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
        with get_engine(url).begin() as connection:
            connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        return str(url)

    yield postgres


# -- the walk ---------------------------------------------------------------------------------------


class Walk:
    """One generated search, its database, and what the user did."""

    def __init__(self, url: str, plans: list[Plan], behaviour: dict[str, Any], rng: random.Random):
        self.settings = load_settings(database_url=url)
        self.plans = plans
        self.behaviour = behaviour
        self.rng = rng
        self.ids: dict[str, int] = {}
        self.second_round: dict[str, int] = {}  # company -> day of the extra round

    def open(self, day: dt.date) -> Any:
        return workspace_scope(self.settings, as_of=day)

    # What happens in the world on `offset`.
    def events(self, ws: Workspace, offset: int) -> None:
        for plan in self.plans:
            self._company_events(ws, plan, offset)
        self._decisions(ws, offset)

    def _company_events(self, ws: Workspace, plan: Plan, offset: int) -> None:
        if offset == plan.applied:
            application = add_application(
                session=ws.session,
                user_id=ws.user_id,
                fields=ApplicationFields(
                    company=plan.company,
                    role="Data Engineer",
                    applied_on=START + dt.timedelta(days=plan.applied),
                    interest=self.rng.choice([None, 2, 4, 5]),
                ),
                now=ws.now,
            )
            self.ids[plan.company] = application.id
            slug = plan.company.lower()
            add_contact(
                session=ws.session,
                user_id=ws.user_id,
                application_id=application.id,
                fields=ContactFields(
                    name="Rita Reyes",
                    email=f"rita@{slug}.example" if plan.recruiter_email else None,
                ),
                now=ws.now,
            )
        app_id = self.ids.get(plan.company)
        if app_id is None or plan.interview is None:
            return
        rounds = [(plan.interview, plan.logged_ahead)]
        if plan.company in self.second_round:
            rounds.append((self.second_round[plan.company], 2))
        for day, ahead in rounds:
            if offset == max(day - ahead, plan.applied):
                self._log_interview(ws, plan, app_id, day)
        if plan.debrief_after is not None and offset == plan.interview + plan.debrief_after:
            self._debrief(ws, plan, app_id)
        if plan.news is not None and offset == plan.interview + plan.news[1]:
            self._news(ws, plan, app_id, offset)

    def _log_interview(self, ws: Workspace, plan: Plan, app_id: int, day: int) -> None:
        at = dt.datetime.combine(START + dt.timedelta(days=day), dt.time(14, 0), tzinfo=dt.UTC)
        people = [
            ContactFields(
                name="Tom Okafor",
                role=ContactRole.INTERVIEWER,
                email=f"tom@{plan.company.lower()}.example" if plan.interviewer_email else None,
            )
        ]
        # A process that ended before the round refuses it, as it would for a person.
        with contextlib.suppress(AfterwordError):
            log_interview(
                session=ws.session,
                user_id=ws.user_id,
                application_id=app_id,
                fields=InterviewFields(kind=InterviewKind.TECHNICAL, scheduled_at=at),
                now=ws.now,
                new_interviewers=people,
            )

    def _debrief(self, ws: Workspace, plan: Plan, app_id: int) -> None:
        application = get_application(session=ws.session, user_id=ws.user_id, application_id=app_id)
        held = [i for i in application.interviews if i.scheduled_at and i.scheduled_at <= ws.now]
        if not held:
            return
        changes: dict[str, Any] = {"self_rating": 3, "still_interested": plan.interested}
        if plan.timeline is not None:
            kind, amount = plan.timeline
            if kind == "within":
                changes.update(decision_within=amount, decision_within_unit="business_days")
            else:
                changes["decision_by"] = ws.today + dt.timedelta(days=amount)
        record_debrief(
            session=ws.session,
            user_id=ws.user_id,
            interview_id=held[-1].id,
            changes=changes,
            now=ws.now,
        )

    def _news(self, ws: Workspace, plan: Plan, app_id: int, offset: int) -> None:
        assert plan.news is not None
        kind = plan.news[0]
        try:
            record_news(
                session=ws.session,
                user_id=ws.user_id,
                application_id=app_id,
                fields=OutcomeFields(
                    kind=kind,
                    occurred_on=ws.today,
                    date_known=plan.news_dated or kind is not OutcomeKind.REJECTION,
                ),
                now=ws.now,
            )
        except AfterwordError:
            return  # not possible any more (the user withdrew, say)
        if kind is OutcomeKind.OFFER:
            application = get_application(
                session=ws.session, user_id=ws.user_id, application_id=app_id
            )
            offer = pending_offer(application)
            if offer is not None:
                update_offer(
                    session=ws.session,
                    user_id=ws.user_id,
                    offer_id=offer.id,
                    changes={
                        "base_salary": 80_000,
                        "currency": "GBP",
                        "deadline": ws.today + dt.timedelta(days=plan.deadline_after),
                    },
                    now=ws.now,
                )
        elif (
            kind in (OutcomeKind.MORE_INTERVIEWS, OutcomeKind.HIRING_MANAGER_CHAT)
            and plan.second_round_after is not None
        ):
            self.second_round[plan.company] = offset + plan.second_round_after

    def _decisions(self, ws: Workspace, offset: int) -> None:
        """The user decides on offers: accepts one (and sometimes reneges for a later one)."""
        if not self.behaviour["accept"] or offset % 3:
            return
        facts = load_facts(session=ws.session, user_id=ws.user_id, timezone=ws.user.timezone)
        accepted = facts.index.acceptance
        for app in facts.applications:
            offer = app.pending_offer
            if offer is None or (accepted is not None and not self.behaviour["renege"]):
                continue
            try:
                decide(
                    session=ws.session,
                    user_id=ws.user_id,
                    offer_id=offer.id,
                    decision=OfferDecision.ACCEPTED,
                    decided_on=ws.today,
                    now=ws.now,
                    confirm_renege=True,
                )
            except AfterwordError:
                continue
            return

    # What the user does with the agenda.
    def act(self, ws: Workspace) -> None:
        rows = ws.session.scalars(
            sa.select(PlannedAction)
            .where(PlannedAction.user_id == ws.user_id, PlannedAction.state == ActionState.OPEN)
            .order_by(PlannedAction.id)
        ).all()
        for row in rows:
            if row.effective_due > ws.today:
                continue
            roll = self.rng.random()
            if roll < self.behaviour["dismiss"]:
                dismiss_action(
                    session=ws.session,
                    user_id=ws.user_id,
                    action_id=row.id,
                    on=ws.today,
                    now=ws.now,
                )
            elif roll < self.behaviour["dismiss"] + self.behaviour["do"]:
                self._do(ws, row)
            if row.kind is ActionKind.MOOD_CHECK_IN and self.behaviour["mood"]:
                add_mood(
                    session=ws.session,
                    user_id=ws.user_id,
                    fields=MoodFields(mood=3),
                    now=ws.now,
                    application_id=row.application_id,
                )
            if row.kind is ActionKind.REFLECT and self.behaviour["journal"]:
                add_journal_entry(
                    session=ws.session,
                    user_id=ws.user_id,
                    fields=JournalFields(text="What went well, what to practise."),
                    now=ws.now,
                    application_id=row.application_id,
                )
        self._maybe_undo(ws)

    def _do(self, ws: Workspace, row: PlannedAction) -> None:
        if row.state is not ActionState.OPEN:
            return  # settled by something done earlier today
        application_id = row.application_id
        before = (
            get_application(
                session=ws.session, user_id=ws.user_id, application_id=application_id
            ).status
            if application_id is not None
            else None
        )
        complete_action(
            session=ws.session, user_id=ws.user_id, action_id=row.id, on=ws.today, now=ws.now
        )
        CHECKED["actions"] += 1
        effect = effect_of(row.kind)
        if application_id is None or before is None:
            return
        after = get_application(
            session=ws.session, user_id=ws.user_id, application_id=application_id
        ).status
        # Invariant: every closing action, when done, leaves the process closed.
        if effect is Effect.PROCESS_WITHDRAWN:
            assert after is Status.WITHDRAWN, (row.key, before, after)
        elif effect is Effect.PROCESS_GHOSTED:
            assert after is Status.GHOSTED, (row.key, before, after)
        elif effect is Effect.OFFER_DECLINED:
            assert after is Status.DECLINED, (row.key, before, after)

    def _maybe_undo(self, ws: Workspace) -> None:
        if self.rng.random() >= self.behaviour["undo"]:
            return
        done = ws.session.scalars(
            sa.select(PlannedAction)
            .where(
                PlannedAction.user_id == ws.user_id,
                PlannedAction.state == ActionState.DONE,
                PlannedAction.effect_json.is_not(None),
                PlannedAction.effect_json.not_like('%"fulfilled"%'),
            )
            .order_by(PlannedAction.updated_at.desc(), PlannedAction.id.desc())
        ).first()
        if done is None:
            return
        try:
            undo_action(
                session=ws.session,
                user_id=ws.user_id,
                action_id=done.id,
                today=ws.today,
                now=ws.now,
            )
        except AfterwordError:
            return  # the record moved on since: refused, changing nothing
        assert done.state is ActionState.OPEN


# -- the invariants ---------------------------------------------------------------------------------

# What may stay open for a process that has ended, by how it ended.
CLOSING_STEPS = {
    Status.REJECTED: {
        ActionKind.MOOD_CHECK_IN,
        ActionKind.SELF_CARE,
        ActionKind.FEEDBACK_REQUEST,
        ActionKind.REFLECT,
        ActionKind.GAME_PLAN,
    },
    Status.DECLINED: {ActionKind.RENEGE_MESSAGE},
}
# Steps that look forward in a process: none while the user is leaving it.
PURSUING = {
    ActionKind.THANK_RECRUITER,
    ActionKind.THANK_INTERVIEWER,
    ActionKind.FOLLOW_UP,
    ActionKind.SECOND_FOLLOW_UP,
    ActionKind.MARK_GHOSTED,
    ActionKind.SALARY_RESEARCH,
    ActionKind.PREPARE,
    ActionKind.INTEREST_CHECK,
    ActionKind.ASK_HOW_WELL,
    ActionKind.OFFER_NOTICE,
    ActionKind.EXTENSION_REQUEST,
    ActionKind.DEADLINE_REMINDER,
    ActionKind.DEBRIEF,
}
ABOUT_AN_INTERVIEW = {ActionKind.THANK_RECRUITER, ActionKind.THANK_INTERVIEWER, ActionKind.DEBRIEF}


def check(ws: Workspace) -> None:
    """Asserts every invariant on the stored agenda and the record, as of `ws.today`."""
    today = ws.today
    facts = load_facts(session=ws.session, user_id=ws.user_id, timezone=ws.user.timezone)
    rows = ws.session.scalars(
        sa.select(PlannedAction).where(PlannedAction.user_id == ws.user_id)
    ).all()
    opened = [row for row in rows if row.state is ActionState.OPEN]
    accepted = facts.index.acceptance
    for row in opened:
        app = facts.application(row.application_id) if row.application_id is not None else None
        where = f"{row.key} on {today}"
        # Invariant: nothing is due before its cause.
        assert row.cause_on is None or row.due >= row.cause_on, where
        if app is None:
            # Invariant: no keep-applying nudge once an offer is accepted.
            assert not (row.kind is ActionKind.KEEP_APPLYING and accepted is not None), where
            continue
        # Invariant: no open action for a closed process except its closing steps.
        if app.status in CLOSED_STATUSES:
            assert row.kind in CLOSING_STEPS.get(app.status, set()), (where, app.status)
        # Invariant: no open action whose premise contradicts the record.
        leaving = (accepted is not None and accepted[0] != app.id) or (
            app.not_interested(today) is not None and app.status in AWAITING_DECISION
        )
        if leaving:
            assert row.kind not in PURSUING, (where, "the user is leaving this process")
        if row.kind in ABOUT_AN_INTERVIEW and row.interview_id is not None:
            interview = next(i for i in app.interviews if i.id == row.interview_id)
            assert interview.on is not None and interview.on <= today, (where, "still ahead")
            if row.kind is ActionKind.DEBRIEF:
                assert not interview.debriefed, (where, "the debrief is written")
        if row.kind is ActionKind.INTEREST_CHECK and row.interview_id is not None:
            interview = next(i for i in app.interviews if i.id == row.interview_id)
            assert interview.still_interested is None, (where, "already answered")
        if row.kind is ActionKind.RECORD_OFFER_TERMS:
            offer = app.pending_offer
            assert offer is None or not (offer.has_terms and offer.deadline), where
        if row.kind is ActionKind.EXTENSION_REQUEST:
            offer = next(o for o in app.offers if o.id == row.offer_id)
            asked = offer.extension_requested_on is not None or offer.extended
            assert not asked or offer.extension_again, (where, "more time was already asked for")
        if row.kind is ActionKind.MOOD_CHECK_IN:
            day = app.rejection_news_on
            assert day is not None, (where, "old news starts no rituals")
            assert not any(mood >= day for mood in app.moods_on), (where, "a mood is recorded")
        if row.kind in (ActionKind.FEEDBACK_REQUEST, ActionKind.SELF_CARE, ActionKind.REFLECT):
            assert app.rejection_news_on is not None, (where, "old news starts no rituals")
        if row.kind is ActionKind.OFFER_NOTICE:
            assert app.ref not in facts.notified, (where, "this company was already told")
    # Invariant: at most one acceptance stands.
    assert sum(app.status is Status.ACCEPTED for app in facts.applications) <= 1
    # Invariant: no email action is sendable once withdrawn (or done, or dismissed).
    for row in rows:
        if row.state is ActionState.OPEN or not row.kind.is_email:
            continue
        try:
            _row, draft = action_draft(
                session=ws.session, user=ws.user, action_id=row.id, today=today
            )
            check_delivery(
                session=ws.session,
                user=ws.user,
                action=row,
                draft=draft,
                route=DeliveryRoute.SMTP,
                again=False,
                now=ws.now,
                today=today,
            )
        except AfterwordError:
            continue
        raise AssertionError(f"{row.key} is {row.state.value} but its email could still be sent")
    CHECKED["days"] += 1


def walk(url: str, plans: list[Plan], behaviour: dict[str, Any], rng: random.Random) -> None:
    story = Walk(url, plans, behaviour, rng)
    for offset in range(DAYS):
        day = START + dt.timedelta(days=offset)
        with story.open(day) as ws:
            story.events(ws, offset)
        with story.open(day) as ws:
            ws.replan()
            check(ws)
            story.act(ws)
        with story.open(day) as ws:
            ws.replan()
            check(ws)
    CHECKED["searches"] += 1


EXAMPLES = {"sqlite": 25, "postgresql": 8}


@pytest.mark.parametrize("backend", ["walk"])
def test_the_agenda_stays_true_through_generated_searches(
    fresh_database: Callable[[], str], request: pytest.FixtureRequest, backend: str
) -> None:
    kind = request.node.callspec.params["fresh_database"]

    @settings(
        max_examples=EXAMPLES[kind],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        derandomize=True,
    )
    @given(plans=searches(), behaviour=BEHAVIOUR, rng=st.randoms(use_true_random=False))
    def run(plans: list[Plan], behaviour: dict[str, Any], rng: random.Random) -> None:
        walk(fresh_database(), plans, behaviour, rng)

    run()
