"""Offers side by side, and open processes against offer deadlines (pure).

Everything here works on plain values: the service reads offers and interviews
from the database, this module decides what to compare and what to flag.
Amounts are never converted between currencies; offers in different currencies
are compared only within their own currency, and the page says so.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

from afterword.offers.terms import Compensation, format_vesting
from afterword.pipeline.status import OfferDecision, Status

# How many years the multi-year total covers: the usual length of a vesting schedule.
TOTAL_YEARS = 4

_DECISION_WORDS = {
    OfferDecision.PENDING: "still deciding",
    OfferDecision.ACCEPTED: "accepted",
    OfferDecision.DECLINED: "declined",
    OfferDecision.EXPIRED: "expired",
    OfferDecision.RESCINDED: "withdrawn by the company",
}


@dataclass(frozen=True)
class OfferSnapshot:
    """One offer as the comparison needs it; `known` names the money fields actually given."""

    id: int
    application_id: int
    company: str
    role: str
    decision: OfferDecision
    currency: str | None
    pay: Compensation
    known: frozenset[str] = frozenset()
    received_on: dt.date | None = None
    deadline: dt.date | None = None
    extended_deadline: dt.date | None = None
    start_date: dt.date | None = None
    level: str | None = None
    location: str | None = None
    notes: str | None = None

    @property
    def in_play(self) -> bool:
        """Whether the user still has to decide on this offer."""
        return self.decision is OfferDecision.PENDING

    @property
    def effective_deadline(self) -> dt.date | None:
        """The deadline in force: the extended one when the company granted more time."""
        return self.extended_deadline or self.deadline

    @property
    def decision_words(self) -> str:
        """The offer's state in plain words, e.g. 'still deciding'."""
        return _DECISION_WORDS[self.decision]

    @property
    def vesting_words(self) -> str:
        """The vesting schedule, e.g. '25/25/25/25 over 4 years'."""
        years = len(self.pay.vesting)
        return f"{format_vesting(self.pay.vesting)} over {years} year{'s' if years != 1 else ''}"


@dataclass(frozen=True)
class Cell:
    """One amount in the comparison; `highest` marks the best of the offers still open."""

    amount: int | None
    currency: str | None
    detail: str | None = None
    highest: bool = False
    highest_words: str | None = None


@dataclass(frozen=True)
class MoneyRow:
    """A row of the comparison: one kind of money, one cell per offer column."""

    key: str
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Comparison:
    """The side-by-side table: offers in play first, then decided ones."""

    columns: tuple[OfferSnapshot, ...]
    rows: tuple[MoneyRow, ...]
    currencies: tuple[str, ...]
    currency_note: str | None

    @property
    def in_play(self) -> int:
        """How many offers still await the user's decision."""
        return sum(1 for column in self.columns if column.in_play)


def _order(offers: Sequence[OfferSnapshot]) -> list[OfferSnapshot]:
    # Open offers by nearest deadline (none last), then decided offers, newest first.
    far = dt.date.max
    pending = sorted(
        (offer for offer in offers if offer.in_play),
        key=lambda offer: (offer.effective_deadline or far, offer.id),
    )
    decided = sorted(
        (offer for offer in offers if not offer.in_play),
        key=lambda offer: (offer.received_on or dt.date.min, offer.id),
        reverse=True,
    )
    return [*pending, *decided]


def _row_amounts(offer: OfferSnapshot) -> dict[str, tuple[int | None, str | None]]:
    """Each money row's amount for one offer (None when not known) and a short detail."""
    pay, known = offer.pay, offer.known
    bonus_detail = None
    if pay.bonus_percent is not None and pay.bonus_amount is None:
        bonus_detail = f"{pay.bonus_percent:g}% of base"
    equity_known = "equity" in known
    base_known = "base" in known
    # Totals need the base: without it a total would look precise and be wrong.
    totals_detail = None if base_known else "base not known yet"
    return {
        "base": (pay.base_salary if base_known else None, None),
        "bonus": (pay.annual_bonus if "bonus" in known else None, bonus_detail),
        "sign_on": (pay.sign_on if "sign_on" in known else None, "first year only"),
        "equity_year": (pay.equity_in_year(1) if equity_known else None, None),
        "equity_total": (
            pay.equity_value if equity_known else None,
            f"vests {offer.vesting_words}" if equity_known else None,
        ),
        "first_year": (pay.total_for_year(1) if base_known else None, totals_detail),
        "total": (pay.total_over(TOTAL_YEARS) if base_known else None, totals_detail),
    }


