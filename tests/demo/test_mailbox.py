"""The demo's mailbox: a few emails triaged like real mail, loaded once, removed with the demo.

Only what does not hang on the classifier's exact reading of a message is asserted
state by state: the news the story already recorded, the newsletter settled from its
headers and an application the person never logged. The rest is asserted as a whole.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.demo import mailbox
from afterword.demo.story import Story
from afterword.demo.workspace import (
    clear_demo,
    demo_uid,
    has_user_data,
    is_demo_loaded,
    load_demo,
)
from afterword.inbox.message import RawMessage, SourceKind
from afterword.inbox.models import IngestedMessage
from afterword.inbox.queue import review_queue
from afterword.inbox.runs import import_messages
from afterword.inbox.triage import TriageState
from afterword.localtime import LocalContext
from afterword.offers.models import Offer
from afterword.pipeline.applications import list_applications
from afterword.pipeline.status import Status
from afterword.profile.service import get_or_create_user
from afterword.reflection.models import JournalEntry, MoodCheckin
from tests.inbox.mail_factory import make_raw


def _load(session: Session, user_id: int, now: dt.datetime) -> int:
    return load_demo(session=session, user_id=user_id, today=now.date(), now=now)


def _received(session: Session, user_id: int) -> dict[str, IngestedMessage]:
    """The demo's received emails by key."""
    rows = session.scalars(sa.select(IngestedMessage).where(IngestedMessage.user_id == user_id))
    return {row.location.removeprefix("demo:"): row for row in rows}


def _companies(session: Session, user_id: int) -> dict[str, int]:
    return {
        application.company: application.id
        for application in list_applications(session=session, user_id=user_id)
    }


def _import_own(session: Session, user_id: int, now: dt.datetime) -> IngestedMessage:
    """A message from the user's own mail export."""
    raw = make_raw(
        1,
        subject="Your application to My Real Company",
        sender="Real Person <real.person@mine.example>",
        message_id="<my-own-1@mine.example>",
    )
    import_messages(
        session=session,
        user_id=user_id,
        timezone="Europe/London",
        country="GB",
        source_messages=[RawMessage(location="/mail/own.eml", raw=raw, kind=SourceKind.EML)],
        now=now,
    )
    return session.scalars(
        sa.select(IngestedMessage).where(
            IngestedMessage.user_id == user_id, IngestedMessage.location == "/mail/own.eml"
        )
    ).one()


def test_every_letter_has_a_stable_key_and_message_id(now: dt.datetime) -> None:
    story = Story(
        session=None,  # type: ignore[arg-type]  # letters() only reads the dates
        user_id=0,
        today=now.date(),
        now=now,
        local=LocalContext("Europe/London", "GB"),
    )
    letters = mailbox.letters(story)
    assert tuple(letter.key for letter in letters) == mailbox.KEYS
    assert 7 <= len(letters) <= 9
    raws = mailbox.raw_messages(story)
    assert len({raw.raw for raw in raws}) == len(raws)
    for key, raw in zip(mailbox.KEYS, raws, strict=True):
        assert raw.location == mailbox.location(key)
        assert mailbox.message_id(key).encode() in raw.raw


