"""The Inbox page: the mail waiting for the user's word, what afterword did with the rest,
and importing a mail file.

Resolving a message works as a plain POST that redirects back with a message; HTMX gets the
card swapped out, the counts updated and the "recently handled" list refreshed. A refused
resolution (no application chosen, a change the pipeline cannot take) changes nothing: the
service runs in a savepoint, and the card comes back with the reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path as FilePath
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from afterword.drafts.render import format_day
from afterword.errors import AfterwordError, InvalidInputError, TransitionError
from afterword.inbox.labels import MailClass
from afterword.inbox.message import RawMessage
from afterword.inbox.models import IngestedMessage, IngestStatus
from afterword.inbox.service import IngestProblem, IngestReport
from afterword.inbox.sources import read_path
from afterword.inbox.triage import TriageState
from afterword.inbox.triage_service import (
    TriageReport,
    account_addresses,
    application_names,
    get_message,
    import_messages,
    recent_messages,
    resolve,
    retry_messages,
    review_queue,
    triage_counts,
)
from afterword.web.deps import WorkspaceDep
from afterword.web.errors import status_for
from afterword.web.flash import flash
from afterword.web.forms import read_form
from afterword.web.templating import ENVIRONMENT, is_htmx, render, user_locale
from afterword.workspace import Workspace

router = APIRouter(include_in_schema=False)

FormDep = Annotated[dict[str, Any], Depends(read_form)]
MessageId = Annotated[int, Path(ge=1, le=2_147_483_647)]

# Cards shown at once: the oldest first, the rest as these are answered.
QUEUE_SHOWN = 20
RECENT_SHOWN = 30
IGNORED_SHOWN = 50
FAILED_SHOWN = 50
# Applications offered in each waiting card's list (candidates and the match always come first);
# the lines of the handled lists, many more of them, offer the most recently updated ones.
MAX_CHOICES = 300
HANDLED_CHOICES = 60
# A bigger export is better read with `afterword inbox import PATH`: no copy, no waiting page.
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)
ACCEPTED_SUFFIXES = (".eml", ".mbox")
EXCERPT_CHARS = 280
# The classes a number key picks in the review queue, in the order of the command line's legend.
KEYED_CLASSES = tuple(c for c in MailClass if c is not MailClass.NOT_JOB)
# What each found date means, in the user's words.
DATE_LABELS = {
    "deadline": "Answer needed by",
    "decision_by": "Decision expected by",
    "decision_within": "Decision expected within",
    "interview_at": "Interview",
}
# The effect is written as what was done ("recorded the rejection"); a proposal reads as a step.
_PROPOSED = {
    "recorded": "record",
    "set": "set",
    "extended": "extend",
    "noted": "note",
    "kept": "keep",
    "added": "add",
}
_HEADER_LINE = re.compile(rb"^[!-9;-~]{1,76}:")


# -- reading the ledger for the page ----------------------------------------------------------


def waiting_count(workspace: Workspace) -> int:
    """How many messages wait for the user's word (one indexed count)."""
    query = sa.select(sa.func.count()).where(
        IngestedMessage.user_id == workspace.user_id,
        IngestedMessage.triage == TriageState.REVIEW,
    )
    return int(workspace.session.scalar(query) or 0)


def inbox_waiting(request: Request) -> int:
    """The navigation's badge: messages waiting, or 0 when the page has no workspace open."""
    workspace = getattr(request.state, "workspace", None)
    if workspace is None:
        return 0
    return waiting_count(workspace)


# Every page's navigation shows the count; base.html asks for it only when this is defined.
ENVIRONMENT.globals["inbox_waiting"] = inbox_waiting


@dataclasses.dataclass
class FailedView:
    """A message that could not be read or triaged, as the page shows it."""

    id: int
    sender: str
    subject: str
    sent_on: dt.date | None
    location: str
    reason: str


def failed_context(workspace: Workspace) -> dict[str, Any]:
    """The messages that could not be read or triaged, newest first, and how many there are."""
    session, user_id = workspace.session, workspace.user_id
    where = (IngestedMessage.user_id == user_id, IngestedMessage.status == IngestStatus.ERROR)
    total = int(session.scalar(sa.select(sa.func.count()).where(*where)) or 0)
    if not total:
        return {"failed": [], "failed_total": 0}
    zone = ZoneInfo(workspace.user.timezone)
    rows = session.scalars(
        sa.select(IngestedMessage)
        .where(*where)
        .order_by(IngestedMessage.id.desc())
        .limit(FAILED_SHOWN)
    )
    failed = [
        FailedView(
            id=row.id,
            sender=row.from_address or "an unknown sender",
            subject=row.subject or "(subject unknown)",
            sent_on=row.sent_at.astimezone(zone).date() if row.sent_at else None,
            location=problem_place(row.location),
            reason=_capital(row.error or "could not be read"),
        )
        for row in rows
    ]
    return {"failed": failed, "failed_total": total}