ROW_LABELS = (
    ("base", "Base salary"),
    ("bonus", "Bonus (yearly target)"),
    ("sign_on", "Sign-on bonus"),
    ("equity_year", "Equity vesting in year one"),
    ("equity_total", "Equity, whole grant"),
    ("first_year", "First-year total"),
    ("total", f"{TOTAL_YEARS}-year total"),
)


def compare_offers(offers: Sequence[OfferSnapshot]) -> Comparison:
    """Lays the offers side by side and marks the highest open offer in each money row."""
    columns = _order(offers)
    amounts = [_row_amounts(offer) for offer in columns]
    currencies = tuple(sorted({offer.currency for offer in columns if offer.currency}))
    mixed = len(currencies) > 1
    rows = []
    for key, label in ROW_LABELS:
        # The best among offers still open, per currency: amounts are never converted.
        best: dict[str | None, int] = {}
        contenders: dict[str | None, int] = {}
        for offer, values in zip(columns, amounts, strict=True):
            amount = values[key][0]
            if offer.in_play and amount:
                contenders[offer.currency] = contenders.get(offer.currency, 0) + 1
                best[offer.currency] = max(best.get(offer.currency, 0), amount)
        cells = []
        for offer, values in zip(columns, amounts, strict=True):
            amount, detail = values[key]
            top = (
                offer.in_play
                and bool(amount)
                and contenders.get(offer.currency, 0) > 1
                and amount == best.get(offer.currency)
            )
            words = None
            if top:
                words = f"highest in {offer.currency}" if mixed and offer.currency else "highest"
            cells.append(
                Cell(
                    amount=amount,
                    currency=offer.currency,
                    detail=detail,
                    highest=top,
                    highest_words=words,
                )
            )
        rows.append(MoneyRow(key=key, label=label, cells=tuple(cells)))
    note = None
    if mixed:
        note = (
            f"These offers are in different currencies ({', '.join(currencies)}). Amounts are "
            "shown as offered, not converted, and the highest is marked within each currency only."
        )
    return Comparison(
        columns=tuple(columns), rows=tuple(rows), currencies=currencies, currency_note=note
    )


# ---------------------------------------------------------------------------
# The deadline timeline
# ---------------------------------------------------------------------------


class Verdict(enum.StrEnum):
    """How an open process's expected decision sits against the nearest offer deadline."""

    AFTER_DEADLINE = "after_deadline"
    IN_TIME = "in_time"
    NO_DATE = "no_date"
    NO_DEADLINE = "no_deadline"

    @property
    def words(self) -> str:
        """The verdict in words, so it never depends on colour."""
        return _VERDICT_WORDS[self]


_VERDICT_WORDS = {
    Verdict.AFTER_DEADLINE: "decides after the deadline — ask for an extension",
    Verdict.IN_TIME: "should decide in time",
    Verdict.NO_DATE: "no date known",
    Verdict.NO_DEADLINE: "no offer deadline to compare with",
}


@dataclass(frozen=True)
class ProcessExpectation:
    """An open process and when its company is expected to decide (None: no interview dated)."""

    application_id: int
    company: str
    role: str
    status: Status
    expected_on: dt.date | None = None
    promised: bool = False
    basis: str = ""


@dataclass(frozen=True)
class DeadlineMark:
    """A pending offer's deadline on the timeline, and the processes that will miss it."""

    offer_id: int
    company: str
    deadline: dt.date
    extended: bool
    late: tuple[str, ...] = ()

    @property
    def needs_extension(self) -> bool:
        """Whether some open process is expected to decide on or after this deadline."""
        return bool(self.late)


