"""The export document: a whole account as one JSON value (format 'afterword.export', version 1).

Each record reuses the input model people fill in (ApplicationFields, OfferTerms,
...), so an imported file is judged by exactly the rules the command line and
the web forms apply, and adds what only stored rows have: a `uid`, timestamps,
a status or decision, and its children. Integer database ids never appear:
they differ between databases, while a uid stays with its row for good.

Pure: no database, no files. `check_consistency` judges what pydantic cannot
see field by field (references between records, status invariants).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AwareDatetime,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
)

from afterword.errors import InvalidInputError
from afterword.inbox.labels import MailClass
from afterword.inbox.matching import MatchMethod
from afterword.inbox.message import SourceKind
from afterword.inbox.models import IngestStatus
from afterword.inbox.triage import TriageState
from afterword.mail.models import DeliveryRoute
from afterword.mail.schemas import SentMessageRead
from afterword.offers.schemas import OfferRead, OfferTerms
from afterword.pipeline.schemas import (
    ApplicationFields,
    ApplicationRead,
    ContactFields,
    ContactRead,
    DebriefFields,
    FeedbackFields,
    FeedbackRead,
    InterviewFields,
    InterviewRead,
    OutcomeFields,
    OutcomeRead,
    QuestionFields,
    QuestionRead,
    ReadModel,
    StatusChangeRead,
)
from afterword.pipeline.status import OfferDecision, Status
from afterword.playbook.actions import ActionKind
from afterword.playbook.schemas import ActionRead
from afterword.profile.schemas import ProfileFields
from afterword.reflection.schemas import JournalFields, JournalRead, MoodFields, MoodRead
from afterword.transfer.loop_records import ReflectionLoopSection
from afterword.validation import InputModel

FORMAT = "afterword.export"
VERSION = 1

# Every kind of row the document holds, in document order; summaries count by these names.
KINDS = (
    "applications",
    "contacts",
    "interviews",
    "questions",
    "outcomes",
    "offers",
    "feedback",
    "history",
    "messages",
    "journal",
    "moods",
)

Uid = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=36),
    Field(description="Stable identifier of the row, the same in every database that holds it."),
]


class Record(InputModel):
    """A stored row: its input fields plus the uid that identifies it across databases."""

    uid: Uid

    # Serialisation order: pydantic lists inherited fields first, which would bury the
    # uid in the middle of a record and the children before the timestamps.
    leading: ClassVar[tuple[str, ...]] = ("uid",)
    trailing: ClassVar[tuple[str, ...]] = ()
    # Lists of nested records (a kind of their own in KINDS).
    children: ClassVar[tuple[str, ...]] = ()
    # Fields that are not columns of the row but links to other rows (tags, uids).
    linked: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    def _readable_order(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        first = {name: data.pop(name) for name in self.leading if name in data}
        last = {name: data.pop(name) for name in self.trailing if name in data}
        return {**first, **data, **last}

    @classmethod
    def column_fields(cls) -> tuple[str, ...]:
        """Names of the fields stored as plain columns of the row (not uid, links or children)."""
        skipped = {"uid", *cls.children, *cls.linked}
        return tuple(name for name in cls.model_fields if name not in skipped)


class ProfileRecord(ProfileFields):
    """The user's profile; importing it updates these fields of the importing account."""


class ContactRecord(Record, ContactFields):
    """A person in one application's process."""

    created_at: AwareDatetime


class QuestionRecord(Record, QuestionFields):
    """A question asked in an interview."""