def sureness(confidence: float | None) -> str:
    """'fairly sure (72%)': how sure the classifier was, in words and as a number."""
    if confidence is None:
        return "not sure"
    percent = round(confidence * 100)
    if confidence >= 0.9:
        words = "very sure"
    elif confidence >= 0.7:
        words = "fairly sure"
    elif confidence >= 0.5:
        words = "not very sure"
    else:
        words = "only guessing"
    return f"{words} ({percent}%)"


def reason_words(reason: str) -> str:
    """One of the classifier's reasons as a person reads it."""
    text = reason.strip()
    if text.startswith("rule: "):
        return text.removeprefix("rule: ")
    if text.startswith("subject: "):
        return f"the subject has {_quoted(text.removeprefix('subject: '))}"
    if text.startswith("'") and text.endswith("'"):
        return f"the text has {_quoted(text)}"
    return text


def _quoted(text: str) -> str:
    return f"“{text.strip().strip(chr(39))}”"


def proposed(effect: str | None) -> str | None:
    """'recorded the rejection' -> 'Record the rejection': the change confirming makes."""
    if not effect:
        return None
    first, _, rest = effect.partition(" ")
    verb = _PROPOSED.get(first, first)
    return f"{verb} {rest}".strip().capitalize()


def _capital(text: str | None) -> str:
    """The first letter in capitals, except afterword's own name (always lower case)."""
    text = (text or "").strip()
    if text.startswith("afterword"):
        return text
    return text[:1].upper() + text[1:]


def _date_text(key: str, value: str, zone: ZoneInfo, locale: str, today: dt.date) -> str:
    if key == "decision_within":
        return value
    try:
        if "T" in value:
            moment = dt.datetime.fromisoformat(value)
            if moment.tzinfo is not None:
                moment = moment.astimezone(zone)
            return f"{format_day(moment.date(), locale, today=today)} at {moment:%H:%M}"
        return format_day(dt.date.fromisoformat(value[:10]), locale, today=today)
    except ValueError:
        return value


@dataclasses.dataclass
class MessageView:
    """One received message as the page shows it."""

    id: int
    state: TriageState | None
    sender: str
    subject: str
    sent_on: dt.date | None
    excerpt: str
    label: MailClass | None
    label_words: str
    sureness: str
    reasons: list[str]
    dates: list[tuple[str, str]]
    application: tuple[int, str] | None
    matched_by: str | None
    candidates: list[tuple[int, str]]
    proposal: str | None
    effect: str | None
    why: str
    user_said: bool


class Viewer:
    """Turns ledger rows into MessageViews for one user (their zone, locale and applications)."""

    def __init__(self, workspace: Workspace) -> None:
        self.zone = ZoneInfo(workspace.user.timezone)
        self.locale = user_locale(workspace.user.country)
        self.today = workspace.today
        self.names = application_names(workspace.session, workspace.user_id)

    def name(self, application_id: int | None) -> tuple[int, str] | None:
        """The application's id and 'Company — Role', if it still exists."""
        if application_id is None or application_id not in self.names:
            return None
        return application_id, self.names[application_id]

    def view(self, row: IngestedMessage) -> MessageView:
        """Everything a card or a line of the page says about one message."""
        text = " ".join((row.text or "").split())
        excerpt = text[:EXCERPT_CHARS].rstrip() + ("…" if len(text) > EXCERPT_CHARS else "")
        dates = [
            (DATE_LABELS.get(key, key), _date_text(key, value, self.zone, self.locale, self.today))
            for key, value in (row.dates or {}).items()
        ]
        return MessageView(
            id=row.id,
            state=row.triage,
            sender=row.from_address or "an unknown sender",
            subject=row.subject or "(no subject)",
            sent_on=row.sent_at.astimezone(self.zone).date() if row.sent_at else None,
            excerpt=excerpt,
            label=row.label,
            label_words=row.label.label if row.label else "unknown",
            sureness=sureness(row.confidence),
            reasons=[reason_words(r) for r in (row.reasons or [])[:5]],
            dates=dates,
            application=self.name(row.application_id),
            matched_by=row.match_method.label if row.match_method else None,
            candidates=[n for n in (self.name(i) for i in row.candidates or []) if n is not None],
            proposal=proposed(row.effect),
            effect=_capital(row.effect) or None,
            why=_capital(row.why),
            user_said=row.user_label is not None,
        )

    def choices(self, view: MessageView, limit: int = MAX_CHOICES) -> list[tuple[int, str]]:
        """The applications a card offers: candidates and the match first, then the most
        recently updated."""
        likely = [*view.candidates, view.application]
        first = list(dict.fromkeys(choice for choice in likely if choice is not None))
        seen = {ident for ident, _ in first}
        rest = (item for item in self.names.items() if item[0] not in seen)
        return first + list(itertools.islice(rest, max(limit - len(first), 0)))


