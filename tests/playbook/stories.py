"""Builders that let a playbook test read like the user's story.

Dates are the user's local dates. Every application gets a recruiter whose
contact id is the application id times ten plus one (Acme, id 1: contact 11),
unless the story gives its own contacts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from afterword.localtime import BusinessCalendar
from afterword.pipeline.decision_timeline import DecisionTimeline, TimelineUnit
from afterword.pipeline.status import OfferDecision, OutcomeKind, Status
from afterword.playbook.actions import Action, ActionKind
from afterword.playbook.engine import plan
from afterword.playbook.facts import (
    ActionRecord,
    ApplicationFacts,
    ContactFact,
    InterviewFact,
    OfferFact,
    OutcomeFact,
    SearchFacts,
)
from afterword.settings.playbook import PlaybookTimings

day = dt.date.fromisoformat  # day("2026-12-03") reads better than dt.date(2026, 12, 3)


def recruiter(
    contact_id: int, name: str | None = "Rita Reyes", email: str | None = "rita@example.com"
) -> ContactFact:
    """The recruiter of a process."""
    return ContactFact(contact_id, "recruiter", name, email)


def interviewer(contact_id: int, name: str, email: str | None = None) -> ContactFact:
    """Someone the user met in an interview."""
    return ContactFact(contact_id, "interviewer", name, email)


def within(amount: int, unit: str) -> DecisionTimeline:
    """'Within 3 business_days', 'within 2 weeks', ... as the recruiter said it."""
    return DecisionTimeline(within=amount, unit=TimelineUnit(unit))


def by(date: str) -> DecisionTimeline:
    """A decision promised by a date."""
    return DecisionTimeline(by=day(date))


def interview_on(
    date: str,
    *,
    id: int = 1,
    round: int | None = None,
    kind: str = "onsite",
    interviewers: tuple[int, ...] = (),
    timeline: DecisionTimeline | None = None,
    debriefed: bool = False,
    still_interested: bool | None = None,
) -> InterviewFact:
    """An interview round on `date` (round defaults to its id)."""
    return InterviewFact(
        id, round or id, kind, day(date), interviewers, timeline, debriefed, still_interested
    )


def application(
    company: str = "Acme",
    *,
    id: int = 1,
    status: Status = Status.INTERVIEWING,
    interviews: Iterable[InterviewFact] = (),
    contacts: Iterable[ContactFact] | None = None,
    outcomes: Iterable[tuple[OutcomeKind, str]] = (),
    offers: Iterable[OfferFact] = (),
    feedback_on: Iterable[str] = (),
    applied_on: str = "2026-11-02",
    status_since: str | None = None,
) -> ApplicationFacts:
    """One application; outcomes are (kind, 'YYYY-MM-DD') pairs."""
    news = tuple(OutcomeFact(kind, day(on)) for kind, on in outcomes)
    return ApplicationFacts(
        id=id,
        company=company,
        role="Backend Engineer",
        status=status,
        applied_on=day(applied_on),
        status_since=day(status_since or applied_on),
        contacts=tuple(contacts) if contacts is not None else (recruiter(id * 10 + 1),),
        interviews=tuple(interviews),
        outcomes=news,
        offers=tuple(offers),
        feedback_on=tuple(day(on) for on in feedback_on),
    )


def rejected(on: str, company: str = "Acme", *, id: int = 1, **story: Any) -> ApplicationFacts:
    """A process that ended in a rejection on `on`."""
    outcomes = ((OutcomeKind.REJECTION, on),)
    return application(
        company, id=id, status=Status.REJECTED, outcomes=outcomes, status_since=on, **story
    )


def offer(
    received_on: str,
    deadline: str | None = None,
    *,
    id: int = 1,
    decision: OfferDecision = OfferDecision.PENDING,
    decided_on: str | None = None,
    has_terms: bool = True,
    reneged: bool = False,
) -> OfferFact:
    """An offer received on a date, expiring on `deadline`."""
    decided = day(decided_on) if decided_on else None
    expires = day(deadline) if deadline else None
    return OfferFact(id, day(received_on), expires, decision, decided, has_terms, reneged)


def offer_from(company: str, the_offer: OfferFact, *, id: int, **story: Any) -> ApplicationFacts:
    """A process at the offer stage (or accepted/declined, from the offer's decision)."""
    status = {
        OfferDecision.PENDING: Status.OFFER,
        OfferDecision.ACCEPTED: Status.ACCEPTED,
        OfferDecision.DECLINED: Status.DECLINED,
    }[the_offer.decision]
    return application(company, id=id, status=status, offers=(the_offer,), **story)


def done(key: str, on: str, state: str = "done") -> ActionRecord:
    """The user settled the action `key` on `on` ('done' or 'dismissed')."""
    return ActionRecord(key, state, day(on))


def plan_for(
    *applications: ApplicationFacts,
    today: str,
    country: str = "GB",
    settled: Iterable[ActionRecord] = (),
    last_applied_on: str | None = None,
    **timings: Any,
) -> list[Action]:
    """The playbook's actions for this story, as of `today`, with default timings unless given."""
    search = SearchFacts(
        applications=applications,
        settled={record.key: record for record in settled},
        last_applied_on=day(last_applied_on) if last_applied_on else None,
    )
    return plan(
        search,
        today=day(today),
        timings=PlaybookTimings(**timings),
        calendar=BusinessCalendar(country),
    )


def of_kind(actions: Iterable[Action], kind: ActionKind) -> list[Action]:
    """The actions of one kind, in the engine's order."""
    return [action for action in actions if action.kind is kind]


def the_one(actions: Iterable[Action], kind: ActionKind) -> Action:
    """The single action of `kind`; fails the test if there is none or several."""
    found = of_kind(actions, kind)
    assert len(found) == 1, f"expected one {kind.value}, got {[a.key for a in found]}"
    return found[0]


def kinds(actions: Iterable[Action]) -> set[ActionKind]:
    """Which kinds of action the playbook proposes."""
    return {action.kind for action in actions}
