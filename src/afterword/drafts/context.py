"""Everything a draft may use, as plain values (pure).

The drafts service fills it from the record; templates read it. Any fact may be
missing (None or empty): templates fall back to a natural wording, and
`render` lists what the user should fill in.
"""

from __future__ import annotations

import datetime as dt
import enum
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


class Source(enum.StrEnum):
    """Where a fact in a draft comes from. A draft may present a fact as the company's word
    only when it is COMPANY: a value afterword worked out itself (a default wait, a proposed
    date) is never written as something the company said."""

    RECORDED = "recorded"  # the user recorded it (names, dates of interviews, their notes)
    COMPANY = "company"  # the company said it, as the user recorded it (a timeline, a deadline)
    COMPUTED = "computed"  # afterword worked it out (an assumed wait, a date to propose)


@dataclass(frozen=True)
class DraftContext:
    """The facts one email is written from, each tagged with where it came from."""

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
    # recruiter, hiring_manager, interviewer, coordinator, ...
    recipient_role: str | None = None
    # Whether the reader was one of the interviewers of the interview the email is about:
    # only then can the email speak of "our conversation".
    recipient_was_there: bool = False
    # The interview the email is about (thank-yous, follow-ups).
    interview_on: dt.date | None = None
    # "technical", "onsite", ... (underscores already spaces)
    interview_kind: str | None = None
    # People to thank through the reader (an interviewer who gets their own note is left out).
    interviewer_names: tuple[str, ...] = ()
    # Questions from the debrief worth mentioning (they are questions: quoted, never pasted).
    discussed: tuple[str, ...] = ()
    # Whether the company gave a decision timeline, and what it was: a date, or a span in
    # their words ("within 3 business days").
    timeline_known: bool = False
    decision_promised_by: dt.date | None = None
    decision_promised_within: str | None = None
    # afterword's own estimate of the decision date (a default wait when no timeline was
    # given). Never to be written as the company's word; the built-in templates do not use it.
    expected_decision_on: dt.date | None = None
    # For a second follow-up: when the first one went out.
    followed_up_on: dt.date | None = None
    # Offers: the user's own offer (extension, acceptance, decline) or another company's
    # offer (a notice to this company).
    offer_company: str | None = None
    offer_deadline: dt.date | None = None
    # The new deadline afterword suggests asking for: the user's request, never a fact.
    proposed_deadline: dt.date | None = None
    start_date: dt.date | None = None
    # After accepting elsewhere (withdrawal, decline), the company the user chose.
    accepted_company: str | None = None
    # How much the user wants this job, 1 to 5, if they said (an offer notice says "very
    # keen" only when they rated it 4 or 5).
    interest: int | None = None
    # For a clarification: the feedback it answers.
    feedback_text: str | None = None
    # Anything else a template may want, by name (kept small and documented where used).
    extra: dict[str, str] = field(default_factory=dict)


# Where each DraftContext field comes from (a test keeps every field listed here).
SOURCES: dict[str, Source] = {
    "template": Source.RECORDED,
    "company": Source.RECORDED,
    "role": Source.RECORDED,
    "today": Source.COMPUTED,
    "locale": Source.RECORDED,
    "sender_name": Source.RECORDED,
    "sender_email": Source.RECORDED,
    "signature": Source.RECORDED,
    "recipient_name": Source.RECORDED,
    "recipient_email": Source.RECORDED,
    "recipient_role": Source.RECORDED,
    "recipient_was_there": Source.RECORDED,
    "interview_on": Source.RECORDED,
    "interview_kind": Source.RECORDED,
    "interviewer_names": Source.RECORDED,
    "discussed": Source.RECORDED,
    "timeline_known": Source.COMPANY,
    "decision_promised_by": Source.COMPANY,
    "decision_promised_within": Source.COMPANY,
    "expected_decision_on": Source.COMPUTED,
    "followed_up_on": Source.RECORDED,
    "offer_company": Source.RECORDED,
    "offer_deadline": Source.COMPANY,
    "proposed_deadline": Source.COMPUTED,
    "start_date": Source.COMPANY,
    "accepted_company": Source.RECORDED,
    "interest": Source.RECORDED,
    "feedback_text": Source.COMPANY,
    "extra": Source.RECORDED,
}


def source_of(name: str) -> Source:
    """Where the DraftContext field `name` comes from."""
    return SOURCES[name]
