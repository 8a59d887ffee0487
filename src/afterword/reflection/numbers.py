"""The honest numbers of a search (pure): counts, conversion, response times, base hits, flow.

Each application arrives as a `ProcessRecord` of plain values; nothing here reads
the database or the clock. The figures are meant to be shown to a stressed
person, so every statistic also has a plain sentence or a table behind it.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from afterword.pipeline.status import OPEN_STATUSES, Status

# Statuses a process can only reach through an offer.
OFFER_STATUSES = frozenset(
    {
        Status.OFFER,
        Status.ACCEPTED,
        Status.DECLINED,
        Status.OFFER_EXPIRED,
        Status.OFFER_RESCINDED,
    }
)
NOT_RECORDED = "Not recorded"
OTHER_SOURCES = "Other sources"
# Response-time buckets: (label, most days included).
RESPONSE_BUCKETS: tuple[tuple[str, int], ...] = (
    ("Within a week", 7),
    ("1 to 2 weeks", 14),
    ("2 to 4 weeks", 28),
    ("Over 4 weeks", 10_000),
)


@dataclass(frozen=True)
class ProcessRecord:
    """One application as the statistics see it."""

    status: Status
    source: str | None = None
    interview_rounds: int = 0
    interviewed: bool = False  # reached an interview stage, even with no round logged
    offered: bool = False
    days_to_response: int | None = None  # None: the company never answered

    @property
    def had_interview(self) -> bool:
        """Whether the company ever interviewed the user (an offer implies it)."""
        return (
            self.interviewed
            or self.interview_rounds > 0
            or self.offered
            or (self.status in OFFER_STATUSES)
        )

    @property
    def had_offer(self) -> bool:
        """Whether the process ever produced an offer."""
        return self.offered or self.status in OFFER_STATUSES


@dataclass(frozen=True)
class SourceConversion:
    """How applications from one source went: applied, interviewed, offered."""

    source: str
    applied: int
    interviewed: int
    offered: int

    @property
    def interview_rate(self) -> float | None:
        """Share of applications that led to an interview."""
        return self.interviewed / self.applied if self.applied else None

    @property
    def offer_rate(self) -> float | None:
        """Share of applications that led to an offer."""
        return self.offered / self.applied if self.applied else None


@dataclass(frozen=True)
class ResponseTimes:
    """How long companies took to answer at all, and how many never did."""

    answered: int
    waiting: int
    median_days: float | None
    buckets: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class BaseHits:
    """Offers among the processes a company decided after interviewing the user."""

    offers: int
    rejections: int
    rate: float | None
    sentence: str


@dataclass(frozen=True)
class SankeyLink:
    """A flow of `value` applications from one stage to the next."""

    source: str
    target: str
    value: int


@dataclass(frozen=True)
class Sankey:
    """The whole search as a flow: node names (in order) and the links between them."""

    nodes: tuple[str, ...]
    links: tuple[SankeyLink, ...]

    def inflow(self, node: str) -> int:
        """Applications arriving at `node`."""
        return sum(link.value for link in self.links if link.target == node)

    def outflow(self, node: str) -> int:
        """Applications leaving `node`."""
        return sum(link.value for link in self.links if link.source == node)


@dataclass(frozen=True)
class SearchNumbers:
    """Every figure of the Numbers page."""

    applications: int
    interview_rounds: int
    interviewed: int
    offers: int
    rejections: int
    ghosted: int
    withdrawn: int
    open_now: int
    by_source: tuple[SourceConversion, ...]
    response_times: ResponseTimes
    base_hits: BaseHits
    sankey: Sankey


def median(values: Sequence[float]) -> float | None:
    """The median, or None for no values."""
    return float(statistics.median(values)) if values else None


def percent(rate: float | None) -> str:
    """A share as a whole percentage, e.g. '33%' ('no data' when there is none)."""
    return "no data" if rate is None else f"{round(rate * 100)}%"


def _source_name(source: str | None) -> str:
    return " ".join(source.split()) if source and source.strip() else NOT_RECORDED


def conversion_by_source(
    records: Iterable[ProcessRecord], *, limit: int = 8
) -> tuple[SourceConversion, ...]:
    """Applied, interviewed and offered per source; beyond `limit` sources, the rest as one."""
    totals: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for record in records:
        name = _source_name(record.source)
        key = name.casefold()  # 'LinkedIn' and 'linkedin' are the same place
        names.setdefault(key, name)
        counts = totals.setdefault(key, [0, 0, 0])
        counts[0] += 1
        counts[1] += record.had_interview
        counts[2] += record.had_offer
    ranked = sorted(totals.items(), key=lambda item: (-item[1][0], names[item[0]].casefold()))
    shown = [SourceConversion(names[key], *counts) for key, counts in ranked[:limit]]
    rest = [counts for _key, counts in ranked[limit:]]
    if rest:
        shown.append(
            SourceConversion(OTHER_SOURCES, *(sum(column) for column in zip(*rest, strict=True)))
        )
    return tuple(shown)


def response_times(records: Iterable[ProcessRecord]) -> ResponseTimes:
    """The median days to a first answer, and the answers grouped by how long they took."""
    days = []
    waiting = 0
    for record in records:
        if record.days_to_response is None:
            waiting += 1
        else:
            days.append(max(record.days_to_response, 0))
    buckets = []
    lower = -1
    for label, upper in RESPONSE_BUCKETS:
        buckets.append((label, sum(1 for day in days if lower < day <= upper)))
        lower = upper
    return ResponseTimes(
        answered=len(days), waiting=waiting, median_days=median(days), buckets=tuple(buckets)
    )


def base_hits(records: Iterable[ProcessRecord]) -> BaseHits:
    """Offers among decisions made after an interview: the user's own base-hit rate."""
    offers = rejections = 0
    for record in records:
        if record.had_offer:
            offers += 1
        elif record.had_interview and record.status is Status.REJECTED:
            rejections += 1
    return base_hits_from(offers, rejections)


