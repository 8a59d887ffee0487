"""How actions read: headlines, which are emails, what marking one done changes (pure).

Standard library only, keyed by the kind's stored value: the command line's fast path for
`afterword today` prints the stored agenda with these words without importing the playbook
(enums and dataclasses cost it more than the read itself). `ActionKind` and
`effects.preview` answer from these same tables, so every path words an action alike.
"""

from __future__ import annotations

TYPE_CHECKING = False  # importing typing at run time would cost the fast path ~6 ms
if TYPE_CHECKING:
    import datetime as dt

HEADLINES = {
    "thank_recruiter": "Thank the recruiter",
    "thank_interviewer": "Thank the interviewer",
    "debrief": "Write the debrief",
    "interest_check": "Decide whether you still want it",
    "withdraw": "Withdraw politely",
    "salary_research": "Research the salary",
    "follow_up": "Follow up gently",
    "second_follow_up": "Follow up a second time",
    "mark_ghosted": "Consider marking it ghosted",
    "prepare": "Prepare for the next conversation",
    "mood_check_in": "Check in with yourself",
    "self_care": "Do one kind thing for yourself",
    "feedback_request": "Ask for feedback",
    "reflect": "Reflect on the process",
    "game_plan": "Review your game plan",
    "keep_applying": "Keep applying",
    "record_offer_terms": "Record the offer's terms",
    "offer_notice": "Tell them about your offer deadline",
    "extension_request": "Ask for more time",
    "deadline_reminder": "Offer deadline approaching",
    "compare_offers": "Compare your offers",
    "ask_how_well": "Ask how well you did",
    "confirm_acceptance": "Confirm your acceptance",
    "decline_offer": "Decline the other offer graciously",
    "renege_message": "Send a respectful message",
    "plan_step": "Take a step of your game plan",
    "practise": "Practise your tough questions",
    "revisit_plan": "Revisit your game plan",
    "coach_suggestion": "Your coach suggests",
}

EMAIL_KINDS = frozenset(
    {
        "thank_recruiter",
        "thank_interviewer",
        "withdraw",
        "follow_up",
        "second_follow_up",
        "feedback_request",
        "offer_notice",
        "extension_request",
        "ask_how_well",
        "confirm_acceptance",
        "decline_offer",
        "renege_message",
    }
)

# What marking an action of this kind done changes in the record, said before it is done.
# The kinds are those of effects.EFFECT_WHEN_DONE (a test keeps the two in step).
_PREVIEWS = {
    "withdraw": "Marking this done records {where} as withdrawn.",
    "mark_ghosted": "Marking this done records {where} as ghosted (it can come back if they write).",
    "decline_offer": "Marking this done records the {where} offer as declined.",
    "extension_request": "Marking this done notes on the {where} offer that you asked for more time.",
    "interest_check": "Marking this done notes that you still want the job at {where}.",
    "plan_step": "Marking this done marks the step done in your game plan.",
}


def preview(kind: str, company: str | None) -> str | None:
    """'Marking this done records Northwind as withdrawn.' -- or None when nothing changes."""
    sentence = _PREVIEWS.get(kind)
    return None if sentence is None else sentence.format(where=company or "this process")


def long_date(day: dt.date) -> str:
    """'Thursday 3 December 2026' -- unambiguous in every country."""
    return f"{day:%A} {day.day} {day:%B %Y}"


_INTERVIEW_NOUNS = frozenset(
    {
        "interview",
        "interviews",
        "screen",
        "screening",
        "chat",
        "call",
        "loop",
        "round",
        "conversation",
        "exercise",
        "presentation",
        "assessment",
        "meeting",
        "session",
        "test",
        "review",
    }
)


def interview_label(kind: str | None) -> str:
    """How advice and emails name a round (one owner, so both say it alike):
    'technical' -> 'technical interview'; 'phone screen' stays; nothing -> 'interview'."""
    kind = " ".join(kind.replace("_", " ").split()) if kind else None
    if not kind or kind.lower() == "other":
        return "interview"
    if kind.lower() in {"take home", "take-home"}:
        return "take-home exercise"
    if kind.split()[-1].lower() in _INTERVIEW_NOUNS:
        return kind
    return f"{kind} interview"
