"""What the Application page shows: one process, its forms' values and errors, the choices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from afterword import localtime
from afterword.drafts.render import format_day
from afterword.pipeline.applications import (
    application_fields,
)
from afterword.pipeline.models import ContactRole, InterviewKind, SalaryPeriod
from afterword.pipeline.status import REOPENABLE, OfferDecision, OutcomeKind
from afterword.views.application import process_view
from afterword.web.forms import FormState
from afterword.web.routes.application_forms import (
    offer_values,
    question_rows,
)
from afterword.web.templating import user_locale
from afterword.workspace import Workspace


def _choices(enum_type: Any) -> list[tuple[str, str]]:
    return [(member.value, member.value.replace("_", " ").capitalize()) for member in enum_type]


CHOICES = {
    "interview_kinds": _choices(InterviewKind),
    "contact_roles": _choices(ContactRole),
    "salary_periods": _choices(SalaryPeriod),
    "outcome_kinds": [
        (OutcomeKind.REJECTION.value, "Not selected (a rejection)"),
        (OutcomeKind.MORE_INTERVIEWS.value, "Invited to more interviews"),
        (OutcomeKind.HIRING_MANAGER_CHAT.value, "Invited to a hiring-manager chat"),
        (OutcomeKind.OFFER.value, "An offer"),
        (OutcomeKind.GHOSTED.value, "No answer at all (ghosted)"),
        (OutcomeKind.WITHDRAWN.value, "I withdrew"),
    ],
    "decisions": [
        (OfferDecision.ACCEPTED.value, "I accept it"),
        (OfferDecision.DECLINED.value, "I decline it"),
        (OfferDecision.EXPIRED.value, "It expired"),
        (OfferDecision.RESCINDED.value, "They withdrew it"),
    ],
    "timeline_units": [("business_days", "business days"), ("days", "days"), ("weeks", "weeks")],
    "ratings": [(str(n), f"{n} of 5") for n in range(1, 6)],
    "yes_no": [("yes", "Yes"), ("no", "No")],
}


# -- building the page ------------------------------------------------------------------------


def _default_forms(workspace: Workspace, view: Any) -> dict[str, FormState[Any]]:
    today = workspace.today.isoformat()
    application = view.application
    edit = {k: "" if v is None else str(v) for k, v in application_fields(application).items()}
    edit["tags"] = ", ".join(application.tag_names)
    forms: dict[str, FormState[Any]] = {
        "edit": FormState(values=edit),
        "interview": FormState(values={"kind": "other", "timezone": workspace.user.timezone}),
        "outcome": FormState(values={"occurred_on": today}),
        "feedback": FormState(values={"received_on": today}),
        "contact": FormState(values={"role": ContactRole.RECRUITER.value}),
        "offer": FormState(
            values={
                **(offer_values(view.offer) if view.offer_is_open else {}),
                "received_on": today,
            }
        ),
        "decide": FormState(values={"decided_on": today}),
        "reopen": FormState(values={}),
    }
    for interview in application.interviews:
        values: dict[str, Any] = {
            "self_rating": interview.self_rating or "",
            "went_well": interview.went_well or "",
            "went_badly": interview.went_badly or "",
            "notes": interview.notes or "",
            "decision_by": interview.decision_by.isoformat() if interview.decision_by else "",
            "decision_within": interview.decision_within or "",
            "decision_within_unit": interview.decision_within_unit or "business_days",
            "further_round_expected": _yes_no(interview.further_round_expected),
            "still_interested": _yes_no(interview.still_interested),
        }
        forms[f"debrief-{interview.id}"] = FormState(values=values)
        forms[f"interview-{interview.id}"] = FormState(
            values=interview_values(interview, workspace.user.timezone)
        )
    for contact in application.contacts:
        forms[f"contact-{contact.id}"] = FormState(values=contact_values(contact))
    for item in application.feedback:
        forms[f"feedback-{item.id}"] = FormState(values=feedback_values(item))
    return forms


def interview_values(interview: Any, default_zone: str) -> dict[str, str]:
    """An interview as its edit form shows it: the day and time where it takes place."""
    zone = interview.timezone or default_zone
    try:
        localtime.zone(zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = default_zone  # e.g. a bare offset typed on the command line
    values = {
        "kind": interview.kind.value,
        "timezone": zone,
        "duration_minutes": str(interview.duration_minutes or ""),
        "location": interview.location or "",
    }
    if interview.scheduled_at is not None:
        local = interview.scheduled_at.astimezone(localtime.zone(zone))
        values.update(scheduled_on=local.date().isoformat(), scheduled_time=f"{local:%H:%M}")
    return values


def contact_values(contact: Any) -> dict[str, str]:
    """A person as their edit form shows them."""
    return {
        "name": contact.name or "",
        "email": contact.email or "",
        "role": contact.role.value,
        "phone": contact.phone or "",
        "notes": contact.notes or "",
    }


def feedback_values(item: Any) -> dict[str, str]:
    """Feedback as its edit form shows it (a stored row or a Reflection page item)."""
    return {"received_on": item.received_on.isoformat(), "text": item.text}


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def page_context(
    workspace: Workspace, application_id: int, failed: dict[str, FormState[Any]] | None = None
) -> dict[str, Any]:
    """Everything the Application page shows, with any failed form's values and errors."""
    view = process_view(
        session=workspace.session,
        user_id=workspace.user_id,
        application_id=application_id,
        timezone=workspace.user.timezone,
    )
    forms = _default_forms(workspace, view)
    forms.update(failed or {})
    application = view.application
    # Before a round still ahead: what earlier reflections (same company, same kind of round)
    # said, so preparing starts from what was learnt.
    from afterword.reflection.reflections import reflections_before

    now = workspace.now
    before = {
        interview.id: reflections_before(
            session=workspace.session, user_id=workspace.user_id, interview_id=interview.id
        )
        for interview in application.interviews
        if interview.scheduled_at is not None and interview.scheduled_at > now
    }
    from afterword.coaching.service import comments_for

    return {
        # A coach's comments (server mode; none in the single-user app).
        "coach_comments": comments_for(
            session=workspace.session, user_id=workspace.user_id, application_id=application.id
        ),
        "reflections_before": before,
        "now": now,
        "title": f"{application.company}, {application.role}",
        "view": view,
        "application": application,
        "forms": forms,
        "open_form": next(iter(failed), None) if failed else None,
        "question_rows": question_rows,
        "reopenable": application.status in REOPENABLE,
        "timeline_kinds": _TIMELINE_KINDS,
        "local_time": _local_time(workspace),
        **CHOICES,
    }


_TIMELINE_KINDS: dict[str, str] = {
    "status": "Status",
    "interview": "Interview",
    "outcome": "News",
    "feedback": "Feedback",
    "email": "Email",
    "note": "Note",
}


def _local_time(workspace: Workspace) -> Callable[[dt.datetime], str]:
    """Shows an instant as the user's local day and time, e.g. 'Thu 3 Dec 2026, 14:00'."""
    zone = localtime.zone(workspace.user.timezone)
    locale = user_locale(workspace.user.country)

    def show(instant: dt.datetime) -> str:
        local = instant.astimezone(zone)
        return f"{format_day(local.date(), locale, today=workspace.today)}, {local:%H:%M}"

    return show