def base_hits_from(offers: int, rejections: int) -> BaseHits:
    """The base hits of `offers` offers and `rejections` rejections after an interview."""
    decided = offers + rejections
    rate = offers / decided if decided else None
    return BaseHits(
        offers=offers,
        rejections=rejections,
        rate=rate,
        sentence=_hits_sentence(offers, decided, rate),
    )


def _hits_sentence(offers: int, decided: int, rate: float | None) -> str:
    if rate is None:
        return (
            "No company has made a decision after interviewing you yet, so there is no "
            "base-hit rate to show. It appears with the first answers."
        )
    plural = "es" if decided != 1 else ""
    opening = (
        f"Of {decided} process{plural} where a company decided after interviewing you, "
        f"{offers} ended in an offer: a base-hit rate of {percent(rate)}."
    )
    # The comparison the guides make: the best hitters reach base about a third of the time.
    context = (
        " The best baseball hitters reach base about one time in three: a no is the usual "
        "result, even for strong candidates."
    )
    if offers:
        rejections = decided - offers
        return (
            f"{opening}{context} {_count(rejections, 'rejection')} alongside "
            f"{_count(offers, 'offer')} is a search that is working."
        )
    return f"{opening}{context} Each decision so far still tells you something for the next one."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# Sankey node names: unique per stage, as ECharts identifies nodes by name.
APPLIED = "Applied"
INTERVIEWED = "Interviewed"
NO_INTERVIEW = "No interview"
OFFER = "Offer"
_BEFORE_INTERVIEW = {
    Status.APPLIED: "Awaiting a first reply",
    Status.REJECTED: "Turned down on paper",
    Status.GHOSTED: "Never answered",
    Status.WITHDRAWN: "You withdrew early",
}
_AFTER_INTERVIEW = {
    Status.INTERVIEWING: "Still interviewing",
    Status.HIRING_MANAGER_CHAT: "Still interviewing",
    Status.APPLIED: "Still interviewing",
    Status.REJECTED: "Not selected",
    Status.GHOSTED: "Went silent",
    Status.WITHDRAWN: "You withdrew",
}
_AFTER_OFFER = {
    Status.OFFER: "Deciding on the offer",
    Status.ACCEPTED: "Accepted",
    Status.DECLINED: "Declined",
}
_OFFER_ENDED = "Offer lapsed"


def _path(record: ProcessRecord) -> tuple[str, ...]:
    """The stages one application went through, first to last."""
    if record.had_offer:
        return (APPLIED, INTERVIEWED, OFFER, _AFTER_OFFER.get(record.status, _OFFER_ENDED))
    if record.had_interview:
        return (APPLIED, INTERVIEWED, _AFTER_INTERVIEW.get(record.status, "Still interviewing"))
    return (APPLIED, NO_INTERVIEW, _BEFORE_INTERVIEW.get(record.status, "Awaiting a first reply"))


def search_flow(records: Iterable[ProcessRecord]) -> Sankey:
    """The search as a flow from 'Applied' to each outcome; flows in and out of a stage agree."""
    counts: dict[tuple[str, str], int] = {}
    nodes: dict[str, None] = {}
    for record in records:
        path = _path(record)
        for node in path:
            nodes.setdefault(node, None)
        for pair in itertools.pairwise(path):
            counts[pair] = counts.get(pair, 0) + 1
    links = tuple(SankeyLink(source, target, value) for (source, target), value in counts.items())
    return Sankey(nodes=tuple(nodes), links=links)


