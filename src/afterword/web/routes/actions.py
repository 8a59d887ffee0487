"""Acting on the agenda: done, snooze and dismiss; an email action's draft, and delivering it.

Every form works as a plain POST that redirects back with a message; HTMX requests get
the action's card replaced by a short status line instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterword.drafts.render import Draft, format_day
from afterword.errors import AfterwordError, ConfirmationRequiredError, InvalidInputError
from afterword.mail.compose import eml_bytes, mailto_link
from afterword.mail.delivery import DeliveryError
from afterword.mail.models import DeliveryRoute
from afterword.mail.service import (
    DONE_RULE,
    action_draft,
    check_delivery,
    deliver,
    event_ahead,
    mail_account,
    outgoing_message,
    previous_delivery,
    record_delivery,
    record_sent_by_user,
    stale_reason,
)
from afterword.pipeline.interviews import record_interest
from afterword.pipeline.models import Application
from afterword.playbook.actions import ActionKind
from afterword.playbook.effects import preview
from afterword.playbook.models import ActionState, PlannedAction
from afterword.playbook.service import (
    complete_action,
    dismiss_action,
    get_action,
    snooze_action,
    undo_action,
)
from afterword.views.agenda import agenda_view, open_item
from afterword.web.deps import WorkspaceDep
from afterword.web.flash import flash
from afterword.web.forms import read_form
from afterword.web.templating import is_htmx, render, user_locale
from afterword.workspace import Workspace

router = APIRouter(include_in_schema=False)

ActionId = Annotated[int, Path(ge=1, le=2_147_483_647)]
FormDep = Annotated[dict[str, Any], Depends(read_form)]

# The snooze choices offered on every card: (days, label).
SNOOZE_CHOICES = ((1, "1 day"), (3, "3 days"), (7, "a week"))
MAX_SNOOZE_DAYS = 365
# Bounds on what the user may type into a draft (the messages table holds 500 for a subject).
MAX_SUBJECT = 500
MAX_BODY = 20_000


def safe_next(value: Any) -> str:
    """Where to go back to: a path on this site only (never another host)."""
    text = str(value or "")
    if text.startswith("/") and not text.startswith("//") and "\\" not in text and len(text) < 500:
        return text
    return "/"


def _label(workspace: Workspace, row: PlannedAction) -> str:
    """'Thank the recruiter (Acme)': what the action was, for a status message."""
    application = (
        workspace.session.get(Application, row.application_id) if row.application_id else None
    )
    return row.kind.headline + (f" ({application.company})" if application else "")


def _counts(workspace: Workspace) -> dict[str, int]:
    """Open actions per agenda group, after the change (counting reads the index only)."""
    workspace.replan()
    view = agenda_view(
        session=workspace.session, user_id=workspace.user_id, today=workspace.today, limit=0
    )
    return {name: group.total for name, group in view.groups.items()}


def _settled(
    request: Request, workspace: Workspace, row: PlannedAction, message: str, form: dict[str, Any]
) -> Response:
    """The answer to done/snooze/dismiss: for HTMX, the card becomes a status line (with Undo
    when the step was settled) and the group counts update; else back with a message."""
    if is_htmx(request):
        context = {
            "message": message,
            "row": row,
            "undoable": row.undoable,
            "counts": _counts(workspace),
            "next": safe_next(form.get("next")),
        }
        return render(request, "partials/_today_settled.html", context)
    return flash(RedirectResponse(safe_next(form.get("next")), status_code=303), message)


@router.post("/actions/{action_id}/done")
def action_done(
    request: Request, workspace: WorkspaceDep, action_id: ActionId, form: FormDep
) -> Response:
    """Marks an action done, recording what doing it means (a withdrawal, a declined offer)."""
    row = complete_action(
        session=workspace.session,
        user_id=workspace.user_id,
        action_id=action_id,
        on=workspace.today,
        now=workspace.now,
    )
    message = f"Done: {_label(workspace, row)}."
    if row.effect_json:
        message += f" Recorded: {row.done_note}."
    return _settled(request, workspace, row, message, form)


@router.post("/actions/{action_id}/undo")
def action_undo(
    request: Request, workspace: WorkspaceDep, action_id: ActionId, form: FormDep
) -> Response:
    """Takes back a done or dismissed action and what marking it done recorded."""
    row = undo_action(
        session=workspace.session,
        user_id=workspace.user_id,
        action_id=action_id,
        today=workspace.today,
        now=workspace.now,
    )
    message = f"Undone: {_label(workspace, row)} is open again."
    if not is_htmx(request):
        return flash(RedirectResponse(safe_next(form.get("next")), status_code=303), message)
    counts = _counts(workspace)
    item = open_item(session=workspace.session, user_id=workspace.user_id, action_id=row.id)
    context = {
        "message": message,
        "item": item,
        "row": row,
        "counts": counts,
        "today": workspace.today,
        "snooze_choices": SNOOZE_CHOICES,
        "next": safe_next(form.get("next")),
    }
    return render(request, "partials/_today_undone.html", context)


@router.post("/actions/{action_id}/not-interested")
def action_not_interested(
    request: Request, workspace: WorkspaceDep, action_id: ActionId, form: FormDep
) -> Response:
    """Answers the interest check with no: afterword then proposes a polite withdrawal."""
    row = get_action(session=workspace.session, user_id=workspace.user_id, action_id=action_id)
    if row.kind is not ActionKind.INTEREST_CHECK or row.interview_id is None:
        raise InvalidInputError("only the 'do you still want it?' step takes this answer")
    if row.state is not ActionState.OPEN:
        raise InvalidInputError(f"action {action_id} is already {row.state.value}")
    record_interest(
        session=workspace.session,
        user_id=workspace.user_id,
        interview_id=row.interview_id,
        interested=False,
    )
    workspace.replan()  # settles the check as answered and proposes the withdrawal
    message = (
        f"Noted: you no longer want the job{_at(workspace, row)}. A polite withdrawal is now "
        "on your agenda."
    )
    return _settled(request, workspace, row, message, form)


def _at(workspace: Workspace, row: PlannedAction) -> str:
    application = (
        workspace.session.get(Application, row.application_id) if row.application_id else None
    )
    return f" at {application.company}" if application else ""


@router.post("/actions/{action_id}/dismiss")
def action_dismiss(
    request: Request, workspace: WorkspaceDep, action_id: ActionId, form: FormDep
) -> Response:
    """Dismisses an action the user does not want to do."""
    row = dismiss_action(
        session=workspace.session,
        user_id=workspace.user_id,
        action_id=action_id,
        on=workspace.today,
        now=workspace.now,
    )
    message = f"Dismissed: {_label(workspace, row)}. It will not come back unless you undo it."
    return _settled(request, workspace, row, message, form)


def snooze_days(value: Any) -> int:
    """The number of days to snooze by, from the form (1 to 365)."""
    try:
        days = int(str(value).strip())
    except ValueError:
        raise InvalidInputError("choose how long to snooze: 1 day, 3 days or a week") from None
    if not 1 <= days <= MAX_SNOOZE_DAYS:
        raise InvalidInputError(f"snooze for 1 to {MAX_SNOOZE_DAYS} days")
    return days


@router.post("/actions/{action_id}/snooze")
def action_snooze(
    request: Request, workspace: WorkspaceDep, action_id: ActionId, form: FormDep
) -> Response:
    """Hides an action for a few days."""
    until = workspace.today + dt.timedelta(days=snooze_days(form.get("days")))
    row = snooze_action(
        session=workspace.session,
        user_id=workspace.user_id,
        action_id=action_id,
        until=until,
        today=workspace.today,
        now=workspace.now,
    )
    day = format_day(until, user_locale(workspace.user.country), today=workspace.today)
    message = f"Snoozed until {day}: {_label(workspace, row)}."
    return _settled(request, workspace, row, message, form)


# -- the draft page ------------------------------------------------------------------------------


def fix_for(missing: str, application_id: int | None) -> tuple[str, str | None]:
    """How to supply a missing fact, in words and with a link: (what to do, where)."""
    here = f"/applications/{application_id}" if application_id else None
    text = missing.lower()
    if text.startswith("your name"):
        return ("Add your name in Settings.", "/settings#profile")
    if "email address" in text or "name, for the greeting" in text:
        return ("Add the person, with their address, on the application's page.", here)
    if "interview" in text or "debrief" in text:
        return ("Fill in the interview and its debrief on the application's page.", here)
    if "offer" in text or "deadline" in text:
        return ("Record the offer's deadline on the Offers page.", "/offers")
    return ("Type it straight into the draft below.", None)


def _missing(draft: Draft, application_id: int | None) -> list[dict[str, str | None]]:
    # The draft phrases some hints for the command line, in brackets; the page has its own.
    items = []
    for phrase in draft.missing:
        what = phrase.split(" (afterword", 1)[0]
        hint, link = fix_for(what, application_id)
        items.append({"what": what, "hint": hint, "link": link})
    return items


def draft_context(
    workspace: Workspace,
    action_id: int,
    *,
    edits: dict[str, Any] | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    """Everything the draft page shows, with the user's edits kept when given."""
    row, draft = action_draft(
        session=workspace.session,
        user=workspace.user,
        action_id=action_id,
        today=workspace.today,
        per_person=workspace.settings.server_mode,
    )
    application = (
        workspace.session.get(Application, row.application_id) if row.application_id else None
    )
    values = {"subject": draft.subject, "body": draft.body, **(edits or {})}
    settings = workspace.settings
    return {
        "title": f"Draft: {row.kind.headline}",
        "row": row,
        "application": application,
        "draft": draft,
        "values": values,
        "missing": _missing(draft, row.application_id),
        "mailto": mailto_link(draft.to_email, str(values["subject"]), str(values["body"])),
        "earlier": previous_delivery(
            session=workspace.session, user_id=workspace.user_id, action_id=action_id
        ),
        "can_send": mail_account(settings.mail, "smtp") is not None,
        "can_save": mail_account(settings.mail, "imap") is not None,
        "is_open": row.state is ActionState.OPEN,
        "stale": None if row.state is ActionState.OPEN else stale_reason(row),
        "ahead": event_ahead(
            session=workspace.session,
            user=workspace.user,
            action=row,
            now=workspace.now,
            today=workspace.today,
        ),
        "done_rule": DONE_RULE,
        "effect": preview(row.kind, application.company if application else None),
        "error": error,
    }


