"""The changes news in an email makes to the job search, made through the owning domains.

Triage and resolve decide *what* an email changes (triage.plan_effect); this module makes
the change, and only through the services of the domain that owns the record: the
pipeline's news, feedback and decision dates, the offers' deadlines. So every change is
validated, and the history names the email as its cause, exactly as if the user had
typed it. Services flush; the caller commits.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from afterword.errors import TransitionError
from afterword.inbox.models import IngestedMessage
from afterword.inbox.triage import Effect, EffectKind
from afterword.offers.service import pending_offer, record_news, set_offer_deadline
from afterword.pipeline.interviews import record_decision_date
from afterword.pipeline.models import Application
from afterword.pipeline.outcomes import add_feedback
from afterword.pipeline.schemas import FeedbackFields, OutcomeFields


def cause_of(row: IngestedMessage) -> str:
    """'from the email “Your application” (jobs@acme.example)': the cause history shows."""
    sender = row.from_address or "an unknown sender"
    subject = row.subject or "(no subject)"
    return f"from the email “{subject[:120]}” ({sender})"


def apply_effect(
    *,
    session: Session,
    application: Application,
    effect: Effect,
    row: IngestedMessage,
    local_day: dt.date,
    now: dt.datetime,
) -> None:
    """Makes one change through the owning domain's services, with the email as its cause.

    `local_day` is the day the email arrived in the user's time zone: news is dated then.
    """
    user_id = application.user_id
    if effect.kind is EffectKind.OUTCOME:
        assert effect.outcome is not None
        record_news(
            session=session,
            user_id=user_id,
            application_id=application.id,
            fields=OutcomeFields(kind=effect.outcome, occurred_on=local_day, note=cause_of(row)),
            now=now,
        )
        # An offer that names its answer-by day opens with that deadline set.
        offer = pending_offer(application)
        if effect.day is not None and offer is not None:
            set_offer_deadline(
                session=session, user_id=user_id, offer_id=offer.id, day=effect.day, now=now
            )
    elif effect.kind is EffectKind.OFFER_DEADLINE:
        offer = pending_offer(application)
        if offer is None:
            raise TransitionError("no open offer is recorded for this application")
        set_offer_deadline(
            session=session,
            user_id=user_id,
            offer_id=offer.id,
            day=effect.day,
            now=now,
            extended=effect.extends,
        )
    elif effect.kind is EffectKind.DECISION_DATE:
        assert effect.day is not None
        record_decision_date(
            session=session,
            user_id=user_id,
            application_id=application.id,
            day=effect.day,
            now=now,
        )
    elif effect.kind is EffectKind.FEEDBACK:
        text = (row.text or row.subject or "").strip() or "(the email had no text)"
        add_feedback(
            session=session,
            user_id=user_id,
            application_id=application.id,
            fields=FeedbackFields(received_on=local_day, text=text),
            now=now,
        )
    session.flush()
