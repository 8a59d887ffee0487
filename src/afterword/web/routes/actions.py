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
    action_draft,
    deliver,
    mail_account,
    outgoing_message,
    previous_delivery,
    record_delivery,
)
from afterword.pipeline.models import Application
from afterword.playbook.models import ActionState, PlannedAction
from afterword.playbook.service import complete_action, dismiss_action, snooze_action
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


def _settled(
    request: Request, workspace: Workspace, row: PlannedAction, message: str, form: dict[str, Any]
) -> Response:
    """The answer to done/snooze/dismiss: a status line for HTMX, else back with a message."""
    if is_htmx(request):
        return render(request, "partials/_today_settled.html", {"message": message, "row": row})
    return flash(RedirectResponse(safe_next(form.get("next")), status_code=303), message)


@router.post("/actions/{action_id}/done")
def action_done(
    request: Request, workspace: WorkspaceDep, action_id: ActionId, form: FormDep
) -> Response:
    """Marks an action done."""
    row = complete_action(
        session=workspace.session,
        user_id=workspace.user_id,
        action_id=action_id,
        on=workspace.today,
        now=workspace.now,
    )
    return _settled(request, workspace, row, f"Done: {_label(workspace, row)}.", form)


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
    message = f"Dismissed: {_label(workspace, row)}. It will not come back."
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
        session=workspace.session, user=workspace.user, action_id=action_id, today=workspace.today
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
        session=workspace.session, user=workspace.user, action_id=action_id, today=workspace.today
    )
    draft = edited(draft, form)
    if op == "copied":
        record_delivery(
            session=workspace.session,
            user_id=workspace.user_id,
            action=row,
            application_id=row.application_id,
            draft=draft,
            route=DeliveryRoute.COPIED,
            message_id=None,
            now=workspace.now,
            today=workspace.today,
        )
        return f"Noted as sent: {draft.subject}. It is on the application's timeline."
    route = DeliveryRoute.SMTP if op == "send" else DeliveryRoute.IMAP_DRAFTS
    account = mail_account(workspace.settings.mail, "smtp" if op == "send" else "imap")
    if account is None:
        raise InvalidInputError(
            "no mail account is set up for this; add one in Settings, or copy the draft instead"
        )
    if not draft.to_email:
        raise InvalidInputError(
            "the draft has no recipient address yet: add the person's address on the "
            "application's page first"
        )
    earlier = previous_delivery(
        session=workspace.session, user_id=workspace.user_id, action_id=action_id
    )
    if earlier is not None and form.get("again") != "yes":
        raise ConfirmationRequiredError(
            "this email already went out once; tick 'Yes, send it again' to do it anyway"
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
        return f"Sent to {draft.to_email}: {draft.subject}."
    return f"Saved to your {folder} folder: {draft.subject}. Send it from your mail app."


_STATUS = {DeliveryError: 502, ConfirmationRequiredError: 409}


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
        session=workspace.session, user=workspace.user, action_id=action_id, today=workspace.today
    )
    if form is not None:
        draft = edited(draft, form)
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
def draft_eml(workspace: WorkspaceDep, action_id: ActionId) -> Response:
    """Downloads the draft as an .eml file (which counts as handing it over)."""
    return _eml(workspace, action_id, None)


@router.post("/actions/{action_id}/draft.eml")
def draft_eml_edited(workspace: WorkspaceDep, action_id: ActionId, form: FormDep) -> Response:
    """Downloads the draft, with the user's edits, as an .eml file."""
    return _eml(workspace, action_id, form)
