"""What to do with a classified, matched email: act on it, file it, ask the user, or leave it.

Pure: the classification, the match, the dates found and the application's state
in; a Decision out. A wrong "rejection" is the worst mistake afterword can make
for someone waiting on news, so changing the pipeline without asking needs all
of: a confident label (the classifier's per-class threshold), a match on solid
evidence, and a change the pipeline's rules accept. Every decision says which of the
class and the match decided it.

The review queue holds only what needs the person (issue 14): bulk mail (alerts, digests,
newsletters) that no solid evidence ties to an application is filed, never queued; news
about no application of the user's is filed, except a rejection or an offer (which
application was it?) and an acknowledgement or invitation from a company the user has no
application with, which proposes adding that application.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from afterword.errors import TransitionError
from afterword.inbox.labels import MailClass
from afterword.inbox.matching import Match, MatchMethod
from afterword.localtime import BusinessCalendar, add_span
from afterword.pipeline.status import OutcomeKind, Status
from afterword.pipeline.transitions import Event, EventKind, next_status

if TYPE_CHECKING:
    # Only named in annotations: importing the extractor (its many patterns) with the
    # storage models would cost every command that opens the database.
    from afterword.inbox.extract import ExtractedDates


class TriageState(enum.StrEnum):
    """Where a received message stands in triage."""

    ACTED = "acted"  # afterword changed the pipeline by itself
    FILED = "filed"  # about a job (usually one application); nothing to change
    REVIEW = "review"  # waiting for the user to confirm or correct
    RESOLVED = "resolved"  # the user decided
    IGNORED = "ignored"  # not about a job

    @property
    def label(self) -> str:
        """How the state reads on a page."""
        return _STATE_LABELS[self]


_STATE_LABELS = {
    TriageState.ACTED: "updated your pipeline",
    TriageState.FILED: "filed",
    TriageState.REVIEW: "waiting for you",
    TriageState.RESOLVED: "you decided",
    TriageState.IGNORED: "not about a job",
}


class EffectKind(enum.StrEnum):
    """A change an email can make to an application."""

    OUTCOME = "outcome"  # record news: rejection, offer, more interviews, hiring-manager chat
    OFFER_DEADLINE = "offer_deadline"  # set or extend the open offer's deadline
    DECISION_DATE = "decision_date"  # the company said when it will decide
    FEEDBACK = "feedback"  # keep what the company said about its decision
    ADD_APPLICATION = "add_application"  # add the application the email is about


# The past tense a change is reported in, and the verb that proposes it.
_TO_PROPOSE = {"recorded": "record", "set": "set", "extended": "extend", "noted": "note",
               "kept": "keep", "added": "add"}  # fmt: skip


@dataclass(frozen=True)
class Effect:
    """One change to one application, described the way the user will read it."""

    kind: EffectKind
    description: str  # what was done: "recorded the rejection"
    outcome: OutcomeKind | None = None
    day: dt.date | None = None  # a deadline or decision date
    extends: bool = False  # the deadline is an extension of the one recorded
    company: str | None = None  # for ADD_APPLICATION: the application to add
    role: str | None = None

    @property
    def proposal(self) -> str:
        """The change as something to do: "record the rejection"."""
        first, _, rest = self.description.partition(" ")
        return f"{_TO_PROPOSE.get(first, first)} {rest}".strip()


_ADDED = "added an application for "
_ROLE_SEPARATOR = " — "


def proposal_of(effect: str | None) -> tuple[str, str] | None:
    """The (company, role) of a stored "added an application for ..." change, else None."""
    if not effect or not effect.startswith(_ADDED):
        return None
    company, _, role = effect.removeprefix(_ADDED).partition(_ROLE_SEPARATOR)
    return (company, role) if company and role else None


class DecidedBy(enum.StrEnum):
    """What settled a decision: acting needs both a sure class and a solid match."""

    CLASS = "class"  # the classifier was not sure enough
    MATCH = "match"  # the evidence for the application was missing, weak or ambiguous
    BOTH = "class and match"  # both were sure: afterword acted
    PIPELINE = "pipeline"  # the change does not fit the application's state
    AGE = "age"  # older than the application's latest change


@dataclass(frozen=True)
class ApplicationState:
    """What triage needs to know about the matched application."""

    id: int
    status: Status
    offer_deadline: dt.date | None = None  # the open offer's current deadline, if any
    has_open_offer: bool = False
    has_interview: bool = False
    last_change_at: dt.datetime | None = None  # the latest status change, for old news


@dataclass(frozen=True)
class Decision:
    """What happens to a message, why, and the change (done, or proposed for review)."""

    state: TriageState
    why: str
    effect: Effect | None = None
    decided_by: DecidedBy | None = None


class NoChange(Exception):
    """The message needs no change to the application; `why` says so."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


