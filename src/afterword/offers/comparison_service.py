"""Reading offers and open processes for the comparison and the deadline timeline.

A few targeted queries (offers with their company; the interviews of processes at
an interview stage), turned into the plain values `offers.comparison` works on.
Expected decision dates come from the same function the playbook uses
(pipeline.decision_timeline.expected_decision), so the page and the extension-request
action never disagree.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.localtime import LocalContext
from afterword.offers.comparison import (
    Comparison,
    DeadlineTimeline,
    OfferSnapshot,
    ProcessExpectation,
    compare_offers,
    deadline_timeline,
)
from afterword.offers.models import Offer
from afterword.offers.service import compensation
from afterword.pipeline.decision_timeline import DecisionTimeline, Expected, expected_decision
from afterword.pipeline.models import Application, Interview
from afterword.pipeline.status import Status
from afterword.profile.models import User
from afterword.settings.playbook import PlaybookTimings

# The stages at which a company owes the user a decision after an interview.
_INTERVIEW_STAGES = (Status.INTERVIEWING, Status.HIRING_MANAGER_CHAT)


def snapshot(offer: Offer, company: str, role: str) -> OfferSnapshot:
    """The offer as plain values for the comparison."""
    known = {
        name
        for name, value in (
            ("base", offer.base_salary),
            (
                "bonus",
                offer.bonus_amount if offer.bonus_amount is not None else offer.bonus_percent,
            ),
            ("sign_on", offer.sign_on),
            ("equity", offer.equity_value),
        )
        if value is not None
    }
    return OfferSnapshot(
        id=offer.id,
        application_id=offer.application_id,
        company=company,
        role=role,
        decision=offer.decision,
        currency=offer.currency,
        pay=compensation(offer),
        known=frozenset(known),
        received_on=offer.received_on,
        deadline=offer.deadline,
        extended_deadline=offer.extended_deadline,
        start_date=offer.start_date,
        level=offer.level,
        location=offer.location,
        notes=offer.notes,
    )


def load_snapshots(*, session: Session, user_id: int) -> list[OfferSnapshot]:
    """Every offer of the user with its company and role (one query)."""
    rows = session.execute(
        sa.select(Offer, Application.company, Application.role)
        .join(Application, Application.id == Offer.application_id)
        .where(Offer.user_id == user_id)
        .order_by(Offer.id)
    ).all()
    return [snapshot(offer, company, role) for offer, company, role in rows]


def load_processes(
    *, session: Session, user: User, today: dt.date, timings: PlaybookTimings
) -> tuple[list[ProcessExpectation], int]:
    """Processes at an interview stage with their expected decision, and how many only applied."""
    applications = session.execute(
        sa.select(Application.id, Application.company, Application.role, Application.status)
        .where(Application.user_id == user.id, Application.status.in_(_INTERVIEW_STAGES))
        .order_by(Application.id)
    ).all()
    waiting_for_reply = session.scalar(
        sa.select(sa.func.count())
        .select_from(Application)
        .where(Application.user_id == user.id, Application.status == Status.APPLIED)
    )
    interviews = session.execute(
        sa.select(
            Interview.id,
            Interview.application_id,
            Interview.round,
            Interview.kind,
            Interview.scheduled_at,
            Interview.decision_by,
            Interview.decision_within,
            Interview.decision_within_unit,
        )
        .join(Application, Application.id == Interview.application_id)
        .where(Interview.user_id == user.id, Application.status.in_(_INTERVIEW_STAGES))
    ).all()
    local = LocalContext(user.timezone, user.country)
    # The latest dated round decides, as in the playbook: (day, round, timeline) per process.
    latest: dict[int, tuple[dt.date, int, DecisionTimeline | None]] = {}
    for row in interviews:
        if row.scheduled_at is None:
            continue
        timeline = None
        if row.decision_by is not None or row.decision_within is not None:
            timeline = DecisionTimeline(
                by=row.decision_by, within=row.decision_within, unit=row.decision_within_unit
            )
        fact = (local.date_of(row.scheduled_at), row.round, timeline)
        current = latest.get(row.application_id)
        if current is None or fact[:2] > current[:2]:
            latest[row.application_id] = fact
    processes = []
    for app_id, company, role, status in applications:
        last = latest.get(app_id)
        expected: Expected | None = None
        if last is not None:
            expected = expected_decision(
                last[0],
                last[2],
                default_business_days=timings.default_decision_business_days,
                calendar=local.calendar,
            )
        processes.append(
            ProcessExpectation(
                application_id=app_id,
                company=company,
                role=role,
                status=status,
                expected_on=expected.on if expected else None,
                promised=expected.promised if expected else False,
                basis=expected.words if expected else "no interview date recorded",
            )
        )
    return processes, int(waiting_for_reply or 0)


def offers_overview(
    *, session: Session, user: User, today: dt.date, timings: PlaybookTimings
) -> tuple[Comparison, DeadlineTimeline]:
    """The comparison of all offers and the timeline of open processes against deadlines."""
    offers = load_snapshots(session=session, user_id=user.id)
    processes, undated = load_processes(session=session, user=user, today=today, timings=timings)
    timeline = deadline_timeline(offers, processes, today=today, undated_count=undated)
    return compare_offers(offers), timeline
