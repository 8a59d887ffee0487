"""A JSON import that cannot be used says why in one line and changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from afterword.db.base import Base
from afterword.errors import InvalidInputError
from afterword.storage.session import session_scope
from afterword.transfer.json_export import build_document, document_json, export_json
from afterword.transfer.json_import import import_json
from tests.transfer.test_json_roundtrip import EXPORTED_AT, build_rich_account

Edit = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Edit:
    """An edit that sets one value, addressed like 'applications.5.offers.0.base_salary'."""

    def edit(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return edit


def _move_contact_to_another_application(data: dict[str, Any]) -> None:
    data["applications"][1]["contacts"].append(data["applications"][0]["contacts"].pop(0))
    interviews = data["applications"][0]["interviews"]
    moved = data["applications"][1]["contacts"][-1]["uid"]
    for interview in interviews:
        interview["interviewer_uids"] = [
            uid for uid in interview["interviewer_uids"] if uid != moved
        ]


def _duplicate_question_uid(data: dict[str, Any]) -> None:
    questions = data["applications"][0]["interviews"][0]["questions"]
    questions[1]["uid"] = questions[0]["uid"]


# (name, edit of the exported document, words the one-line message must contain)
INVALID_DOCUMENTS: list[tuple[str, Edit, str]] = [
    (
        "wrong_format",
        _set("format", "someone-else.export"),
        'is not an afterword export: it has the format "someone-else.export"',
    ),
    (
        "wrong_version",
        _set("version", 2),
        "is an afterword export of version 2; this afterword reads version 1",
    ),
    (
        "bad_offer_field",
        _set("applications.5.offers.0.base_salary", "lots"),
        "applications[5].offers[0].base_salary: input should be a valid integer, "
        'unable to parse string as an integer (got "lots")',
    ),
    (
        "bad_currency",
        _set("applications.0.offers.0.currency", "dollars"),
        "applications[0].offers[0].currency: "
        "'dollars' is not a three-letter currency code such as USD, EUR or GBP",
    ),
    (
        "naive_instant",
        _set("applications.1.history.2.at", "2026-11-02T10:00:00"),
        "applications[1].history[2].at: input should have timezone info",
    ),
    (
        "unknown_field",
        _set("applications.0.contacts.0.nickname", "Zo"),
        "applications[0].contacts[0].nickname: extra inputs are not permitted",
    ),
    (
        "bad_question",
        _set("applications.0.interviews.0.questions.1.text", " "),
        "applications[0].interviews[0].questions[1].text: must not be empty",
    ),
    (
        "both_timelines",
        _set("applications.0.interviews.0.decision_by", "2026-12-01"),
        "applications[0].interviews[0]: "
        "give the decision timeline as a date or as a span, not both",
    ),
    (
        "dangling_interviewer",
        _set("applications.0.interviews.1.interviewer_uids", ["no-such-contact"]),
        "applications[0].interviews[1].interviewer_uids[0]: 'no-such-contact' is not one of this "
        "application's contacts",
    ),
    (
        "accepted_without_accepted_offer",
        _set("applications.0.offers.0.decision", "declined"),
        "applications[0].status: an application with status 'accepted' "
        "needs an offer whose decision is 'accepted' in applications[0].offers",
    ),
    (
        "offer_without_pending_offer",
        _set("applications.2.offers", []),
        "applications[2].status: an application with status 'offer' "
        "needs an offer whose decision is 'pending'",
    ),
    ("duplicate_uid", _duplicate_question_uid, "applications[0].interviews[0].questions[1].uid: '"),
    (
        "unknown_application_of_a_mood",
        _set("moods.1.application_uid", "gone"),
        "moods[1].application_uid: 'gone' is not an application in the file or in the database",
    ),
    (
        "contact_moved_between_applications",
        _move_contact_to_another_application,
        "applications[1].contacts[0].uid: '",
    ),
]


@pytest.fixture
def exported(session, user_id, now, tmp_path) -> Path:
    """A committed rich account and its export."""
    build_rich_account(session, user_id, now)
    path = tmp_path / "export.json"
    export_json(session=session, user_id=user_id, path=path, exported_at=EXPORTED_AT)
    session.commit()
    return path


@pytest.mark.parametrize(
    ("edit", "expected"),
    [case[1:] for case in INVALID_DOCUMENTS],
    ids=[case[0] for case in INVALID_DOCUMENTS],
)
def test_json_import_of_an_invalid_document_says_where_and_changes_nothing(
    database_url, user_id, now, exported, edit, expected
):
    data = json.loads(exported.read_text(encoding="utf-8"))
    edit(data)
    exported.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")

    message = _refused(database_url, user_id, now, exported)

    assert expected in message


@pytest.mark.parametrize("replace", [False, True], ids=["merge", "replace"])
def test_json_import_of_broken_json_names_line_and_column(
    database_url, user_id, now, exported, replace
):
    text = exported.read_text(encoding="utf-8").replace('"version": 1,', '"version": 1', 1)
    exported.write_text(text, encoding="utf-8")

    message = _refused(database_url, user_id, now, exported, replace=replace)

    assert message == (f"{exported} is not valid JSON: Expecting ',' delimiter at line 4, column 3")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"[1, 2]", "is not an afterword export: it holds a JSON list"),
        (b'{"version": 1}', 'is not an afterword export: it has no format "afterword.export"'),
        (b'{"format": "afterword.export", "version": 1}', "exported_at: field required"),
        (b"\xff\xfe{}", "is not UTF-8 text (byte 0)"),
        (
            b'{"format": "afterword.export", "version": 1, "exported_at": "2026-12-24T09:30:00Z", '
            b'"moods": [{"uid": "m", "at": "2026-12-24T09:30:00Z", "mood": NaN}]}',
            "is not valid JSON: NaN is not a JSON number",
        ),
    ],
    ids=["list", "no_format", "no_exported_at", "not_utf8", "nan"],
)
def test_json_import_of_something_else_is_refused(
    database_url, user_id, now, exported, content, expected
):
    exported.write_bytes(content)

    assert expected in _refused(database_url, user_id, now, exported)


def test_json_import_of_a_missing_file_is_refused(database_url, user_id, now, exported, tmp_path):
    assert _refused(database_url, user_id, now, tmp_path / "nowhere.json") == (
        f"cannot read {tmp_path / 'nowhere.json'}: No such file or directory"
    )


def test_json_import_reports_the_first_problem_and_how_many_more(
    database_url, user_id, now, exported
):
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["moods"][0]["mood"] = 9
    data["moods"][1]["mood"] = 0
    exported.write_text(json.dumps(data), encoding="utf-8")

    message = _refused(database_url, user_id, now, exported)

    assert (
        message
        == "moods[0].mood: input should be less than or equal to 5 (got 9) (and 1 more problem)"
    )


def _refused(database_url: str, user_id: int, now, path: Path, *, replace: bool = False) -> str:
    """Imports as the command line does (commit or roll back); returns the error message.

    Also checks that the account is exactly as before, read through a fresh session.
    """
    before = _snapshot(database_url, user_id)
    with pytest.raises(InvalidInputError) as refused, session_scope(database_url) as session:
        import_json(session=session, user_id=user_id, path=path, now=now, replace=replace)
    assert _snapshot(database_url, user_id) == before
    message = str(refused.value)
    assert "\n" not in message
    return message


def _snapshot(database_url: str, user_id: int) -> tuple[str, dict[str, int]]:
    with session_scope(database_url) as session:
        document = document_json(
            build_document(session=session, user_id=user_id, exported_at=EXPORTED_AT)
        )
        counts = {
            table.name: session.scalar(sa.select(sa.func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }
    return document, counts