# Classes that move a process on, as the outcome the user would record by hand.
_OUTCOME_OF = {
    MailClass.REJECTION: OutcomeKind.REJECTION,
    MailClass.OFFER: OutcomeKind.OFFER,
    MailClass.INTERVIEW_INVITATION: OutcomeKind.MORE_INTERVIEWS,
    MailClass.HIRING_MANAGER_CHAT: OutcomeKind.HIRING_MANAGER_CHAT,
}
# Statuses that already say what the message says: the email confirms news already recorded.
_ALREADY = {
    MailClass.REJECTION: {Status.REJECTED},
    MailClass.OFFER: {Status.OFFER, Status.ACCEPTED, Status.DECLINED},
    MailClass.HIRING_MANAGER_CHAT: {Status.HIRING_MANAGER_CHAT},
}
_OUTCOME_WORDS = {
    OutcomeKind.REJECTION: "recorded the rejection",
    OutcomeKind.OFFER: "recorded the offer",
    OutcomeKind.MORE_INTERVIEWS: "recorded the invitation to another interview",
    OutcomeKind.HIRING_MANAGER_CHAT: "recorded the invitation to a hiring-manager chat",
}


def decision_day(
    dates: ExtractedDates, sent_on: dt.date, calendar: BusinessCalendar
) -> dt.date | None:
    """The day a decision was promised for: a date, or a span counted from the message's day
    on the user's business calendar (localtime.add_span, as the playbook counts it)."""
    if dates.decision_by is not None:
        return dates.decision_by
    if dates.decision_within is None:
        return None
    return add_span(sent_on, dates.decision_within, calendar)


def plan_effect(
    label: MailClass,
    application: ApplicationState,
    *,
    deadline: dt.date | None = None,
    decision_by: dt.date | None = None,
) -> Effect:
    """The change a message of this class makes to the application.

    Raises NoChange when there is nothing to change (already recorded, or a class that only
    files), and TransitionError when the pipeline's rules refuse it (e.g. an offer is open).
    """
    if label in _ALREADY and application.status in _ALREADY[label]:
        if label is MailClass.OFFER and deadline and application.offer_deadline is None:
            return Effect(
                EffectKind.OFFER_DEADLINE, f"set the offer's deadline to {deadline:%-d %b %Y}",
                day=deadline,
            )  # fmt: skip
        raise NoChange(f"already recorded ({application.status.label})")
    outcome = _OUTCOME_OF.get(label)
    if outcome is not None:
        next_status(application.status, Event(EventKind.OUTCOME, outcome=outcome))
        words = _OUTCOME_WORDS[outcome]
        if outcome is OutcomeKind.OFFER and deadline is not None:
            words += f", deadline {deadline:%-d %b %Y}"
        return Effect(EffectKind.OUTCOME, words, outcome=outcome, day=deadline)
    if label is MailClass.OFFER_DEADLINE:
        return _deadline_effect(application, deadline)
    if label is MailClass.STATUS_UPDATE:
        if decision_by is None:
            raise NoChange("no new decision date in it")
        if not application.has_interview:
            raise NoChange(
                f"says a decision is due by {decision_by:%-d %b}; no interview to note it on"
            )
        return Effect(
            EffectKind.DECISION_DATE,
            f"noted that they expect to decide by {decision_by:%-d %b %Y}",
            day=decision_by,
        )
    if label is MailClass.FEEDBACK:
        return Effect(EffectKind.FEEDBACK, "kept their feedback")
    raise NoChange("nothing to change")


def _deadline_effect(application: ApplicationState, deadline: dt.date | None) -> Effect:
    if not application.has_open_offer:
        raise TransitionError("it talks about an offer's deadline, but no open offer is recorded")
    if deadline is None:
        raise NoChange("no new deadline in it")
    current = application.offer_deadline
    if current is None:
        return Effect(
            EffectKind.OFFER_DEADLINE, f"set the offer's deadline to {deadline:%-d %b %Y}",
            day=deadline,
        )  # fmt: skip
    if deadline == current:
        raise NoChange(f"the deadline ({current:%-d %b}) is already recorded")
    if deadline < current:
        raise TransitionError(
            f"it names {deadline:%-d %b}, earlier than the recorded deadline ({current:%-d %b})"
        )
    return Effect(
        EffectKind.OFFER_DEADLINE, f"extended the offer's deadline to {deadline:%-d %b %Y}",
        day=deadline, extends=True,
    )  # fmt: skip


def decide(
    *,
    label: MailClass,
    confident: bool,
    match: Match,
    application: ApplicationState | None,
    automated_sender: bool,
    deadline: dt.date | None = None,
    decision_by: dt.date | None = None,
    sent_at: dt.datetime | None = None,
    bulk: bool = False,
    proposed: tuple[str, str] | None = None,
) -> Decision:
    """Acts, files, asks or ignores (see the module's docstring).

    `bulk`: the message is mass mail (list headers, an unsubscribe footer); `proposed`: the
    company and role it seems to be about, when no application matches.
    """
    decision = _decide(
        label=label, confident=confident, match=match, application=application,
        automated_sender=automated_sender, deadline=deadline, decision_by=decision_by,
        sent_at=sent_at, bulk=bulk, proposed=proposed,
    )  # fmt: skip
    if bulk and decision.state is TriageState.REVIEW:
        # Alerts, digests and newsletters never wait for the person: even from the company's
        # own domain, mass mail that cannot act alone is filed with what it would have asked.
        # Nothing was changed, so no change is stored with it (the user may still resolve it).
        return Decision(
            TriageState.FILED, f"bulk mail, so filed: {decision.why}", None, decision.decided_by
        )
    return decision


