"""Building drafts from the record: the facts of an action (or a request) into a DraftContext."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace

from sqlalchemy.orm import Session

from afterword import localtime, paths
from afterword.drafts.context import TEMPLATES, DraftContext
from afterword.drafts.render import Draft, render_draft
from afterword.errors import InvalidInputError
from afterword.offers.models import Offer
from afterword.pipeline.applications import get_application
from afterword.pipeline.contacts import get_contact
from afterword.pipeline.models import Application, Contact, Interview
from afterword.playbook.actions import ActionKind
from afterword.playbook.models import PlannedAction
from afterword.playbook.service import get_action
from afterword.profile.models import User

TEMPLATE_FOR_ACTION: dict[ActionKind, str] = {
    ActionKind.THANK_RECRUITER: "thank_recruiter",
    ActionKind.THANK_INTERVIEWER: "thank_interviewer",
    ActionKind.FOLLOW_UP: "follow_up",
    ActionKind.SECOND_FOLLOW_UP: "second_follow_up",
    ActionKind.FEEDBACK_REQUEST: "feedback_request",
    ActionKind.EXTENSION_REQUEST: "extension_request",
    ActionKind.OFFER_NOTICE: "offer_notice",
    ActionKind.WITHDRAW: "withdraw",
    ActionKind.CONFIRM_ACCEPTANCE: "confirm_acceptance",
    ActionKind.DECLINE_OFFER: "decline_offer",
    ActionKind.ASK_HOW_WELL: "ask_how_well",
    ActionKind.RENEGE_MESSAGE: "renege_message",
}

# At most this many things from the debrief are offered to a thank-you: a note, not a report.
_DISCUSSED = 3


def override_dir() -> str:
    """Where a user's own templates live: <config dir>/templates."""
    return os.path.join(paths.config_dir(), "templates")


def email_action(*, session: Session, user_id: int, action_id: int) -> tuple[PlannedAction, str]:
    """The action and its template, or a plain error when the action is not an email."""
    row = get_action(session=session, user_id=user_id, action_id=action_id)
    template = TEMPLATE_FOR_ACTION.get(row.kind)
    if template is None:
        raise InvalidInputError(
            f"action {action_id} ({row.kind.headline}) is not an email, so it has no draft"
        )
    return row, template


def _render(context: DraftContext, *, session: Session, user_id: int, per_person: bool) -> Draft:
    """Renders with the person's own version of the template: in server mode the row of
    theirs (drafts.own), read afresh; in the single-user app a file in override_dir()."""
    if per_person:
        from afterword.drafts.own import own_text

        text = own_text(session=session, user_id=user_id, name=context.template)
        return render_draft(context, own_text=text)
    return render_draft(context, override_dir=override_dir())


def draft_for_action(
    *, session: Session, user: User, action_id: int, today: dt.date, per_person: bool = False
) -> Draft:
    """The draft of an email action, personalised from the record. `per_person`: a shared
    server, where the person's own wording is in the database (see _render)."""
    row, template = email_action(session=session, user_id=user.id, action_id=action_id)
    if row.application_id is None:
        raise InvalidInputError(f"action {action_id} is not about one application")
    application = get_application(
        session=session, user_id=user.id, application_id=row.application_id
    )
    contact = session.get(Contact, row.contact_id) if row.contact_id else None
    interview = session.get(Interview, row.interview_id) if row.interview_id else None
    offer = session.get(Offer, row.offer_id) if row.offer_id else None
    context = build_context(
        template=template,
        user=user,
        application=application,
        contact=contact,
        interview=interview,
        offer=offer,
        evidence=dict(row.evidence),
        today=today,
    )
    return _render(context, session=session, user_id=user.id, per_person=per_person)