def test_the_demo_has_received_mail_in_several_triage_states(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    _load(session, user_id, now)

    received = _received(session, user_id)
    assert set(received) == set(mailbox.KEYS)
    assert all(row.uid == demo_uid(f"inbox/{key}") for key, row in received.items())
    states = {row.triage for row in received.values()}
    assert states >= {TriageState.FILED, TriageState.REVIEW, TriageState.IGNORED}
    assert all(row.triage is not None for row in received.values())
    zone = LocalContext("Europe/London", "GB").zone
    for row in received.values():
        assert row.sent_at is not None and row.sent_at <= now
        assert now - dt.timedelta(weeks=4) < row.sent_at
        assert row.sent_at.astimezone(zone).weekday() < 5


def test_the_news_the_story_recorded_arrives_as_email_and_is_filed(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    _load(session, user_id, now)

    received = _received(session, user_id)
    companies = _companies(session, user_id)
    for key, company in (
        ("harbourline-decision", "Harbourline Transit"),
        ("cobalt-decision", "Cobalt Kettle Games"),
        ("lumen-offer", "Lumen Ledger"),
    ):
        assert received[key].triage is TriageState.FILED, key
        assert received[key].application_id == companies[company], key
    offer = session.scalars(sa.select(Offer).where(Offer.user_id == user_id)).one()
    assert offer.deadline is not None
    found = received["lumen-offer"].dates or {}
    assert found.get("deadline", offer.deadline.isoformat()) == offer.deadline.isoformat()
    # The newsletter is settled from its headers, without its text being kept.
    newsletter = received["pipeline-post"]
    assert newsletter.triage is TriageState.IGNORED and newsletter.text is None


def test_an_application_the_person_never_logged_waits_for_review(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    _load(session, user_id, now)

    waiting = review_queue(session=session, user_id=user_id)
    assert waiting
    assert all(row.uid in {demo_uid(f"inbox/{key}") for key in mailbox.KEYS} for row in waiting)
    unlogged = _received(session, user_id)["hollowell-received"]
    assert unlogged in waiting
    assert unlogged.application_id is None
    # An acknowledgement from a company with no application proposes adding it (issue 14).
    assert "add it?" in (unlogged.why or "")
    assert "Hollowell Analytics" in (unlogged.effect or "")


def test_the_mail_keeps_the_story_as_the_demo_tells_it(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    _load(session, user_id, now)

    statuses = {
        application.company: application.status
        for application in list_applications(session=session, user_id=user_id)
    }
    assert statuses["Harbourline Transit"] is Status.REJECTED
    assert statuses["Cobalt Kettle Games"] is Status.REJECTED
    assert statuses["Lumen Ledger"] is Status.OFFER
    assert statuses["Kitebright Learning"] is Status.INTERVIEWING
    assert statuses["Wrenfield Maps"] is Status.APPLIED
    # Kitebright's new decision date is noted, or proposed in the review queue.
    update = _received(session, user_id)["kitebright-timing"]
    assert update.triage in (TriageState.ACTED, TriageState.REVIEW, TriageState.FILED)
    if update.triage is TriageState.ACTED:
        kitebright = next(
            application
            for application in list_applications(session=session, user_id=user_id)
            if application.company == "Kitebright Learning"
        )
        assert kitebright.interviews[-1].decision_by is not None
        assert kitebright.interviews[-1].decision_by > now.date()


def test_loading_twice_receives_each_email_once(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    _load(session, user_id, now)
    first = {key: (row.id, row.triage) for key, row in _received(session, user_id).items()}

    _load(session, user_id, now + dt.timedelta(days=1))

    assert {key: (row.id, row.triage) for key, row in _received(session, user_id).items()} == (
        first
    )


def test_clearing_removes_the_demo_mail_and_keeps_the_users_own(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    own = _import_own(session, user_id, now)
    own_uid = own.uid
    _load(session, user_id, now)
    assert len(_received(session, user_id)) == len(mailbox.KEYS) + 1

    clear_demo(session=session, user_id=user_id)
    session.expire_all()

    remaining = session.scalars(
        sa.select(IngestedMessage).where(IngestedMessage.user_id == user_id)
    ).all()
    assert [(row.id, row.uid) for row in remaining] == [(own.id, own_uid)]
    assert not is_demo_loaded(session=session, user_id=user_id)
    assert has_user_data(session=session, user_id=user_id)


def test_an_imported_message_of_the_users_own_is_user_data(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    _load(session, user_id, now)
    assert not has_user_data(session=session, user_id=user_id)

    _import_own(session, user_id, now)

    assert has_user_data(session=session, user_id=user_id)


def test_demo_mail_alone_still_counts_as_the_demo(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    other_id = get_or_create_user(
        session=session, handle="other", timezone="Europe/London", country="GB", now=now
    ).id
    _load(session, user_id, now)
    _load(session, other_id, now)
    for application in list_applications(session=session, user_id=user_id):
        session.delete(application)
    session.flush()
    for model in (JournalEntry, MoodCheckin):
        session.execute(sa.delete(model).where(model.user_id == user_id))

    assert is_demo_loaded(session=session, user_id=user_id)
    clear_demo(session=session, user_id=user_id)
    assert not is_demo_loaded(session=session, user_id=user_id)
    assert len(_received(session, other_id)) == len(mailbox.KEYS)