@router.get("/actions/{action_id}/draft", response_class=HTMLResponse)
def draft_page(request: Request, workspace: WorkspaceDep, action_id: ActionId) -> HTMLResponse:
    """Shows an email action's draft, ready to copy, send, save or download."""
    return render(request, "draft.html", draft_context(workspace, action_id))


def edited(draft: Draft, form: dict[str, Any]) -> Draft:
    """The draft with the subject and body the user typed (blank means unchanged)."""
    subject = " ".join(str(form.get("subject") or "").split())
    body = str(form.get("body") or "").replace("\r\n", "\n")
    if len(subject) > MAX_SUBJECT:
        raise InvalidInputError(f"the subject is too long: keep it under {MAX_SUBJECT} characters")
    if len(body) > MAX_BODY:
        raise InvalidInputError(f"the email is too long: keep it under {MAX_BODY} characters")
    if "\x00" in subject + body:
        # PostgreSQL cannot store it, and no real email contains it.
        raise InvalidInputError("the email contains a character that cannot be sent (NUL)")
    return dataclasses.replace(
        draft, subject=subject or draft.subject, body=body if body.strip() else draft.body
    )


def _deliver(workspace: Workspace, action_id: int, form: dict[str, Any], op: str) -> str:
    """Sends, saves or records the (edited) draft; returns what to tell the user."""
    row, draft = action_draft(
        session=workspace.session,
        user=workspace.user,
        action_id=action_id,
        today=workspace.today,
        per_person=workspace.settings.server_mode,
    )
    draft = edited(draft, form)
    if op == "copied":
        row, _message = record_sent_by_user(
            session=workspace.session,
            per_person=workspace.settings.server_mode,
            user=workspace.user,
            action_id=action_id,
            subject=draft.subject,
            body=draft.body,
            again=form.get("again") == "yes",
            now=workspace.now,
            today=workspace.today,
            again_hint=_AGAIN_HINT,
        )
        return f"Noted as sent: {draft.subject}. {_done_words(row)}"
    route = DeliveryRoute.SMTP if op == "send" else DeliveryRoute.IMAP_DRAFTS
    check_delivery(
        session=workspace.session,
        user=workspace.user,
        action=row,
        draft=draft,
        route=route,
        again=form.get("again") == "yes",
        now=workspace.now,
        today=workspace.today,
        again_hint=_AGAIN_HINT,
    )
    account = mail_account(workspace.settings.mail, "smtp" if op == "send" else "imap")
    if account is None:
        raise InvalidInputError(
            "no mail account is set up for this; add one in Settings, or copy the draft instead"
        )
    _sent, folder = deliver(
        session=workspace.session,
        user=workspace.user,
        account=account,
        action=row,
        draft=draft,
        route=route,
        now=workspace.now,
        today=workspace.today,
    )
    if route is DeliveryRoute.SMTP:
        return f"Sent to {draft.to_email}: {draft.subject}. {_done_words(row)}"
    return (
        f"Saved to your {folder} folder: {draft.subject}. Send it from your mail app, then "
        "press “I've sent it” on the draft."
    )


