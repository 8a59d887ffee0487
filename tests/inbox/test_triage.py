"""Triage on a real database: confident, well-matched news updates the pipeline; the rest waits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError, TransitionError
from afterword.inbox.labels import MailClass
from afterword.inbox.message import RawMessage, SourceKind
from afterword.inbox.models import IngestedMessage
from afterword.inbox.queue import review_queue
from afterword.inbox.resolve import resolve
from afterword.inbox.runs import import_messages
from afterword.inbox.triage import TriageState
from afterword.mail.models import DeliveryRoute, SentMessage
from afterword.offers.service import pending_offer
from afterword.pipeline.applications import add_application
from afterword.pipeline.contacts import add_contact
from afterword.pipeline.models import Application, ContactRole
from afterword.pipeline.schemas import ApplicationFields, ContactFields
from afterword.pipeline.status import Status
from tests.inbox.mail_factory import make_raw

REJECTION = (
    "Dear Sam,\n\nThank you for your interest in the {role} position at {company} and for the "
    "time you gave us during the interviews.\n\nAfter careful consideration we have decided not "
    "to move forward with your application. This was a difficult decision as we had many strong "
    "candidates.\n\nWe wish you every success in your job search.\n\nKind regards,\n"
    "The {company} Recruiting Team"
)
OFFER = (
    "Hi Sam,\n\nI'm delighted to let you know that we would like to offer you the {role} role "
    "at {company}! The team loved meeting you.\n\nYour offer letter is attached with the details "
    "of your base salary, bonus and benefits. Please let us know your decision by "
    "Friday 11 December 2026.\n\nCongratulations again,\nDana"
)
MAYBE = "Hi Sam, quick one: can you call me when you have a minute? Thanks, Dana"


def add(
    session: Session, user_id: int, now: dt.datetime, company: str, role: str, **kw
) -> Application:  # type: ignore[no-untyped-def]
    return add_application(
        session=session,
        user_id=user_id,
        fields=ApplicationFields(company=company, role=role, **kw),
        now=now,
    )


# After the `now` the tests' applications are created at: news older than an application's
# latest change is never acted on alone.
AFTER_NOW = "Thu, 03 Dec 2026 16:00:00 +0000"


def received(number: int, body: str, **kw: str) -> RawMessage:  # type: ignore[misc]
    kw.setdefault("date", AFTER_NOW)
    return RawMessage(
        location=f"test#{number}", raw=make_raw(number, body=body, **kw), kind=SourceKind.EML
    )


def run(session: Session, user_id: int, now: dt.datetime, *messages: RawMessage):  # type: ignore[no-untyped-def]
    return import_messages(
        session=session,
        user_id=user_id,
        timezone="Europe/London",
        country="GB",
        source_messages=list(messages),
        now=now,
    )


def row(session: Session, user_id: int, number: int) -> IngestedMessage:
    return session.scalars(
        sa.select(IngestedMessage).where(
            IngestedMessage.user_id == user_id, IngestedMessage.location == f"test#{number}"
        )
    ).one()


def test_a_confident_rejection_from_the_company_domain_closes_the_process_with_the_email_as_cause(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    other = add(session, user_id, now, "Quayside Health", "Data Engineer")
    body = REJECTION.format(role="Data Engineer", company="Fernhill Robotics")
    _, report = run(
        session, user_id, now, received(1, body, subject="Your application to Fernhill Robotics")
    )
    assert app.status is Status.REJECTED
    assert other.status is Status.APPLIED
    assert "Your application to Fernhill Robotics" in app.history[-1].cause
    assert "priya@fernhill.example" in app.history[-1].cause
    message = row(session, user_id, 1)
    assert message.triage is TriageState.ACTED
    assert message.application_id == app.id
    assert message.match_method == "domain"
    assert message.effect == "recorded the rejection"
    assert report.count(TriageState.ACTED) == 1


def test_an_offer_sets_the_deadline_read_from_the_email(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    body = OFFER.format(role="Data Engineer", company="Fernhill Robotics")
    run(session, user_id, now, received(1, body, subject="Offer: Data Engineer at Fernhill"))
    message = row(session, user_id, 1)
    assert message.label is MailClass.OFFER
    if message.triage is TriageState.ACTED:
        assert app.status is Status.OFFER
        offer = pending_offer(app)
        assert offer is not None and offer.deadline == dt.date(2026, 12, 11)
    else:  # not confident enough to act alone: it must wait with the change proposed
        assert message.triage is TriageState.REVIEW
        assert message.effect is not None and "offer" in message.effect
        assert app.status is Status.APPLIED
    assert message.dates == {"deadline": "2026-12-11"}


def test_two_applications_at_one_company_are_told_apart_by_the_role_named(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    engineer = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    designer = add(session, user_id, now, "Fernhill Robotics", "Product Designer")
    body = REJECTION.format(role="Product Designer", company="Fernhill Robotics")
    run(session, user_id, now, received(1, body))
    assert row(session, user_id, 1).application_id == designer.id
    assert engineer.status is Status.APPLIED


def test_an_ambiguous_match_waits_for_the_user_and_never_guesses(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    first = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    second = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    body = REJECTION.format(role="Data Engineer", company="Fernhill Robotics")
    run(session, user_id, now, received(1, body))
    message = row(session, user_id, 1)
    assert message.triage is TriageState.REVIEW
    assert message.application_id is None
    assert sorted(message.candidates or []) == sorted([first.id, second.id])
    assert first.status is Status.APPLIED and second.status is Status.APPLIED
    assert review_queue(session=session, user_id=user_id) == [message]


def test_a_reply_to_an_email_afterword_sent_matches_by_thread_even_from_free_mail(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    session.add(
        SentMessage(
            user_id=user_id, application_id=app.id, template="follow_up",
            route=DeliveryRoute.SMTP, subject="Following up", body="...",
            message_id="<sent-1@afterword.example>", at=now,
        )
    )  # fmt: skip
    session.flush()
    body = REJECTION.format(role="the", company="our")
    run(
        session, user_id, now,
        received(1, body, sender="Dana <dana.k@gmail.com>", message_id="<r1@gmail.com>"),
    )  # fmt: skip
    assert row(session, user_id, 1).application_id is None  # free mail, no company named
    # make_raw cannot set In-Reply-To; add the header by hand.
    raw = make_raw(2, body=body, sender="Dana <dana.k@gmail.com>", date=AFTER_NOW).replace(
        b"Subject:", b"In-Reply-To: <sent-1@afterword.example>\r\nSubject:", 1
    )
    run(session, user_id, now, RawMessage(location="test#2", raw=raw, kind=SourceKind.EML))
    threaded = row(session, user_id, 2)
    assert threaded.application_id == app.id
    assert threaded.match_method == "thread"


def test_a_known_contacts_address_matches_their_application(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app = add(session, user_id, now, "Quayside Health", "Analyst")
    add_contact(
        session=session, user_id=user_id, application_id=app.id,
        fields=ContactFields(name="Dana", role=ContactRole.RECRUITER, email="dana.k@gmail.com"),
        now=now,
    )  # fmt: skip
    run(session, user_id, now, received(1, MAYBE, sender="Dana <dana.k@gmail.com>"))
    message = row(session, user_id, 1)
    assert message.application_id == app.id
    assert message.match_method == "contact"


def test_mail_sent_before_the_application_is_not_matched_to_it(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app = add(
        session, user_id, now, "Fernhill Robotics", "Data Engineer", applied_on=dt.date(2026, 5, 1)
    )
    body = REJECTION.format(role="Data Engineer", company="Fernhill Robotics")
    run(session, user_id, now, received(1, body, date="Wed, 04 Mar 2026 10:12:00 +0000"))
    assert row(session, user_id, 1).application_id is None
    assert app.status is Status.APPLIED


def test_news_the_pipeline_cannot_take_waits_with_the_reason(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    app.status = Status.WITHDRAWN
    session.flush()
    body = REJECTION.format(role="Data Engineer", company="Fernhill Robotics")
    run(session, user_id, now, received(1, body))
    message = row(session, user_id, 1)
    assert message.triage is TriageState.REVIEW
    assert "could not apply it" in (message.why or "")
    assert app.status is Status.WITHDRAWN


def test_reimporting_the_same_mail_changes_nothing_more(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    body = REJECTION.format(role="Data Engineer", company="Fernhill Robotics")
    run(session, user_id, now, received(1, body))
    history = len(app.history)
    ingest_report, triage_report = run(session, user_id, now, received(1, body))
    assert ingest_report.duplicate == 1 and ingest_report.new == 0
    assert triage_report.counts == {}
    assert len(app.history) == history


def test_resolving_a_queued_message_applies_the_users_choice_and_remembers_it(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    first = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    body = REJECTION.format(role="Data Engineer", company="Fernhill Robotics")
    run(session, user_id, now, received(1, body))
    message = row(session, user_id, 1)
    with pytest.raises(InvalidInputError, match="choose the application"):
        resolve(
            session=session, user_id=user_id, message_id=message.id, now=now,
            timezone="Europe/London", country="GB",
        )  # fmt: skip
    resolve(
        session=session, user_id=user_id, message_id=message.id, now=now,
        timezone="Europe/London", country="GB", application_id=first.id,
    )  # fmt: skip
    assert first.status is Status.REJECTED
    assert message.triage is TriageState.RESOLVED
    assert message.user_label is MailClass.REJECTION
    assert review_queue(session=session, user_id=user_id) == []


def test_resolving_refused_by_the_pipeline_changes_nothing(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    app.status = Status.WITHDRAWN
    session.flush()
    run(session, user_id, now, received(1, REJECTION.format(role="x", company="Fernhill Robotics")))
    message = row(session, user_id, 1)
    with pytest.raises(TransitionError):
        resolve(
            session=session, user_id=user_id, message_id=message.id, now=now,
            timezone="Europe/London", country="GB", label=MailClass.OFFER,
        )  # fmt: skip
    assert app.status is Status.WITHDRAWN
    assert message.triage is TriageState.REVIEW


def test_saying_not_about_a_job_ignores_the_message(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    run(session, user_id, now, received(1, REJECTION.format(role="x", company="Fernhill Robotics")))
    message = row(session, user_id, 1)
    resolve(
        session=session, user_id=user_id, message_id=message.id, now=now,
        timezone="Europe/London", country="GB", label=MailClass.NOT_JOB,
    )  # fmt: skip
    assert message.triage is TriageState.IGNORED
    assert message.user_label is MailClass.NOT_JOB


def test_mail_the_user_sent_is_not_news(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    from afterword.profile.models import User

    session.get(User, user_id).email = "sam@example.com"  # type: ignore[union-attr]
    app = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    body = REJECTION.format(role="Data Engineer", company="Fernhill Robotics")
    run(session, user_id, now, received(1, body, sender="Sam <sam@example.com>"))
    assert row(session, user_id, 1).application_id is None
    assert app.status is Status.APPLIED


KESTREL = (
    "Candidate reference {n}. The Kestrel panel has concluded its deliberations on requisition "
    "{n}. Please sign in to the Kestrel candidate portal to read the panel's determination."
)


def test_the_users_corrections_teach_afterword_for_later_messages(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    """A company whose portal words rejections oddly: after three corrections, afterword knows."""
    app = add(session, user_id, now, "Kestrel", "Analyst", applied_on=dt.date(2026, 1, 5))
    portal = "Kestrel Portal <portal@kestrel.example>"

    def kestrel(number: int) -> RawMessage:
        return received(
            number,
            KESTREL.format(n=number),
            sender=portal,
            subject=f"Requisition {number}: panel determination available",
        )

    run(session, user_id, now, kestrel(1), kestrel(2), kestrel(3))
    before = [row(session, user_id, n).label for n in (1, 2, 3)]
    assert MailClass.REJECTION not in before
    for number in (1, 2, 3):
        resolve(
            session=session, user_id=user_id, message_id=row(session, user_id, number).id,
            now=now, timezone="Europe/London", country="GB",
            label=MailClass.REJECTION, application_id=app.id,
        )  # fmt: skip
    assert app.status is Status.REJECTED
    run(session, user_id, now, kestrel(4))
    assert row(session, user_id, 4).label is MailClass.REJECTION


def test_old_news_from_before_the_latest_change_waits_instead_of_acting(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    """A rejection from last spring, imported after the process was reopened, must not close it."""
    app = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    body = REJECTION.format(role="Data Engineer", company="Fernhill Robotics")
    subject = "Your application to Fernhill Robotics"
    run(
        session,
        user_id,
        now,
        received(1, body, subject=subject, date="Mon, 30 Nov 2026 09:00:00 +0000"),
    )
    message = row(session, user_id, 1)
    assert message.triage is TriageState.REVIEW
    assert "older than the application's latest change" in (message.why or "")
    assert message.effect == "recorded the rejection"
    assert app.status is Status.APPLIED


def test_dates_of_unmatched_mail_are_read_when_the_user_resolves_it(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    run(session, user_id, now, received(1, OFFER.format(role="Analyst", company="Quayside")))
    message = row(session, user_id, 1)
    assert message.application_id is None and message.dates is None  # read only when needed
    app = add(session, user_id, now, "Quayside", "Analyst")
    resolve(
        session=session, user_id=user_id, message_id=message.id, now=now,
        timezone="Europe/London", country="GB", label=MailClass.OFFER, application_id=app.id,
    )  # fmt: skip
    offer = pending_offer(app)
    assert app.status is Status.OFFER
    assert offer is not None and offer.deadline == dt.date(2026, 12, 11)
    assert message.dates == {"deadline": "2026-12-11"}
