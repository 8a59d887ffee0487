"""The Inbox page's read model: received messages as a person reads them.

Turns ledger rows into what the page shows (sender, an excerpt, how sure afterword is and
why, the dates found in the user's words, the change proposed or made) and gathers the
page's sections. Pure reading: the routes add the state of their forms.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from afterword.drafts.render import format_day
from afterword.inbox.engine import TriageReport
from afterword.inbox.inbox import Inbox
from afterword.inbox.labels import MailClass
from afterword.inbox.models import IngestedMessage, IngestStatus
from afterword.inbox.service import IngestReport
from afterword.inbox.triage import TriageState

if TYPE_CHECKING:
    from afterword.workspace import Workspace

# Cards shown at once: the oldest first, the rest as these are answered.
QUEUE_SHOWN = 20
RECENT_SHOWN = 30
IGNORED_SHOWN = 50
FAILED_SHOWN = 50
# Applications offered in each waiting card's list (candidates and the match always come first);
# the lines of the handled lists, many more of them, offer the most recently updated ones.
MAX_CHOICES = 300
HANDLED_CHOICES = 60
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
    zone = workspace.local.zone
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
            reason=capitalised(row.error or "could not be read"),
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


def capitalised(text: str | None) -> str:
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
        self.zone = workspace.local.zone
        self.locale = workspace.local.locale
        self.today = workspace.today
        self.names = Inbox(workspace).names()

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
            effect=capitalised(row.effect) or None,
            why=capitalised(row.why),
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


def inbox_overview(workspace: Workspace) -> dict[str, Any]:
    """Everything the Inbox page shows of the ledger (the routes add their forms' state)."""
    inbox = Inbox(workspace)
    counts = inbox.counts()
    viewer = Viewer(workspace)
    queue = [viewer.view(row) for row in inbox.queue(limit=QUEUE_SHOWN)]
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
        "imap_ready": inbox.imap_ready,
    }


def recent_context(
    workspace: Workspace, viewer: Viewer, counts: dict[TriageState, int] | None = None
) -> dict[str, Any]:
    """What the "recently handled" section shows (also refreshed on its own over HTMX)."""
    inbox = Inbox(workspace)
    handled = inbox.recent(
        (TriageState.ACTED, TriageState.FILED, TriageState.RESOLVED), limit=RECENT_SHOWN
    )
    ignored = inbox.recent((TriageState.IGNORED,), limit=IGNORED_SHOWN)
    recent = [viewer.view(row) for row in handled]
    set_aside = [viewer.view(row) for row in ignored]
    choices = {view.id: viewer.choices(view, HANDLED_CHOICES) for view in (*recent, *set_aside)}
    if counts is None:
        counts = inbox.counts()
    return {
        "recent": recent,
        "ignored": set_aside,
        "ignored_total": counts.get(TriageState.IGNORED, 0),
        "recent_choices": choices,
    }


def done_message(row: IngestedMessage, viewer: Viewer) -> str:
    """What resolving did, in one sentence for the flash."""
    about = viewer.name(row.application_id)
    if row.triage is TriageState.IGNORED:
        subject = row.subject or "(no subject)"
        short = subject if len(subject) <= 80 else subject[:79].rstrip() + "…"
        return f"Set aside as not about a job: “{short}”."
    if row.effect:
        where = f" for {about[1]}" if about else ""
        return f"{capitalised(row.effect)}{where}."
    why = (row.why or "").removeprefix("you said: ")
    if (row.why or "").startswith("nothing to change: "):
        where = f" with {about[1]}" if about else ""
        return f"Filed{where}. Nothing needed changing: {why.removeprefix('nothing to change: ')}."
    return f"Noted: {why}." if why else "Noted."


def problem_place(location: str) -> str:
    """'upload: All mail.mbox#2' -> 'All mail.mbox, message 2'."""
    place = location.removeprefix("upload: ")
    name, hash_, number = place.rpartition("#")
    return f"{name}, message {number}" if hash_ and number.isdigit() else place


def plural(count: int, one: str, many: str) -> str:
    """'1 message', '3 messages'."""
    return f"{count} {one if count == 1 else many}"


def import_summary(ingest: IngestReport, triage: TriageReport) -> str:
    """'Read 3 new messages (1 already seen, 0 unreadable): 1 updated your pipeline, 2 wait for you.'"""
    if ingest.new == 0 and ingest.unreadable == 0 and not triage.failed:
        return (
            f"Nothing new in that file: {plural(ingest.duplicate, 'message was', 'messages were')}"
            " already read before, so nothing changed."
        )
    waiting = triage.count(TriageState.REVIEW)
    return (
        f"Read {plural(ingest.new, 'new message', 'new messages')} "
        f"({ingest.duplicate} already seen, {ingest.unreadable + len(triage.failed)} unreadable): "
        f"{len(triage.acted)} updated your pipeline, "
        f"{waiting} {'waits' if waiting == 1 else 'wait'} for you."
    )


def retry_summary(ingest: IngestReport, triage: TriageReport) -> str:
    """What trying the failed messages again did, in one sentence."""
    if not ingest.seen:
        # Only messages small enough to keep their bytes can be tried again in place.
        return (
            "Nothing to try again: the messages that failed are too big to keep; "
            "import their file again instead."
        )
    still = ingest.unreadable + len(triage.failed)
    read = ingest.new - len(triage.failed)
    return (
        f"Tried {plural(ingest.seen, 'message', 'messages')} again: "
        f"{read} read now, {still} still could not be read."
    )