class InterviewRecord(Record, DebriefFields, InterviewFields):
    """An interview round with its debrief, interviewers and questions."""

    round: int = Field(ge=1, le=1000, description="1 for the application's first round, and so on.")
    debriefed_at: AwareDatetime | None = Field(
        default=None, description="When the debrief was last written; null before any debrief."
    )
    created_at: AwareDatetime
    interviewer_uids: list[Uid] = Field(
        default_factory=list, description="Uids of the application's contacts who interviewed."
    )
    # Narrows DebriefFields.questions to records with uids; mypy sees list invariance,
    # but a parsed document is never appended to with plain QuestionFields.
    questions: list[QuestionRecord] = Field(default_factory=list)  # type: ignore[assignment]

    trailing = ("interviewer_uids", "questions")
    children = ("questions",)
    linked = ("interviewer_uids",)


class OutcomeRecord(Record, OutcomeFields):
    """News that moved the process on."""

    created_at: AwareDatetime


class OfferRecord(Record, OfferTerms):
    """An offer's terms and the user's decision on it."""

    received_on: dt.date | None = Field(default=None, description="The day the offer arrived.")
    decision: OfferDecision = OfferDecision.PENDING
    decided_on: dt.date | None = Field(default=None, description="The day the user decided.")
    extension_requested_on: dt.date | None = Field(
        default=None, description="The day the user asked the company for more time, if they did."
    )
    extension_again: bool = Field(
        default=False,
        description="Whether the user wants afterword to plan one more request for more time.",
    )
    created_at: AwareDatetime
    updated_at: AwareDatetime


class FeedbackRecord(Record, FeedbackFields):
    """What the company said about its decision."""

    created_at: AwareDatetime


class StatusChangeRecord(Record):
    """One entry of an application's append-only history."""

    from_status: Status | None = Field(description="The status before; null at the very start.")
    to_status: Status
    at: AwareDatetime
    cause: Annotated[str, StringConstraints(min_length=1, max_length=100_000)] = Field(
        description="Why the status changed, in plain words."
    )


class MessageRecord(Record):
    """An email afterword sent, saved to Drafts or handed over, exactly as it went."""

    template: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    route: DeliveryRoute
    to_name: Annotated[str, StringConstraints(max_length=200)] | None = None
    to_email: Annotated[str, StringConstraints(max_length=320)] | None = None
    subject: Annotated[str, StringConstraints(max_length=500)]
    body: Annotated[str, StringConstraints(max_length=100_000)]
    message_id: Annotated[str, StringConstraints(max_length=500)] | None = None
    at: AwareDatetime


class ApplicationRecord(Record, ApplicationFields):
    """One application with everything recorded about it."""

    status: Status = Status.APPLIED
    created_at: AwareDatetime
    updated_at: AwareDatetime
    contacts: list[ContactRecord] = Field(default_factory=list)
    interviews: list[InterviewRecord] = Field(default_factory=list)
    outcomes: list[OutcomeRecord] = Field(default_factory=list)
    offers: list[OfferRecord] = Field(default_factory=list)
    feedback: list[FeedbackRecord] = Field(default_factory=list)
    history: list[StatusChangeRecord] = Field(default_factory=list)
    messages: list[MessageRecord] = Field(default_factory=list)

    trailing = children = (
        "contacts",
        "interviews",
        "outcomes",
        "offers",
        "feedback",
        "history",
        "messages",
    )
    linked = ("tags",)


class JournalRecord(Record, JournalFields):
    """A journal entry, optionally about one application."""

    application_uid: Uid | None = None
    written_at: AwareDatetime

    leading = ("uid", "application_uid", "written_at")
    linked = ("application_uid",)


class MoodRecord(Record, MoodFields):
    """A mood check-in, optionally about one application."""

    application_uid: Uid | None = None
    at: AwareDatetime

    leading = ("uid", "application_uid", "at")
    linked = ("application_uid",)


