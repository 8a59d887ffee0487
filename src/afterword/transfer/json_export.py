"""Writing the whole account as one JSON document, and turning single rows into records.

The `*_record` functions say how a stored row looks in an export: its read schema
(what the JSON API and `--json` show) without what belongs to one database, as
transfer/document.py lists. The file is deterministic: the same data always gives
the same bytes (rows in insertion order, instants in UTC written with 'Z').
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from afterword.errors import InvalidInputError, NotFoundError
from afterword.inbox.models import IngestedMessage
from afterword.mail.models import SentMessage
from afterword.offers.models import Offer
from afterword.pipeline.models import (
    Application,
    Contact,
    Feedback,
    Interview,
    InterviewQuestion,
    Outcome,
    StatusChange,
)
from afterword.playbook.models import ActionState, PlannedAction
from afterword.profile.models import User
from afterword.reflection.models import JournalEntry, MoodCheckin
from afterword.transfer.document import (
    FORMAT,
    VERSION,
    AgendaRecord,
    ApplicationRecord,
    ContactRecord,
    ExportDocument,
    FeedbackRecord,
    InboxRecord,
    InterviewRecord,
    JournalRecord,
    MessageRecord,
    MoodRecord,
    OfferRecord,
    OutcomeRecord,
    ProfileRecord,
    QuestionRecord,
    Record,
    StatusChangeRecord,
    count_records,
)
from afterword.transfer.loop_transfer import export_loop

R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote: the file and how many records of each kind."""

    path: str
    counts: dict[str, int]
    size_bytes: int

    def __str__(self) -> str:
        """Says the non-zero counts, e.g. 'applications 3, contacts 5, journal 2'."""
        counted = [f"{kind} {count}" for kind, count in self.counts.items() if count]
        return ", ".join(counted) or "the profile only (no other records)"


def profile_record(user: User) -> ProfileRecord:
    """Returns the user's profile as it appears in an export."""
    return ProfileRecord.model_validate(
        {name: getattr(user, name) for name in ProfileRecord.model_fields}
    )


def application_record(application: Application) -> ApplicationRecord:
    """Returns an application with all its children as it appears in an export."""
    return _record(
        ApplicationRecord,
        application,
        tags=application.tag_names,
        contacts=[contact_record(contact) for contact in _by_id(application.contacts)],
        interviews=[interview_record(interview) for interview in _by_id(application.interviews)],
        outcomes=[outcome_record(outcome) for outcome in _by_id(application.outcomes)],
        offers=[offer_record(offer) for offer in _by_id(application.offers)],
        feedback=[feedback_record(feedback) for feedback in _by_id(application.feedback)],
        history=[history_record(change) for change in _by_id(application.history)],
        messages=[message_record(message) for message in _by_id(application.messages)],
    )


def message_record(message: SentMessage) -> MessageRecord:
    """Returns a delivered email as it appears in an export."""
    return _record(MessageRecord, message)


def contact_record(contact: Contact) -> ContactRecord:
    """Returns a contact as it appears in an export."""
    return _record(ContactRecord, contact)


def interview_record(interview: Interview) -> InterviewRecord:
    """Returns an interview with its debrief, interviewer uids and questions."""
    return _record(
        InterviewRecord,
        interview,
        interviewer_uids=[contact.uid for contact in _by_id(interview.interviewers)],
        questions=[question_record(question) for question in _by_id(interview.questions)],
    )


def question_record(question: InterviewQuestion) -> QuestionRecord:
    """Returns an interview question as it appears in an export."""
    return _record(QuestionRecord, question)


def outcome_record(outcome: Outcome) -> OutcomeRecord:
    """Returns an outcome as it appears in an export."""
    return _record(OutcomeRecord, outcome)


def offer_record(offer: Offer) -> OfferRecord:
    """Returns an offer's terms and decision as they appear in an export."""
    return _record(OfferRecord, offer)


def feedback_record(feedback: Feedback) -> FeedbackRecord:
    """Returns a piece of feedback as it appears in an export."""
    return _record(FeedbackRecord, feedback)


def history_record(change: StatusChange) -> StatusChangeRecord:
    """Returns one history entry as it appears in an export."""
    return _record(StatusChangeRecord, change)


def journal_record(entry: JournalEntry, application_uid: str | None) -> JournalRecord:
    """Returns a journal entry; `application_uid` is the uid of the application it is about."""
    return _record(JournalRecord, entry, application_uid=application_uid)


def mood_record(checkin: MoodCheckin, application_uid: str | None) -> MoodRecord:
    """Returns a mood check-in; `application_uid` is the uid of the application it is about."""
    return _record(MoodRecord, checkin, application_uid=application_uid)


def load_applications(*, session: Session, user_id: int) -> list[Application]:
    """Loads the user's applications with every child, in insertion order (a few queries)."""
    query = (
        sa.select(Application)
        .where(Application.user_id == user_id)
        .order_by(Application.id)
        .options(
            selectinload(Application.tags),
            selectinload(Application.contacts),
            selectinload(Application.interviews).selectinload(Interview.questions),
            selectinload(Application.interviews).selectinload(Interview.interviewers),
            selectinload(Application.outcomes),
            selectinload(Application.offers),
            selectinload(Application.feedback),
            selectinload(Application.history),
            selectinload(Application.messages),
        )
    )
    return list(session.scalars(query))


def load_journal(*, session: Session, user_id: int) -> list[JournalEntry]:
    """Loads the user's journal entries in insertion order."""
    query = sa.select(JournalEntry).where(JournalEntry.user_id == user_id)
    return list(session.scalars(query.order_by(JournalEntry.id)))


