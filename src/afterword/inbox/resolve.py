"""The user's word on a received message: confirm afterword's reading, or correct it.

The change the answer implies is then made through effects.py, with the email as its
cause, and the answer is kept: the user's label is what the personal classifier learns
from (personal.py). Services flush; the caller commits.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError, NotFoundError, TransitionError
from afterword.inbox.effects import apply_effect, cause_of
from afterword.inbox.engine import DATED, date_values, stored_dates
from afterword.inbox.extract import extract_dates
from afterword.inbox.index import application_state
from afterword.inbox.labels import MailClass
from afterword.inbox.models import IngestedMessage, IngestStatus
from afterword.inbox.queue import get_message
from afterword.inbox.triage import (
    Effect,
    NoChange,
    TriageState,
    decision_day,
    plan_effect,
    proposal_of,
)
from afterword.localtime import LocalContext
from afterword.pipeline.models import Application


def resolve(
    *,
    session: Session,
    user_id: int,
    message_id: int,
    now: dt.datetime,
    timezone: str,
    country: str,
    label: MailClass | None = None,
    application_id: int | None = None,
    confirm: bool = False,
) -> IngestedMessage:
    """The user's word on a message: confirm afterword's reading, or correct the class or the
    application; the change it implies is then made (confirming a proposed application adds
    it). A correction the pipeline cannot take raises, changing nothing; a confirmation it
    cannot take settles the message with the reason, so the queue never gets stuck.
    """
    row = get_message(session=session, user_id=user_id, message_id=message_id)
    if row.triage is TriageState.ACTED:
        raise TransitionError(
            "afterword already applied this email; change the application itself to undo it"
        )
    if row.triage is TriageState.RESOLVED:
        # Applying a second answer could record the same interview or feedback twice.
        raise TransitionError("you already decided on this email; change the application itself")
    if row.status is IngestStatus.ERROR:
        raise InvalidInputError("this message could not be read, so there is nothing to decide")
    chosen = label or row.label
    if chosen is None:
        raise InvalidInputError("say what the email is (e.g. rejection, offer, not_job)")
    # Pressing y (or naming nothing): the user takes afterword's reading as it stands.
    confirming = (confirm or (label is None and application_id is None)) and chosen is row.label
    row.user_label = chosen
    row.decided_at = now
    if chosen is MailClass.NOT_JOB:
        row.triage, row.effect, row.why = TriageState.IGNORED, None, "you said: not about a job"
        row.status = IngestStatus.SKIPPED
        session.flush()
        return row
    target = application_id or row.application_id
    local = LocalContext(timezone, country)
    local_day = local.date_of(row.sent_at or now)
    proposed = proposal_of(row.effect) if confirming else None
    if target is None and proposed is not None:
        application = _add_proposed(session, user_id, row, proposed, local_day, now)
        target = application.id
    if target is None:
        if chosen in (MailClass.RECRUITER_OUTREACH, MailClass.APPLICATION_RECEIVED):
            row.triage, row.effect, row.why = (
                TriageState.RESOLVED,
                None,
                f"you said: {chosen.label}",
            )
            session.flush()
            return row
        raise InvalidInputError("choose the application this email is about")
    found_application = session.get(Application, target)
    if found_application is None or found_application.user_id != user_id:
        raise NotFoundError(f"no application with id {target}")
    application = found_application
    # Triage reads dates only for mail matched to an application (dateparser is slow):
    # mail the user has just tied to one has them read now.
    if row.dates is None and row.text and chosen in DATED:
        found = extract_dates(row.text, row.sent_at or now, local)
        row.dates = date_values(found) or None
    dates = stored_dates(row)
    effect: Effect | None = None
    try:
        planned = plan_effect(
            chosen,
            application_state(application),
            deadline=dates.deadline,
            decision_by=decision_day(dates, local_day, local.calendar),
        )
    except NoChange as nothing:
        why = f"nothing to change: {nothing.why}"
    except TransitionError as refused:
        if not confirming:
            raise  # a correction the pipeline refuses: the user can try another answer
        # Confirming what cannot be applied settles the message, with the reason: otherwise
        # it would wait in the queue for ever.
        why = f"not applied: {refused}; nothing was changed"
    else:
        effect = planned
        apply_effect(
            session=session,
            application=application,
            effect=planned,
            row=row,
            local_day=local_day,
            now=now,
        )
        why = "you confirmed it" if chosen is row.label else f"you said: {chosen.label}"
    if proposed is not None:
        why = "you added the application" + (f"; {why}" if effect is not None else "")
    row.application_id = application.id
    row.candidates = None
    _decided(row, chosen, now, TriageState.RESOLVED, why, effect)
    return row


def _add_proposed(
    session: Session,
    user_id: int,
    row: IngestedMessage,
    proposed: tuple[str, str],
    local_day: dt.date,
    now: dt.datetime,
) -> Application:
    """Adds the application an acknowledgement or invitation proposed, the email as its cause."""
    from afterword.pipeline.applications import add_application
    from afterword.pipeline.schemas import ApplicationFields

    company, role = proposed
    application = add_application(
        session=session,
        user_id=user_id,
        fields=ApplicationFields(company=company, role=role, applied_on=local_day),
        now=now,
        cause=f"added {cause_of(row)}",
    )
    session.flush()
    return application


def _decided(
    row: IngestedMessage,
    label: MailClass,
    now: dt.datetime,
    state: TriageState,
    why: str,
    effect: Effect | None = None,
) -> None:
    """Records the user's word on a message (their label is what afterword learns from)."""
    row.user_label = label
    row.decided_at = now
    row.triage = state
    row.why = why
    row.effect = effect.description if effect else None