def class_choices(*, with_not_job: bool = True) -> list[tuple[str, str]]:
    """Every class with its words; the keyed ones carry their number key."""
    options = [(c.value, f"{n} · {c.label}") for n, c in enumerate(KEYED_CLASSES, start=1)]
    if with_not_job:
        options.append((MailClass.NOT_JOB.value, "n · not about a job"))
    return options


def inbox_context(
    workspace: Workspace,
    *,
    errors: dict[int, str] | None = None,
    values: dict[int, dict[str, str]] | None = None,
    upload_error: str | None = None,
    problems: list[IngestProblem] | None = None,
) -> dict[str, Any]:
    """Everything the Inbox page shows."""
    session, user_id = workspace.session, workspace.user_id
    counts = triage_counts(session=session, user_id=user_id)
    viewer = Viewer(workspace)
    queue = [
        viewer.view(row)
        for row in review_queue(session=session, user_id=user_id, limit=QUEUE_SHOWN)
    ]
    failed = failed_context(workspace)
    return {
        "title": "Inbox",
        "started": bool(counts) or bool(failed["failed_total"]),
        **failed,
        "waiting": counts.get(TriageState.REVIEW, 0),
        "counts": counts,
        "queue": queue,
        "choices": {view.id: viewer.choices(view) for view in queue},
        **recent_context(workspace, viewer, counts),
        "class_choices": class_choices(),
        "job_classes": class_choices(with_not_job=False),
        "keyed_classes": KEYED_CLASSES,
        "errors": errors or {},
        "values": values or {},
        "upload_error": upload_error,
        "problems": [(problem_place(p.location), p.reason) for p in problems or []],
        "max_upload_mb": MAX_UPLOAD_MB,
        "page_error": None,
        "imap_ready": imap_ready(workspace),
    }


def recent_context(
    workspace: Workspace, viewer: Viewer, counts: dict[TriageState, int] | None = None
) -> dict[str, Any]:
    """What the "recently handled" section shows (also refreshed on its own over HTMX)."""
    session, user_id = workspace.session, workspace.user_id
    handled = recent_messages(
        session=session,
        user_id=user_id,
        states=(TriageState.ACTED, TriageState.FILED, TriageState.RESOLVED),
        limit=RECENT_SHOWN,
    )
    ignored = recent_messages(
        session=session, user_id=user_id, states=(TriageState.IGNORED,), limit=IGNORED_SHOWN
    )
    recent = [viewer.view(row) for row in handled]
    set_aside = [viewer.view(row) for row in ignored]
    choices = {view.id: viewer.choices(view, HANDLED_CHOICES) for view in (*recent, *set_aside)}
    if counts is None:
        counts = triage_counts(session=session, user_id=user_id)
    return {
        "recent": recent,
        "ignored": set_aside,
        "ignored_total": counts.get(TriageState.IGNORED, 0),
        "recent_choices": choices,
    }


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


def done_message(row: IngestedMessage, viewer: Viewer) -> str:
    """What resolving did, in one sentence for the flash."""
    about = viewer.name(row.application_id)
    if row.triage is TriageState.IGNORED:
        subject = row.subject or "(no subject)"
        short = subject if len(subject) <= 80 else subject[:79].rstrip() + "…"
        return f"Set aside as not about a job: “{short}”."
    if row.effect:
        where = f" for {about[1]}" if about else ""
        return f"{_capital(row.effect)}{where}."
    why = (row.why or "").removeprefix("you said: ")
    if (row.why or "").startswith("nothing to change: "):
        where = f" with {about[1]}" if about else ""
        return f"Filed{where}. Nothing needed changing: {why.removeprefix('nothing to change: ')}."
    return f"Noted: {why}." if why else "Noted."