class AgendaRecord(InputModel):
    """What the user decided about an action the playbook proposed: done, dismissed or snoozed.

    Only decisions are exported; open actions are re-derived from the facts after an
    import. Carrying the decisions is what keeps a restored account from proposing
    again what the user already did or turned down.
    """

    key: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="Names the situation the action answers; the same situation gives the same key."
    )
    kind: ActionKind
    rule: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    application_uid: Uid | None = None
    due: dt.date
    reason: Annotated[str, StringConstraints(min_length=1, max_length=100_000)]
    state: Literal["open", "done", "dismissed"]
    settled_on: dt.date | None = Field(default=None, description="When it was done or dismissed.")
    snoozed_until: dt.date | None = Field(default=None, description="Hidden until this day.")
    done_note: Annotated[str, StringConstraints(max_length=100_000)] | None = Field(
        default=None,
        description="How a done action was done, in words ('withdrawal email sent on 3 Dec "
        "2026'). What it changed is in the records themselves; a restored action cannot be "
        "undone from afterword.",
    )


_Text = Annotated[str, StringConstraints(max_length=100_000)]


class InboxRecord(InputModel):
    """One received message in the inbox ledger: what afterword made of it and what the user
    said. Carrying the ledger means a restored account recognises mail it has already read,
    so importing the same mailbox again acts on nothing old; the user's answers keep
    teaching the classifier."""

    uid: Uid
    source: SourceKind
    account: Annotated[str, StringConstraints(max_length=320)] | None = None
    folder: Annotated[str, StringConstraints(max_length=1000)] | None = None
    location: Annotated[str, StringConstraints(max_length=2000)]
    uidvalidity: int | None = Field(default=None, ge=0, le=2**32 - 1)
    imap_uid: int | None = Field(default=None, ge=0, le=2**32 - 1)
    identity: Annotated[str, StringConstraints(min_length=1, max_length=500)] = Field(
        description="What the ledger recognises the message by: its Message-ID, else a fingerprint."
    )
    message_id: Annotated[str, StringConstraints(max_length=500)] | None = None
    fingerprint: Annotated[str, StringConstraints(max_length=64)]
    subject: Annotated[str, StringConstraints(max_length=500)] | None = None
    from_address: Annotated[str, StringConstraints(max_length=320)] | None = None
    sent_at: AwareDatetime | None = None
    status: IngestStatus
    error: _Text | None = None
    ingested_at: AwareDatetime
    triage: TriageState | None = None
    label: MailClass | None = None
    confidence: float | None = Field(default=None, ge=0, le=1)
    reasons: list[_Text] | None = None
    dates: dict[str, Annotated[str, StringConstraints(max_length=40)]] | None = None
    application_uid: Uid | None = None
    match_method: MatchMethod | None = None
    candidate_uids: list[Uid] | None = None
    why: _Text | None = None
    effect: _Text | None = None
    text: _Text | None = None
    user_label: MailClass | None = Field(
        default=None, description="The user's own answer: what afterword learns from."
    )
    decided_at: AwareDatetime | None = None


class ExportDocument(InputModel):
    """A whole afterword account: profile, applications with their children, journal and moods."""

    format: Literal["afterword.export"] = Field(description="Always 'afterword.export'.")
    version: Literal[1] = Field(description="Version of this document's shape.")
    exported_at: AwareDatetime = Field(description="When the document was written (UTC).")
    profile: ProfileRecord | None = Field(
        default=None, description="The profile; null or absent leaves the account's profile alone."
    )
    applications: list[ApplicationRecord] = Field(default_factory=list)
    journal: list[JournalRecord] = Field(default_factory=list)
    moods: list[MoodRecord] = Field(default_factory=list)
    agenda: list[AgendaRecord] = Field(
        default_factory=list,
        description="Actions the user completed, dismissed or snoozed (open ones are re-derived).",
    )
    inbox: list[InboxRecord] = Field(
        default_factory=list,
        description="The inbox ledger: every message read, its triage and the user's answers.",
    )
    reflection_loop: ReflectionLoopSection = Field(
        default_factory=ReflectionLoopSection,
        description="Reflections, the game plan, the practice bank, goals and salary research.",
    )


