"""The Numbers counted by the database are the numbers of the plain reading, exactly.

`load_numbers` groups the applications in SQL and counts the days to each first answer there
(local dates through the zone's offsets); `numbers_of_records` reads one record per
application and runs the pure statistics (reflection/numbers.py). Hypothesis generates
searches -- statuses, sources differing in case and spacing, interviews, offers, answers at
instants around the zone's clock changes, applications without an applied date -- next to
another person's search, and the two readings must agree on every figure, on SQLite and
on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Sequence

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from afterword.db.base import UTCDateTime
from afterword.offers.models import Offer
from afterword.pipeline.models import Application, Interview, InterviewKind, StatusChange
from afterword.pipeline.status import OfferDecision, Status
from afterword.profile.service import get_or_create_user
from afterword.reflection.numbers import (
    ProcessRecord,
    RecordGroup,
    numbers_of_groups,
    search_numbers,
)
from afterword.reflection.numbers_service import (
    ANSWERS,
    groups_of,
    load_base_hits,
    load_numbers,
    load_records,
    local_date,
    numbers_of_records,
    offsets_between,
    response_days,
)

ZONES = (
    "UTC",
    "Europe/London",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",  # a half-hour change
    "America/St_Johns",
    "Pacific/Chatham",
)
# Clock changes of 2026 in the zones above (UTC): generated instants cluster around them.
CHANGES = (
    dt.datetime(2026, 3, 29, 1, tzinfo=dt.UTC),
    dt.datetime(2026, 10, 25, 1, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 8, 7, tzinfo=dt.UTC),
    dt.datetime(2026, 11, 1, 6, tzinfo=dt.UTC),
    dt.datetime(2026, 4, 4, 15, tzinfo=dt.UTC),
    dt.datetime(2026, 10, 3, 15, tzinfo=dt.UTC),
)
NOW = dt.datetime(2026, 12, 3, 15, tzinfo=dt.UTC)

# Half hours (give or take a second) from a UTC midnight near a clock change: local midnights
# fall on them, where an offset wrong by an hour moves the day.
NEAR_MIDNIGHT = st.builds(
    lambda base, days, half_hours, jitter: (
        base.replace(hour=0) + dt.timedelta(days=days, minutes=30 * half_hours, seconds=jitter)
    ),
    st.sampled_from(CHANGES),
    st.integers(-60, 60),
    st.integers(-28, 28),
    st.integers(-1, 1),
)
INSTANT = st.one_of(
    NEAR_MIDNIGHT,
    st.builds(
        lambda base, seconds: base + dt.timedelta(seconds=seconds),
        st.sampled_from(CHANGES),
        st.integers(-3 * 86_400, 3 * 86_400),
    ),
    st.integers(0, 2 * 365 * 86_400).map(
        lambda seconds: dt.datetime(2025, 6, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=seconds)
    ),
    st.builds(
        lambda instant, micro: instant.replace(microsecond=micro),
        st.sampled_from(CHANGES),
        st.integers(0, 999_999),
    ),
)
SOURCE = st.sampled_from(
    [None, "", "  ", "LinkedIn", "linkedin", " LinkedIn ", "Linked  In", "Referral", "referral"]
    + [f"Board {n}" for n in range(10)]
)
APPLICATION = st.fixed_dictionaries(
    {
        "status": st.sampled_from(list(Status)),
        "source": SOURCE,
        "applied_on": st.one_of(st.none(), st.dates(dt.date(2025, 5, 1), dt.date(2027, 6, 1))),
        "created_at": INSTANT,
        "changes": st.lists(
            st.tuples(st.sampled_from([*Status, *ANSWERS, *ANSWERS]), INSTANT), max_size=3
        ),
        "interviews": st.integers(0, 3),
        "offers": st.integers(0, 2),
    }
)


def _add_search(session: Session, user_id: int, applications: Sequence[dict[str, object]]) -> None:
    """Stores the generated applications directly (every combination, even unusual ones)."""
    for number, fields in enumerate(applications):
        application = Application(
            user_id=user_id,
            company=f"Company {number}",
            role="Engineer",
            source=fields["source"],
            status=fields["status"],
            applied_on=fields["applied_on"],
            created_at=fields["created_at"],
            updated_at=fields["created_at"],
        )
        session.add(application)
        session.flush()
        for status, at in fields["changes"]:  # type: ignore[attr-defined]
            session.add(
                StatusChange(
                    user_id=user_id,
                    application_id=application.id,
                    to_status=status,
                    at=at,
                    cause="test",
                )
            )
        for round_number in range(int(fields["interviews"])):  # type: ignore[call-overload]
            session.add(
                Interview(
                    user_id=user_id,
                    application_id=application.id,
                    round=round_number + 1,
                    kind=InterviewKind.OTHER,
                    created_at=NOW,
                )
            )
        for _ in range(int(fields["offers"])):  # type: ignore[call-overload]
            session.add(
                Offer(
                    user_id=user_id,
                    application_id=application.id,
                    decision=OfferDecision.PENDING,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
    session.flush()


_people = itertools.count()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    mine=st.lists(APPLICATION, max_size=12),
    theirs=st.lists(APPLICATION, max_size=4),
    zone=st.sampled_from(ZONES),
)
def test_numbers_counted_in_sql_equal_the_plain_reading(
    session: Session,
    mine: list[dict[str, object]],
    theirs: list[dict[str, object]],
    zone: str,
) -> None:
    number = next(_people)
    me = get_or_create_user(
        session=session, handle=f"me-{number}", timezone=zone, country="GB", now=NOW
    )
    other = get_or_create_user(
        session=session, handle=f"other-{number}", timezone=zone, country="GB", now=NOW
    )
    _add_search(session, other.id, theirs)
    _add_search(session, me.id, mine)
    _add_search(session, other.id, theirs)

    plain = numbers_of_records(session=session, user_id=me.id, timezone=zone)
    counted = load_numbers(session=session, user_id=me.id, timezone=zone)

    assert counted == plain
    # The days to each first answer too, not only the figures made of them.
    records = load_records(session=session, user_id=me.id, timezone=zone)
    _groups, instants = groups_of(session, me.id)
    assert response_days(session, me.id, zone, len(records), instants) == Counter(
        record.days_to_response for record in records
    )
    assert counted.applications == len(mine)  # another person's search never counts
    assert load_base_hits(session=session, user_id=me.id) == plain.base_hits


RECORD = st.builds(
    ProcessRecord,
    status=st.sampled_from(list(Status)),
    source=SOURCE,
    interview_rounds=st.integers(0, 3),
    interviewed=st.booleans(),
    offered=st.booleans(),
    days_to_response=st.one_of(st.none(), st.integers(-5, 60)),
)


def _tallied(records: Sequence[ProcessRecord]) -> tuple[list[RecordGroup], dict[int | None, int]]:
    """The records as the database tallies them: grouped in order of their first, and days."""
    groups: dict[tuple[object, ...], list[ProcessRecord]] = {}
    days: dict[int | None, int] = {}
    for record in records:
        key = (
            record.status,
            record.source,
            record.interviewed,
            record.offered,
            record.interview_rounds > 0,
        )
        groups.setdefault(key, []).append(record)
        days[record.days_to_response] = days.get(record.days_to_response, 0) + 1
    tallies = [
        RecordGroup(
            record=ProcessRecord(
                status=alike[0].status,
                source=alike[0].source,
                interview_rounds=sum(record.interview_rounds for record in alike),
                interviewed=alike[0].interviewed,
                offered=alike[0].offered,
            ),
            count=len(alike),
        )
        for alike in groups.values()
    ]
    return tallies, days


@given(st.lists(RECORD, max_size=60))
def test_figures_from_tallies_equal_the_figures_of_the_records(
    records: list[ProcessRecord],
) -> None:
    assert numbers_of_groups(*_tallied(records)) == search_numbers(records)


@given(
    zone=st.sampled_from(ZONES),
    first=INSTANT,
    span=st.integers(0, 400 * 86_400),
    probe=st.floats(0, 1),
)
def test_the_offsets_found_give_the_zones_offset_at_every_instant(
    zone: str, first: dt.datetime, span: int, probe: float
) -> None:
    from zoneinfo import ZoneInfo

    last = first + dt.timedelta(seconds=span)
    instant = first + dt.timedelta(seconds=span * probe)
    initial, changes = offsets_between(ZoneInfo(zone), first, last)
    offset = initial
    for since, after in changes:
        if instant >= since:
            offset = after
    expected = instant.astimezone(ZoneInfo(zone)).utcoffset()
    assert expected is not None
    assert offset == int(expected.total_seconds())


def test_an_answer_just_after_local_midnight_in_summer_counts_on_its_local_day(
    session: Session,
) -> None:
    me = get_or_create_user(
        session=session, handle="summer", timezone="Europe/London", country="GB", now=NOW
    )
    winter = {
        "applied_on": dt.date(2026, 1, 5),
        "answer": dt.datetime(2026, 1, 9, 12, tzinfo=dt.UTC),
    }
    # 23:30 UTC on 10 July is 00:30 on 11 July in London (BST): ten days after applying.
    summer = {
        "applied_on": dt.date(2026, 7, 1),
        "answer": dt.datetime(2026, 7, 10, 23, 30, tzinfo=dt.UTC),
    }
    _add_search(
        session,
        me.id,
        [
            {
                "status": Status.REJECTED,
                "source": None,
                "applied_on": case["applied_on"],
                "created_at": NOW,
                "changes": [(Status.REJECTED, case["answer"])],
                "interviews": 0,
                "offers": 0,
            }
            for case in (winter, summer)
        ],
    )
    counted = load_numbers(session=session, user_id=me.id, timezone="Europe/London")
    assert counted.response_times.median_days == 7.0  # 4 and 10 days
    assert counted == numbers_of_records(session=session, user_id=me.id, timezone="Europe/London")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    zone=st.sampled_from(ZONES),
    instants=st.lists(st.one_of(NEAR_MIDNIGHT, INSTANT), min_size=1, max_size=8),
)
def test_the_database_gives_each_instant_its_local_date(
    session: Session, zone: str, instants: list[dt.datetime]
) -> None:
    from zoneinfo import ZoneInfo

    # Over a span holding a year of clock changes, whatever the instants.
    span = [
        *instants,
        dt.datetime(2025, 12, 1, tzinfo=dt.UTC),
        dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
    ]
    offsets = offsets_between(ZoneInfo(zone), min(span), max(span))
    dialect = session.get_bind().dialect.name
    for instant in instants:
        stored = sa.literal(instant, UTCDateTime())
        found = session.execute(sa.select(local_date(stored, dialect, offsets))).scalar_one()
        assert str(found) == instant.astimezone(ZoneInfo(zone)).date().isoformat()
