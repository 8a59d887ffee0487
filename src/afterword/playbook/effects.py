"""What doing an action means for the record (pure).

Each action kind declares one effect when it is done, by whichever way it is done:
marked done (`afterword actions done`, the Done button), or its email sent or noted as
sent. The service records the effect in the same transaction, with the cause in the
history, and keeps enough to undo it. Some steps are done *inside* afterword (writing the
debrief, recording a mood); `SETTLED_BY` names what settles those, so the page can say so
and the playbook records them as done rather than as withdrawn.
"""

from __future__ import annotations

import datetime as dt
import enum

from afterword.playbook import wording
from afterword.playbook.actions import ActionKind


class Effect(enum.StrEnum):
    """A change to the record that doing an action brings."""

    NONE = "none"
    PROCESS_WITHDRAWN = "process_withdrawn"  # the process ends as withdrawn
    PROCESS_GHOSTED = "process_ghosted"  # the process ends as ghosted
    OFFER_DECLINED = "offer_declined"  # the process's open offer is declined
    EXTENSION_REQUESTED = "extension_requested"  # the offer notes that more time was asked for
    STILL_INTERESTED = "still_interested"  # the interview notes that the user still wants it
    PLAN_STEP_DONE = "plan_step_done"  # the game plan's step is marked done
    # Not an effect of marking done: the record already shows it was done (a debrief
    # written, a mood recorded). Undoing means changing that record, not the action.
    FULFILLED = "fulfilled"


EFFECT_WHEN_DONE: dict[ActionKind, Effect] = {
    ActionKind.WITHDRAW: Effect.PROCESS_WITHDRAWN,
    ActionKind.MARK_GHOSTED: Effect.PROCESS_GHOSTED,
    ActionKind.DECLINE_OFFER: Effect.OFFER_DECLINED,
    ActionKind.EXTENSION_REQUEST: Effect.EXTENSION_REQUESTED,
    ActionKind.INTEREST_CHECK: Effect.STILL_INTERESTED,
    ActionKind.PLAN_STEP: Effect.PLAN_STEP_DONE,
}

# Steps done inside afterword: what the user does there to settle them.
SETTLED_BY: dict[ActionKind, str] = {
    ActionKind.DEBRIEF: "writing the debrief",
    ActionKind.INTEREST_CHECK: "answering 'Do you still want this job?' in the debrief",
    ActionKind.MOOD_CHECK_IN: "recording a mood for this application",
    ActionKind.REFLECT: "writing a reflection (or a journal entry) about this application",
    ActionKind.PLAN_STEP: "marking the step done in your game plan",
    ActionKind.PRACTISE: "practising a question from your practice bank",
    ActionKind.REVISIT_PLAN: "revisiting your game plan and noting what changed",
    ActionKind.GAME_PLAN: "choosing a move for your game plan",
    ActionKind.SALARY_RESEARCH: "recording a target range for this application",
    ActionKind.RECORD_OFFER_TERMS: "recording the offer's terms and deadline",
    ActionKind.KEEP_APPLYING: "adding a new application",
    ActionKind.WITHDRAW: "recording the process as withdrawn",
    ActionKind.MARK_GHOSTED: "recording the process as ghosted",
    ActionKind.DECLINE_OFFER: "recording the offer as declined",
    ActionKind.EXTENSION_REQUEST: "recording that you asked for more time",
}

# What the email of an effectful action is called, for the history ("withdrawal email sent").
_EMAIL_NOUN = {
    ActionKind.WITHDRAW: "withdrawal email",
    ActionKind.DECLINE_OFFER: "email declining the offer",
    ActionKind.EXTENSION_REQUEST: "request for more time",
}


class DoneHow(enum.StrEnum):
    """How an action was done, as the user told afterword."""

    MARKED = "marked"  # marked done (the user did it outside afterword, or chose to say so)
    SENT = "sent"  # its email was sent through afterword (SMTP)
    COPIED = "copied"  # the user sent its email themselves and said so


def effect_of(kind: ActionKind) -> Effect:
    """The change to the record that doing an action of `kind` brings."""
    return EFFECT_WHEN_DONE.get(kind, Effect.NONE)


def short_day(day: dt.date) -> str:
    """'3 Dec 2026': a history entry's date, the same in every country."""
    return f"{day.day} {day:%b %Y}"


# What a step is called when it is marked done ("withdrawal marked done on 3 Dec 2026").
_STEP_NOUN = {
    ActionKind.WITHDRAW: "withdrawal",
    ActionKind.DECLINE_OFFER: "decline of the offer",
    ActionKind.EXTENSION_REQUEST: "request for more time",
    ActionKind.MARK_GHOSTED: "suggestion to mark it ghosted",
    ActionKind.INTEREST_CHECK: "interest check",
    ActionKind.PLAN_STEP: "game-plan step",
}


def done_cause(kind: ActionKind, how: DoneHow, on: dt.date) -> str:
    """The cause written into the history, e.g. 'withdrawal email sent on 3 Dec 2026'."""
    noun = _EMAIL_NOUN.get(kind, "email")
    if how is DoneHow.SENT:
        return f"{noun} sent on {short_day(on)}"
    if how is DoneHow.COPIED:
        return f"{noun} sent from your own mail, noted on {short_day(on)}"
    step = _STEP_NOUN.get(kind, f"'{kind.headline}'")
    return f"{step} marked done on {short_day(on)}"


def preview(kind: ActionKind, company: str | None) -> str | None:
    """'Marking this done records Northwind as withdrawn.' -- or None when nothing changes."""
    return wording.preview(kind.value, company)