def _done_words(row: PlannedAction) -> str:
    """What sending the email recorded, for the message after it."""
    if row.state is ActionState.DONE and row.effect_json and row.done_note:
        return f"Recorded: {row.done_note}."
    return "It is on the application's timeline."


_STATUS = {DeliveryError: 502, ConfirmationRequiredError: 409}
_AGAIN_HINT = "tick 'Yes, use it anyway' below"


@router.post("/actions/{action_id}/draft", response_class=HTMLResponse)
def draft_deliver(
    request: Request, workspace: WorkspaceDep, action_id: ActionId, form: FormDep
) -> Response:
    """Sends the draft, saves it to Drafts, or records that the user sent it themselves."""
    op = str(form.get("op") or "")
    if op not in ("send", "save", "copied"):
        raise InvalidInputError("choose Send, Save to Drafts or I've sent it")
    try:
        message = _deliver(workspace, action_id, form, op)
    except AfterwordError as error:
        # Nothing was recorded: show the page again with the user's text and what went wrong.
        edits = {"subject": form.get("subject", ""), "body": form.get("body", "")}
        status = next((code for kind, code in _STATUS.items() if isinstance(error, kind)), 422)
        context = draft_context(workspace, action_id, edits=edits, error=str(error))
        return render(request, "draft.html", context, status_code=status)
    return flash(RedirectResponse("/", status_code=303), message)


