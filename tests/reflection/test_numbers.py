"""The search's numbers (pure): conversion by source, response times, base hits and the flow."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afterword.pipeline.status import Status
from afterword.reflection.numbers import (
    APPLIED,
    NOT_RECORDED,
    OTHER_SOURCES,
    ProcessRecord,
    base_hits,
    conversion_by_source,
    median,
    percent,
    response_times,
    search_flow,
    search_numbers,
)


def rec(status: Status, **kwargs: object) -> ProcessRecord:
    return ProcessRecord(status=status, **kwargs)  # type: ignore[arg-type]


def test_conversion_by_source_counts_interviews_and_offers_per_source() -> None:
    records = [
        rec(Status.REJECTED, source="LinkedIn", interview_rounds=2, days_to_response=5),
        rec(Status.APPLIED, source="linkedin "),
        rec(Status.ACCEPTED, source="Referral", interview_rounds=3),
        rec(Status.GHOSTED, source=None),
        rec(Status.HIRING_MANAGER_CHAT, source="Referral", interviewed=True),
    ]
    rows = {row.source: row for row in conversion_by_source(records)}
    assert (rows["LinkedIn"].applied, rows["LinkedIn"].interviewed, rows["LinkedIn"].offered) == (
        2,
        1,
        0,
    )
    assert (rows["Referral"].applied, rows["Referral"].interviewed, rows["Referral"].offered) == (
        2,
        2,
        1,
    )
    assert rows["Referral"].offer_rate == 0.5
    assert rows[NOT_RECORDED].applied == 1


def test_sources_beyond_the_limit_are_grouped_together() -> None:
    records = [rec(Status.APPLIED, source=f"Board {n}") for n in range(5)] + [
        rec(Status.APPLIED, source="Board 0")
    ]
    rows = conversion_by_source(records, limit=2)
    assert [row.source for row in rows] == ["Board 0", "Board 1", OTHER_SOURCES]
    assert rows[0].applied == 2 and rows[-1].applied == 3


def test_median_and_percent_handle_empty_data() -> None:
    assert median([]) is None
    assert median([3, 1, 10, 4]) == 3.5
    assert percent(None) == "no data"
    assert percent(1 / 3) == "33%"


def test_response_times_group_first_replies_and_count_the_silent() -> None:
    records = [rec(Status.INTERVIEWING, days_to_response=days) for days in (0, 7, 8, 20, 40)] + [
        rec(Status.APPLIED),
        rec(Status.GHOSTED),
    ]
    times = response_times(records)
    assert times.answered == 5 and times.waiting == 2
    assert times.median_days == 8
    assert [count for _label, count in times.buckets] == [2, 1, 1, 1]


def test_base_hits_count_offers_among_decisions_after_an_interview() -> None:
    records = [
        rec(Status.REJECTED, interview_rounds=1),
        rec(Status.REJECTED, interview_rounds=2),
        rec(Status.REJECTED),  # rejected on the application: no interview, not a base hit try
        rec(Status.OFFER, interview_rounds=2),
        rec(Status.INTERVIEWING, interview_rounds=1),  # still open: no decision yet
    ]
    hits = base_hits(records)
    assert (hits.offers, hits.rejections) == (1, 2)
    assert hits.rate == pytest.approx(1 / 3)
    assert "Of 3 processes" in hits.sentence and "33%" in hits.sentence
    assert "2 rejections alongside 1 offer" in hits.sentence


def test_no_decision_yet_means_no_base_hit_rate() -> None:
    hits = base_hits([rec(Status.APPLIED), rec(Status.INTERVIEWING, interview_rounds=1)])
    assert hits.rate is None and "no base-hit rate" in hits.sentence


def test_flow_goes_from_applied_to_every_outcome() -> None:
    records = [
        rec(Status.APPLIED),
        rec(Status.REJECTED),
        rec(Status.REJECTED, interview_rounds=1),
        rec(Status.ACCEPTED, interview_rounds=2),
        rec(Status.OFFER, interviewed=True),
        rec(Status.GHOSTED, interview_rounds=1),
    ]
    flow = search_flow(records)
    links = {(link.source, link.target): link.value for link in flow.links}
    assert links[(APPLIED, "Interviewed")] == 4
    assert links[(APPLIED, "No interview")] == 2
    assert links[("Interviewed", "Offer")] == 2
    assert links[("Offer", "Accepted")] == 1
    assert links[("Offer", "Deciding on the offer")] == 1
    assert links[("No interview", "Turned down on paper")] == 1
    assert flow.nodes[0] == APPLIED
    assert all(value > 0 for value in links.values())


@given(
    st.lists(
        st.builds(
            ProcessRecord,
            status=st.sampled_from(list(Status)),
            interview_rounds=st.integers(0, 3),
            interviewed=st.booleans(),
            offered=st.booleans(),
        ),
        max_size=40,
    )
)
def test_every_stage_of_the_flow_passes_on_exactly_what_it_receives(
    records: list[ProcessRecord],
) -> None:
    flow = search_flow(records)
    assert flow.outflow(APPLIED) == len(records)
    for node in flow.nodes:
        if node != APPLIED and flow.outflow(node):
            assert flow.inflow(node) == flow.outflow(node)
    # Everything that leaves 'Applied' ends at exactly one outcome.
    ends = [node for node in flow.nodes if flow.inflow(node) and not flow.outflow(node)]
    assert sum(flow.inflow(node) for node in ends) == len(records)
    assert len(set(flow.nodes)) == len(flow.nodes)


def test_an_empty_search_has_zero_everything() -> None:
    numbers = search_numbers([])
    assert numbers.applications == 0 and numbers.offers == 0 and numbers.open_now == 0
    assert numbers.by_source == () and numbers.sankey.nodes == () and numbers.sankey.links == ()
    assert numbers.response_times.median_days is None
    assert numbers.base_hits.rate is None


def test_search_numbers_count_each_kind_of_outcome() -> None:
    numbers = search_numbers(
        [
            rec(Status.APPLIED),
            rec(Status.INTERVIEWING, interview_rounds=2),
            rec(Status.REJECTED, interview_rounds=1),
            rec(Status.OFFER, interview_rounds=3),
            rec(Status.WITHDRAWN),
        ]
    )
    assert (numbers.applications, numbers.interview_rounds, numbers.interviewed) == (5, 6, 3)
    assert (numbers.offers, numbers.rejections, numbers.withdrawn, numbers.open_now) == (1, 1, 1, 3)