def search_numbers(records: Sequence[ProcessRecord]) -> SearchNumbers:
    """Every figure of the Numbers page from the applications' records."""
    return SearchNumbers(
        applications=len(records),
        interview_rounds=sum(record.interview_rounds for record in records),
        interviewed=sum(1 for record in records if record.had_interview),
        offers=sum(1 for record in records if record.had_offer),
        rejections=sum(1 for record in records if record.status is Status.REJECTED),
        ghosted=sum(1 for record in records if record.status is Status.GHOSTED),
        withdrawn=sum(1 for record in records if record.status is Status.WITHDRAWN),
        open_now=sum(1 for record in records if record.status in OPEN_STATUSES),
        by_source=conversion_by_source(records),
        response_times=response_times(records),
        base_hits=base_hits(records),
        sankey=search_flow(records),
    )


# -- the same figures from tallies ------------------------------------------------------------
# A large search is counted by the database: applications alike in everything the figures
# look at arrive as one group with a count, and the days to a first answer as a histogram.
# Each figure below is the one `search_numbers` gives for the same applications (a property
# test holds them equal); the order of the groups stands for the order of the applications.


@dataclass(frozen=True)
class RecordGroup:
    """`count` applications alike in status, source and milestones, first to last by id.

    `record.interview_rounds` holds the rounds of all of them together (the figures only ask
    whether there were any, and the total); `record.days_to_response` is not used.
    """

    record: ProcessRecord
    count: int


def _conversion_of_groups(
    groups: Sequence[RecordGroup], *, limit: int = 8
) -> tuple[SourceConversion, ...]:
    """`conversion_by_source`, counting a group as many applications."""
    totals: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for group in groups:
        record, count = group.record, group.count
        name = _source_name(record.source)
        key = name.casefold()
        names.setdefault(key, name)
        counts = totals.setdefault(key, [0, 0, 0])
        counts[0] += count
        counts[1] += count * record.had_interview
        counts[2] += count * record.had_offer
    ranked = sorted(totals.items(), key=lambda item: (-item[1][0], names[item[0]].casefold()))
    shown = [SourceConversion(names[key], *counts) for key, counts in ranked[:limit]]
    rest = [counts for _key, counts in ranked[limit:]]
    if rest:
        shown.append(
            SourceConversion(OTHER_SOURCES, *(sum(column) for column in zip(*rest, strict=True)))
        )
    return tuple(shown)


def _response_times_of(days: Mapping[int | None, int]) -> ResponseTimes:
    """`response_times` from how many applications took each number of days (None: no
    answer)."""
    answered = sorted((max(day, 0), count) for day, count in days.items() if day is not None)
    values = [day for day, count in answered for _ in range(count)]
    buckets = []
    lower = -1
    for label, upper in RESPONSE_BUCKETS:
        buckets.append((label, sum(count for day, count in answered if lower < day <= upper)))
        lower = upper
    return ResponseTimes(
        answered=len(values),
        waiting=days.get(None, 0),
        median_days=median(values),
        buckets=tuple(buckets),
    )


def base_hits_of_groups(groups: Sequence[RecordGroup]) -> BaseHits:
    """`base_hits`, counting a group as many applications."""
    offers = rejections = 0
    for group in groups:
        record = group.record
        if record.had_offer:
            offers += group.count
        elif record.had_interview and record.status is Status.REJECTED:
            rejections += group.count
    return base_hits_from(offers, rejections)


def _flow_of(groups: Sequence[RecordGroup]) -> Sankey:
    """`search_flow`, counting a group as many applications."""
    counts: dict[tuple[str, str], int] = {}
    nodes: dict[str, None] = {}
    for group in groups:
        path = _path(group.record)
        for node in path:
            nodes.setdefault(node, None)
        for pair in itertools.pairwise(path):
            counts[pair] = counts.get(pair, 0) + group.count
    links = tuple(SankeyLink(source, target, value) for (source, target), value in counts.items())
    return Sankey(nodes=tuple(nodes), links=links)


def numbers_of_groups(
    groups: Sequence[RecordGroup], days: Mapping[int | None, int]
) -> SearchNumbers:
    """Every figure of the Numbers page from tallies: the same as `search_numbers` of the
    applications the groups stand for (ordered by their first application) and whose days
    to a first answer `days` counts."""

    def total(keep: Callable[[ProcessRecord], bool]) -> int:
        return sum(group.count for group in groups if keep(group.record))

    return SearchNumbers(
        applications=sum(group.count for group in groups),
        interview_rounds=sum(group.record.interview_rounds for group in groups),
        interviewed=total(lambda record: record.had_interview),
        offers=total(lambda record: record.had_offer),
        rejections=total(lambda record: record.status is Status.REJECTED),
        ghosted=total(lambda record: record.status is Status.GHOSTED),
        withdrawn=total(lambda record: record.status is Status.WITHDRAWN),
        open_now=total(lambda record: record.status in OPEN_STATUSES),
        by_source=_conversion_of_groups(groups),
        response_times=_response_times_of(days),
        base_hits=base_hits_of_groups(groups),
        sankey=_flow_of(groups),
    )
