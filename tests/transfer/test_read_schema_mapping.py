"""The export's records and the read schemas are one shape: the mapping between them is whole.

A read schema is what the JSON API answers and `--json` prints; an export record is the same
row without what only makes sense in one database. transfer/document.py lists every read
field a record leaves out, and why; these tests hold the code to that list.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from afterword.mail.schemas import SentMessageRead
from afterword.offers.schemas import OfferRead
from afterword.pipeline.schemas import (
    ApplicationRead,
    ContactRead,
    FeedbackRead,
    InterviewRead,
    OutcomeRead,
    QuestionRead,
    StatusChangeRead,
)
from afterword.reflection.schemas import JournalRead, MoodRead
from afterword.transfer.document import RECORD_OF_READ, UNEXPORTED_READ_FIELDS
from afterword.transfer.json_export import build_document, export_json, load_applications
from afterword.transfer.json_import import import_json
from afterword.views.application_record import ApplicationDetail
from tests.transfer.test_json_roundtrip import EXPORTED_AT, build_rich_account, second_account

# Keys that name rows of one database: they differ after an import by design.
ROW_IDS = frozenset({"id", "application_id", "action_id"})


@pytest.mark.parametrize("read", list(RECORD_OF_READ), ids=lambda read: read.__name__)
def test_every_read_field_is_in_the_export_record_or_listed_with_a_reason(read: Any) -> None:
    record = RECORD_OF_READ[read]
    left_out = UNEXPORTED_READ_FIELDS[read]
    forgotten = [name for name in read.model_fields if name not in record.model_fields]
    assert sorted(set(forgotten) - set(left_out)) == []
    # The list says why a field is missing; a field the record has after all is no longer missing.
    assert sorted(set(left_out) - set(forgotten)) == []
    assert all(reason.strip() for reason in left_out.values())


def test_every_read_schema_of_an_application_child_has_an_export_record() -> None:
    children = {
        ContactRead,
        InterviewRead,
        QuestionRead,
        OutcomeRead,
        OfferRead,
        FeedbackRead,
        StatusChangeRead,
        SentMessageRead,
    }
    assert children | {ApplicationRead, JournalRead, MoodRead} <= set(RECORD_OF_READ)


def _account(session: Session, user_id: int) -> dict[str, Any]:
    """Everything the read schemas say about the account, in JSON form."""
    from afterword.transfer.json_export import load_journal, load_moods

    session.flush()
    applications = load_applications(session=session, user_id=user_id)
    return {
        "applications": [ApplicationDetail.of(row).model_dump(mode="json") for row in applications],
        "journal": [
            JournalRead.of(row).model_dump(mode="json")
            for row in load_journal(session=session, user_id=user_id)
        ],
        "moods": [
            MoodRead.of(row).model_dump(mode="json")
            for row in load_moods(session=session, user_id=user_id)
        ],
    }


def _without_row_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_row_ids(item) for key, item in value.items() if key not in ROW_IDS}
    if isinstance(value, list):
        return [_without_row_ids(item) for item in value]
    return value


def test_every_read_field_comes_back_the_same_after_an_export_and_an_import(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    build_rich_account(session, user_id, now)
    before = _account(session, user_id)
    path = tmp_path / "export.json"
    export_json(session=session, user_id=user_id, path=path, exported_at=EXPORTED_AT)

    other = second_account(session, now)
    import_json(session=session, user_id=other, path=path, now=now)
    after = _account(session, other)

    assert _without_row_ids(after) == _without_row_ids(before)
    # Links between rows survive as links to the new rows, not as the old ids.
    journal_links = {entry["application_id"] for entry in after["journal"]} - {None}
    assert journal_links <= {application["id"] for application in after["applications"]}


def _nested_records(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(item, dict) for item in value)


def test_a_field_both_shapes_have_holds_the_same_value_in_each(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    build_rich_account(session, user_id, now)
    session.flush()
    document = build_document(session=session, user_id=user_id, exported_at=EXPORTED_AT)
    rows = load_applications(session=session, user_id=user_id)
    pairs: list[tuple[Any, Any]] = []
    for row, record in zip(rows, document.applications, strict=True):
        detail = ApplicationDetail.of(row)
        pairs.append((ApplicationRead.of(row), record))
        for kind in ("contacts", "interviews", "outcomes", "offers", "feedback", "history"):
            pairs += zip(getattr(detail, kind), getattr(record, kind), strict=True)
        pairs += zip(detail.messages, record.messages, strict=True)
        for interview, interview_record in zip(detail.interviews, record.interviews, strict=True):
            pairs += zip(interview.questions, interview_record.questions, strict=True)
    assert {type(read) for read, _ in pairs} >= {
        ApplicationRead,
        ContactRead,
        InterviewRead,
        QuestionRead,
        OutcomeRead,
        OfferRead,
        FeedbackRead,
        StatusChangeRead,
        SentMessageRead,
    }
    for read, record in pairs:
        shown = read.model_dump(mode="json")
        exported = record.model_dump(mode="json")
        # Nested records (an interview's questions) are paired and compared on their own.
        shared = [name for name in shown if name in exported and not _nested_records(shown[name])]
        assert {name: shown[name] for name in shared} == {
            name: exported[name] for name in shared
        }, type(read).__name__