def _decide(
    *,
    label: MailClass,
    confident: bool,
    match: Match,
    application: ApplicationState | None,
    automated_sender: bool,
    deadline: dt.date | None,
    decision_by: dt.date | None,
    sent_at: dt.datetime | None,
    bulk: bool,
    proposed: tuple[str, str] | None,
) -> Decision:
    if label is MailClass.NOT_JOB:
        return Decision(TriageState.IGNORED, "not about a job")
    solid = match.method in (MatchMethod.THREAD, MatchMethod.CONTACT, MatchMethod.DOMAIN)
    if bulk and not solid:
        # Alerts, digests and newsletters name companies and roles all the time; only mail
        # from the company itself (its domain, a contact, a thread) may change anything.
        return Decision(
            TriageState.FILED,
            f"bulk mail (a list, an alert or a digest) that {match.why}",
            decided_by=DecidedBy.MATCH,
        )
    if match.ambiguous:
        return Decision(
            TriageState.REVIEW, f"which application? {match.why}", decided_by=DecidedBy.MATCH
        )
    if application is None:
        return _unmatched(label, match, proposed)
    try:
        effect = plan_effect(label, application, deadline=deadline, decision_by=decision_by)
    except NoChange as nothing:
        return Decision(TriageState.FILED, nothing.why)
    except TransitionError as refused:
        return Decision(
            TriageState.REVIEW,
            f"afterword could not apply it: {refused}",
            decided_by=DecidedBy.PIPELINE,
        )
    if not confident:
        return Decision(
            TriageState.REVIEW,
            "afterword is not sure enough of what it is to act alone",
            effect,
            DecidedBy.CLASS,
        )
    guarded = effect.kind is EffectKind.OUTCOME and effect.outcome in (
        OutcomeKind.REJECTION, OutcomeKind.OFFER,
    )  # fmt: skip
    if guarded and match.method is MatchMethod.NAMED and not automated_sender:
        # A person's mail that only names the company (an agency, a friend) is weak evidence
        # for news that closes or changes a process.
        return Decision(
            TriageState.REVIEW,
            "matched only by the company named in it, from a person",
            effect,
            DecidedBy.MATCH,
        )
    if guarded and match.method is MatchMethod.NAMED and not match.role_named:
        # An applicant-tracking system's mail names the company; a hackathon, a programme or
        # a newsletter may too. Closing or changing a process also needs the role named.
        return Decision(
            TriageState.REVIEW,
            "matched only by the company named in it, not the role",
            effect,
            DecidedBy.MATCH,
        )
    last = application.last_change_at
    if sent_at is not None and last is not None and sent_at < last:
        # An old email read today (a mail export, a first sync) may be news the user already
        # moved past, e.g. a rejection before the process was reopened.
        return Decision(
            TriageState.REVIEW,
            "it is older than the application's latest change, so it may be old news",
            effect,
            DecidedBy.AGE,
        )
    return Decision(TriageState.ACTED, effect.description, effect, DecidedBy.BOTH)


# Classes that start a process: from a company with no application, afterword offers to add it.
_STARTS_A_PROCESS = (
    MailClass.APPLICATION_RECEIVED,
    MailClass.INTERVIEW_INVITATION,
    MailClass.HIRING_MANAGER_CHAT,
)


def _unmatched(label: MailClass, match: Match, proposed: tuple[str, str] | None) -> Decision:
    """About a job, but about no application of the user's."""
    if label is MailClass.RECRUITER_OUTREACH:
        return Decision(TriageState.FILED, "a recruiter writing about a new role")
    if label in _STARTS_A_PROCESS and proposed is not None:
        company, role = proposed
        effect = Effect(
            EffectKind.ADD_APPLICATION,
            f"{_ADDED}{company}{_ROLE_SEPARATOR}{role}",
            company=company,
            role=role,
        )
        return Decision(
            TriageState.REVIEW,
            f"{label.label} from {company}, where you have no application: add it?",
            effect,
            DecidedBy.MATCH,
        )
    if label in (MailClass.REJECTION, MailClass.OFFER):
        return Decision(
            TriageState.REVIEW,
            f"about a job, but {match.why}: which application is it?",
            decided_by=DecidedBy.MATCH,
        )
    return Decision(
        TriageState.FILED,
        f"{label.label}, but {match.why}",
        decided_by=DecidedBy.MATCH,
    )
