"""What the playbook knows about a user's search: plain, immutable values (pure).

The service reads these from the database; tests and other callers can build
them by hand. Dates are local dates in the user's time zone.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from afterword.pipeline.decision_timeline import DecisionTimeline
from afterword.pipeline.status import OPEN_STATUSES, OfferDecision, OutcomeKind, Status

# News recorded more than this many days after it came is old news (an imported tracker,
# a rejection logged weeks later): it is history, not something to react to today.
OLD_NEWS_DAYS = 14


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
    # The day the debrief was written (it also answers the interest check when it says).
    debriefed_on: dt.date | None = None

    @property
    def ref(self) -> str:
        """The stable reference used in action keys: the uid when known, else the id."""
        return self.uid or str(self.id)


@dataclass(frozen=True)
class OutcomeFact:
    """News recorded for the process."""

    kind: OutcomeKind
    on: dt.date
    # False when the source did not say when the news came (see Outcome.date_known).
    date_known: bool = True
    # The day the user recorded it: news recorded long after it came is old news.
    recorded_on: dt.date | None = None

    @property
    def is_fresh_news(self) -> bool:
        """Whether this came to the user as news: dated, and recorded soon after it came."""
        if not self.date_known:
            return False
        return self.recorded_on is None or (self.recorded_on - self.on).days <= OLD_NEWS_DAYS


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
    # The company granted more time (an extended deadline is recorded).
    extended: bool = False
    # The user asked for more time on this day (the extension request was sent).
    extension_requested_on: dt.date | None = None
    # The user wants to ask for more time once more (afterword then plans another request).
    extension_again: bool = False

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
    # Mood check-ins and journal entries the user wrote about this process (local dates).
    moods_on: tuple[dt.date, ...] = ()
    journal_on: tuple[dt.date, ...] = ()
    # How much the user wants this job, 1 to 5, if they said.
    interest: int | None = None
    # Structured reflections written about this process (local dates).
    reflected_on: tuple[dt.date, ...] = ()
    # The day salary research (a target range, a walk-away number) was last recorded.
    salary_researched_on: dt.date | None = None

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
    def pending_offer(self) -> OfferFact | None:
        """The offer awaiting the user's decision, if the process is at the offer stage."""
        if self.status is not Status.OFFER:
            return None
        pending = [offer for offer in self.offers if offer.decision is OfferDecision.PENDING]
        return max(pending, key=lambda offer: offer.received_on, default=None)

    @property
    def accepted_offer(self) -> OfferFact | None:
        """The accepted offer, if the process ended in an acceptance."""
        if self.status is not Status.ACCEPTED:
            return None
        accepted = [offer for offer in self.offers if offer.decision is OfferDecision.ACCEPTED]
        return max(accepted, key=lambda offer: offer.decided_on or offer.received_on, default=None)

    @property
    def rejected_on(self) -> dt.date | None:
        """The day the rejection came, if the process ended in one."""
        if self.status is not Status.REJECTED:
            return None
        dates = [outcome.on for outcome in self.outcomes if outcome.kind is OutcomeKind.REJECTION]
        return max(dates) if dates else self.status_since

    @property
    def rejection_news_on(self) -> dt.date | None:
        """The day of the rejection when it came as news (dated, recorded soon after).

        A rejection imported from an old tracker, or recorded weeks after it came, is old
        news: it ends the process but starts none of the rituals of a fresh one.
        """
        if self.status is not Status.REJECTED:
            return None
        news = [o for o in self.outcomes if o.kind is OutcomeKind.REJECTION]
        if not news:
            return self.status_since  # no outcome recorded: the status change is the news
        fresh = [o.on for o in news if o.is_fresh_news]
        return max(fresh) if fresh else None

    @property
    def last_interview(self) -> InterviewFact | None:
        """The latest round that has a date (held or still ahead)."""
        dated = [interview for interview in self.interviews if interview.on is not None]
        return max(dated, key=lambda interview: (interview.on, interview.round), default=None)

    def held_interviews(self, today: dt.date) -> list[InterviewFact]:
        """The rounds that have taken place by `today` (a round on `today` counts), in order."""
        held = [i for i in self.interviews if i.on is not None and i.on <= today]
        return sorted(held, key=lambda interview: (interview.on, interview.round))

    def last_held(self, today: dt.date) -> InterviewFact | None:
        """The latest round that has taken place by `today`."""
        held = self.held_interviews(today)
        return held[-1] if held else None

    def upcoming(self, today: dt.date) -> list[InterviewFact]:
        """The rounds still ahead, after `today`, soonest first."""
        ahead = [i for i in self.interviews if i.on is not None and i.on > today]
        return sorted(ahead, key=lambda interview: (interview.on, interview.round))

    def not_interested(self, today: dt.date) -> InterviewFact | None:
        """The round after which the user said they no longer want the job, if that is their
        latest answer (a later "yes" takes it back)."""
        answered = [i for i in self.held_interviews(today) if i.still_interested is not None]
        if answered and answered[-1].still_interested is False:
            return answered[-1]
        return None


@dataclass(frozen=True)
class ActionRecord:
    """What the user did with an action the playbook proposed earlier."""

    key: str
    state: str  # "done" or "dismissed"
    on: dt.date


