"""What the playbook knows about a user's search: plain, immutable values (pure).

The service reads these from the database; tests and other callers can build
them by hand. Dates are local dates in the user's time zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from afterword.pipeline.decision_timeline import DecisionTimeline
from afterword.pipeline.status import OfferDecision, OutcomeKind, Status


@dataclass(frozen=True)
class ContactFact:
    """A person in a process."""

    id: int
    role: str
    name: str | None = None
    email: str | None = None
    uid: str = ""

    @property
    def ref(self) -> str:
        """The stable reference used in action keys: the uid when known, else the id."""
        return self.uid or str(self.id)


@dataclass(frozen=True)
class InterviewFact:
    """An interview round: when, with whom, and what the debrief said."""

    id: int
    round: int
    kind: str
    on: dt.date | None
    interviewer_ids: tuple[int, ...] = ()
    timeline: DecisionTimeline | None = None
    debriefed: bool = False
    still_interested: bool | None = None
    uid: str = ""

    @property
    def ref(self) -> str:
        """The stable reference used in action keys: the uid when known, else the id."""
        return self.uid or str(self.id)


@dataclass(frozen=True)
class OutcomeFact:
    """News recorded for the process."""

    kind: OutcomeKind
    on: dt.date


@dataclass(frozen=True)
class OfferFact:
    """One offer: when it came, when it expires, what became of it."""

    id: int
    received_on: dt.date
    deadline: dt.date | None
    decision: OfferDecision
    decided_on: dt.date | None = None
    has_terms: bool = False
    reneged: bool = False  # declined after it had been accepted
    uid: str = ""

    @property
    def ref(self) -> str:
        """The stable reference used in action keys: the uid when known, else the id."""
        return self.uid or str(self.id)


@dataclass(frozen=True)
class ApplicationFacts:
    """Everything the rules need about one application."""

    id: int
    company: str
    role: str
    status: Status
    applied_on: dt.date
    status_since: dt.date
    contacts: tuple[ContactFact, ...] = ()
    interviews: tuple[InterviewFact, ...] = ()
    outcomes: tuple[OutcomeFact, ...] = ()
    offers: tuple[OfferFact, ...] = ()
    feedback_on: tuple[dt.date, ...] = ()
    # Keys of actions use uids, so they survive an export and an import into another database.
    uid: str = ""

    @property
    def ref(self) -> str:
        """The stable reference used in action keys: the uid when known, else the id."""
        return self.uid or str(self.id)

    def contact(self, contact_id: int) -> ContactFact | None:
        """The contact with this id, if it belongs to the application."""
        return next((person for person in self.contacts if person.id == contact_id), None)

    @property
    def recruiter(self) -> ContactFact | None:
        """The recruiter (or coordinator) to write to, preferring one with an address."""
        candidates = [c for c in self.contacts if c.role in ("recruiter", "coordinator")]
        with_email = [c for c in candidates if c.email]
        preferred = with_email or candidates
        return preferred[0] if preferred else None

    @property
    def last_interview(self) -> InterviewFact | None:
        """The latest round that has a date."""
        dated = [interview for interview in self.interviews if interview.on is not None]
        return max(dated, key=lambda interview: (interview.on, interview.round), default=None)


@dataclass(frozen=True)
class ActionRecord:
    """What the user did with an action the playbook proposed earlier."""

    key: str
    state: str  # "done" or "dismissed"
    on: dt.date


@dataclass(frozen=True)
class SearchFacts:
    """The whole search: every application, plus what the user already did or dismissed."""

    applications: tuple[ApplicationFacts, ...]
    settled: dict[str, ActionRecord] = field(default_factory=dict)
    last_applied_on: dt.date | None = None
