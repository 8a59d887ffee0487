"""Restoring an export: the whole file is judged first, then every row is upserted by uid.

Nothing is written until the file has passed every check (JSON syntax, format
and version, each field, references between records, status invariants, and
how its uids fit the rows already stored). Writing happens in the caller's
session and is only flushed: the command commits, and any error rolls it all
back, so a failed import leaves the account exactly as it was.

Merging (the default) updates rows whose uid is known, inserts new ones and
keeps rows the file does not mention; history entries are append-only, so a
known one is never rewritten. Replacing first deletes the user's rows, so the
account ends up equal to the file.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError, NotFoundError
from afterword.mail.models import SentMessage
from afterword.offers.models import Offer
from afterword.pipeline.models import (
    Application,
    ApplicationTag,
    Contact,
    Feedback,
    Interview,
    InterviewQuestion,
    Outcome,
    StatusChange,
)
from afterword.playbook.models import ActionState, PlannedAction
from afterword.profile.models import User
from afterword.profile.service import update_profile
from afterword.reflection.models import JournalEntry, MoodCheckin
from afterword.transfer.document import (
    FORMAT,
    KINDS,
    VERSION,
    ApplicationRecord,
    ExportDocument,
    InterviewRecord,
    JournalRecord,
    Located,
    MoodRecord,
    Record,
    check_consistency,
    walk,
)
from afterword.transfer.json_export import (
    load_applications,
    load_journal,
    load_moods,
    profile_record,
)
from afterword.transfer.loop_transfer import delete_loop, import_loop


@dataclass
class KindCounts:
    """How an import treated the records of one kind."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    def __str__(self) -> str:
        """Says the non-zero counts, e.g. '2 created, 5 unchanged'."""
        parts = [(self.created, "created"), (self.updated, "updated")]
        parts += [(self.unchanged, "unchanged"), (self.removed, "removed")]
        return ", ".join(f"{count} {label}" for count, label in parts if count)


@dataclass
class ImportSummary:
    """What an import did, per kind of record ('profile', 'applications', ... 'moods')."""

    counts: dict[str, KindCounts]
    replaced: bool
    imported_at: dt.datetime

    @property
    def changed(self) -> bool:
        """Tells whether the import created, updated or removed anything."""
        return any(c.created or c.updated or c.removed for c in self.counts.values())

    def __str__(self) -> str:
        """Says the counts of each kind with any, e.g. 'applications: 2 created, 1 unchanged'."""
        described = [f"{kind}: {counts}" for kind, counts in self.counts.items() if str(counts)]
        return "; ".join(described) or "the file holds no records"


@dataclass(frozen=True)
class _StoredRow:
    row: Any
    parent_uid: str | None


@dataclass
class _Stored:
    """The rows the account already has, by kind and uid, loaded once for checks and writing."""

    rows: dict[str, dict[str, _StoredRow]] = field(
        default_factory=lambda: {kind: {} for kind in KINDS}
    )
    application_uids: dict[int, str] = field(default_factory=dict)
    actions: dict[str, PlannedAction] = field(default_factory=dict)  # by key

    def applications(self) -> dict[str, Application]:
        """The stored applications by uid."""
        return {uid: stored.row for uid, stored in self.rows["applications"].items()}


def read_document(path: str | os.PathLike[str]) -> ExportDocument:
    """Reads an export file and validates every field; raises InvalidInputError if it is not one."""
    source = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise InvalidInputError(f"cannot read {source}: {error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")  # tolerate the byte-order mark some editors add
    except UnicodeDecodeError as error:
        raise InvalidInputError(f"{source} is not UTF-8 text (byte {error.start})") from None
    return parse_document(text, source=source)