def _eml(workspace: Workspace, action_id: int, form: dict[str, Any] | None) -> Response:
    row, draft = action_draft(
        session=workspace.session,
        user=workspace.user,
        action_id=action_id,
        today=workspace.today,
        per_person=workspace.settings.server_mode,
    )
    if form is not None:
        draft = edited(draft, form)
    check_delivery(
        session=workspace.session,
        user=workspace.user,
        action=row,
        draft=draft,
        route=DeliveryRoute.EML,
        again=form is not None and form.get("again") == "yes",
        now=workspace.now,
        today=workspace.today,
        again_hint="tick 'Yes, use it anyway' on the draft page",
    )
    mail = workspace.settings.mail
    sender = workspace.user.email or (mail.address if mail else None)
    if not sender:
        raise InvalidInputError(
            "add your own email address in Settings first: the file needs a From address"
        )
    message = outgoing_message(
        draft, from_name=workspace.user.name, sender=sender, now=workspace.now
    )
    record_delivery(
        session=workspace.session,
        user_id=workspace.user_id,
        action=row,
        application_id=row.application_id,
        draft=draft,
        route=DeliveryRoute.EML,
        message_id=message["Message-ID"],
        now=workspace.now,
        today=workspace.today,
    )
    return Response(
        eml_bytes(message),
        media_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="afterword-{action_id}.eml"'},
    )


@router.get("/actions/{action_id}/draft.eml")
def draft_eml(request: Request, workspace: WorkspaceDep, action_id: ActionId) -> Response:
    """Downloads the draft as an .eml file to send from a mail app (the step stays open)."""
    return _eml_or_page(request, workspace, action_id, None)


@router.post("/actions/{action_id}/draft.eml")
def draft_eml_edited(
    request: Request, workspace: WorkspaceDep, action_id: ActionId, form: FormDep
) -> Response:
    """Downloads the draft, with the user's edits, as an .eml file."""
    return _eml_or_page(request, workspace, action_id, form)


def _eml_or_page(
    request: Request, workspace: Workspace, action_id: int, form: dict[str, Any] | None
) -> Response:
    try:
        return _eml(workspace, action_id, form)
    except AfterwordError as error:
        # Nothing was recorded: the draft page again, with the user's text and the reason.
        edits = {"subject": form.get("subject", ""), "body": form.get("body", "")} if form else None
        status = next((code for kind, code in _STATUS.items() if isinstance(error, kind)), 422)
        context = draft_context(workspace, action_id, edits=edits, error=str(error))
        return render(request, "draft.html", context, status_code=status)
