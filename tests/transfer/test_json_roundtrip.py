"""Exporting an account to JSON and importing it back, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError
from afterword.mail.models import DeliveryRoute, SentMessage
from afterword.offers.schemas import OfferTerms
from afterword.offers.service import decide_offer, record_news, record_offer
from afterword.pipeline.applications import add_application, reopen_application
from afterword.pipeline.contacts import add_contact
from afterword.pipeline.interviews import log_interview, record_debrief
from afterword.pipeline.models import ContactRole, InterviewKind, SalaryPeriod
from afterword.pipeline.outcomes import add_feedback
from afterword.pipeline.schemas import (
    ApplicationFields,
    ContactFields,
    FeedbackFields,
    InterviewFields,
    OutcomeFields,
    QuestionFields,
)
from afterword.pipeline.status import OfferDecision, OutcomeKind
from afterword.profile.models import User
from afterword.profile.schemas import ProfileFields
from afterword.profile.service import get_or_create_user, update_profile
from afterword.reflection.models import JournalEntry
from afterword.reflection.schemas import JournalFields, MoodFields
from afterword.reflection.service import add_journal_entry, add_mood
from afterword.storage.migrate import upgrade
from afterword.storage.session import session_scope
from afterword.transfer.document import KINDS, json_schema, json_schema_text
from afterword.transfer.json_export import build_document, document_json, export_json
from afterword.transfer.json_import import import_json

EXPORTED_AT = dt.datetime(2026, 12, 24, 9, 30, tzinfo=dt.UTC)
DOCS = Path(__file__).resolve().parents[2] / "docs"
ZOE = "Zoë Ñúñez 李"


def build_rich_account(session: Session, user_id: int, now: dt.datetime) -> dict[str, int]:
    """Fills an account through the services with every kind of row; returns application ids."""
    user = session.get(User, user_id)
    assert user is not None
    update_profile(
        session=session,
        user=user,
        fields=ProfileFields(
            name=ZOE,
            email="zoe@example.org",
            signature="Zoë\n— sent from afterword",
            timezone="Europe/Madrid",
            country="es",
        ),
    )
    clock = iter(now + dt.timedelta(hours=hours) for hours in range(1000))
    apps = {
        "accepted": _accepted_offer(session, user_id, clock),
        "reopened": _reopened_then_declined(session, user_id, clock),
        "pending": _pending_offer(session, user_id, clock),
    }
    for kind, company in [
        (OutcomeKind.GHOSTED, "Silent Systems"),
        (OutcomeKind.WITHDRAWN, "Left Early Ltd"),
    ]:
        app = _apply(session, user_id, clock, company=company, role="Engineer")
        record_news(
            session=session,
            user_id=user_id,
            application_id=app,
            fields=OutcomeFields(kind=kind, occurred_on=dt.date(2026, 11, 30)),
            now=next(clock),
        )
        apps[kind.value] = app
    for decision, company in [
        (OfferDecision.EXPIRED, "Slow Co"),
        (OfferDecision.RESCINDED, "Budget Cut Inc"),
    ]:
        app = _apply(session, user_id, clock, company=company, role="Developer")
        offer = record_offer(
            session=session,
            user_id=user_id,
            application_id=app,
            terms=OfferTerms(base_salary=90_000, currency="EUR"),
            received_on=dt.date(2026, 11, 20),
            now=next(clock),
        )
        decide_offer(
            session=session,
            user_id=user_id,
            offer_id=offer.id,
            decision=decision,
            decided_on=dt.date(2026, 11, 27),
            now=next(clock),
        )
        apps[decision.value] = app
    add_journal_entry(
        session=session,
        user_id=user_id,
        now=next(clock),
        fields=JournalFields(text="Nervous before the panel.\nSlept badly — 😬"),
    )
    add_journal_entry(
        session=session,
        user_id=user_id,
        now=next(clock),
        application_id=apps["accepted"],
        fields=JournalFields(text=f"{ZOE} was kind; I think it went well."),
    )
    add_mood(
        session=session, user_id=user_id, now=next(clock), fields=MoodFields(mood=2, note="tired")
    )
    add_mood(
        session=session,
        user_id=user_id,
        now=next(clock),
        application_id=apps["reopened"],
        fields=MoodFields(mood=5),
    )
    session.add(
        SentMessage(
            user_id=user_id,
            application_id=apps["accepted"],
            template="thank_recruiter",
            route=DeliveryRoute.SMTP,
            to_name=ZOE,
            to_email="zoe.recruiter@example.org",
            subject="Thank you — Staff Engineer interview",
            body=f"Hi {ZOE},\n\nThank you for organising the interviews.\n",
            message_id="<thanks-1@example.org>",
            at=next(clock),
        )
    )
    _reflection_loop(session, user_id, apps["accepted"], next(clock))
    session.flush()
    return apps


def _reflection_loop(session: Session, user_id: int, app: int, at: dt.datetime) -> None:
    """One row of every reflection-loop kind, through the services."""
    from afterword.offers.salary_service import set_research
    from afterword.reflection.goals import set_goals
    from afterword.reflection.plan_service import choose_move, review_plan
    from afterword.reflection.practice import add_question, rate_practice, write_answer
    from afterword.reflection.reflections import add_reflection
    from afterword.reflection.schemas import PlanMoveFields, ReflectionFields

    add_reflection(
        session=session,
        user_id=user_id,
        application_id=app,
        fields=ReflectionFields(went_well="The panel", out_of_my_hands="Timing — 😬"),
        now=at,
    )
    choose_move(
        session=session,
        user_id=user_id,
        fields=PlanMoveFields.model_validate(
            {
                "move": "build",
                "why": "Design depth",
                "steps": [{"text": "Practise", "due": at.date()}],
            }
        ),
        today=at.date(),
        now=at,
        application_id=app,
    )
    review_plan(session=session, user_id=user_id, today=at.date(), now=at, note="Keep going")
    card = add_question(session=session, user_id=user_id, text="Design a queue", now=at)
    write_answer(session=session, user_id=user_id, card_id=card.id, text="Start small", now=at)
    rate_practice(session=session, user_id=user_id, card_id=card.id, rating=3, now=at)
    set_goals(session=session, user_id=user_id, changes={"aim": "Staff engineer"}, now=at)
    set_research(
        session=session,
        user_id=user_id,
        application_id=app,
        currency="EUR",
        low=90_000,
        high=100_000,
        walk_away=85_000,
        sources="Peers",
        now=at,
    )


def _apply(session: Session, user_id: int, clock, **fields) -> int:
    return add_application(
        session=session, user_id=user_id, fields=ApplicationFields(**fields), now=next(clock)
    ).id


def _accepted_offer(session: Session, user_id: int, clock) -> int:
    app = _apply(
        session,
        user_id,
        clock,
        company=f"{ZOE} GmbH",
        role="Staff Engineer",
        link="jobs.example.com/42",
        source="referral",
        location="Madrid / remote",
        salary_min=80_000,
        salary_max=110_000,
        salary_currency="eur",
        salary_period=SalaryPeriod.YEAR,
        interest=5,
        notes="Line one\nLine two ✓",
        applied_on=dt.date(2026, 10, 1),
        tags=["Remote", "dream job", "referral"],
    )
    recruiter = add_contact(
        session=session,
        user_id=user_id,
        application_id=app,
        now=next(clock),
        fields=ContactFields(name=ZOE, email="zoe@zn.example", phone="+34 600 000 000"),
    )
    manager = add_contact(
        session=session,
        user_id=user_id,
        application_id=app,
        now=next(clock),
        fields=ContactFields(name="Hana", role=ContactRole.HIRING_MANAGER, notes="calm"),
    )
    first = log_interview(
        session=session,
        user_id=user_id,
        application_id=app,
        now=next(clock),
        fields=InterviewFields(
            kind=InterviewKind.TECHNICAL,
            timezone="Europe/Madrid",
            duration_minutes=60,
            location="Video call",
            scheduled_at=dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        ),
        interviewer_ids=[manager.id],
        new_interviewers=[ContactFields(name="Ada Lovelace")],
    )
    record_debrief(
        session=session,
        user_id=user_id,
        interview_id=first.id,
        now=next(clock),
        changes={
            "self_rating": 4,
            "went_well": "system design",
            "went_badly": "nerves",
            "notes": "ask about on-call",
            "decision_within": 3,
            "decision_within_unit": "business_days",
            "further_round_expected": True,
            "still_interested": True,
        },
        questions=[
            QuestionFields(
                text="Design a rate limiter", went_well=True, answer_notes="token bucket"
            ),
            QuestionFields(text="Biggest failure?", went_well=False),
        ],
    )
    second = log_interview(
        session=session,
        user_id=user_id,
        application_id=app,
        now=next(clock),
        fields=InterviewFields(kind=InterviewKind.FINAL),
        interviewer_ids=[recruiter.id],
    )
    record_debrief(
        session=session,
        user_id=user_id,
        interview_id=second.id,
        now=next(clock),
        changes={"decision_by": dt.date(2026, 11, 20)},
    )
    offer = record_offer(
        session=session,
        user_id=user_id,
        application_id=app,
        received_on=dt.date(2026, 11, 18),
        now=next(clock),
        terms=OfferTerms(
            base_salary=105_000,
            currency="EUR",
            bonus_percent=12.5,
            sign_on=10_000,
            equity_value=40_000,
            vesting_schedule="10, 20, 30, 40",
            vesting_cliff_months=12,
            start_date=dt.date(2027, 1, 11),
            level="L6",
            location="Madrid",
            deadline=dt.date(2026, 11, 25),
            extended_deadline=dt.date(2026, 11, 28),
            notes="Relocation help ✓",
        ),
    )
    decide_offer(
        session=session,
        user_id=user_id,
        offer_id=offer.id,
        decision=OfferDecision.ACCEPTED,
        decided_on=dt.date(2026, 11, 26),
        now=next(clock),
    )
    add_feedback(
        session=session,
        user_id=user_id,
        application_id=app,
        now=next(clock),
        fields=FeedbackFields(received_on=dt.date(2026, 11, 19), text="Strong design skills."),
    )
    return app


def _reopened_then_declined(session: Session, user_id: int, clock) -> int:
    app = _apply(session, user_id, clock, company="Ñandú Labs", role="Backend Engineer")
    record_news(
        session=session,
        user_id=user_id,
        application_id=app,
        now=next(clock),
        fields=OutcomeFields(
            kind=OutcomeKind.REJECTION,
            occurred_on=dt.date(2026, 10, 20),
            note="went with an internal candidate ",
        ),
    )
    add_feedback(
        session=session,
        user_id=user_id,
        application_id=app,
        now=next(clock),
        fields=FeedbackFields(received_on=dt.date(2026, 10, 21), text="Needs more Go."),
    )
    reopen_application(
        session=session,
        user_id=user_id,
        application_id=app,
        now=next(clock),
        role="Platform Engineer",
        note="new team",
    )
    record_news(
        session=session,
        user_id=user_id,
        application_id=app,
        now=next(clock),
        fields=OutcomeFields(
            kind=OutcomeKind.HIRING_MANAGER_CHAT, occurred_on=dt.date(2026, 11, 3)
        ),
    )
    record_news(
        session=session,
        user_id=user_id,
        application_id=app,
        now=next(clock),
        fields=OutcomeFields(kind=OutcomeKind.MORE_INTERVIEWS, occurred_on=dt.date(2026, 11, 5)),
    )
    offer = record_offer(
        session=session,
        user_id=user_id,
        application_id=app,
        received_on=dt.date(2026, 11, 9),
        now=next(clock),
        terms=OfferTerms(base_salary=95_000, currency="GBP", bonus_amount=5_000),
    )
    decide_offer(
        session=session,
        user_id=user_id,
        offer_id=offer.id,
        decision=OfferDecision.DECLINED,
        decided_on=dt.date(2026, 11, 12),
        now=next(clock),
    )
    return app


def _pending_offer(session: Session, user_id: int, clock) -> int:
    app = _apply(session, user_id, clock, company="Waiting & Sons", role="SRE", tags=["on-call"])
    record_news(
        session=session,
        user_id=user_id,
        application_id=app,
        now=next(clock),
        fields=OutcomeFields(kind=OutcomeKind.OFFER, occurred_on=dt.date(2026, 12, 1)),
    )
    return app


def second_account(session: Session, now: dt.datetime, handle: str = "other") -> int:
    """An empty account in the same database (different user id, so no rows yet)."""
    return get_or_create_user(
        session=session, handle=handle, timezone="UTC", country="US", now=now
    ).id


def test_json_export_is_deterministic_and_pins_utc_instants(session, user_id, now, tmp_path):
    build_rich_account(session, user_id, now)
    first = export_json(
        session=session, user_id=user_id, path=tmp_path / "a.json", exported_at=EXPORTED_AT
    )
    second = export_json(
        session=session, user_id=user_id, path=tmp_path / "b.json", exported_at=EXPORTED_AT
    )

    text = (tmp_path / "a.json").read_text(encoding="utf-8")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert ZOE in text  # written as UTF-8, not \u escapes
    assert '"2026-11-02T09:00:00Z"' in text  # 10:00+01:00 becomes UTC with a Z
    assert "+00:00" not in text
    assert '"id"' not in text and '"user_id"' not in text and '"application_id": 1' not in text
    assert first.counts == second.counts
    assert first.counts["applications"] == 7 and first.counts["history"] > 7
    assert all(first.counts[kind] > 0 for kind in KINDS)
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file became the export


def test_json_document_shape_has_uids_and_nested_children(session, user_id, now):
    apps = build_rich_account(session, user_id, now)
    data = json.loads(
        document_json(build_document(session=session, user_id=user_id, exported_at=EXPORTED_AT))
    )

    assert list(data) == [
        "format",
        "version",
        "exported_at",
        "profile",
        "applications",
        "journal",
        "moods",
        "agenda",
        "inbox",
        "reflection_loop",
    ]
    assert (data["format"], data["version"], data["exported_at"]) == (
        "afterword.export",
        1,
        "2026-12-24T09:30:00Z",
    )
    assert data["profile"] == {
        "name": ZOE,
        "email": "zoe@example.org",
        "signature": "Zoë\n— sent from afterword",
        "timezone": "Europe/Madrid",
        "country": "ES",
    }
    accepted = data["applications"][0]
    assert next(iter(accepted)) == "uid"
    assert list(accepted)[-7:] == [
        "contacts",
        "interviews",
        "outcomes",
        "offers",
        "feedback",
        "history",
        "messages",
    ]
    assert accepted["status"] == "accepted" and accepted["tags"] == [
        "dream job",
        "referral",
        "remote",
    ]
    contacts = {contact["name"]: contact["uid"] for contact in accepted["contacts"]}
    assert accepted["interviews"][0]["interviewer_uids"] == [
        contacts["Hana"],
        contacts["Ada Lovelace"],
    ]
    assert list(accepted["interviews"][0])[-2:] == ["interviewer_uids", "questions"]
    assert [q["text"] for q in accepted["interviews"][0]["questions"]] == [
        "Design a rate limiter",
        "Biggest failure?",
    ]
    assert accepted["offers"][0]["vesting_schedule"] == "10/20/30/40"
    assert accepted["offers"][0]["decision"] == "accepted"
    reopened = data["applications"][1]
    assert [change["to_status"] for change in reopened["history"]] == [
        "applied",
        "rejected",
        "applied",
        "hiring_manager_chat",
        "interviewing",
        "offer",
        "declined",
    ]
    assert reopened["history"][0]["from_status"] is None
    journal = data["journal"]
    assert journal[0]["application_uid"] is None
    assert journal[1]["application_uid"] == accepted["uid"]
    assert list(journal[1]) == ["uid", "application_uid", "written_at", "text"]
    assert data["moods"][1]["application_uid"] == data["applications"][1]["uid"]
    assert {app["status"] for app in data["applications"]} == {
        "accepted",
        "declined",
        "offer",
        "ghosted",
        "withdrawn",
        "offer_expired",
        "offer_rescinded",
    }
    assert apps  # ids stay in the database, never in the document


def test_json_roundtrip_into_an_empty_account_gives_an_identical_document(
    session, user_id, now, tmp_path
):
    build_rich_account(session, user_id, now)
    original = tmp_path / "export.json"
    export_json(session=session, user_id=user_id, path=original, exported_at=EXPORTED_AT)
    other = second_account(session, now)

    summary = import_json(session=session, user_id=other, path=original, now=now)

    again = tmp_path / "again.json"
    export_json(session=session, user_id=other, path=again, exported_at=EXPORTED_AT)
    assert again.read_text(encoding="utf-8") == original.read_text(encoding="utf-8")
    assert summary.counts["profile"].updated == 1
    assert all(
        summary.counts[kind].created > 0 and not summary.counts[kind].updated for kind in KINDS
    )
    assert summary.changed


def test_json_roundtrip_into_a_fresh_sqlite_database_gives_an_identical_document(
    session, user_id, now, tmp_path
):
    # From SQLite or PostgreSQL into a brand-new SQLite file: moving between databases.
    build_rich_account(session, user_id, now)
    original = tmp_path / "export.json"
    export_json(session=session, user_id=user_id, path=original, exported_at=EXPORTED_AT)
    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    upgrade(fresh)

    with session_scope(fresh) as target:
        target_user = second_account(target, now, handle="restored")
        import_json(session=target, user_id=target_user, path=original, now=now)
    with session_scope(fresh) as target:
        target_user = second_account(target, now, handle="restored")
        again = document_json(
            build_document(session=target, user_id=target_user, exported_at=EXPORTED_AT)
        )

    assert again == original.read_text(encoding="utf-8")


def test_json_reimport_into_the_same_account_changes_nothing(session, user_id, now, tmp_path):
    build_rich_account(session, user_id, now)
    path = tmp_path / "export.json"
    export_json(session=session, user_id=user_id, path=path, exported_at=EXPORTED_AT)
    rows_before = _row_counts(session)

    summary = import_json(session=session, user_id=user_id, path=path, now=now)
    twice = import_json(session=session, user_id=user_id, path=path, now=now)

    assert _row_counts(session) == rows_before
    assert not summary.changed and not twice.changed
    assert summary.counts["applications"].unchanged == 7
    assert document_json(
        build_document(session=session, user_id=user_id, exported_at=EXPORTED_AT)
    ) == (path.read_text(encoding="utf-8"))
    assert str(summary).startswith("profile: 1 unchanged; applications: 7 unchanged")


def test_json_import_merges_updates_and_keeps_rows_not_in_the_file(session, user_id, now, tmp_path):
    build_rich_account(session, user_id, now)
    path = tmp_path / "export.json"
    export_json(session=session, user_id=user_id, path=path, exported_at=EXPORTED_AT)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["applications"][0]["role"] = "Principal Engineer"
    data["applications"][0]["offers"][0]["base_salary"] = 120_000
    data["applications"][0]["history"][0]["cause"] = "rewritten history"  # append-only: ignored
    del data["applications"][2]  # kept in the database
    data["journal"].append(
        {
            "uid": "journal-new",
            "application_uid": data["applications"][1]["uid"],
            "written_at": "2026-12-05T08:00:00+01:00",
            "text": "A new entry",
        }
    )
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    summary = import_json(session=session, user_id=user_id, path=path, now=now)

    merged = json.loads(
        document_json(build_document(session=session, user_id=user_id, exported_at=EXPORTED_AT))
    )
    assert merged["applications"][0]["role"] == "Principal Engineer"
    assert merged["applications"][0]["offers"][0]["base_salary"] == 120_000
    assert merged["applications"][0]["history"][0]["cause"] == "application added"
    assert len(merged["applications"]) == 7
    assert merged["journal"][-1]["written_at"] == "2026-12-05T07:00:00Z"
    assert (summary.counts["applications"].updated, summary.counts["applications"].unchanged) == (
        1,
        5,
    )
    assert (summary.counts["offers"].updated, summary.counts["journal"].created) == (1, 1)
    assert summary.counts["history"].updated == 0


def test_json_import_with_replace_removes_rows_not_in_the_file(session, user_id, now, tmp_path):
    apps = build_rich_account(session, user_id, now)
    path = tmp_path / "export.json"
    export_json(session=session, user_id=user_id, path=path, exported_at=EXPORTED_AT)
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["applications"][3:]  # keep the accepted, reopened and pending processes
    data["journal"] = [entry for entry in data["journal"] if entry["application_uid"] is None]
    data["moods"] = []
    data["applications"][0]["contacts"][0]["notes"] = "changed"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    add_journal_entry(
        session=session,
        user_id=user_id,
        now=now,
        application_id=apps["ghosted"],
        fields=JournalFields(text="not in the file"),
    )

    summary = import_json(session=session, user_id=user_id, path=path, now=now, replace=True)

    after = json.loads(
        document_json(build_document(session=session, user_id=user_id, exported_at=EXPORTED_AT))
    )
    assert after == {**data, "exported_at": "2026-12-24T09:30:00Z"}
    assert session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)) == 1
    assert summary.replaced
    assert (summary.counts["applications"].unchanged, summary.counts["applications"].removed) == (
        3,
        4,
    )
    assert (summary.counts["contacts"].updated, summary.counts["journal"].removed) == (1, 2)
    assert summary.counts["moods"].removed == 2


def test_json_import_with_replace_of_the_same_file_restores_it_exactly(
    session, user_id, now, tmp_path
):
    build_rich_account(session, user_id, now)
    path = tmp_path / "export.json"
    export_json(session=session, user_id=user_id, path=path, exported_at=EXPORTED_AT)

    summary = import_json(session=session, user_id=user_id, path=path, now=now, replace=True)

    assert not summary.changed
    assert document_json(
        build_document(session=session, user_id=user_id, exported_at=EXPORTED_AT)
    ) == (path.read_text(encoding="utf-8"))


def test_json_import_leaves_other_accounts_alone(session, user_id, now, tmp_path):
    build_rich_account(session, user_id, now)
    path = tmp_path / "export.json"
    export_json(session=session, user_id=user_id, path=path, exported_at=EXPORTED_AT)
    other = second_account(session, now)
    import_json(session=session, user_id=other, path=path, now=now)

    import_json(
        session=session, user_id=other, path=_empty_document(tmp_path), now=now, replace=True
    )

    assert document_json(
        build_document(session=session, user_id=user_id, exported_at=EXPORTED_AT)
    ) == (path.read_text(encoding="utf-8"))
    emptied = build_document(session=session, user_id=other, exported_at=EXPORTED_AT)
    assert (emptied.applications, emptied.journal, emptied.moods) == ([], [], [])


def test_json_export_failure_keeps_the_previous_file_whole(
    session, user_id, now, tmp_path, monkeypatch
):
    build_rich_account(session, user_id, now)
    folder = tmp_path / "backups"
    folder.mkdir()
    path = folder / "backup.json"
    path.write_text("the previous backup", encoding="utf-8")

    def disk_full(_descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("afterword.transfer.json_export.os.fsync", disk_full)
    with pytest.raises(InvalidInputError, match="No space left on device"):
        export_json(session=session, user_id=user_id, path=path, exported_at=EXPORTED_AT)

    assert path.read_text(encoding="utf-8") == "the previous backup"
    assert [entry.name for entry in folder.iterdir()] == ["backup.json"]  # no temporary file left


def test_json_export_into_a_missing_directory_is_refused(session, user_id, tmp_path):
    with pytest.raises(InvalidInputError, match=r"cannot write .*: No such file or directory"):
        export_json(
            session=session,
            user_id=user_id,
            path=tmp_path / "no" / "x.json",
            exported_at=EXPORTED_AT,
        )


def test_json_export_summary_says_what_was_written(session, user_id, now, tmp_path):
    build_rich_account(session, user_id, now)

    summary = export_json(
        session=session, user_id=user_id, path=tmp_path / "x.json", exported_at=EXPORTED_AT
    )

    assert str(summary).startswith("applications 7, contacts 3, interviews 2, questions 2, ")
    assert str(summary).endswith(", journal 2, moods 2")
    assert summary.size_bytes == (tmp_path / "x.json").stat().st_size


def test_committed_json_schema_matches_the_document_model():
    committed = (DOCS / "export.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema_text(), (
        "docs/export.schema.json is stale; regenerate it with "
        "python -m afterword.transfer.document > docs/export.schema.json"
    )


def test_every_json_field_is_documented_in_the_export_format_guide():
    guide = (DOCS / "export-format.md").read_text(encoding="utf-8")
    fields = {
        name for model in json_schema()["$defs"].values() for name in model.get("properties", {})
    }
    fields |= set(json_schema()["properties"])
    missing = sorted(name for name in fields if f"`{name}`" not in guide)
    assert not missing, f"docs/export-format.md does not describe: {', '.join(missing)}"


def _empty_document(tmp_path: Path) -> Path:
    path = tmp_path / "empty.json"
    path.write_text(
        json.dumps(
            {"format": "afterword.export", "version": 1, "exported_at": "2026-12-24T09:30:00Z"}
        ),
        encoding="utf-8",
    )
    return path


def _row_counts(session: Session) -> dict[str, int]:
    from afterword.db.base import Base

    return {
        table.name: session.scalar(sa.select(sa.func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }
