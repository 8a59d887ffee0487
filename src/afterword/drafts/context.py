"""Everything a draft may use, as plain values (pure).

The drafts service fills it from the record; templates read it. Any fact may be
missing (None or empty): templates fall back to a natural wording, and
`render` lists what the user should fill in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Template names: one per kind of email. Action kinds map onto them (see TEMPLATE_FOR_ACTION),
# and `clarification` is written on request (after feedback that rests on a misunderstanding).
TEMPLATES = (
    "thank_recruiter",
    "thank_interviewer",
    "follow_up",
    "second_follow_up",
    "feedback_request",
    "clarification",
    "extension_request",
    "offer_notice",
    "withdraw",
    "confirm_acceptance",
    "decline_offer",
    "ask_how_well",
    "renege_message",
)


@dataclass(frozen=True)
class DraftContext:
    """The facts one email is written from."""

    template: str
    company: str
    role: str
    today: dt.date
    # BCP 47 / CLDR locale for dates, e.g. "en_GB" (3 December 2026) or "en_US" (December 3, 2026).
    locale: str = "en_GB"
    # Who writes: from the user's profile.
    sender_name: str | None = None
    sender_email: str | None = None
    signature: str | None = None
    # Who reads.
    recipient_name: str | None = None
    recipient_email: str | None = None
    recipient_role: str | None = None  # recruiter, hiring_manager, interviewer, coordinator, ...
    # The interview the email is about (thank-yous, follow-ups).
    interview_on: dt.date | None = None
    interview_kind: str | None = None  # "technical", "onsite", ... (underscores already spaces)
    interviewer_names: tuple[str, ...] = ()
    # What was discussed, from the debrief: questions and topics worth mentioning.
    discussed: tuple[str, ...] = ()
    timeline_known: bool = False
    expected_decision_on: dt.date | None = None
    # For a second follow-up: when the first one went out.
    followed_up_on: dt.date | None = None
    # Offers: the user's own offer (extension, acceptance, decline) or another company's
    # offer (a notice to this company).
    offer_company: str | None = None
    offer_deadline: dt.date | None = None
    proposed_deadline: dt.date | None = None
    start_date: dt.date | None = None
    # After accepting elsewhere (withdrawal, decline), the company the user chose.
    accepted_company: str | None = None
    # For a clarification: the feedback it answers.
    feedback_text: str | None = None
    # Anything else a template may want, by name (kept small and documented where used).
    extra: dict[str, str] = field(default_factory=dict)
