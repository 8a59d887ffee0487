"""The review queue and the ledger as the user sees it: what waits, what was done, counts."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.errors import NotFoundError
from afterword.inbox.models import IngestedMessage, IngestStatus
from afterword.inbox.triage import TriageState


def get_message(*, session: Session, user_id: int, message_id: int) -> IngestedMessage:
    """One received message of the user's, by id."""
    row = session.get(IngestedMessage, message_id)
    if row is None or row.user_id != user_id:
        raise NotFoundError(f"no received message with id {message_id}")
    return row


def review_queue(
    *, session: Session, user_id: int, limit: int | None = None
) -> list[IngestedMessage]:
    """The messages waiting for the user, oldest first (news is applied in order)."""
    query = (
        sa.select(IngestedMessage)
        .where(IngestedMessage.user_id == user_id, IngestedMessage.triage == TriageState.REVIEW)
        .order_by(IngestedMessage.sent_at.is_(None), IngestedMessage.sent_at, IngestedMessage.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def recent_messages(
    *,
    session: Session,
    user_id: int,
    states: Iterable[TriageState],
    limit: int = 50,
    failed: bool = False,
) -> list[IngestedMessage]:
    """The newest triaged messages in the given states (with `failed`, those that could not be
    read or triaged too)."""
    wanted: sa.ColumnElement[bool] = IngestedMessage.triage.in_(list(states))
    if failed:
        wanted = sa.or_(wanted, IngestedMessage.status == IngestStatus.ERROR)
    return list(
        session.scalars(
            sa.select(IngestedMessage)
            .where(IngestedMessage.user_id == user_id, wanted)
            .order_by(IngestedMessage.sent_at.desc().nulls_last(), IngestedMessage.id.desc())
            .limit(limit)
        )
    )


def triage_counts(*, session: Session, user_id: int) -> dict[TriageState, int]:
    """How many messages are in each triage state."""
    rows = session.execute(
        sa.select(IngestedMessage.triage, sa.func.count())
        .where(IngestedMessage.user_id == user_id, IngestedMessage.triage.is_not(None))
        .group_by(IngestedMessage.triage)
    ).all()
    return {state: count for state, count in rows if state is not None}


def waiting_count(*, session: Session, user_id: int) -> int:
    """How many messages wait for the user's word (one indexed count, for every page's badge)."""
    query = sa.select(sa.func.count()).where(
        IngestedMessage.user_id == user_id, IngestedMessage.triage == TriageState.REVIEW
    )
    return int(session.scalar(query) or 0)
