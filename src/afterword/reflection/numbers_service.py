"""Reading the search's numbers, counted by the database.

The workspace may hold thousands of applications. The database groups them by
everything the figures look at (status, source, milestones) and counts the days to
each first answer, so a few dozen rows come back whatever the size of the search;
`numbers_of_groups` turns them into the figures. `load_records` + `search_numbers`, one
record per application, is the plain reading the tallies are tested against.
"""

from __future__ import annotations

import datetime as dt
import functools
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword import localtime
from afterword.offers.models import Offer
from afterword.pipeline.models import Application, Interview, StatusChange
from afterword.pipeline.status import Status
from afterword.reflection.numbers import (
    OFFER_STATUSES,
    BaseHits,
    ProcessRecord,
    RecordGroup,
    SearchNumbers,
    base_hits_from,
    numbers_of_groups,
    search_numbers,
)

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
        sa.select(Application.id, Application.source, Application.status, Application.applied_on)
        .where(Application.user_id == user_id)
        .order_by(Application.id)
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


def numbers_of_records(*, session: Session, user_id: int, timezone: str) -> SearchNumbers:
    """Every figure of the Numbers page, one record per application (the plain reading)."""
    return search_numbers(load_records(session=session, user_id=user_id, timezone=timezone))


# -- the figures counted in SQL ---------------------------------------------------------------


def _milestones(user_id: int) -> tuple[Any, Any, Any]:
    """Per application: rounds logged, whether an offer came, and the first answer."""
    rounds = (
        sa.select(Interview.application_id, sa.func.count().label("rounds"))
        .where(Interview.user_id == user_id)
        .group_by(Interview.application_id)
        .subquery()
    )
    offered = sa.select(Offer.application_id).where(Offer.user_id == user_id).distinct().subquery()
    answers = (
        sa.select(
            StatusChange.application_id,
            sa.func.min(StatusChange.at).label("first"),
            sa.func.max(sa.case((StatusChange.to_status.in_(_INTERVIEW_STAGES), 1), else_=0)).label(
                "reached"
            ),
        )
        .where(StatusChange.user_id == user_id, StatusChange.to_status.in_(ANSWERS))
        .group_by(StatusChange.application_id)
        .subquery()
    )
    return rounds, offered, answers


def groups_of(session: Session, user_id: int) -> tuple[list[RecordGroup], list[dt.datetime]]:
    """The applications grouped by what the figures look at, in the order of their first; and
    the earliest and latest instants whose local date the days to an answer need."""
    rounds, offered, answers = _milestones(user_id)
    facts = (
        sa.select(
            Application.id,
            Application.status,
            Application.source,
            sa.func.coalesce(answers.c.reached, 0).label("reached"),
            sa.case((offered.c.application_id.is_not(None), 1), else_=0).label("offered"),
            sa.func.coalesce(rounds.c.rounds, 0).label("rounds"),
            answers.c.first,
            # An application recorded without an applied date started on the day it was
            # recorded: that instant's local date is needed too (only when answered).
            sa.case(
                (
                    sa.and_(Application.applied_on.is_(None), answers.c.first.is_not(None)),
                    Application.created_at,
                )
            ).label("created"),
        )
        .outerjoin(rounds, rounds.c.application_id == Application.id)
        .outerjoin(offered, offered.c.application_id == Application.id)
        .outerjoin(answers, answers.c.application_id == Application.id)
        .where(Application.user_id == user_id)
        .subquery()
    )
    any_rounds = sa.case((facts.c.rounds > 0, 1), else_=0)
    query = (
        sa.select(
            facts.c.status,
            facts.c.source,
            facts.c.reached,
            facts.c.offered,
            sa.func.count(),
            sa.func.sum(facts.c.rounds),
            sa.func.min(facts.c.first),
            sa.func.max(facts.c.first),
            sa.func.min(facts.c.created),
            sa.func.max(facts.c.created),
        )
        .group_by(facts.c.status, facts.c.source, facts.c.reached, facts.c.offered, any_rounds)
        .order_by(sa.func.min(facts.c.id))
    )
    groups = []
    instants: list[dt.datetime] = []
    for status, source, reached, was_offered, count, total_rounds, *bounds in session.execute(
        query
    ):
        groups.append(
            RecordGroup(
                record=ProcessRecord(
                    status=status,
                    source=source,
                    interview_rounds=int(total_rounds or 0),
                    interviewed=bool(reached),
                    offered=bool(was_offered),
                ),
                count=int(count),
            )
        )
        instants.extend(_instant(bound) for bound in bounds if bound is not None)
    return groups, instants


def _instant(value: Any) -> dt.datetime:
    """An aggregate of a UTC column (SQLite gives back its text, PostgreSQL an aware value)."""
    instant = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if not isinstance(instant, dt.datetime):
        raise TypeError(f"not an instant: {value!r}")
    return instant.replace(tzinfo=dt.UTC) if instant.tzinfo is None else instant.astimezone(dt.UTC)


# A person's searches span months or years; walking the zone a day at a time finds each change
# of its UTC offset (no zone has changed and changed back within a day), then halving pins it
# to the second (zones change on whole seconds).
_DAY = 86_400


def _offset(zone: ZoneInfo, seconds: int) -> int:
    offset = dt.datetime.fromtimestamp(seconds, dt.UTC).astimezone(zone).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