@router.post("/inbox/{message_id}/resolve", response_class=HTMLResponse)
def inbox_resolve(
    request: Request, workspace: WorkspaceDep, message_id: MessageId, form: FormDep
) -> Response:
    """Confirms or corrects afterword's reading of a message; the change it implies is made."""
    kept = {
        "label": str(form.get("label") or ""),
        "application_id": str(form.get("application_id") or ""),
    }
    try:
        found = get_message(
            session=workspace.session, user_id=workspace.user_id, message_id=message_id
        )
        label, application_id = _choice(form, found)
        # A savepoint: resolve notes the user's word before it can refuse, and a refusal must
        # leave nothing behind.
        with workspace.session.begin_nested():
            row = resolve(
                session=workspace.session,
                user_id=workspace.user_id,
                message_id=message_id,
                now=workspace.now,
                timezone=workspace.user.timezone,
                country=workspace.user.country,
                label=label,
                application_id=application_id,
                confirm=str(form.get("op") or "confirm") == "confirm",
            )
    except AfterwordError as error:
        return _refused(request, workspace, message_id, str(error), status_for(error), kept)
    viewer = Viewer(workspace)
    message = done_message(row, viewer)
    if is_htmx(request):
        waiting = waiting_count(workspace)
        shown_left = len(review_queue(session=workspace.session, user_id=workspace.user_id))
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
    errors = {message_id: _capital(message) + ("" if message.endswith(".") else ".")}
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


async def read_upload(request: Request) -> UploadFile | None:
    """The uploaded mail file, if the form carried one."""
    form = await request.form()
    item = form.get("mail")
    return item if isinstance(item, UploadFile) else None


UploadDep = Annotated[UploadFile | None, Depends(read_upload)]