def parse_document(text: str, *, source: str) -> ExportDocument:
    """Parses the text of an export file; `source` names the file in error messages."""
    _check_depth(text, source)
    try:
        data = json.loads(
            text,
            parse_constant=functools.partial(_refuse_constant, source=source),
            parse_int=functools.partial(_bounded_int, source=source),
            parse_float=functools.partial(_bounded_float, source=source),
        )
    except json.JSONDecodeError as error:
        raise InvalidInputError(
            f"{source} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    _check_format(data, source)
    try:
        return ExportDocument.model_validate(data)
    except ValidationError as error:
        raise InvalidInputError(describe_problem(error)) from None


# An export nests six levels deep; anything much deeper is not one (and Python's parser would
# run out of stack on a few thousand levels).
MAX_DEPTH = 32
# No number in an export has more digits than this (ids, amounts in whole units, years).
MAX_NUMBER_DIGITS = 20
_BRACKETS_AND_STRINGS = re.compile(r'[\[\]{}]|"(?:[^"\\]|\\.)*"')


def _check_depth(text: str, source: str) -> None:
    """Refuses JSON nested deeper than MAX_DEPTH, in one linear pass (strings skipped)."""
    depth = 0
    for token in _BRACKETS_AND_STRINGS.finditer(text):
        mark = token.group(0)
        if mark in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise InvalidInputError(
                    f"{source} is not an afterword export: its data is nested more than "
                    f"{MAX_DEPTH} levels deep"
                )
        elif mark in "]}":
            depth -= 1


def _bounded_int(text: str, *, source: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise InvalidInputError(
            f"{source}: the number {text[:12]}… has {len(text)} digits; no value in an "
            "afterword export is that large"
        )
    return int(text)


def _bounded_float(text: str, *, source: str) -> float:
    value = float(text)
    if len(text) > 64 or value in (float("inf"), float("-inf")):
        raise InvalidInputError(f"{source}: the number {text[:12]}… is too large for afterword")
    return value


def describe_problem(error: ValidationError) -> str:
    """Turns pydantic's first problem into one line led by its JSON path ('moods[2].mood: ...')."""
    problems = error.errors()
    first = problems[0]
    message = first["msg"].removeprefix("Value error, ")
    message = message[:1].lower() + message[1:]
    value = first.get("input")
    shown = _shown_input(value)
    if shown and str(value) not in message:  # value errors often quote the value already
        message += f" (got {shown})"
    if len(problems) > 1:
        others = len(problems) - 1
        message += f" (and {others} more problem{'s' if others > 1 else ''})"
    where = json_path(first["loc"])
    return f"{where}: {message}" if where else message


def json_path(location: Iterable[int | str]) -> str:
    """Writes a pydantic location as a JSON path, e.g. 'applications[3].offers[0].currency'."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not part.startswith("function-"):  # validator wrappers, not places in the file
            path += f".{part}" if path else part
    return path


def import_json(
    *,
    session: Session,
    user_id: int,
    path: str | os.PathLike[str],
    now: dt.datetime,
    replace: bool = False,
) -> ImportSummary:
    """Imports an export file into the user's account: merged by uid, or replacing everything."""
    document = read_document(path)
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"there is no user with id {user_id}")
    stored = _load_stored(session=session, user_id=user_id)
    # When replacing, nothing stored survives, so the file must stand on its own.
    stored_application_uids = () if replace else stored.rows["applications"].keys()
    check_consistency(document, stored_application_uids=stored_application_uids)
    if not replace:
        _check_parents(document, stored)
    counts = _count_changes(document, stored, user=user, replace=replace)
    if replace:
        delete_loop(session=session, user_id=user_id)
        _delete_account_rows(session, stored)
        stored = _Stored()
    if document.profile is not None:
        update_profile(session=session, user=user, fields=document.profile)
    _write_applications(session=session, user_id=user_id, document=document, stored=stored)
    _write_reflections(session=session, user_id=user_id, document=document, stored=stored)
    import_loop(session=session, user_id=user_id, section=document.reflection_loop)
    _write_agenda(session=session, user_id=user_id, document=document, stored=stored, now=now)
    _write_inbox(
        session=session, user_id=user_id, document=document, stored=stored, replace=replace
    )
    session.flush()
    return ImportSummary(counts=counts, replaced=replace, imported_at=now)


def _refuse_constant(name: str, *, source: str) -> Any:
    # Python's json reads NaN and Infinity, which JSON itself does not allow.
    raise InvalidInputError(f"{source} is not valid JSON: {name} is not a JSON number")


def _check_format(data: object, source: str) -> None:
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "null"
        raise InvalidInputError(f"{source} is not an afterword export: it holds a JSON {kind}")
    found = data.get("format")
    if found != FORMAT:
        what = "has no format" if found is None else "has the format"
        what += f" {json.dumps(FORMAT if found is None else found)}"
        raise InvalidInputError(f"{source} is not an afterword export: it {what}")
    version = data.get("version")
    if version is not None and version != VERSION:
        raise InvalidInputError(
            f"{source} is an afterword export of version {json.dumps(version)}; "
            f"this afterword reads version {VERSION}"
        )


def _shown_input(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 60 else shown[:57] + '..."'


def _load_stored(*, session: Session, user_id: int) -> _Stored:
    stored = _Stored()
    for application in load_applications(session=session, user_id=user_id):
        stored.application_uids[application.id] = application.uid
        stored.rows["applications"][application.uid] = _StoredRow(application, None)
        for kind in ApplicationRecord.children:
            for child in getattr(application, kind):
                stored.rows[kind][child.uid] = _StoredRow(child, application.uid)
        for interview in application.interviews:
            for question in interview.questions:
                stored.rows["questions"][question.uid] = _StoredRow(question, interview.uid)
    for entry in load_journal(session=session, user_id=user_id):
        stored.rows["journal"][entry.uid] = _StoredRow(entry, None)
    for checkin in load_moods(session=session, user_id=user_id):
        stored.rows["moods"][checkin.uid] = _StoredRow(checkin, None)
    actions = session.scalars(sa.select(PlannedAction).where(PlannedAction.user_id == user_id))
    stored.actions = {action.key: action for action in actions}
    return stored


def _check_parents(document: ExportDocument, stored: _Stored) -> None:
    # Merging never moves a stored row to another parent: its old parent's other rows
    # (interviewers, questions) would then point across applications.
    for located in walk(document):
        found = stored.rows[located.kind].get(located.record.uid)
        if found is not None and found.parent_uid != located.parent_uid:
            parent = "interview" if located.kind == "questions" else "application"
            raise InvalidInputError(
                f"{located.path}.uid: '{located.record.uid}' belongs to another {parent} "
                f"('{found.parent_uid}') in the database"
            )


def _count_changes(
    document: ExportDocument, stored: _Stored, *, user: User, replace: bool
) -> dict[str, KindCounts]:
    counts = {kind: KindCounts() for kind in ("profile", *KINDS)}
    if document.profile is not None:
        same = profile_record(user).model_dump() == document.profile.model_dump()
        counts["profile"] = KindCounts(updated=int(not same), unchanged=int(same))
    seen: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for located in walk(document):
        seen[located.kind].add(located.record.uid)
        _count_one(counts[located.kind], located, stored, replace=replace)
    if replace:
        for kind in KINDS:
            counts[kind].removed = len(stored.rows[kind].keys() - seen[kind])
    return counts


def _count_one(counts: KindCounts, located: Located, stored: _Stored, *, replace: bool) -> None:
    found = stored.rows[located.kind].get(located.record.uid)
    if found is None:
        counts.created += 1
    elif located.kind == "history" and not replace:
        counts.unchanged += 1  # append-only: a known entry is kept as stored
    elif _differs(found.row, located.record, stored):
        counts.updated += 1
    else:
        counts.unchanged += 1


def _differs(row: Any, record: Record, stored: _Stored) -> bool:
    """Tells whether the record would change the stored row's own fields (children aside)."""
    for name in record.column_fields():
        if getattr(row, name) != getattr(record, name):  # aware datetimes compare as instants
            return True
    if isinstance(record, ApplicationRecord):
        return bool(row.tag_names != record.tags)
    if isinstance(record, InterviewRecord):
        return sorted(c.uid for c in row.interviewers) != sorted(record.interviewer_uids)
    if isinstance(record, JournalRecord | MoodRecord):
        linked = stored.application_uids.get(row.application_id) if row.application_id else None
        return linked != record.application_uid
    return False


def _delete_account_rows(session: Session, stored: _Stored) -> None:
    # Through the ORM rather than bulk DELETEs: cascades then reach every child, and the
    # session forgets the deleted rows (SQLite may hand their ids to the new ones).
    for kind in ("applications", "journal", "moods"):
        for found in stored.rows[kind].values():
            session.delete(found.row)
    for action in stored.actions.values():
        session.delete(action)
    session.flush()


def _write_applications(
    *, session: Session, user_id: int, document: ExportDocument, stored: _Stored
) -> None:
    applications = stored.applications()
    for record in document.applications:
        application = applications.get(record.uid)
        if application is None:
            application = Application(user_id=user_id, uid=record.uid)
            session.add(application)
            applications[record.uid] = application
        _write_application(application, record, stored)
    session.flush()  # journal entries and moods refer to applications by id
    stored.application_uids = {application.id: uid for uid, application in applications.items()}


def _write_application(
    application: Application, record: ApplicationRecord, stored: _Stored
) -> None:
    user_id = application.user_id
    _assign(application, record)
    wanted = set(record.tags)
    have = set(application.tag_names)
    application.tags = [tag for tag in application.tags if tag.name in wanted] + [
        ApplicationTag(name=name, user_id=user_id) for name in sorted(wanted - have)
    ]
    _upsert(
        application,
        "contacts",
        record.contacts,
        stored.rows["contacts"],
        functools.partial(Contact, user_id=user_id),
    )
    contacts = {contact.uid: contact for contact in application.contacts}

    def write_interview(interview: Interview, interview_record: InterviewRecord) -> None:
        _assign(interview, interview_record)
        interviewers = [contacts[uid] for uid in interview_record.interviewer_uids]
        _set_children(interview, "interviewers", interviewers)
        _upsert(
            interview,
            "questions",
            interview_record.questions,
            stored.rows["questions"],
            functools.partial(InterviewQuestion, user_id=user_id),
        )

    _upsert(
        application,
        "interviews",
        record.interviews,
        stored.rows["interviews"],
        functools.partial(Interview, user_id=user_id),
        write=write_interview,
    )
    for kind, model in (
        ("outcomes", Outcome),
        ("offers", Offer),
        ("feedback", Feedback),
        ("messages", SentMessage),
    ):
        _upsert(
            application,
            kind,
            getattr(record, kind),
            stored.rows[kind],
            functools.partial(model, user_id=user_id),
        )
    known = stored.rows["history"]
    new_history = [
        _assigned(StatusChange(user_id=user_id, uid=change.uid), change)
        for change in record.history
        if change.uid not in known  # append-only: a stored entry is never rewritten
    ]
    _set_children(application, "history", [*application.history, *new_history])


def _upsert(
    parent: Any,
    kind: str,
    records: Sequence[Record],
    stored: dict[str, _StoredRow],
    make: Callable[[], Any],
    *,
    write: Callable[[Any, Any], None] | None = None,
) -> None:
    """Sets a parent's children of one kind: the file's rows (updated or made), then the
    stored rows the file does not mention (which merging keeps)."""
    rows: list[Any] = []
    for record in records:
        found = stored.get(record.uid)
        row = found.row if found is not None else make()
        if found is None:
            row.uid = record.uid
        (write or _assign)(row, record)
        rows.append(row)
    in_file = {record.uid for record in records}
    _set_children(
        parent, kind, rows + [row for row in getattr(parent, kind) if row.uid not in in_file]
    )


def _set_children(parent: Any, kind: str, rows: list[Any]) -> None:
    # Replacing a collection costs the ORM a full comparison at flush; re-importing a
    # large unchanged file should not pay it for every parent.
    if {id(row) for row in rows} != {id(row) for row in getattr(parent, kind)}:
        setattr(parent, kind, rows)


def _write_reflections(
    *, session: Session, user_id: int, document: ExportDocument, stored: _Stored
) -> None:
    ids = {uid: application_id for application_id, uid in stored.application_uids.items()}
    makers: list[tuple[str, list[Any], Callable[[], Any]]] = [
        ("journal", document.journal, functools.partial(JournalEntry, user_id=user_id)),
        ("moods", document.moods, functools.partial(MoodCheckin, user_id=user_id)),
    ]
    for kind, records, make in makers:
        for record in records:
            found = stored.rows[kind].get(record.uid)
            row = found.row if found is not None else make()
            if found is None:
                row.uid = record.uid
                session.add(row)
            _assign(row, record)
            row.application_id = ids[record.application_uid] if record.application_uid else None


def _write_agenda(
    *, session: Session, user_id: int, document: ExportDocument, stored: _Stored, now: dt.datetime
) -> None:
    """Restores the user's decisions about actions, matched by key (the situation they answer)."""
    ids = {uid: application_id for application_id, uid in stored.application_uids.items()}
    for record in document.agenda:
        row = stored.actions.get(record.key)
        if row is None:
            row = PlannedAction(user_id=user_id, key=record.key, priority=2, created_at=now)
            session.add(row)
            stored.actions[record.key] = row
        row.kind = record.kind
        row.rule = record.rule
        row.application_id = ids.get(record.application_uid) if record.application_uid else None
        row.due = record.due
        row.reason = record.reason
        row.state = ActionState(record.state)
        row.settled_on = record.settled_on
        row.snoozed_until = record.snoozed_until
        row.withdrawn_reason = None
        row.done_note = record.done_note
        # What the action recorded is part of the restored records; undoing it from here
        # could not know what to take back.
        row.effect_json = None
        row.updated_at = now


def _write_inbox(
    *, session: Session, user_id: int, document: ExportDocument, stored: _Stored, replace: bool
) -> None:
    """Restores the inbox ledger, matched by uid or by what identifies the message.

    A message the account has already read under another uid (the same mailbox imported
    on both sides) keeps its row: the ledger's key is the message, not the export.
    """
    from afterword.inbox.models import IngestedMessage
    from afterword.transfer.json_export import INBOX_COLUMNS

    if not document.inbox and not replace:
        return
    rows = list(
        session.scalars(sa.select(IngestedMessage).where(IngestedMessage.user_id == user_id))
    )
    if replace:
        for row in rows:
            session.delete(row)
        session.flush()
        rows = []
    by_uid = {row.uid: row for row in rows}
    by_identity = {row.identity: row for row in rows}
    ids = {uid: application_id for application_id, uid in stored.application_uids.items()}
    for record in document.inbox:
        found = by_uid.get(record.uid) or by_identity.get(record.identity)
        row = found if found is not None else IngestedMessage(user_id=user_id, uid=record.uid)
        if found is None:
            session.add(row)
            by_uid[record.uid] = by_identity[record.identity] = row
        for name in INBOX_COLUMNS:
            if name == "uid":
                continue  # a row found by its message keeps its own uid
            value = getattr(record, name)
            if isinstance(value, dt.datetime):
                value = value.astimezone(dt.UTC)
            setattr(row, name, value)
        row.application_id = ids.get(record.application_uid) if record.application_uid else None
        candidates = [ids[uid] for uid in record.candidate_uids or () if uid in ids]
        row.candidates = candidates or None


def _assign(row: Any, record: Record) -> None:
    for name in record.column_fields():
        value = getattr(record, name)
        if isinstance(value, dt.datetime):
            value = value.astimezone(dt.UTC)  # the row reads back as UTC; keep it so in the session
        if getattr(row, name) != value:  # an equal value would only add work to the flush
            setattr(row, name, value)


def _assigned(row: StatusChange, record: Record) -> StatusChange:
    _assign(row, record)
    return row