# -- read schemas and export records ---------------------------------------------------------
#
# A record is the read schema of the same row (what the JSON API answers and `--json` prints)
# without what only makes sense inside one database. A field with the same name carries the
# same value in both; every other field of a read schema is named below with what becomes of
# it. tests/transfer/test_read_schema_mapping.py holds both halves to this: no read field is
# forgotten, and every one comes back the same after an export and an import.

_ROW_ID = "the row's id in this database; the uid identifies it across databases"
_PARENT = "implied by where the record sits: inside its application's record"
_APPLICATION_UID = "becomes application_uid, the uid of the application it is about"
_COMPANY = "the parent application's company"

UNEXPORTED_READ_FIELDS: dict[type[ReadModel], dict[str, str]] = {
    ApplicationRead: {"id": _ROW_ID},
    ContactRead: {"id": _ROW_ID, "application_id": _PARENT},
    QuestionRead: {"id": _ROW_ID},
    InterviewRead: {
        "id": _ROW_ID,
        "application_id": _PARENT,
        "interviewers": "exported as interviewer_uids, which name the application's contacts",
    },
    OutcomeRead: {"id": _ROW_ID, "application_id": _PARENT},
    OfferRead: {
        "id": _ROW_ID,
        "application_id": _PARENT,
        "company": _COMPANY,
        "first_year_total": "computed from the terms again after an import",
        "four_year_total": "computed from the terms again after an import",
    },
    FeedbackRead: {"id": _ROW_ID, "application_id": _PARENT, "company": _COMPANY},
    StatusChangeRead: {"id": _ROW_ID, "application_id": _PARENT},
    SentMessageRead: {
        "id": _ROW_ID,
        "application_id": _PARENT,
        "action_id": "not exported: open actions are derived again after an import",
    },
    JournalRead: {"id": _ROW_ID, "application_id": _APPLICATION_UID},
    MoodRead: {"id": _ROW_ID, "application_id": _APPLICATION_UID},
    # Only the user's decisions about actions are exported; the playbook derives the rest
    # (the wording, priority and evidence of an open action) from the facts again.
    ActionRead: {
        "id": _ROW_ID,
        "uid": "actions are matched by key, which names the situation, not by uid",
        "headline": "follows from kind",
        "is_email": "follows from kind",
        "effective_due": "follows from due and snoozed_until",
        "priority": "derived again by the playbook",
        "withdrawn_reason": "derived again by the playbook",
        "evidence": "derived again by the playbook",
        "application_id": _APPLICATION_UID,
        "company": _COMPANY,
        "contact_id": "derived again by the playbook",
        "interview_id": "derived again by the playbook",
        "offer_id": "derived again by the playbook",
        "created_at": "derived again by the playbook",
        "updated_at": "derived again by the playbook",
    },
}

# The export record of each read schema.
RECORD_OF_READ: dict[type[ReadModel], type[InputModel]] = {
    ApplicationRead: ApplicationRecord,
    ContactRead: ContactRecord,
    QuestionRead: QuestionRecord,
    InterviewRead: InterviewRecord,
    OutcomeRead: OutcomeRecord,
    OfferRead: OfferRecord,
    FeedbackRead: FeedbackRecord,
    StatusChangeRead: StatusChangeRecord,
    SentMessageRead: MessageRecord,
    JournalRead: JournalRecord,
    MoodRead: MoodRecord,
    ActionRead: AgendaRecord,
}


