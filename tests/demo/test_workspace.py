"""The demo workspace: a sample search dated around today, loaded once, removed cleanly."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.db.base import Base
from afterword.demo.workspace import (
    DEMO_NAMESPACE,
    clear_demo,
    demo_uid,
    has_user_data,
    is_demo_loaded,
    load_demo,
)
from afterword.offers.models import Offer
from afterword.offers.service import record_news
from afterword.pipeline.applications import add_application, delete_application, list_applications
from afterword.pipeline.decision_timeline import TimelineUnit
from afterword.pipeline.interviews import log_interview, record_debrief
from afterword.pipeline.models import (
    Application,
    Contact,
    Feedback,
    Interview,
    InterviewQuestion,
    Outcome,
)
from afterword.pipeline.outcomes import add_feedback
from afterword.pipeline.schemas import (
    ApplicationFields,
    ContactFields,
    FeedbackFields,
    InterviewFields,
    OutcomeFields,
    QuestionFields,
)
from afterword.pipeline.status import OfferDecision, OutcomeKind, Status
from afterword.profile.service import get_or_create_user
from afterword.reflection.models import JournalEntry, MoodCheckin
from afterword.reflection.schemas import JournalFields, MoodFields
from afterword.reflection.service import add_journal_entry, add_mood, list_journal, list_moods


def _load(session: Session, user_id: int, now: dt.datetime) -> int:
    return load_demo(session=session, user_id=user_id, today=now.date(), now=now)


def _row_counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.scalar(sa.select(sa.func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }


def _owned_uids(session: Session, user_id: int) -> dict[str, set[str]]:
    """Every uid the user owns, table by table (users, the derived agenda, sent mail, weekly
    digests and IMAP folder states excluded: the demo sends nothing and its mailbox is
    imported, not synced)."""
    found: dict[str, set[str]] = {}
    skipped = ("actions", "messages", "weekly_digests", "inbox_folders")
    for table in Base.metadata.sorted_tables:
        if "uid" in table.c and "user_id" in table.c and table.name not in skipped:
            query = sa.select(table.c.uid).where(table.c.user_id == user_id)
            found[table.name] = set(session.scalars(query))
    return found


def _add_own_application(session: Session, user_id: int, now: dt.datetime) -> Application:
    application = add_application(
        session=session,
        user_id=user_id,
        fields=ApplicationFields(company="My Real Company", role="Data Engineer", tags=["mine"]),
        now=now,
    )
    interview = log_interview(
        session=session,
        user_id=user_id,
        application_id=application.id,
        fields=InterviewFields(scheduled_at=now - dt.timedelta(days=2)),
        now=now,
        new_interviewers=[ContactFields(name="Real Person", email="real.person@mine.example")],
    )
    record_debrief(
        session=session,
        user_id=user_id,
        interview_id=interview.id,
        changes={"self_rating": 4},
        now=now,
        questions=[QuestionFields(text="Why us?", went_well=True)],
    )
    record_news(
        session=session,
        user_id=user_id,
        application_id=application.id,
        fields=OutcomeFields(kind=OutcomeKind.REJECTION, occurred_on=now.date()),
        now=now,
    )
    add_feedback(
        session=session,
        user_id=user_id,
        application_id=application.id,
        fields=FeedbackFields(received_on=now.date(), text="Close call."),
        now=now,
    )
    return application


def test_demo_covers_every_stage_of_a_search(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    count = _load(session, user_id, now)

    applications = list_applications(session=session, user_id=user_id)
    assert count == len(applications)
    assert 10 <= count <= 14
    statuses = {application.status for application in applications}
    assert statuses >= {
        Status.APPLIED,
        Status.INTERVIEWING,
        Status.HIRING_MANAGER_CHAT,
        Status.OFFER,
        Status.REJECTED,
        Status.GHOSTED,
        Status.WITHDRAWN,
    }
    assert all(application.tag_names and application.source for application in applications)
    assert len({application.source for application in applications}) >= 4


def test_demo_has_exactly_one_open_offer_with_full_terms_and_a_near_deadline(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    _load(session, user_id, now)

    offers = list(session.scalars(sa.select(Offer).where(Offer.user_id == user_id)))
    assert len(offers) == 1
    offer = offers[0]
    assert offer.decision is OfferDecision.PENDING
    assert offer.application.status is Status.OFFER
    assert offer.deadline is not None
    assert now.date() < offer.deadline <= now.date() + dt.timedelta(days=8)
    for term in (
        "base_salary",
        "currency",
        "bonus_percent",
        "sign_on",
        "equity_value",
        "vesting_schedule",
        "vesting_cliff_months",
        "level",
        "location",
        "start_date",
    ):
        assert getattr(offer, term) is not None, term
    assert offer.start_date is not None and offer.start_date > offer.deadline


def test_every_interviewing_application_has_an_interviewer_with_an_email(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    _load(session, user_id, now)

    interviewing = list_applications(
        session=session, user_id=user_id, statuses=frozenset({Status.INTERVIEWING})
    )
    assert len(interviewing) >= 3
    for application in interviewing:
        emails = [
            person.email
            for interview in application.interviews
            for person in interview.interviewers
            if person.email
        ]
        assert emails, application.company
        assert all(email.endswith(".example") for email in emails)


def test_debriefs_show_questions_and_every_form_of_decision_timeline(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    _load(session, user_id, now)

    interviews = list(session.scalars(sa.select(Interview).where(Interview.user_id == user_id)))
    debriefed = [interview for interview in interviews if interview.debriefed_at is not None]
    assert any(interview.decision_by is not None for interview in debriefed)
    assert any(
        interview.decision_within_unit is TimelineUnit.BUSINESS_DAYS for interview in debriefed
    )
    assert any(interview.timeline is None for interview in debriefed)
    assert any(interview.still_interested is False for interview in debriefed)
    assert all(interview.debriefed_at <= now for interview in debriefed if interview.debriefed_at)
    questions = list(
        session.scalars(sa.select(InterviewQuestion).where(InterviewQuestion.user_id == user_id))
    )
    assert {question.went_well for question in questions} >= {True, False}
    assert all(question.answer_notes for question in questions)

    upcoming = [
        interview
        for interview in interviews
        if interview.scheduled_at is not None and interview.scheduled_at > now
    ]
    assert len(upcoming) == 1
    assert upcoming[0].scheduled_at is not None
    assert upcoming[0].scheduled_at - now < dt.timedelta(days=5)
    assert upcoming[0].debriefed_at is None


def test_outcomes_include_a_chat_more_interviews_and_rejections_with_feedback(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    _load(session, user_id, now)

    kinds = set(session.scalars(sa.select(Outcome.kind).where(Outcome.user_id == user_id)))
    assert kinds >= {
        OutcomeKind.HIRING_MANAGER_CHAT,
        OutcomeKind.MORE_INTERVIEWS,
        OutcomeKind.REJECTION,
        OutcomeKind.GHOSTED,
        OutcomeKind.WITHDRAWN,
        OutcomeKind.OFFER,
    }
    rejected = list_applications(
        session=session, user_id=user_id, statuses=frozenset({Status.REJECTED})
    )
    assert len(rejected) >= 2
    assert all(application.feedback for application in rejected)
    feedback = session.scalars(sa.select(Feedback).where(Feedback.user_id == user_id)).all()
    assert len(feedback) >= 3


def test_one_application_was_reopened_after_a_rejection(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    _load(session, user_id, now)

    reopened = [
        application
        for application in list_applications(session=session, user_id=user_id)
        if any(
            change.from_status is Status.REJECTED and change.to_status is Status.APPLIED
            for change in application.history
        )
    ]
    assert len(reopened) == 1
    path = [change.to_status for change in reopened[0].history]
    assert path == [
        Status.APPLIED,
        Status.INTERVIEWING,
        Status.REJECTED,
        Status.APPLIED,
        Status.INTERVIEWING,
    ]
    assert "reopened for the role" in reopened[0].history[3].cause


def test_history_reads_in_order_and_nothing_is_recorded_after_now(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    _load(session, user_id, now)

    today = now.date()
    for application in list_applications(session=session, user_id=user_id):
        moments = [change.at for change in application.history]
        assert moments == sorted(moments), application.company
        assert all(moment <= now for moment in moments)
        assert application.history[0].from_status is None
        assert application.applied_on is not None
        assert today - dt.timedelta(days=50) <= application.applied_on < today
        assert application.created_at <= now


def test_journal_and_moods_are_spread_over_the_last_weeks(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    _load(session, user_id, now)

    entries = list_journal(session=session, user_id=user_id)
    moods = list_moods(session=session, user_id=user_id)
    assert len(entries) >= 3
    assert len(moods) >= 5
    moments = [entry.written_at for entry in entries] + [mood.at for mood in moods]
    assert all(now - dt.timedelta(weeks=7) < moment <= now for moment in moments)
    assert max(moments) - min(moments) > dt.timedelta(weeks=3)
    assert {mood.mood for mood in moods} >= {2, 4, 5}
    assert any(entry.application_id is not None for entry in entries)


def test_loading_twice_adds_nothing(session: Session, user_id: int, now: dt.datetime) -> None:
    first = _load(session, user_id, now)
    counts = _row_counts(session)

    second = _load(session, user_id, now + dt.timedelta(days=1))

    assert second == first
    assert _row_counts(session) == counts


def test_every_demo_row_carries_a_deterministic_demo_uid(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    other_id = get_or_create_user(
        session=session, handle="other", timezone="Europe/London", country="GB", now=now
    ).id
    _load(session, user_id, now)
    _load(session, other_id, now)

    mine = _owned_uids(session, user_id)
    assert all(uuid.UUID(uid).version == 5 for uids in mine.values() for uid in uids), (
        "a row the demo created kept a random uid"
    )
    assert all(mine[table] for table in mine), "every owned table holds demo rows"
    # The same keys give the same uids in every account (unique per user, not globally).
    assert _owned_uids(session, other_id) == mine
    assert demo_uid("application/lumen-ledger") == str(
        uuid.uuid5(DEMO_NAMESPACE, "application/lumen-ledger")
    )


def test_clear_removes_the_demo_and_keeps_the_users_own_data(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    own = _add_own_application(session, user_id, now)
    own_mood = add_mood(session=session, user_id=user_id, fields=MoodFields(mood=3), now=now)
    before = _owned_uids(session, user_id)
    loaded = _load(session, user_id, now)
    demo_application_id = next(
        application.id
        for application in list_applications(session=session, user_id=user_id)
        if application.id != own.id
    )
    note = add_journal_entry(
        session=session,
        user_id=user_id,
        fields=JournalFields(text="My own thoughts about a demo company."),
        now=now,
        application_id=demo_application_id,
    )

    removed = clear_demo(session=session, user_id=user_id)
    session.expire_all()

    assert removed == loaded
    remaining = list_applications(session=session, user_id=user_id)
    assert [application.id for application in remaining] == [own.id]
    kept = remaining[0]
    assert kept.tag_names == ["mine"]
    assert [contact.email for contact in kept.contacts] == ["real.person@mine.example"]
    assert len(kept.interviews) == 1 and len(kept.interviews[0].questions) == 1
    assert [change.to_status for change in kept.history] == [
        Status.APPLIED,
        Status.INTERVIEWING,
        Status.REJECTED,
    ]
    assert len(kept.outcomes) == 1 and len(kept.feedback) == 1
    # The user's note about a demo application survives, no longer linked to it.
    journal = list_journal(session=session, user_id=user_id)
    assert [(entry.id, entry.application_id) for entry in journal] == [(note.id, None)]
    assert [mood.id for mood in list_moods(session=session, user_id=user_id)] == [own_mood.id]
    after = _owned_uids(session, user_id)
    after["journal_entries"].discard(note.uid)
    assert after == before
    assert not is_demo_loaded(session=session, user_id=user_id)


def test_clear_leaves_other_accounts_alone(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    other_id = get_or_create_user(
        session=session, handle="other", timezone="Europe/London", country="GB", now=now
    ).id
    _load(session, user_id, now)
    count = _load(session, other_id, now)

    clear_demo(session=session, user_id=user_id)

    assert len(list_applications(session=session, user_id=other_id)) == count
    assert is_demo_loaded(session=session, user_id=other_id)
    assert clear_demo(session=session, user_id=user_id) == 0


def test_has_user_data_ignores_the_demo(session: Session, user_id: int, now: dt.datetime) -> None:
    assert not has_user_data(session=session, user_id=user_id)
    _load(session, user_id, now)
    assert not has_user_data(session=session, user_id=user_id)

    add_journal_entry(session=session, user_id=user_id, fields=JournalFields(text="Mine."), now=now)

    assert has_user_data(session=session, user_id=user_id)


def test_has_user_data_sees_an_own_application_or_mood(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    other_id = get_or_create_user(
        session=session, handle="other", timezone="Europe/London", country="GB", now=now
    ).id
    _load(session, user_id, now)
    _load(session, other_id, now)

    add_application(
        session=session,
        user_id=user_id,
        fields=ApplicationFields(company="Mine Ltd", role="Analyst"),
        now=now,
    )
    add_mood(session=session, user_id=other_id, fields=MoodFields(mood=4), now=now)

    assert has_user_data(session=session, user_id=user_id)
    assert has_user_data(session=session, user_id=other_id)


def test_is_demo_loaded_follows_load_and_clear(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    assert not is_demo_loaded(session=session, user_id=user_id)
    _load(session, user_id, now)
    assert is_demo_loaded(session=session, user_id=user_id)
    clear_demo(session=session, user_id=user_id)
    assert not is_demo_loaded(session=session, user_id=user_id)
    assert not session.scalars(sa.select(Contact.id).where(Contact.user_id == user_id)).all()
    assert not session.scalars(
        sa.select(JournalEntry.id).where(JournalEntry.user_id == user_id)
    ).all()
    assert not session.scalars(
        sa.select(MoodCheckin.id).where(MoodCheckin.user_id == user_id)
    ).all()


def test_loading_again_restores_a_deleted_demo_application(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    count = _load(session, user_id, now)
    first = list_applications(session=session, user_id=user_id)[0]
    delete_application(session=session, user_id=user_id, application_id=first.id)

    assert _load(session, user_id, now) == count
    assert {
        application.company for application in list_applications(session=session, user_id=user_id)
    } >= {first.company}


def test_dates_follow_today(session: Session, user_id: int, now: dt.datetime) -> None:
    later_now = dt.datetime(2027, 5, 19, 11, 0, tzinfo=dt.UTC)  # a Wednesday, months later
    other_id = get_or_create_user(
        session=session, handle="later", timezone="Europe/London", country="GB", now=later_now
    ).id
    _load(session, user_id, now)
    _load(session, other_id, later_now)

    def offer_of(owner: int) -> Offer:
        return session.scalars(sa.select(Offer).where(Offer.user_id == owner)).one()

    early, late = offer_of(user_id), offer_of(other_id)
    assert early.deadline is not None and late.deadline is not None
    assert now.date() < early.deadline <= now.date() + dt.timedelta(days=8)
    assert later_now.date() < late.deadline <= later_now.date() + dt.timedelta(days=8)
    shift = later_now.date() - now.date()
    assert abs((late.deadline - early.deadline) - shift) <= dt.timedelta(days=3)
    first_applied = {
        owner: min(
            application.applied_on
            for application in list_applications(session=session, user_id=owner)
            if application.applied_on
        )
        for owner in (user_id, other_id)
    }
    assert abs((first_applied[other_id] - first_applied[user_id]) - shift) <= dt.timedelta(days=3)


def test_interviews_fall_on_weekdays_at_local_office_hours(
    session: Session, now: dt.datetime
) -> None:
    zone = "America/New_York"
    user = get_or_create_user(session=session, handle="ny", timezone=zone, country="US", now=now)
    _load(session, user.id, now)

    interviews = session.scalars(sa.select(Interview).where(Interview.user_id == user.id)).all()
    assert interviews
    for interview in interviews:
        assert interview.scheduled_at is not None and interview.timezone == zone
        local = interview.scheduled_at.astimezone(ZoneInfo(zone))
        assert local.weekday() < 5
        assert 9 <= local.hour <= 17


def test_a_week_of_different_todays_keeps_the_story_consistent(session: Session) -> None:
    monday = dt.date(2027, 1, 4)
    for offset in range(7):  # weekends included: the demo may be loaded any day
        today = monday + dt.timedelta(days=offset)
        now = dt.datetime.combine(today, dt.time(12), tzinfo=ZoneInfo("Europe/London"))
        owner = get_or_create_user(
            session=session, handle=f"day{offset}", timezone="Europe/London", country="GB", now=now
        ).id
        _load(session, owner, now)

        offer = session.scalars(sa.select(Offer).where(Offer.user_id == owner)).one()
        assert offer.deadline is not None
        assert today < offer.deadline <= today + dt.timedelta(days=8)
        assert offer.deadline.weekday() < 5
        for application in list_applications(session=session, user_id=owner):
            moments = [change.at for change in application.history]
            assert moments == sorted(moments)
            assert all(moment <= now for moment in moments)
