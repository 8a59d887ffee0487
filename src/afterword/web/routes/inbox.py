"""The Inbox page: the mail waiting for the user's word, what afterword did with the rest,
and importing a mail file.

Resolving a message works as a plain POST that redirects back with a message; HTMX gets the
card swapped out, the counts updated and the "recently handled" list refreshed. A refused
resolution (no application chosen, a change the pipeline cannot take) changes nothing: the
service runs in a savepoint, and the card comes back with the reason. What the page shows
is built in views/inbox.py; uploads are checked in web/uploads.py.
"""

from __future__ import annotations

import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterword.errors import AfterwordError, InvalidInputError, TransitionError
from afterword.inbox.inbox import Inbox
from afterword.inbox.labels import MailClass
from afterword.inbox.models import IngestedMessage
from afterword.inbox.service import IngestProblem
from afterword.inbox.sources import read_path
from afterword.inbox.triage import TriageState
from afterword.views.inbox import (
    QUEUE_SHOWN,
    Viewer,
    capitalised,
    class_choices,
    done_message,
    import_summary,
    inbox_overview,
    problem_place,
    recent_context,
    retry_summary,
)
from afterword.web.deps import WorkspaceDep
from afterword.web.errors import status_for
from afterword.web.flash import flash
from afterword.web.forms import read_form
from afterword.web.templating import ENVIRONMENT, is_htmx, render
from afterword.web.uploads import MAX_UPLOAD_MB, UploadDep, checked_copy, renamed
from afterword.workspace import Workspace

router = APIRouter(include_in_schema=False)

FormDep = Annotated[dict[str, Any], Depends(read_form)]
MessageId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def inbox_waiting(request: Request) -> int:
    """The navigation's badge: messages waiting, or 0 when the page has no workspace open."""
    workspace = getattr(request.state, "workspace", None)
    if workspace is None:
        return 0
    return Inbox(workspace).waiting()


# Every page's navigation shows the count; base.html asks for it only when this is defined.
ENVIRONMENT.globals["inbox_waiting"] = inbox_waiting


def inbox_context(
    workspace: Workspace,
    *,
    errors: dict[int, str] | None = None,
    values: dict[int, dict[str, str]] | None = None,
    upload_error: str | None = None,
    problems: list[IngestProblem] | None = None,
) -> dict[str, Any]:
    """Everything the Inbox page shows, with the state of its forms."""
    return {
        **inbox_overview(workspace),
        "errors": errors or {},
        "values": values or {},
        "upload_error": upload_error,
        "problems": [(problem_place(p.location), p.reason) for p in problems or []],
        "max_upload_mb": MAX_UPLOAD_MB,
        "page_error": None,
    }


def _sentence(message: str) -> str:
    """An error as the page shows it: capitalised, with its full stop."""
    return capitalised(message) + ("" if message.endswith(".") else ".")


# -- the page and the user's word on a message --------------------------------------------------


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(request: Request, workspace: WorkspaceDep) -> HTMLResponse:
    """The mail waiting for the user, what afterword did with the rest, and importing mail."""
    return render(request, "inbox.html", inbox_context(workspace))


def _choice(form: dict[str, Any], row: IngestedMessage) -> tuple[MailClass | None, int | None]:
    """The class and application the form names (blank means afterword's suggestion)."""
    op = str(form.get("op") or "confirm")
    if op not in ("confirm", "correct", "not_job", "about_job"):
        raise InvalidInputError("choose one of the buttons on the message")
    # A second press, or a page left open in another tab, must not apply the news twice.
    if row.triage is TriageState.RESOLVED:
        raise TransitionError(
            "you already answered this email; to change what it did, edit the application itself"
        )
    if op != "about_job" and row.triage not in (TriageState.REVIEW, TriageState.ACTED):
        raise TransitionError(
            f"this email was already dealt with ({row.triage.label if row.triage else 'unread'}); "
            "reload the page to see where it stands"
        )
    if op == "not_job":
        return MailClass.NOT_JOB, None
    raw_label = str(form.get("label") or "").strip()
    try:
        label = MailClass(raw_label) if raw_label else None
    except ValueError:
        raise InvalidInputError("choose what the email is from the list") from None
    if op == "about_job" and label in (None, MailClass.NOT_JOB):
        raise InvalidInputError("say what kind of job email it is, then press the button again")
    raw_application = str(form.get("application_id") or "").strip()
    if not raw_application:
        return label, None
    if not raw_application.isdigit() or len(raw_application) > 10:
        raise InvalidInputError("choose the application from the list")
    return label, int(raw_application)