def json_schema() -> dict[str, Any]:
    """Returns the JSON Schema of the document (committed as docs/export.schema.json)."""
    schema = ExportDocument.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def json_schema_text() -> str:
    """Returns the JSON Schema exactly as the committed docs/export.schema.json holds it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Located:
    """A record of the document with its kind, its JSON path and the uid of its parent."""

    kind: str
    path: str
    record: Record
    parent_uid: str | None


def walk(document: ExportDocument) -> Iterator[Located]:
    """Yields every record of the document, parents before their children, in document order."""
    for index, application in enumerate(document.applications):
        yield from _walk(Located("applications", f"applications[{index}]", application, None))
    for index, entry in enumerate(document.journal):
        yield Located("journal", f"journal[{index}]", entry, None)
    for index, checkin in enumerate(document.moods):
        yield Located("moods", f"moods[{index}]", checkin, None)


def _walk(located: Located) -> Iterator[Located]:
    yield located
    for kind in located.record.children:
        for index, child in enumerate(getattr(located.record, kind)):
            path = f"{located.path}.{kind}[{index}]"
            yield from _walk(Located(kind, path, child, located.record.uid))


def count_records(document: ExportDocument) -> dict[str, int]:
    """Counts the document's records per kind (every kind present, zero included)."""
    counts = dict.fromkeys(KINDS, 0)
    for located in walk(document):
        counts[located.kind] += 1
    return counts


def check_consistency(
    document: ExportDocument, *, stored_application_uids: Collection[str]
) -> None:
    """Raises InvalidInputError naming the first reference or invariant the document breaks.

    `stored_application_uids` are applications that exist outside the file (in the
    database, when merging) and may therefore be named by journal entries and moods.
    """
    _check_unique_uids(document)
    for index, application in enumerate(document.applications):
        path = f"applications[{index}]"
        _check_interviewers(application, path)
        _check_status(application, path)
    _check_application_links(document, stored_application_uids)


def _check_unique_uids(document: ExportDocument) -> None:
    # Uids are unique per kind and account in the database, so they must be in the file too.
    seen: dict[tuple[str, str], str] = {}
    for located in walk(document):
        key = (located.kind, located.record.uid)
        if key in seen:
            raise InvalidInputError(
                f"{located.path}.uid: '{located.record.uid}' is already the uid of {seen[key]}"
            )
        seen[key] = located.path


def _check_interviewers(application: ApplicationRecord, path: str) -> None:
    contacts = {contact.uid for contact in application.contacts}
    for number, interview in enumerate(application.interviews):
        listed: set[str] = set()
        for position, uid in enumerate(interview.interviewer_uids):
            where = f"{path}.interviews[{number}].interviewer_uids[{position}]"
            if uid not in contacts:
                raise InvalidInputError(
                    f"{where}: '{uid}' is not one of this application's contacts ({path}.contacts)"
                )
            if uid in listed:
                raise InvalidInputError(f"{where}: '{uid}' is listed twice")
            listed.add(uid)


def _check_status(application: ApplicationRecord, path: str) -> None:
    # The same invariants the services keep: an accepted process has an accepted offer,
    # and a process at the offer stage has an offer waiting for the user's decision.
    needed = {Status.ACCEPTED: OfferDecision.ACCEPTED, Status.OFFER: OfferDecision.PENDING}
    decision = needed.get(application.status)
    if decision is None or any(offer.decision is decision for offer in application.offers):
        return
    raise InvalidInputError(
        f"{path}.status: an application with status '{application.status.value}' needs an offer "
        f"whose decision is '{decision.value}' in {path}.offers"
    )


def _check_application_links(
    document: ExportDocument, stored_application_uids: Collection[str]
) -> None:
    known = {application.uid for application in document.applications}
    known.update(stored_application_uids)
    where = "in the file or in the database" if stored_application_uids else "in the file"
    linked = [
        *((f"journal[{i}]", entry.application_uid) for i, entry in enumerate(document.journal)),
        *((f"moods[{i}]", checkin.application_uid) for i, checkin in enumerate(document.moods)),
    ]
    for path, uid in linked:
        if uid is not None and uid not in known:
            raise InvalidInputError(
                f"{path}.application_uid: '{uid}' is not an application {where}"
            )


if __name__ == "__main__":  # python -m afterword.transfer.document > docs/export.schema.json
    print(json_schema_text(), end="")
