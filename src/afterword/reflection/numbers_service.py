"""Reading the search's numbers: four grouped queries into plain rows, then the pure statistics.

The workspace may hold thousands of applications; no ORM objects are built and
no relationship is loaded. Each application becomes one `ProcessRecord`.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword import localtime
from afterword.offers.models import Offer
from afterword.pipeline.models import Application, Interview, StatusChange
from afterword.pipeline.status import Status
from afterword.reflection.numbers import ProcessRecord, SearchNumbers, search_numbers

# Reaching any of these means the company answered (ghosted and withdrawn are not answers).
ANSWERS = (Status.INTERVIEWING, Status.HIRING_MANAGER_CHAT, Status.OFFER, Status.REJECTED)
_INTERVIEW_STAGES = frozenset({Status.INTERVIEWING, Status.HIRING_MANAGER_CHAT, Status.OFFER})


def load_records(*, session: Session, user_id: int, timezone: str) -> list[ProcessRecord]:
    """One record per application of the user, read with grouped queries."""
    zone = localtime.zone(timezone)
    # Core rows on the session's connection: the ORM's result machinery would cost more than
    # the queries themselves for thousands of rows.
    connection = session.connection()
    rounds = dict(
        connection.execute(
            sa.select(Interview.application_id, sa.func.count())
            .where(Interview.user_id == user_id)
            .group_by(Interview.application_id)
        ).all()
    )
    offered = set(
        connection.scalars(
            sa.select(Offer.application_id).where(Offer.user_id == user_id).distinct()
        )
    )
    first_answer: dict[int, dt.datetime] = {}
    reached_interview: set[int] = set()
    for app_id, status, at in connection.execute(
        sa.select(StatusChange.application_id, StatusChange.to_status, sa.func.min(StatusChange.at))
        .where(StatusChange.user_id == user_id, StatusChange.to_status.in_(ANSWERS))
        .group_by(StatusChange.application_id, StatusChange.to_status)
    ).all():
        if status in _INTERVIEW_STAGES:
            reached_interview.add(app_id)
        if at is not None and (app_id not in first_answer or at < first_answer[app_id]):
            first_answer[app_id] = at
    # Only applications without an applied date need their creation instant (a costly column).
    created = dict(
        connection.execute(
            sa.select(Application.id, Application.created_at).where(
                Application.user_id == user_id, Application.applied_on.is_(None)
            )
        ).all()
    )
    records = []
    for app_id, source, status, applied_on in connection.execute(
        sa.select(
            Application.id, Application.source, Application.status, Application.applied_on
        ).where(Application.user_id == user_id)
    ).all():
        started = applied_on or created[app_id].astimezone(zone).date()
        answer = first_answer.get(app_id)
        records.append(
            ProcessRecord(
                status=status,
                source=source,
                interview_rounds=rounds.get(app_id, 0),
                interviewed=app_id in reached_interview,
                offered=app_id in offered,
                days_to_response=(
                    None if answer is None else (answer.astimezone(zone).date() - started).days
                ),
            )
        )
    return records


def load_numbers(*, session: Session, user_id: int, timezone: str) -> SearchNumbers:
    """Every figure of the Numbers page for the user."""
    return search_numbers(load_records(session=session, user_id=user_id, timezone=timezone))