@dataclass(frozen=True)
class SearchIndex:
    """What the search-wide rules ask about all applications, computed once per search.

    Without it, every application's rules would scan every other application
    (is another offer accepted? when was the latest rejection?), and planning
    would grow with the square of the search. `with_application` updates it for
    one changed application without looking at the others.
    """

    position: Mapping[int, int]
    acceptances: Mapping[int, dt.date]
    rejections: Mapping[int, dt.date]
    pending: Mapping[int, OfferFact]
    open_ids: frozenset[int]
    # Derived from the maps above: the acceptance that stands, and the latest rejection.
    acceptance: tuple[int, dt.date] | None
    latest_rejection: dt.date | None

    @classmethod
    def of(cls, applications: tuple[ApplicationFacts, ...]) -> SearchIndex:
        """Indexes every application of a search."""
        acceptances: dict[int, dt.date] = {}
        rejections: dict[int, dt.date] = {}
        pending: dict[int, OfferFact] = {}
        open_ids: set[int] = set()
        for application in applications:
            _index_one(application, acceptances, rejections, pending, open_ids)
        position = {application.id: index for index, application in enumerate(applications)}
        return cls._derived(position, acceptances, rejections, pending, frozenset(open_ids))

    @classmethod
    def _derived(
        cls,
        position: Mapping[int, int],
        acceptances: dict[int, dt.date],
        rejections: dict[int, dt.date],
        pending: dict[int, OfferFact],
        open_ids: frozenset[int],
    ) -> SearchIndex:
        acceptance = max(
            ((app_id, day) for app_id, day in acceptances.items()),
            key=lambda pair: (pair[1], pair[0]),
            default=None,
        )
        return cls(
            position=position,
            acceptances=acceptances,
            rejections=rejections,
            pending=pending,
            open_ids=open_ids,
            acceptance=acceptance,
            latest_rejection=max(rejections.values(), default=None),
        )

    def with_application(self, application: ApplicationFacts) -> SearchIndex:
        """The index after `application` replaced its earlier facts (or joined the search)."""
        acceptances, rejections = dict(self.acceptances), dict(self.rejections)
        pending, open_ids = dict(self.pending), set(self.open_ids)
        for table in (acceptances, rejections, pending):
            table.pop(application.id, None)
        open_ids.discard(application.id)
        _index_one(application, acceptances, rejections, pending, open_ids)
        position = self.position
        if application.id not in position:
            position = {**position, application.id: len(position)}
        return self._derived(position, acceptances, rejections, pending, frozenset(open_ids))


def _index_one(
    application: ApplicationFacts,
    acceptances: dict[int, dt.date],
    rejections: dict[int, dt.date],
    pending: dict[int, OfferFact],
    open_ids: set[int],
) -> None:
    accepted = application.accepted_offer
    if accepted is not None:
        acceptances[application.id] = accepted.decided_on or accepted.received_on
    rejected = application.rejection_news_on
    if rejected is not None:
        rejections[application.id] = rejected
    offer = application.pending_offer
    if offer is not None:
        pending[application.id] = offer
    if application.status in OPEN_STATUSES:
        open_ids.add(application.id)


@dataclass(frozen=True)
class PlanStepFact:
    """A dated step of the user's game plan."""

    uid: str
    move: str  # the move's label, e.g. "Build a skill"
    text: str
    due: dt.date
    done_on: dt.date | None = None


@dataclass(frozen=True)
class ReflectionLoopFacts:
    """What the game plan and the practice bank hold, for the reflection-loop rules."""

    moves_chosen_on: tuple[dt.date, ...] = ()
    steps: tuple[PlanStepFact, ...] = ()
    reviewed_on: tuple[dt.date, ...] = ()
    # Questions in the practice bank, and the local days the user practised one.
    practice_cards: int = 0
    practised_on: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class SearchFacts:
    """The whole search: every application, plus what the user already did or dismissed."""

    applications: tuple[ApplicationFacts, ...]
    settled: dict[str, ActionRecord] = field(default_factory=dict)
    last_applied_on: dt.date | None = None
    loop: ReflectionLoopFacts = field(default_factory=ReflectionLoopFacts)

    @functools.cached_property
    def index(self) -> SearchIndex:
        """The search-wide answers the rules need, computed on first use."""
        return SearchIndex.of(self.applications)

    @functools.cached_property
    def notified(self) -> frozenset[str]:
        """The processes (refs) already told about an offer, or whose notice was turned down.

        Read from the settled keys, whose last part names the process told: older notices'
        keys also named the offer, and they count too.
        """
        return frozenset(
            key.rsplit(":", 1)[1] for key in self.settled if key.startswith("offer-notice:")
        )

    def application(self, application_id: int) -> ApplicationFacts | None:
        """The application with this id, if it is in the search."""
        position = self.index.position.get(application_id)
        return None if position is None else self.applications[position]

    def with_application(self, application: ApplicationFacts) -> SearchFacts:
        """The search after one application changed (or was added): cheap, for quick re-plans."""
        index = self.index.with_application(application)
        position = index.position[application.id]
        applications = (
            *self.applications[:position],
            application,
            *self.applications[position + 1 :],
        )
        last_applied = max(filter(None, (self.last_applied_on, application.applied_on)))
        changed = SearchFacts(
            applications=applications,
            settled=self.settled,
            last_applied_on=last_applied,
            loop=self.loop,
        )
        changed.__dict__["index"] = index  # carry the updated index instead of rebuilding it
        return changed
