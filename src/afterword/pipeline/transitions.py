"""The rules for moving an application between statuses (pure: no I/O).

An application's status changes only through an event: an interview logged,
an outcome recorded, a decision on an offer, or a reopening. `next_status`
either returns the new status or raises a TransitionError whose message says,
in plain words, why not and what to do instead.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from afterword.errors import ConfirmationRequiredError, TransitionError
from afterword.pipeline.status import (
    AWAITING_DECISION,
    REOPENABLE,
    OfferDecision,
    OutcomeKind,
    Status,
)


class EventKind(enum.StrEnum):
    """Everything that can move an application between statuses."""

    INTERVIEW_LOGGED = "interview_logged"
    OUTCOME = "outcome"
    OFFER_DECISION = "offer_decision"
    REOPENED = "reopened"


@dataclass(frozen=True)
class Event:
    """One event in an application's life; `outcome` or `decision` is set for those kinds."""

    kind: EventKind
    outcome: OutcomeKind | None = None
    decision: OfferDecision | None = None
    confirm_renege: bool = False


_OUTCOME_TARGET = {
    OutcomeKind.OFFER: Status.OFFER,
    OutcomeKind.HIRING_MANAGER_CHAT: Status.HIRING_MANAGER_CHAT,
    OutcomeKind.MORE_INTERVIEWS: Status.INTERVIEWING,
    OutcomeKind.REJECTION: Status.REJECTED,
    OutcomeKind.GHOSTED: Status.GHOSTED,
    OutcomeKind.WITHDRAWN: Status.WITHDRAWN,
}

_DECISION_TARGET = {
    OfferDecision.ACCEPTED: Status.ACCEPTED,
    OfferDecision.DECLINED: Status.DECLINED,
    OfferDecision.EXPIRED: Status.OFFER_EXPIRED,
    OfferDecision.RESCINDED: Status.OFFER_RESCINDED,
}

# Statuses from which the company can still send news: open processes before an offer,
# and ghosted ones (silence is never final).
_AWAITING_NEWS = AWAITING_DECISION | {Status.GHOSTED}

# What to do instead, when an outcome arrives while an offer is on the table.
_WHILE_OFFER_OPEN = {
    OutcomeKind.OFFER: "it already has an open offer; edit that offer's terms instead",
    OutcomeKind.REJECTION: "it has an open offer; if the company withdrew it, "
    "record the offer as rescinded",
    OutcomeKind.WITHDRAWN: "it has an open offer; decline the offer instead",
    OutcomeKind.GHOSTED: "it has an open offer; if the deadline passed, record the offer as expired",
    OutcomeKind.HIRING_MANAGER_CHAT: "it already has an offer",
    OutcomeKind.MORE_INTERVIEWS: "it already has an offer",
}


def next_status(current: Status, event: Event) -> Status:
    """Returns the status after `event`, or raises TransitionError explaining why not."""
    if event.kind is EventKind.REOPENED:
        if current not in REOPENABLE:
            raise TransitionError(
                f"the process is still open ({current.label}); only an ended one can be reopened"
            )
        return Status.APPLIED
    if event.kind is EventKind.INTERVIEW_LOGGED:
        return _after_interview(current)
    if event.kind is EventKind.OUTCOME:
        if event.outcome is None:
            raise ValueError("an outcome event needs an outcome")
        return _after_outcome(current, event.outcome)
    if event.decision is None:
        raise ValueError("an offer-decision event needs a decision")
    return _after_decision(current, event.decision, confirm_renege=event.confirm_renege)


def _after_interview(current: Status) -> Status:
    if current in (Status.HIRING_MANAGER_CHAT, Status.OFFER, Status.ACCEPTED):
        # The hiring-manager chat itself, or a call after an offer (team matching, meeting
        # the future team), is a conversation, not a step back into interviewing.
        return current
    if current in _AWAITING_NEWS:
        return Status.INTERVIEWING
    raise TransitionError(
        f"the process has ended ({current.label}); reopen it first to log a new interview"
    )


def _after_outcome(current: Status, outcome: OutcomeKind) -> Status:
    if current in _AWAITING_NEWS:
        if outcome is OutcomeKind.GHOSTED and current is Status.GHOSTED:
            raise TransitionError(
                "it is already marked as ghosted; record the news when they write back"
            )
        return _OUTCOME_TARGET[outcome]
    if current is Status.OFFER:
        raise TransitionError(_WHILE_OFFER_OPEN[outcome])
    if current is Status.ACCEPTED:
        raise TransitionError("its offer is accepted; record a decision on the offer instead")
    raise TransitionError(
        f"the process has ended ({current.label}); reopen it first if it started again"
    )


def _after_decision(current: Status, decision: OfferDecision, *, confirm_renege: bool) -> Status:
    if decision is OfferDecision.PENDING:
        raise TransitionError("a decision must be accepted, declined, expired or rescinded")
    if current is Status.OFFER:
        return _DECISION_TARGET[decision]
    if current is Status.ACCEPTED:
        if decision is OfferDecision.RESCINDED:
            return Status.OFFER_RESCINDED
        if decision is OfferDecision.DECLINED:
            if not confirm_renege:
                raise ConfirmationRequiredError(RENEGE_RISK)
            return Status.DECLINED
        raise TransitionError(
            f"the offer was accepted, so it cannot be {decision.value} now; if the company "
            "withdrew it, record it as rescinded"
        )
    raise TransitionError(
        f"there is no open offer to decide on ({current.label}); record the offer first "
        "(afterword offers add)"
    )


RENEGE_RISK = (
    "declining an offer you already accepted (reneging) can close doors well beyond this "
    "company, because recruiters and managers move between firms and remember; "
    "confirm explicitly if you still want to go ahead"
)
