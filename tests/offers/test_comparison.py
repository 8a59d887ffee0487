"""Offers side by side and open processes against deadlines (pure)."""

from __future__ import annotations

import datetime as dt

from afterword.offers.comparison import (
    OfferSnapshot,
    ProcessExpectation,
    Verdict,
    compare_offers,
    deadline_timeline,
)
from afterword.offers.terms import Compensation
from afterword.pipeline.status import OfferDecision, Status

TODAY = dt.date(2026, 11, 23)
ALL_MONEY = frozenset({"base", "bonus", "sign_on", "equity"})


def offer(
    offer_id: int,
    *,
    base: int = 80_000,
    currency: str | None = "GBP",
    decision: OfferDecision = OfferDecision.PENDING,
    deadline: dt.date | None = None,
    extended: dt.date | None = None,
    known: frozenset[str] = ALL_MONEY,
    **pay: object,
) -> OfferSnapshot:
    return OfferSnapshot(
        id=offer_id,
        application_id=offer_id * 10,
        company=f"Company {offer_id}",
        role="Engineer",
        decision=decision,
        currency=currency,
        pay=Compensation(base_salary=base, **pay),  # type: ignore[arg-type]
        known=known,
        received_on=TODAY,
        deadline=deadline,
        extended_deadline=extended,
    )


def row(comparison: object, key: str) -> list[object]:
    found = next(r for r in comparison.rows if r.key == key)  # type: ignore[attr-defined]
    return list(found.cells)


def test_open_offers_come_first_by_nearest_deadline_then_decided_ones() -> None:
    comparison = compare_offers(
        [
            offer(1, decision=OfferDecision.DECLINED),
            offer(2, deadline=dt.date(2026, 12, 4)),
            offer(3, deadline=dt.date(2026, 11, 30)),
            offer(4),
        ]
    )
    assert [column.id for column in comparison.columns] == [3, 2, 4, 1]
    assert comparison.in_play == 3


def test_totals_use_the_vesting_schedule_and_sign_on_only_in_year_one() -> None:
    comparison = compare_offers(
        [
            offer(
                1,
                base=100_000,
                bonus_percent=10,
                sign_on=20_000,
                equity_value=100_000,
                vesting=(10.0, 20.0, 30.0, 40.0),
            )
        ]
    )
    assert row(comparison, "equity_year")[0].amount == 10_000
    assert row(comparison, "first_year")[0].amount == 100_000 + 10_000 + 10_000 + 20_000
    assert row(comparison, "total")[0].amount == 400_000 + 40_000 + 100_000 + 20_000
    assert row(comparison, "bonus")[0].detail == "10% of base"


def test_the_highest_open_offer_is_marked_per_row_and_ties_are_all_marked() -> None:
    comparison = compare_offers(
        [
            offer(1, base=90_000, sign_on=5_000),
            offer(2, base=80_000, sign_on=5_000),
            offer(3, base=120_000, decision=OfferDecision.DECLINED),
        ]
    )
    base = row(comparison, "base")
    assert [cell.highest for cell in base] == [True, False, False]  # declined offers never win
    assert base[0].highest_words == "highest"
    assert [cell.highest for cell in row(comparison, "sign_on")] == [True, True, False]


def test_unknown_amounts_are_not_shown_as_zero_and_never_win() -> None:
    comparison = compare_offers([offer(1, known=frozenset()), offer(2, base=50_000)])
    assert row(comparison, "base")[0].amount is None
    assert row(comparison, "first_year")[0].amount is None
    assert row(comparison, "first_year")[0].detail == "base not known yet"
    # Only one offer has a known base, so there is nothing to call highest.
    assert not any(cell.highest for cell in row(comparison, "base"))


def test_different_currencies_are_compared_only_within_each_currency() -> None:
    comparison = compare_offers(
        [
            offer(1, base=80_000, currency="GBP"),
            offer(2, base=70_000, currency="GBP"),
            offer(3, base=95_000, currency="EUR"),
        ]
    )
    assert comparison.currencies == ("EUR", "GBP")
    assert comparison.currency_note is not None and "not converted" in comparison.currency_note
    base = row(comparison, "base")
    assert [cell.highest for cell in base] == [True, False, False]
    assert base[0].highest_words == "highest in GBP"


