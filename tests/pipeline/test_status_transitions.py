"""The pipeline's transition rules: every (status, event) pair, and properties over sequences.

The statuses live in pipeline/status.py, the rules in pipeline/transitions.py.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afterword.errors import AfterwordError, ConfirmationRequiredError, TransitionError
from afterword.pipeline.status import (
    AWAITING_DECISION,
    CLOSED_STATUSES,
    OPEN_STATUSES,
    REOPENABLE,
    OfferDecision,
    OutcomeKind,
    Status,
)
from afterword.pipeline.transitions import RENEGE_RISK, Event, EventKind, next_status

S = Status
INTERVIEW = Event(EventKind.INTERVIEW_LOGGED)
REOPEN = Event(EventKind.REOPENED)


def outcome(kind: OutcomeKind) -> Event:
    return Event(EventKind.OUTCOME, outcome=kind)


def decision(kind: OfferDecision, *, confirm_renege: bool = False) -> Event:
    return Event(EventKind.OFFER_DECISION, decision=kind, confirm_renege=confirm_renege)


def refused(message: str) -> tuple[type[AfterwordError], str]:
    return (TransitionError, message)


CLOSED_NEEDS_REOPEN = {
    S.DECLINED: "offer declined",
    S.REJECTED: "rejected",
    S.WITHDRAWN: "withdrawn",
    S.OFFER_EXPIRED: "offer expired",
    S.OFFER_RESCINDED: "offer rescinded",
}


def _interview_table() -> dict[Status, object]:
    table: dict[Status, object] = {
        S.APPLIED: S.INTERVIEWING,
        S.INTERVIEWING: S.INTERVIEWING,
        # Logging the chat itself as an interview does not step back to 'interviewing'.
        S.HIRING_MANAGER_CHAT: S.HIRING_MANAGER_CHAT,
        S.GHOSTED: S.INTERVIEWING,
        S.OFFER: S.OFFER,
        S.ACCEPTED: S.ACCEPTED,
    }
    for status, label in CLOSED_NEEDS_REOPEN.items():
        table[status] = refused(
            f"the process has ended ({label}); reopen it first to log a new interview"
        )
    return table


_OUTCOME_TARGETS = {
    OutcomeKind.OFFER: S.OFFER,
    OutcomeKind.HIRING_MANAGER_CHAT: S.HIRING_MANAGER_CHAT,
    OutcomeKind.MORE_INTERVIEWS: S.INTERVIEWING,
    OutcomeKind.REJECTION: S.REJECTED,
    OutcomeKind.GHOSTED: S.GHOSTED,
    OutcomeKind.WITHDRAWN: S.WITHDRAWN,
}

_WHILE_OFFER = {
    OutcomeKind.OFFER: "it already has an open offer; edit that offer's terms instead",
    OutcomeKind.REJECTION: "it has an open offer; if the company withdrew it, "
    "record the offer as rescinded",
    OutcomeKind.WITHDRAWN: "it has an open offer; decline the offer instead",
    OutcomeKind.GHOSTED: "it has an open offer; if the deadline passed, "
    "record the offer as expired",
    OutcomeKind.HIRING_MANAGER_CHAT: "it already has an offer",
    OutcomeKind.MORE_INTERVIEWS: "it already has an offer",
}


def _outcome_table(kind: OutcomeKind) -> dict[Status, object]:
    target = _OUTCOME_TARGETS[kind]
    table: dict[Status, object] = {
        S.APPLIED: target,
        S.INTERVIEWING: target,
        S.HIRING_MANAGER_CHAT: target,
        S.GHOSTED: refused("it is already marked as ghosted; record the news when they write back")
        if kind is OutcomeKind.GHOSTED
        else target,
        S.OFFER: refused(_WHILE_OFFER[kind]),
        S.ACCEPTED: refused("its offer is accepted; record a decision on the offer instead"),
    }
    for status, label in CLOSED_NEEDS_REOPEN.items():
        table[status] = refused(
            f"the process has ended ({label}); reopen it first if it started again"
        )
    return table


def _no_offer(label: str) -> tuple[type[AfterwordError], str]:
    return refused(
        f"there is no open offer to decide on ({label}); record the offer first (afterword offers add)"
    )


_NO_OPEN_OFFER = {
    S.APPLIED: "applied",
    S.INTERVIEWING: "interviewing",
    S.HIRING_MANAGER_CHAT: "hiring-manager chat",
    S.GHOSTED: "ghosted",
    **CLOSED_NEEDS_REOPEN,
}


def _decision_table(kind: OfferDecision, *, confirm_renege: bool) -> dict[Status, object]:
    if kind is OfferDecision.PENDING:
        return {
            status: refused("a decision must be accepted, declined, expired or rescinded")
            for status in Status
        }
    table: dict[Status, object] = {
        status: _no_offer(label) for status, label in _NO_OPEN_OFFER.items()
    }
    table[S.OFFER] = {
        OfferDecision.ACCEPTED: S.ACCEPTED,
        OfferDecision.DECLINED: S.DECLINED,
        OfferDecision.EXPIRED: S.OFFER_EXPIRED,
        OfferDecision.RESCINDED: S.OFFER_RESCINDED,
    }[kind]
    if kind is OfferDecision.RESCINDED:
        table[S.ACCEPTED] = S.OFFER_RESCINDED
    elif kind is OfferDecision.DECLINED:
        renege = (ConfirmationRequiredError, RENEGE_RISK)
        table[S.ACCEPTED] = S.DECLINED if confirm_renege else renege
    else:
        table[S.ACCEPTED] = refused(
            f"the offer was accepted, so it cannot be {kind.value} now; if the company withdrew it, "
            "record it as rescinded"
        )
    return table


def _reopen_table() -> dict[Status, object]:
    table: dict[Status, object] = dict.fromkeys(CLOSED_NEEDS_REOPEN, S.APPLIED)
    table[S.GHOSTED] = S.APPLIED
    for status, label in {
        S.APPLIED: "applied",
        S.INTERVIEWING: "interviewing",
        S.HIRING_MANAGER_CHAT: "hiring-manager chat",
        S.OFFER: "offer",
        S.ACCEPTED: "offer accepted",
    }.items():
        table[status] = refused(
            f"the process is still open ({label}); only an ended one can be reopened"
        )
    return table


ALL_EVENTS: list[Event] = [
    INTERVIEW,
    REOPEN,
    *(outcome(kind) for kind in OutcomeKind),
    *(decision(kind) for kind in OfferDecision),
    *(decision(kind, confirm_renege=True) for kind in OfferDecision),
]


def _expected(event: Event) -> dict[Status, object]:
    if event.kind is EventKind.INTERVIEW_LOGGED:
        return _interview_table()
    if event.kind is EventKind.REOPENED:
        return _reopen_table()
    if event.kind is EventKind.OUTCOME:
        assert event.outcome is not None
        return _outcome_table(event.outcome)
    assert event.decision is not None
    return _decision_table(event.decision, confirm_renege=event.confirm_renege)


TRANSITIONS = [
    pytest.param(status, event, _expected(event)[status], id=f"{status.value}-{event}")
    for event in ALL_EVENTS
    for status in Status
]


def test_transition_table_covers_every_status_for_every_event() -> None:
    for event in ALL_EVENTS:
        assert set(_expected(event)) == set(Status), event
    assert len(TRANSITIONS) == len(Status) * len(ALL_EVENTS) == 11 * 18


@pytest.mark.parametrize(("current", "event", "expected"), TRANSITIONS)
def test_every_status_event_pair_is_allowed_to_a_target_or_refused_with_advice(
    current: Status, event: Event, expected: object
) -> None:
    if isinstance(expected, Status):
        assert next_status(current, event) is expected
    else:
        assert isinstance(expected, tuple)
        error_type, message = expected
        with pytest.raises(error_type) as raised:
            next_status(current, event)
        assert type(raised.value) is error_type
        assert str(raised.value) == message


# A few named cases, so the intent of the table reads without decoding it.


def test_accepted_is_reached_only_from_offer_through_an_accepted_decision() -> None:
    assert next_status(S.OFFER, decision(OfferDecision.ACCEPTED)) is S.ACCEPTED
    for status in set(Status) - {S.OFFER, S.ACCEPTED}:
        with pytest.raises(TransitionError, match="no open offer to decide on"):
            next_status(status, decision(OfferDecision.ACCEPTED))
    reached = {
        (status, event)
        for status in Status
        for event in ALL_EVENTS
        if _expected(event)[status] is S.ACCEPTED and status is not S.ACCEPTED
    }
    assert reached == {
        (S.OFFER, decision(OfferDecision.ACCEPTED)),
        (S.OFFER, decision(OfferDecision.ACCEPTED, confirm_renege=True)),
    }


def test_ghosted_process_is_revived_by_any_news_from_the_company() -> None:
    assert next_status(S.GHOSTED, INTERVIEW) is S.INTERVIEWING
    assert next_status(S.GHOSTED, outcome(OutcomeKind.OFFER)) is S.OFFER
    assert next_status(S.GHOSTED, outcome(OutcomeKind.REJECTION)) is S.REJECTED
    assert next_status(S.GHOSTED, outcome(OutcomeKind.MORE_INTERVIEWS)) is S.INTERVIEWING
    assert next_status(S.GHOSTED, outcome(OutcomeKind.HIRING_MANAGER_CHAT)) is S.HIRING_MANAGER_CHAT


def test_ghosting_an_already_ghosted_process_is_refused() -> None:
    with pytest.raises(
        TransitionError,
        match=r"^it is already marked as ghosted; record the news when they write back$",
    ):
        next_status(S.GHOSTED, outcome(OutcomeKind.GHOSTED))


def test_rejected_process_needs_a_reopen_before_new_news() -> None:
    with pytest.raises(TransitionError) as raised:
        next_status(S.REJECTED, outcome(OutcomeKind.OFFER))
    assert (
        str(raised.value) == "the process has ended (rejected); reopen it first if it started again"
    )
    assert next_status(S.REJECTED, REOPEN) is S.APPLIED
    assert next_status(S.APPLIED, outcome(OutcomeKind.OFFER)) is S.OFFER


def test_reopening_an_open_process_is_refused() -> None:
    with pytest.raises(TransitionError) as raised:
        next_status(S.INTERVIEWING, REOPEN)
    assert (
        str(raised.value)
        == "the process is still open (interviewing); only an ended one can be reopened"
    )


def test_declining_an_accepted_offer_needs_explicit_renege_confirmation() -> None:
    with pytest.raises(ConfirmationRequiredError) as raised:
        next_status(S.ACCEPTED, decision(OfferDecision.DECLINED))
    assert "reneging" in str(raised.value)
    assert "confirm explicitly" in str(raised.value)
    assert next_status(S.ACCEPTED, decision(OfferDecision.DECLINED, confirm_renege=True)) is (
        S.DECLINED
    )


def test_company_can_rescind_an_accepted_offer_without_confirmation() -> None:
    assert next_status(S.ACCEPTED, decision(OfferDecision.RESCINDED)) is S.OFFER_RESCINDED


def test_call_after_an_offer_leaves_the_status_unchanged() -> None:
    assert next_status(S.OFFER, INTERVIEW) is S.OFFER
    assert next_status(S.ACCEPTED, INTERVIEW) is S.ACCEPTED


def test_outcome_event_without_an_outcome_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match=r"^an outcome event needs an outcome$"):
        next_status(S.APPLIED, Event(EventKind.OUTCOME))


def test_decision_event_without_a_decision_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match=r"^an offer-decision event needs a decision$"):
        next_status(S.OFFER, Event(EventKind.OFFER_DECISION))


def test_status_groups_partition_every_status() -> None:
    assert {S.APPLIED, S.INTERVIEWING, S.HIRING_MANAGER_CHAT, S.OFFER} == OPEN_STATUSES
    assert OPEN_STATUSES - {S.OFFER} == AWAITING_DECISION
    assert {
        S.DECLINED,
        S.REJECTED,
        S.GHOSTED,
        S.WITHDRAWN,
        S.OFFER_EXPIRED,
        S.OFFER_RESCINDED,
    } == CLOSED_STATUSES
    assert REOPENABLE == CLOSED_STATUSES
    assert OPEN_STATUSES.isdisjoint(CLOSED_STATUSES)
    assert OPEN_STATUSES | CLOSED_STATUSES | {S.ACCEPTED} == set(Status)


def test_every_status_has_a_human_label() -> None:
    assert S.HIRING_MANAGER_CHAT.label == "hiring-manager chat"
    assert S.ACCEPTED.label == "offer accepted"
    assert all(status.label for status in Status)
    assert len({status.label for status in Status}) == len(Status)


# Properties over whole sequences of events.

events = st.sampled_from(ALL_EVENTS)


@given(st.lists(events, max_size=30))
def test_any_event_sequence_from_applied_lands_in_a_status_or_raises_an_afterword_error(
    sequence: list[Event],
) -> None:
    current = S.APPLIED
    for event in sequence:
        try:
            following = next_status(current, event)
        except ConfirmationRequiredError:
            # Only reneging asks for confirmation.
            assert current is S.ACCEPTED
            assert event.decision is OfferDecision.DECLINED
            assert not event.confirm_renege
            continue
        except TransitionError:
            continue
        assert isinstance(following, Status)
        if following is S.ACCEPTED and current is not S.ACCEPTED:
            assert current is S.OFFER
            assert event.kind is EventKind.OFFER_DECISION
            assert event.decision is OfferDecision.ACCEPTED
        if current is S.ACCEPTED and following is not S.ACCEPTED:
            # An accepted offer ends only by the company rescinding it or a confirmed renege.
            assert event.kind is EventKind.OFFER_DECISION
            assert (event.decision, following) in {
                (OfferDecision.RESCINDED, S.OFFER_RESCINDED),
                (OfferDecision.DECLINED, S.DECLINED),
            }
            if event.decision is OfferDecision.DECLINED:
                assert event.confirm_renege
        current = following