def _file_name(upload: UploadFile) -> str:
    name = FilePath((upload.filename or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:200] or "upload"


def _checked_copy(upload: UploadFile | None, target_dir: FilePath) -> tuple[FilePath, str]:
    """Copies the upload to a file afterword can read; refuses what is not an .eml or .mbox."""
    if upload is None or not (upload.filename or "").strip():
        raise InvalidInputError("choose a file first: a single email (.eml) or an .mbox export")
    name = _file_name(upload)
    suffix = FilePath(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise InvalidInputError(
            f"the file {name} is not a mail file afterword can read: choose an .eml (one email) "
            "or an .mbox (an export of many)"
        )
    path = target_dir / f"upload{suffix}"
    with path.open("wb") as copy:
        size = 0
        while chunk := upload.file.read(1024 * 1024):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                raise InvalidInputError(
                    f"the file {name} is larger than {MAX_UPLOAD_MB} MB; for a big export use the "
                    "command line instead: afterword inbox import PATH"
                )
            copy.write(chunk)
    if size == 0:
        raise InvalidInputError(f"the file {name} is empty: there is nothing in it to read")
    with path.open("rb") as stream:
        # A byte order mark and blank lines before the first line are tolerated, as on import.
        start = stream.read(4096).removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n")
    looks_like_mail = start.startswith(b"From ") or _HEADER_LINE.match(start)
    if b"\x00" in start or not looks_like_mail:
        raise InvalidInputError(
            f"the file {name} does not look like email: an .eml starts with headers such as "
            "From: and Subject:, and an .mbox with a line beginning “From ”"
        )
    return path, name


def _renamed(messages: Iterable[RawMessage], path: FilePath, name: str) -> Iterator[RawMessage]:
    """The messages with the uploaded file's name as their location, not the temporary copy's."""
    for message in messages:
        location = message.location.replace(str(path), name, 1)
        yield dataclasses.replace(message, location=f"upload: {location}")


def problem_place(location: str) -> str:
    """'upload: All mail.mbox#2' -> 'All mail.mbox, message 2'."""
    place = location.removeprefix("upload: ")
    name, hash_, number = place.rpartition("#")
    return f"{name}, message {number}" if hash_ and number.isdigit() else place


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def import_summary(ingest: IngestReport, triage: TriageReport) -> str:
    """'Read 3 new messages (1 already seen, 0 unreadable): 1 updated your pipeline, 2 wait for you.'"""
    if ingest.new == 0 and ingest.unreadable == 0 and not triage.failed:
        return (
            f"Nothing new in that file: {_plural(ingest.duplicate, 'message was', 'messages were')}"
            " already read before, so nothing changed."
        )
    waiting = triage.count(TriageState.REVIEW)
    return (
        f"Read {_plural(ingest.new, 'new message', 'new messages')} "
        f"({ingest.duplicate} already seen, {ingest.unreadable + len(triage.failed)} unreadable): "
        f"{len(triage.acted)} updated your pipeline, "
        f"{waiting} {'waits' if waiting == 1 else 'wait'} for you."
    )


def _own_addresses(workspace: Workspace) -> list[str]:
    """The user's own mail addresses from the settings: mail from them is not news."""
    return account_addresses(workspace.settings.mail)


@router.post("/inbox/import", response_class=HTMLResponse)
def inbox_import(request: Request, workspace: WorkspaceDep, upload: UploadDep) -> Response:
    """Reads an uploaded .eml or .mbox on this computer and triages what is new in it."""
    with tempfile.TemporaryDirectory(prefix="afterword-upload-") as folder:
        try:
            path, name = _checked_copy(upload, FilePath(folder))
        except InvalidInputError as error:
            context = inbox_context(workspace, upload_error=_capital(str(error)) + ".")
            return render(request, "inbox.html", context, status_code=422)
        ingest, triage = import_messages(
            session=workspace.session,
            user_id=workspace.user_id,
            timezone=workspace.user.timezone,
            country=workspace.user.country,
            source_messages=_renamed(read_path(path), path, name),
            now=workspace.now,
            own=_own_addresses(workspace),
            # Saved every few hundred messages: other pages wait for one batch, not the file.
            save=workspace.save_batch,
            budget=workspace.settings.inbox.message_budget_seconds,
        )
    summary = import_summary(ingest, triage)
    if ingest.problems:
        # Too long for the one-line message that survives a redirect: shown on the page itself.
        context = inbox_context(workspace, problems=ingest.problems)
        context["flash"] = summary
        return render(request, "inbox.html", context)
    return flash(RedirectResponse("/inbox", status_code=303), summary)


# -- reading new mail from the IMAP server ----------------------------------------------------


def imap_ready(workspace: Workspace) -> bool:
    """Whether an IMAP server is set up, so the page can offer to check for new mail."""
    account = workspace.settings.mail
    return account is not None and bool(account.imap_host)


@router.post("/inbox/sync", response_class=HTMLResponse)
def inbox_sync(request: Request, workspace: WorkspaceDep, form: FormDep) -> Response:
    """Reads what is new in the IMAP inbox (read-only) and triages it."""
    from afterword.inbox.mailbox_sync import sync_mailbox

    try:
        report, triage = sync_mailbox(
            session=workspace.session,
            user_id=workspace.user_id,
            timezone=workspace.user.timezone,
            country=workspace.user.country,
            account=workspace.settings.mail,
            now=workspace.now,
            # Each batch is saved as it is read: a connection lost midway keeps what was read.
            save=workspace.save_batch,
            budget=workspace.settings.inbox.message_budget_seconds,
        )
    except AfterwordError as error:
        context = inbox_context(workspace, upload_error=None)
        context["page_error"] = _capital(str(error)) + ("" if str(error).endswith(".") else ".")
        return render(request, "inbox.html", context, status_code=status_for(error))
    summary = import_summary(report.ingest, triage).replace("in that file", "in your inbox")
    return flash(RedirectResponse("/inbox", status_code=303), summary)


# -- trying failed messages again ------------------------------------------------------------


@router.post("/inbox/retry", response_class=HTMLResponse)
def inbox_retry(request: Request, workspace: WorkspaceDep, form: FormDep) -> Response:
    """Reads and triages again the messages that could not be read or triaged."""
    ingest, triage = retry_messages(
        session=workspace.session,
        user_id=workspace.user_id,
        timezone=workspace.user.timezone,
        country=workspace.user.country,
        now=workspace.now,
        own=_own_addresses(workspace),
        budget=workspace.settings.inbox.message_budget_seconds,
    )
    still = ingest.unreadable + len(triage.failed)
    read = ingest.new - len(triage.failed)
    summary = (
        f"Tried {_plural(ingest.seen, 'message', 'messages')} again: "
        f"{read} read now, {still} still could not be read."
        if ingest.seen
        else "Nothing to try again: the messages that failed are too big to keep; "
        "import their file again instead."
    )
    return flash(RedirectResponse("/inbox", status_code=303), summary)