@router.post("/inbox/{message_id}/resolve", response_class=HTMLResponse)
def inbox_resolve(
    request: Request, workspace: WorkspaceDep, message_id: MessageId, form: FormDep
) -> Response:
    """Confirms or corrects afterword's reading of a message; the change it implies is made."""
    kept = {
        "label": str(form.get("label") or ""),
        "application_id": str(form.get("application_id") or ""),
    }
    inbox = Inbox(workspace)
    try:
        label, application_id = _choice(form, inbox.message(message_id))
        # A savepoint: resolve notes the user's word before it can refuse, and a refusal must
        # leave nothing behind.
        with workspace.session.begin_nested():
            row = inbox.resolve(
                message_id,
                label=label,
                application_id=application_id,
                confirm=str(form.get("op") or "confirm") == "confirm",
            )
    except AfterwordError as error:
        return _refused(request, workspace, message_id, str(error), status_for(error), kept)
    viewer = Viewer(workspace)
    message = done_message(row, viewer)
    if is_htmx(request):
        waiting = inbox.waiting()
        shown_left = len(inbox.queue())
        context = {
            "message": message,
            "waiting": waiting,
            "shown_left": min(shown_left, QUEUE_SHOWN),
            **recent_context(workspace, viewer),
            "job_classes": class_choices(with_not_job=False),
            "class_choices": class_choices(),
            "errors": {},
            "values": {},
        }
        return render(request, "partials/_inbox_resolved.html", context)
    return flash(RedirectResponse("/inbox", status_code=303), message)


def _refused(
    request: Request,
    workspace: Workspace,
    message_id: int,
    message: str,
    status: int,
    kept: dict[str, str],
) -> Response:
    """The card (HTMX) or the page again with the reason next to the message; nothing changed."""
    errors = {message_id: _sentence(message)}
    values = {message_id: kept}
    context = inbox_context(workspace, errors=errors, values=values)
    with_form = {view.id for view in context["queue"]} | {view.id for view in context["ignored"]}
    with_form |= {view.id for view in context["recent"] if view.state is TriageState.FILED}
    if message_id not in with_form:
        context["page_error"] = errors[message_id]
    if is_htmx(request):
        card = next((view for view in context["queue"] if view.id == message_id), None)
        if card is None:
            # Not a waiting card (e.g. a line of the handled list): say it in the alert area.
            return render(
                request,
                "partials/_alert.html",
                {"message": errors[message_id], "kind": "error"},
                headers={"HX-Retarget": "#alerts", "HX-Reswap": "innerHTML"},
            )
        context["item"] = card
        # HTMX swaps only successful answers: the refusal is shown inside the card.
        return render(request, "partials/_inbox_card.html", context)
    return render(request, "inbox.html", context, status_code=status)


# -- importing a mail file -------------------------------------------------------------------


@router.post("/inbox/import", response_class=HTMLResponse)
def inbox_import(request: Request, workspace: WorkspaceDep, upload: UploadDep) -> Response:
    """Reads an uploaded .eml or .mbox on this computer and triages what is new in it."""
    with tempfile.TemporaryDirectory(prefix="afterword-upload-") as folder:
        try:
            path, name = checked_copy(upload, FilePath(folder))
        except InvalidInputError as error:
            context = inbox_context(workspace, upload_error=capitalised(str(error)) + ".")
            return render(request, "inbox.html", context, status_code=422)
        ingest, triage = Inbox(workspace).import_messages(renamed(read_path(path), path, name))
    summary = import_summary(ingest, triage)
    if ingest.problems:
        # Too long for the one-line message that survives a redirect: shown on the page itself.
        context = inbox_context(workspace, problems=ingest.problems)
        context["flash"] = summary
        return render(request, "inbox.html", context)
    return flash(RedirectResponse("/inbox", status_code=303), summary)


# -- reading new mail from the IMAP server ----------------------------------------------------


@router.post("/inbox/sync", response_class=HTMLResponse)
def inbox_sync(request: Request, workspace: WorkspaceDep, form: FormDep) -> Response:
    """Reads what is new in the IMAP inbox (read-only) and triages it.

    Each batch is saved as it is read: a connection lost midway keeps what was read.
    """
    try:
        report, triage = Inbox(workspace).sync()
    except AfterwordError as error:
        context = inbox_context(workspace, upload_error=None)
        context["page_error"] = _sentence(str(error))
        return render(request, "inbox.html", context, status_code=status_for(error))
    summary = import_summary(report.ingest, triage).replace("in that file", "in your inbox")
    return flash(RedirectResponse("/inbox", status_code=303), summary)


# -- trying failed messages again ------------------------------------------------------------


@router.post("/inbox/retry", response_class=HTMLResponse)
def inbox_retry(request: Request, workspace: WorkspaceDep, form: FormDep) -> Response:
    """Reads and triages again the messages that could not be read or triaged."""
    ingest, triage = Inbox(workspace).retry()
    return flash(RedirectResponse("/inbox", status_code=303), retry_summary(ingest, triage))