def test_no_offers_compare_to_an_empty_table() -> None:
    comparison = compare_offers([])
    assert comparison.columns == () and comparison.currency_note is None
    assert all(r.cells == () for r in comparison.rows)


def process(app_id: int, expected: dt.date | None) -> ProcessExpectation:
    return ProcessExpectation(
        application_id=app_id,
        company=f"Process {app_id}",
        role="Engineer",
        status=Status.INTERVIEWING,
        expected_on=expected,
    )


def test_a_process_deciding_on_or_after_the_nearest_deadline_needs_an_extension() -> None:
    offers = [offer(1, deadline=dt.date(2026, 12, 4)), offer(2, deadline=dt.date(2026, 11, 30))]
    timeline = deadline_timeline(
        offers,
        [
            process(100, dt.date(2026, 12, 2)),
            process(101, dt.date(2026, 11, 30)),
            process(102, dt.date(2026, 11, 26)),
            process(103, None),
        ],
        today=TODAY,
    )
    verdicts = {row.process.application_id: row.verdict for row in timeline.rows}
    assert verdicts == {
        100: Verdict.AFTER_DEADLINE,
        101: Verdict.AFTER_DEADLINE,  # deciding on the deadline day leaves no time to weigh it
        102: Verdict.IN_TIME,
        103: Verdict.NO_DATE,
    }
    assert [mark.offer_id for mark in timeline.deadlines] == [2, 1]
    assert timeline.deadlines[0].late == ("Process 100", "Process 101")
    assert timeline.deadlines[1].late == ()  # the later deadline leaves room for both
    assert timeline.needs_extension
    assert Verdict.AFTER_DEADLINE.words == "decides after the deadline — ask for an extension"


def test_an_overdue_decision_counts_from_today_and_is_marked_overdue() -> None:
    timeline = deadline_timeline(
        [offer(1, deadline=TODAY)], [process(100, TODAY - dt.timedelta(days=3))], today=TODAY
    )
    (row,) = timeline.rows
    assert row.shown_on == TODAY and row.overdue
    assert row.verdict is Verdict.AFTER_DEADLINE


def test_extended_deadlines_count_and_expired_or_decided_offers_do_not() -> None:
    offers = [
        offer(1, deadline=dt.date(2026, 11, 25), extended=dt.date(2026, 12, 9)),
        offer(2, deadline=dt.date(2026, 11, 20)),  # already past
        offer(3, deadline=dt.date(2026, 11, 24), decision=OfferDecision.ACCEPTED),
    ]
    timeline = deadline_timeline(offers, [process(100, dt.date(2026, 12, 1))], today=TODAY)
    assert [(m.offer_id, m.deadline, m.extended) for m in timeline.deadlines] == [
        (1, dt.date(2026, 12, 9), True)
    ]
    assert timeline.rows[0].verdict is Verdict.IN_TIME


def test_without_a_live_deadline_there_is_nothing_to_compare_with() -> None:
    timeline = deadline_timeline([], [process(100, dt.date(2026, 12, 1))], today=TODAY)
    assert timeline.rows[0].verdict is Verdict.NO_DEADLINE
    assert not timeline.needs_extension


def test_the_scale_spans_today_to_after_the_last_date_and_long_lists_are_cut() -> None:
    processes = [process(100 + n, TODAY + dt.timedelta(days=n)) for n in range(70)]
    timeline = deadline_timeline([offer(1, deadline=dt.date(2026, 12, 1))], processes, today=TODAY)
    assert timeline.start == TODAY and timeline.end == TODAY + dt.timedelta(days=62)
    assert len(timeline.rows) == 60 and timeline.hidden == 10
    assert timeline.fraction(TODAY) == 0.0 and timeline.fraction(timeline.end) == 1.0
    assert timeline.fraction(TODAY - dt.timedelta(days=5)) == 0.0
