"""One process's story in order: status changes, interviews, outcomes, feedback, emails, notes.

Pure: the records are passed in (already loaded), and the user's zone decides which
local day each instant falls on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from afterword import localtime

if TYPE_CHECKING:
    from afterword.inbox.models import IngestedMessage
    from afterword.mail.models import SentMessage
    from afterword.pipeline.models import Feedback, Interview, Outcome, StatusChange
    from afterword.reflection.models import JournalEntry


@dataclass(frozen=True)
class TimelineEntry:
    """One moment of a process: when, what kind, a headline and optional detail."""

    day: dt.date
    kind: str  # status, interview, outcome, feedback, email, note
    title: str
    detail: str | None = None
    at: dt.datetime | None = None  # the exact instant, when one is known
    anchor: str | None = None  # the part of the page that holds the full record

    @property
    def sort_key(self) -> tuple[dt.date, dt.datetime]:
        """Day first (date-only records have no time), then the instant."""
        return (self.day, self.at or dt.datetime.combine(self.day, dt.time(), tzinfo=dt.UTC))


_OUTCOME_TITLES = {
    "offer": "An offer arrived",
    "hiring_manager_chat": "Invited to a hiring-manager chat",
    "more_interviews": "Invited to more interviews",
    "rejection": "Not selected",
    "ghosted": "Marked as ghosted",
    "withdrawn": "You withdrew",
}


def _label(value: str | None) -> str:
    if value is None:
        return ""
    from afterword.pipeline.status import Status

    try:
        return Status(value).label
    except ValueError:
        return value.replace("_", " ")


def build_timeline(
    *,
    timezone: str,
    history: Iterable[StatusChange] = (),
    interviews: Iterable[Interview] = (),
    outcomes: Iterable[Outcome] = (),
    feedback: Iterable[Feedback] = (),
    messages: Iterable[SentMessage] = (),
    received: Iterable[IngestedMessage] = (),
    notes: Iterable[JournalEntry] = (),
) -> list[TimelineEntry]:
    """Merges everything recorded about one process into a single list, oldest first."""
    zone = localtime.zone(timezone)

    def local(instant: dt.datetime) -> dt.date:
        return instant.astimezone(zone).date()

    entries: list[TimelineEntry] = []
    for change in history:
        moved = (
            f"Status: {_label(change.from_status)} to {_label(change.to_status)}"
            if change.from_status
            else f"Added to the pipeline ({_label(change.to_status)})"
        )
        entries.append(TimelineEntry(local(change.at), "status", moved, change.cause, at=change.at))
    for interview in interviews:
        kind = interview.kind.value.replace("_", " ")
        when = interview.scheduled_at
        day = local(when) if when is not None else local(interview.created_at)
        people = ", ".join(person.display_name for person in interview.interviewers)
        detail = f"with {people}" if people else None
        entries.append(
            TimelineEntry(
                day,
                "interview",
                f"Interview round {interview.round} ({kind})"
                + ("" if when is not None else ", time not set"),
                detail,
                at=when or interview.created_at,
                anchor=f"interview-{interview.id}",
            )
        )
        if interview.debriefed_at is not None:
            entries.append(
                TimelineEntry(
                    local(interview.debriefed_at),
                    "note",
                    f"Debrief written for round {interview.round}",
                    None,
                    at=interview.debriefed_at,
                    anchor=f"interview-{interview.id}",
                )
            )
    for outcome in outcomes:
        entries.append(
            TimelineEntry(
                outcome.occurred_on,
                "outcome",
                _OUTCOME_TITLES.get(outcome.kind.value, outcome.kind.value),
                outcome.note,
                at=outcome.created_at,
            )
        )
    for item in feedback:
        entries.append(
            TimelineEntry(
                item.received_on, "feedback", "Feedback received", item.text, at=item.created_at
            )
        )
    for message in messages:
        to = message.to_name or message.to_email
        how = {
            "smtp": "Email sent",
            "imap_drafts": "Email saved to your drafts",
            "eml": "Email saved as a file",
            "mailto": "Email opened in your mail program",
            "copied": "Email copied to send yourself",
        }.get(message.route.value, "Email")
        entries.append(
            TimelineEntry(
                local(message.at),
                "email",
                f"{how}: {message.subject}",
                f"to {to}" if to else None,
                at=message.at,
            )
        )
    for mail in received:
        when = mail.sent_at or mail.ingested_at
        what = mail.user_label or mail.label
        kind = f" ({what.label})" if what is not None else ""
        entries.append(
            TimelineEntry(
                local(when),
                "email",
                f"Email received{kind}: {mail.subject or '(no subject)'}",
                f"from {mail.from_address}" + (f"; afterword {mail.effect}" if mail.effect else "")
                if mail.from_address
                else mail.effect,
                at=when,
            )
        )
    for note in notes:
        entries.append(
            TimelineEntry(local(note.written_at), "note", "Note", note.text, at=note.written_at)
        )
    return sorted(entries, key=lambda entry: entry.sort_key)