def load_moods(*, session: Session, user_id: int) -> list[MoodCheckin]:
    """Loads the user's mood check-ins in insertion order."""
    query = sa.select(MoodCheckin).where(MoodCheckin.user_id == user_id)
    return list(session.scalars(query.order_by(MoodCheckin.id)))


def build_document(*, session: Session, user_id: int, exported_at: dt.datetime) -> ExportDocument:
    """Builds the export document of the user's whole account."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"there is no user with id {user_id}")
    session.flush()  # rows added but not yet flushed have no id to be ordered by
    applications = load_applications(session=session, user_id=user_id)
    uids = {application.id: application.uid for application in applications}
    return ExportDocument(
        format=FORMAT,
        version=VERSION,
        exported_at=exported_at.astimezone(dt.UTC),
        profile=profile_record(user),
        applications=[application_record(application) for application in applications],
        journal=[
            journal_record(entry, _uid(uids, entry.application_id))
            for entry in load_journal(session=session, user_id=user_id)
        ],
        moods=[
            mood_record(checkin, _uid(uids, checkin.application_id))
            for checkin in load_moods(session=session, user_id=user_id)
        ],
        agenda=[
            agenda_record(row, _uid(uids, row.application_id))
            for row in load_agenda_decisions(session=session, user_id=user_id)
        ],
        inbox=[inbox_record(row, uids) for row in load_inbox(session=session, user_id=user_id)],
        reflection_loop=export_loop(session=session, user_id=user_id),
    )


def load_inbox(*, session: Session, user_id: int) -> list[IngestedMessage]:
    """The user's inbox ledger in the order it was read."""
    query = sa.select(IngestedMessage).where(IngestedMessage.user_id == user_id)
    return list(session.scalars(query.order_by(IngestedMessage.id)))


def inbox_record(row: IngestedMessage, uids: dict[int, str]) -> InboxRecord:
    """Returns one ledger row as it appears in an export (application ids become uids)."""
    return InboxRecord(
        **{name: getattr(row, name) for name in INBOX_COLUMNS},
        application_uid=_uid(uids, row.application_id),
        candidate_uids=[uids[i] for i in row.candidates or () if i in uids] or None,
    )


# The ledger's columns an InboxRecord carries as they are (links to applications become uids).
INBOX_COLUMNS = tuple(
    name for name in InboxRecord.model_fields if name not in ("application_uid", "candidate_uids")
)


def load_agenda_decisions(*, session: Session, user_id: int) -> list[PlannedAction]:
    """The user's settled or snoozed actions, oldest first (the rest is re-derived on import)."""
    query = (
        sa.select(PlannedAction)
        .where(
            PlannedAction.user_id == user_id,
            sa.or_(
                PlannedAction.state.in_((ActionState.DONE, ActionState.DISMISSED)),
                sa.and_(
                    PlannedAction.state == ActionState.OPEN,
                    PlannedAction.snoozed_until.is_not(None),
                ),
            ),
        )
        .order_by(PlannedAction.key)
    )
    return list(session.scalars(query))


def agenda_record(row: PlannedAction, application_uid: str | None) -> AgendaRecord:
    """Returns a decision about an action as it appears in an export."""
    return AgendaRecord(
        key=row.key,
        kind=row.kind,
        rule=row.rule,
        application_uid=application_uid,
        due=row.due,
        reason=row.reason,
        state=row.state.value,  # only open (snoozed), done and dismissed rows are exported
        settled_on=row.settled_on,
        snoozed_until=row.snoozed_until,
        done_note=row.done_note,
    )


def document_json(document: ExportDocument) -> str:
    """Returns the document as the text of an export file (indented, ending in a newline)."""
    return document.model_dump_json(indent=2) + "\n"


def export_json(
    *, session: Session, user_id: int, path: str | os.PathLike[str], exported_at: dt.datetime
) -> ExportSummary:
    """Writes the user's whole account to `path` as UTF-8 JSON, replacing the file atomically."""
    document = build_document(session=session, user_id=user_id, exported_at=exported_at)
    data = document_json(document).encode("utf-8")
    write_atomically(Path(path), data)
    return ExportSummary(path=os.fspath(path), counts=count_records(document), size_bytes=len(data))


def write_atomically(path: Path, data: bytes) -> None:
    """Writes `data` to `path` through a temporary file, so a failure never leaves half a file.

    The file is readable by its owner only: an export holds the user's private notes.
    """
    try:
        handle, temporary_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise InvalidInputError(f"cannot write {path}: {error.strerror}") from None
    temporary = Path(temporary_name)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())  # on disk before the rename makes it the real file
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise InvalidInputError(f"cannot write {path}: {error.strerror}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _record(model: type[R], row: Any, **links: Any) -> R:
    """Reads the row's columns named by the record, adds links and children, and validates."""
    values = {name: _utc(getattr(row, name)) for name in model.column_fields()}
    return model.model_validate({"uid": row.uid, **values, **links})


def _utc(value: Any) -> Any:
    # A row read back from the database is in UTC, but one just written by a service may
    # still hold the zone it was typed in; the document always says UTC.
    return value.astimezone(dt.UTC) if isinstance(value, dt.datetime) else value


def _by_id(rows: list[Any]) -> list[Any]:
    # Insertion order, whatever order a relationship happens to load in (interviews by round).
    return sorted(rows, key=lambda row: row.id)


def _uid(uids: dict[int, str], application_id: int | None) -> str | None:
    return None if application_id is None else uids.get(application_id)