def draft_on_request(
    *,
    session: Session,
    user: User,
    template: str,
    application_id: int,
    today: dt.date,
    contact_id: int | None = None,
    correction: str | None = None,
    per_person: bool = False,
) -> Draft:
    """A draft the user asks for by name (e.g. a clarification after feedback)."""
    if template not in TEMPLATES:
        raise InvalidInputError(
            f"there is no template '{template}'; the templates are: {', '.join(TEMPLATES)}"
        )
    application = get_application(session=session, user_id=user.id, application_id=application_id)
    contact = (
        get_contact(session=session, user_id=user.id, contact_id=contact_id) if contact_id else None
    )
    if contact is not None and contact.application_id != application.id:
        raise InvalidInputError(f"contact {contact.id} belongs to another application")
    dated = [(i.scheduled_at, i) for i in application.interviews if i.scheduled_at is not None]
    interview = max(dated, key=lambda pair: pair[0])[1] if dated else None
    offers = sorted(application.offers, key=lambda o: o.id)
    context = build_context(
        template=template,
        user=user,
        application=application,
        contact=contact,
        interview=interview,
        offer=offers[-1] if offers else None,
        evidence={},
        today=today,
    )
    if correction:
        # The clarification template writes the user's own correction of the facts.
        context = replace(context, extra={**context.extra, "correction": correction.strip()})
    return _render(context, session=session, user_id=user.id, per_person=per_person)


def _recruiter(application: Application) -> Contact | None:
    people = [c for c in application.contacts if c.role.value in ("recruiter", "coordinator")]
    with_email = [c for c in people if c.email]
    chosen = with_email or people
    return chosen[0] if chosen else None


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def build_context(
    *,
    template: str,
    user: User,
    application: Application,
    contact: Contact | None,
    interview: Interview | None,
    offer: Offer | None,
    evidence: dict[str, str],
    today: dt.date,
) -> DraftContext:
    """Gathers the facts one email is written from."""
    zone = localtime.zone(user.timezone)
    recipient = contact or _recruiter(application)
    interview_on = (
        interview.scheduled_at.astimezone(zone).date()
        if interview and interview.scheduled_at
        else None
    )
    interviewers: tuple[str, ...] = ()
    discussed: tuple[str, ...] = ()
    was_there = False
    timeline = interview.timeline if interview is not None else None
    if interview is not None:
        people = interview.interviewers
        if template == "thank_recruiter":
            # An interviewer with an address gets their own thank-you: the recruiter is asked
            # to pass thanks on only to the others.
            people = [person for person in people if not person.email]
        interviewers = tuple(p.name for p in people if p.name)
        kept = [q.text for q in interview.questions if q.went_well is not False]
        discussed = tuple(kept[:_DISCUSSED])
        was_there = recipient is not None and any(
            person.id == recipient.id for person in interview.interviewers
        )
    own_offer = offer is not None and offer.application_id == application.id
    offer_company = None
    if offer is not None:
        offer_company = application.company if own_offer else offer.application.company
    accepted_company = None
    if template in ("withdraw", "decline_offer") and offer is not None and not own_offer:
        accepted_company = offer.application.company
    return DraftContext(
        template=template,
        company=application.company,
        role=application.role,
        today=today,
        locale=f"en_{user.country}",
        sender_name=user.name,
        sender_email=user.email,
        signature=user.signature,
        recipient_name=recipient.name if recipient else None,
        recipient_email=recipient.email if recipient else None,
        recipient_role=recipient.role.value if recipient else None,
        recipient_was_there=was_there,
        interview_on=interview_on,
        interview_kind=interview.kind.value.replace("_", " ") if interview else None,
        interviewer_names=interviewers,
        discussed=discussed,
        timeline_known=timeline is not None,
        # The company's own terms only: a date they gave, or their span in words.
        decision_promised_by=timeline.by if timeline is not None else None,
        decision_promised_within=(
            timeline.describe() if timeline is not None and timeline.by is None else None
        ),
        expected_decision_on=_date(evidence.get("expected decision")),
        followed_up_on=_date(evidence.get("first follow-up sent")),
        offer_company=offer_company,
        offer_deadline=offer.effective_deadline if offer is not None else None,
        proposed_deadline=_date(evidence.get("proposed date")),
        start_date=offer.start_date if offer is not None and own_offer else None,
        accepted_company=accepted_company,
        interest=application.interest,
        feedback_text=application.feedback[-1].text if application.feedback else None,
    )
