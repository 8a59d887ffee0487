"""The actions the playbook proposes (pure values)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Protocol

from afterword.playbook import wording


class ActionKind(enum.StrEnum):
    """What the user is asked to do."""

    THANK_RECRUITER = "thank_recruiter"
    THANK_INTERVIEWER = "thank_interviewer"
    DEBRIEF = "debrief"
    INTEREST_CHECK = "interest_check"
    WITHDRAW = "withdraw"
    SALARY_RESEARCH = "salary_research"
    FOLLOW_UP = "follow_up"
    SECOND_FOLLOW_UP = "second_follow_up"
    MARK_GHOSTED = "mark_ghosted"
    PREPARE = "prepare"
    MOOD_CHECK_IN = "mood_check_in"
    SELF_CARE = "self_care"
    FEEDBACK_REQUEST = "feedback_request"
    REFLECT = "reflect"
    GAME_PLAN = "game_plan"
    KEEP_APPLYING = "keep_applying"
    RECORD_OFFER_TERMS = "record_offer_terms"
    OFFER_NOTICE = "offer_notice"
    EXTENSION_REQUEST = "extension_request"
    DEADLINE_REMINDER = "deadline_reminder"
    COMPARE_OFFERS = "compare_offers"
    ASK_HOW_WELL = "ask_how_well"
    CONFIRM_ACCEPTANCE = "confirm_acceptance"
    DECLINE_OFFER = "decline_offer"
    RENEGE_MESSAGE = "renege_message"
    # The reflection loop (playbook.rules.reflection_loop).
    PLAN_STEP = "plan_step"
    PRACTISE = "practise"
    REVISIT_PLAN = "revisit_plan"
    # Written by a coach in server mode (coaching.service), never by the playbook's rules.
    COACH_SUGGESTION = "coach_suggestion"

    @property
    def is_email(self) -> bool:
        """Whether doing it means sending an email (the drafts issue writes these)."""
        return self.value in wording.EMAIL_KINDS

    @property
    def headline(self) -> str:
        """A short imperative headline, e.g. 'Thank the recruiter'."""
        return wording.HEADLINES[self.value]


# The words live in playbook.wording (standard library only, for the fast path); the kinds
# here are the same, as enum members.
EMAIL_KINDS = frozenset(ActionKind(value) for value in wording.EMAIL_KINDS)


class Priority(enum.IntEnum):
    """How much an action matters; lower sorts first."""

    HIGH = 1
    NORMAL = 2
    LOW = 3


@dataclass(frozen=True)
class Action:
    """One thing to do, by when, and why.

    `key` identifies the action across runs (same situation, same key), which is
    how the service avoids duplicates and never resurrects what the user settled.
    """

    key: str
    kind: ActionKind
    rule: str
    due: dt.date
    application_id: int | None
    reason: str
    priority: Priority = Priority.NORMAL
    contact_id: int | None = None
    # The facts the rule used, in words, for `afterword why` (e.g. "promised": "2026-12-08").
    evidence: tuple[tuple[str, str], ...] = field(default=())
    # The event date that caused it: an action is never due before its cause.
    cause_on: dt.date | None = None
    # What the action is about, for the email drafts: the interview, or the offer (for a
    # notice to another company, the offer that expires; after accepting, the accepted one).
    interview_id: int | None = None
    offer_id: int | None = None


class _Identified(Protocol):
    @property
    def id(self) -> int: ...


def propose(
    kind: ActionKind,
    key: str,
    *,
    app: _Identified | None,
    due: dt.date,
    reason: str,
    rule: str | None = None,
    priority: Priority = Priority.NORMAL,
    contact_id: int | None = None,
    evidence: tuple[tuple[str, str], ...] = (),
    cause_on: dt.date | None = None,
    interview_id: int | None = None,
    offer_id: int | None = None,
) -> Action:
    """The one way a rule proposes an action.

    The rule's name is the kind's, spelt with hyphens ('thank-recruiter'), unless a rule
    proposes a kind that another rule owns ('wrap-up' proposes declines and withdrawals):
    `afterword why` shows it. `app` is the application the action is about, if any.
    """
    return Action(
        key=key,
        kind=kind,
        rule=rule or kind.value.replace("_", "-"),
        due=due,
        application_id=app.id if app is not None else None,
        reason=reason,
        priority=priority,
        contact_id=contact_id,
        evidence=evidence,
        cause_on=cause_on,
        interview_id=interview_id,
        offer_id=offer_id,
    )


@dataclass(frozen=True)
class Fulfilled:
    """An action the record shows as done: the user did the thing inside afterword.

    The service settles a stored open action of this key as done (with `note`), instead of
    withdrawing it as no longer needed: writing the debrief is doing the debrief.
    """

    key: str
    on: dt.date
    note: str  # how it was done, e.g. 'debrief written on 23 Nov 2026'