@lru_cache(maxsize=64)
def offsets_between(
    zone: ZoneInfo, first: dt.datetime, last: dt.datetime
) -> tuple[int, tuple[tuple[dt.datetime, int], ...]]:
    """The zone's UTC offset (seconds) at `first`, and each change up to `last`: (the first
    instant of the new offset, the new offset)."""
    start, stop = int(first.timestamp()), int(last.timestamp()) + 1
    initial = current = _offset(zone, start)
    changes: list[tuple[dt.datetime, int]] = []
    while start <= stop:
        end = start + _DAY
        if _offset(zone, end) == current:
            start = end
            continue
        low, high = start, end  # the offset is `current` at low, another one at high
        while high - low > 1:
            middle = (low + high) // 2
            if _offset(zone, middle) == current:
                low = middle
            else:
                high = middle
        current = _offset(zone, high)
        changes.append((dt.datetime.fromtimestamp(high, dt.UTC), current))
        start = high
    return initial, tuple(changes)


def local_date(
    instant: Any, dialect: str, offsets: tuple[int, tuple[Any, ...]]
) -> sa.ColumnElement[Any]:
    """The calendar date of a stored UTC instant in the user's zone, computed by the database."""
    initial, changes = offsets
    if dialect == "sqlite":
        # SQLite keeps instants as naive UTC text; date(x, '+3600 seconds') shifts, then cuts.
        def shift(seconds: int) -> Any:
            return f"{seconds:+d} seconds"
    else:

        def shift(seconds: int) -> Any:
            return seconds

    if changes:
        # Each change as a bound: before the first change the first offset holds, and so on.
        whens = []
        previous = initial
        for since, offset in changes:
            whens.append((instant < since, shift(previous)))
            previous = offset
        amount: Any = sa.case(*whens, else_=shift(previous))
    else:
        amount = sa.literal(shift(initial))
    if dialect == "sqlite":
        return sa.func.date(instant, amount)
    return sa.cast(
        sa.func.timezone("UTC", instant) + sa.func.make_interval(0, 0, 0, 0, 0, 0, amount),
        sa.Date,
    )


def _days_between(
    later: sa.ColumnElement[Any], earlier: sa.ColumnElement[Any], dialect: str
) -> sa.ColumnElement[Any]:
    if dialect == "sqlite":
        return sa.cast(sa.func.julianday(later) - sa.func.julianday(earlier), sa.Integer)
    return later - earlier


def response_days(
    session: Session,
    user_id: int,
    timezone: str,
    applications: int,
    instants: list[dt.datetime],
) -> dict[int | None, int]:
    """How many applications took each number of days to a first answer (None: none yet)."""
    days: dict[int | None, int] = {}
    if instants:
        _rounds, _offered, answers = _milestones(user_id)
        offsets = offsets_between(localtime.zone(timezone), min(instants), max(instants))
        dialect = session.get_bind().dialect.name
        started = sa.func.coalesce(
            Application.applied_on, local_date(Application.created_at, dialect, offsets)
        )
        waited = _days_between(local_date(answers.c.first, dialect, offsets), started, dialect)
        query = (
            sa.select(waited.label("days"), sa.func.count())
            .join(answers, answers.c.application_id == Application.id)
            .where(Application.user_id == user_id, answers.c.first.is_not(None))
            .group_by(sa.literal_column("days"))
        )
        for day, count in session.execute(query):
            days[int(day)] = int(count)
    waiting = applications - sum(days.values())
    if waiting:
        days[None] = waiting
    return days


def load_numbers(*, session: Session, user_id: int, timezone: str) -> SearchNumbers:
    """Every figure of the Numbers page for the user, counted by the database."""
    groups, instants = groups_of(session, user_id)
    applications = sum(group.count for group in groups)
    days = response_days(session, user_id, timezone, applications, instants)
    return numbers_of_groups(groups, days)


def _not_indexed(user_column: Any) -> sa.ColumnElement[int]:
    # The rows of one application are found through its application_id index; without
    # statistics SQLite would rather walk the user's index (every row of the user, per
    # application). `+ 0` keeps the user filter while leaving the choice of index to the other.
    unindexed: sa.ColumnElement[int] = user_column + 0
    return unindexed


def load_base_hits(*, session: Session, user_id: int) -> BaseHits:
    """Offers among the decisions made after an interview (the weekly review's sentence)."""
    offers, elsewhere, rejections = session.execute(_base_hits(), {"user_id": user_id}).one()
    return base_hits_from(int(offers) + int(elsewhere), int(rejections))


@functools.cache
def _base_hits() -> sa.Select[Any]:
    """The counts behind the base hits, in one statement built once (bound value: user_id).

    Offers: the applications at an offer status, and those with an offer recorded at another
    status. Rejections after an interview: only the rejected applications are looked at, each
    through its indexes.
    """
    user_id = sa.bindparam("user_id", type_=sa.Integer)
    at_offer = sa.select(sa.func.count()).where(
        Application.user_id == user_id, Application.status.in_(OFFER_STATUSES)
    )
    offered_elsewhere = (
        sa.select(sa.func.count(sa.distinct(Offer.application_id)))
        .join(Application, Application.id == Offer.application_id)
        .where(
            Offer.user_id == user_id,
            Application.user_id == user_id,
            Application.status.not_in(OFFER_STATUSES),
        )
    )
    this = Application.id
    rejected_after_interview = sa.select(sa.func.count()).where(
        Application.user_id == user_id,
        Application.status == Status.REJECTED,
        ~sa.exists().where(Offer.application_id == this, _not_indexed(Offer.user_id) == user_id),
        sa.or_(
            sa.exists().where(
                Interview.application_id == this, _not_indexed(Interview.user_id) == user_id
            ),
            sa.exists().where(
                StatusChange.application_id == this,
                _not_indexed(StatusChange.user_id) == user_id,
                StatusChange.to_status.in_(_INTERVIEW_STAGES),
            ),
        ),
    )
    return sa.select(
        at_offer.scalar_subquery(),
        offered_elsewhere.scalar_subquery(),
        rejected_after_interview.scalar_subquery(),
    )
