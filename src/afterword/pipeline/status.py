"""The pipeline's vocabulary: statuses, outcomes and offer decisions (pure).

Kept light (only `enum`): the command line's fast path imports it. The rules
for moving between statuses live in `transitions.py`.
"""

from __future__ import annotations

import enum


class Status(enum.StrEnum):
    """Where an application stands."""

    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    HIRING_MANAGER_CHAT = "hiring_manager_chat"
    OFFER = "offer"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REJECTED = "rejected"
    GHOSTED = "ghosted"
    WITHDRAWN = "withdrawn"
    OFFER_EXPIRED = "offer_expired"
    OFFER_RESCINDED = "offer_rescinded"

    @property
    def label(self) -> str:
        """A short human label, e.g. 'hiring-manager chat'."""
        return _LABELS[self]


_LABELS = {
    Status.APPLIED: "applied",
    Status.INTERVIEWING: "interviewing",
    Status.HIRING_MANAGER_CHAT: "hiring-manager chat",
    Status.OFFER: "offer",
    Status.ACCEPTED: "offer accepted",
    Status.DECLINED: "offer declined",
    Status.REJECTED: "rejected",
    Status.GHOSTED: "ghosted",
    Status.WITHDRAWN: "withdrawn",
    Status.OFFER_EXPIRED: "offer expired",
    Status.OFFER_RESCINDED: "offer rescinded",
}

# A process is "open" while the company may still come back with news the user awaits.
OPEN_STATUSES = frozenset(
    {Status.APPLIED, Status.INTERVIEWING, Status.HIRING_MANAGER_CHAT, Status.OFFER}
)
# Waiting for the company: the processes an offer deadline should be told about.
AWAITING_DECISION = frozenset({Status.APPLIED, Status.INTERVIEWING, Status.HIRING_MANAGER_CHAT})
# Ended processes; ghosted is among them but news may still revive it.
CLOSED_STATUSES = frozenset(set(Status) - OPEN_STATUSES - {Status.ACCEPTED})
REOPENABLE = CLOSED_STATUSES


class OutcomeKind(enum.StrEnum):
    """What the company (or the user) decided after an interview."""

    OFFER = "offer"
    HIRING_MANAGER_CHAT = "hiring_manager_chat"
    MORE_INTERVIEWS = "more_interviews"
    REJECTION = "rejection"
    GHOSTED = "ghosted"
    WITHDRAWN = "withdrawn"


class OfferDecision(enum.StrEnum):
    """The state of one offer."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    RESCINDED = "rescinded"