@dataclass(frozen=True)
class TimelineRow:
    """One open process on the timeline, with its verdict in words."""

    process: ProcessExpectation
    # The expected day, brought forward to today when it has already passed: a late
    # decision can still come any day.
    shown_on: dt.date | None
    overdue: bool
    verdict: Verdict
    against: DeadlineMark | None


@dataclass(frozen=True)
class DeadlineTimeline:
    """Open processes against the deadlines of pending offers, on one scale of days."""

    today: dt.date
    start: dt.date
    end: dt.date
    deadlines: tuple[DeadlineMark, ...]
    rows: tuple[TimelineRow, ...]
    hidden: int = 0
    # Applications with no interview yet: no expected date, counted rather than listed.
    undated_count: int = 0
    _span: int = field(init=False, repr=False, default=1)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_span", max((self.end - self.start).days, 1))

    def fraction(self, day: dt.date) -> float:
        """Where `day` falls on the scale, 0 (start) to 1 (end)."""
        return min(max((day - self.start).days / self._span, 0.0), 1.0)

    @property
    def needs_extension(self) -> bool:
        """Whether any pending offer's deadline falls before an open process can decide."""
        return any(mark.needs_extension for mark in self.deadlines)


def _verdict(shown_on: dt.date | None, against: DeadlineMark | None) -> Verdict:
    if against is None:
        return Verdict.NO_DEADLINE
    if shown_on is None:
        return Verdict.NO_DATE
    # Same rule as the playbook's extension request: deciding on the deadline day is too late.
    return Verdict.AFTER_DEADLINE if shown_on >= against.deadline else Verdict.IN_TIME


def deadline_timeline(
    offers: Sequence[OfferSnapshot],
    processes: Sequence[ProcessExpectation],
    *,
    today: dt.date,
    limit: int = 60,
    undated_count: int = 0,
) -> DeadlineTimeline:
    """Sets every open process against the pending offers' deadlines, flagging the late ones."""
    live = sorted(
        (
            offer
            for offer in offers
            if offer.in_play and offer.effective_deadline and offer.effective_deadline >= today
        ),
        key=lambda offer: (offer.effective_deadline, offer.id),
    )
    shown = {
        process.application_id: (max(process.expected_on, today) if process.expected_on else None)
        for process in processes
    }
    marks = []
    for offer in live:
        deadline = offer.effective_deadline
        assert deadline is not None  # filtered above
        late = tuple(
            process.company
            for process in processes
            if process.application_id != offer.application_id
            and (on := shown[process.application_id]) is not None
            and on >= deadline
        )
        marks.append(
            DeadlineMark(
                offer_id=offer.id,
                company=offer.company,
                deadline=deadline,
                extended=offer.extended_deadline is not None,
                late=late,
            )
        )
    nearest = marks[0] if marks else None
    ordered = sorted(processes, key=_by_expected)
    rows = tuple(
        TimelineRow(
            process=process,
            shown_on=shown[process.application_id],
            overdue=process.expected_on is not None and process.expected_on < today,
            verdict=_verdict(shown[process.application_id], nearest),
            against=nearest,
        )
        for process in ordered[:limit]
    )
    days = [mark.deadline for mark in marks] + [row.shown_on for row in rows if row.shown_on]
    # A little room after the last date, and at least two weeks so short spans stay readable.
    end = max([today + dt.timedelta(days=14), *(day + dt.timedelta(days=3) for day in days)])
    return DeadlineTimeline(
        today=today,
        start=today,
        end=end,
        deadlines=tuple(marks),
        rows=rows,
        hidden=max(len(ordered) - limit, 0),
        undated_count=undated_count,
    )


def _by_expected(process: ProcessExpectation) -> tuple[bool, dt.date, str]:
    return (process.expected_on is None, process.expected_on or dt.date.max, process.company)
