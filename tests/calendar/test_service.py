"""Loading the feed's events from the database, and the feed's secret token."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from afterword.calendar import service
from afterword.offers.schemas import OfferTerms
from afterword.offers.service import decide_offer, record_offer
from afterword.pipeline.applications import add_application
from afterword.pipeline.interviews import log_interview
from afterword.pipeline.schemas import ApplicationFields, InterviewFields
from afterword.pipeline.status import OfferDecision
from afterword.playbook.service import complete_action, open_actions, replan
from afterword.profile.models import User
from afterword.settings import WebSettings
from afterword.settings.playbook import PlaybookTimings


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    assert user is not None
    return user


def test_token_is_made_once_and_replacing_it_revokes_the_old(
    session: Session, user_id: int
) -> None:
    user = _user(session, user_id)
    first = service.feed_token(session=session, user=user)
    assert len(first) >= 32
    assert service.feed_token(session=session, user=user) == first
    assert service.token_matches(user, first)
    second = service.replace_feed_token(session=session, user=user)
    assert second != first
    assert not service.token_matches(user, first)
    assert service.token_matches(user, second)
    assert not service.token_matches(user, "")


def test_no_token_matches_before_one_is_made(session: Session, user_id: int) -> None:
    assert not service.token_matches(_user(session, user_id), "anything")


def test_events_leave_out_settled_actions_old_interviews_and_decided_offers(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    user = _user(session, user_id)
    today = now.date()
    acme = add_application(
        session=session,
        user_id=user_id,
        fields=ApplicationFields(company="Acme", role="Analyst"),
        now=now,
    )
    session.flush()
    for when, zone in (
        (now - dt.timedelta(days=60), None),
        (now + dt.timedelta(days=2), "Nowhere/Land"),
    ):
        log_interview(
            session=session,
            user_id=user_id,
            application_id=acme.id,
            fields=InterviewFields(scheduled_at=when, timezone=zone),
            now=now,
        )
    globex = add_application(
        session=session,
        user_id=user_id,
        fields=ApplicationFields(company="Globex", role="Analyst"),
        now=now,
    )
    session.flush()
    offer = record_offer(
        session=session,
        user_id=user_id,
        application_id=globex.id,
        terms=OfferTerms(deadline=today + dt.timedelta(days=5)),
        received_on=today,
        now=now,
    )
    replan(session=session, user=user, today=today, now=now, timings=PlaybookTimings())
    first = open_actions(session=session, user_id=user_id)[0]
    complete_action(session=session, user_id=user_id, action_id=first.id, on=today, now=now)

    events = service.load_events(session=session, user=user, today=today, now=now)
    assert first.uid not in {action.uid for action in events.actions}
    assert {a.uid for a in events.actions} == {
        row.uid for row in open_actions(session=session, user_id=user_id)
    }
    assert len(events.interviews) == 1  # the one 60 days ago is left out
    # A zone that is not real falls back to the user's own.
    assert events.interviews[0].timezone == "Europe/London"
    assert [d.company for d in events.deadlines] == ["Globex"]

    decide_offer(
        session=session,
        user_id=user_id,
        offer_id=offer.id,
        decision=OfferDecision.DECLINED,
        decided_on=today,
        now=now,
    )
    events = service.load_events(session=session, user=user, today=today, now=now)
    assert events.deadlines == []


def test_configured_address_follows_the_web_settings() -> None:
    assert service.configured_base_url(WebSettings()) == "http://localhost:8765"
    assert service.configured_base_url(WebSettings(host="10.0.0.5", port=80)) == (
        "http://10.0.0.5:80"
    )
    served = WebSettings(host="0.0.0.0", port=8000, allowed_hosts=["jobs.example.org"])
    assert service.configured_base_url(served) == "http://jobs.example.org:8000"
    assert service.configured_base_url(WebSettings(host="::", port=8000)) == (
        "http://localhost:8000"
    )
