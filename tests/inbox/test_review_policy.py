"""What waits for the person and what does not: the review queue on a real database (issue 14).

Bulk mail is filed, never queued; an acknowledgement from a company with no application
proposes adding it; mail that reads like a rejection acts only on solid evidence; a
confirmation the pipeline cannot take is settled with its reason; and an export carries
the ledger, so a restored account re-reading the same mailbox acts on nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.inbox.labels import MailClass
from afterword.inbox.message import RawMessage
from afterword.inbox.models import IngestedMessage
from afterword.inbox.queue import review_queue
from afterword.inbox.resolve import resolve
from afterword.inbox.triage import TriageState
from afterword.offers.schemas import OfferTerms
from afterword.offers.service import record_offer
from afterword.pipeline.models import Application
from afterword.pipeline.status import Status
from afterword.profile.service import get_or_create_user
from afterword.transfer.json_export import export_json
from afterword.transfer.json_import import import_json
from tests.inbox.test_triage import OFFER, REJECTION, add, received, row, run

ALERT = (
    "Hi Sam,\n\nNew jobs matching your saved search:\n\nData Engineer - Fernhill Robotics - "
    "Leeds\nAnalytics Engineer - Quayside - Remote\n\nSee all jobs\n\nYou are receiving this "
    "email because you created a job alert. Unsubscribe or manage your preferences."
)
ACKNOWLEDGEMENT = (
    "Hi Sam,\n\nThanks for applying! We have received your application for the Platform "
    "Engineer role and our team will review it over the next couple of weeks.\n\n"
    "Kind regards,\nThe Brackenfield Recruiting Team"
)
HACKATHON = (
    "Hi Sam,\n\nThank you for applying to HackNorth, sponsored this year by Fernhill "
    "Robotics. We had far more applications than places, and unfortunately we have decided "
    "not to move forward with your application this year.\n\nThe HackNorth team"
)


def test_a_job_alert_naming_an_application_is_filed_never_queued(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    run(
        session,
        user_id,
        now,
        received(
            1,
            ALERT,
            subject="3 new jobs for you",
            sender="Jobs Board <alerts@jobsboard.example>",
        ),
    )
    message = row(session, user_id, 1)
    assert message.triage in (TriageState.FILED, TriageState.IGNORED)
    assert review_queue(session=session, user_id=user_id) == []
    assert app.status is Status.APPLIED


def test_an_acknowledgement_from_a_company_without_an_application_proposes_adding_it(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    run(
        session,
        user_id,
        now,
        received(
            1,
            ACKNOWLEDGEMENT,
            subject="Thank you for applying to Brackenfield",
            sender="Brackenfield Careers <careers@brackenfield.example>",
        ),
    )
    message = row(session, user_id, 1)
    assert message.triage is TriageState.REVIEW
    assert message.effect is not None and "Brackenfield" in message.effect
    # One keystroke: confirming adds the application, with the email as its cause.
    resolve(
        session=session, user_id=user_id, message_id=message.id, now=now,
        timezone="Europe/London", country="GB",
    )  # fmt: skip
    added = session.scalars(sa.select(Application).where(Application.user_id == user_id)).one()
    assert added.company == "Brackenfield"
    assert message.triage is TriageState.RESOLVED
    assert message.application_id == added.id
    assert review_queue(session=session, user_id=user_id) == []


def test_a_promise_to_reply_within_business_days_is_kept_with_the_acknowledgement(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    body = (
        "Hi Sam,\n\nThank you for applying for the Data Engineer role. We have received your "
        "application, and we expect to get back to you within 5 business days.\n\nFernhill Talent"
    )
    run(session, user_id, now, received(1, body, subject="Application received: Data Engineer"))
    message = row(session, user_id, 1)
    assert message.dates == {"decision_within": "5 business days"}


def test_a_rejection_like_email_naming_the_company_but_not_the_role_never_acts_alone(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    run(
        session,
        user_id,
        now,
        received(
            1,
            HACKATHON,
            subject="Your HackNorth application",
            sender="HackNorth <no-reply@hacknorth.example>",
        ),
    )
    message = row(session, user_id, 1)
    assert message.triage is not TriageState.ACTED
    assert app.status is Status.APPLIED


def test_confirming_a_change_the_application_cannot_take_settles_it_with_the_reason(
    session: Session, user_id: int, now: dt.datetime
) -> None:
    app = add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    record_offer(
        session=session, user_id=user_id, application_id=app.id,
        terms=OfferTerms(base_salary=50_000, currency="GBP"), received_on=now.date(), now=now,
    )  # fmt: skip
    session.flush()
    body = REJECTION.format(role="Data Engineer", company="Fernhill Robotics")
    run(session, user_id, now, received(1, body, subject="Your application to Fernhill Robotics"))
    message = row(session, user_id, 1)
    assert message.triage is TriageState.REVIEW
    assert "could not apply" in (message.why or "")

    resolve(
        session=session, user_id=user_id, message_id=message.id, now=now,
        timezone="Europe/London", country="GB",
    )  # fmt: skip

    assert message.triage is TriageState.RESOLVED
    assert (message.why or "").startswith("not applied:")
    assert "nothing was changed" in (message.why or "")
    assert app.status is Status.OFFER
    assert review_queue(session=session, user_id=user_id) == []


def _mailbox() -> list[RawMessage]:
    return [
        received(
            1,
            REJECTION.format(role="Data Engineer", company="Fernhill Robotics"),
            subject="Your application to Fernhill Robotics",
        ),
        received(
            2,
            OFFER.format(role="Analyst", company="Quayside"),
            sender="Dana <dana@quayside.example>",
        ),
    ]


def test_export_then_import_then_reimport_of_the_mailbox_acts_on_nothing(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    add(session, user_id, now, "Fernhill Robotics", "Data Engineer")
    run(session, user_id, now, *_mailbox())
    first = row(session, user_id, 1)
    assert first.triage is TriageState.ACTED
    waiting = row(session, user_id, 2)
    resolve(
        session=session, user_id=user_id, message_id=waiting.id, now=now,
        timezone="Europe/London", country="GB", label=MailClass.NOT_JOB,
    )  # fmt: skip
    path = tmp_path / "export.json"
    export_json(session=session, user_id=user_id, path=path, exported_at=now)

    restored = get_or_create_user(
        session=session, handle="restored", timezone="Europe/London", country="GB", now=now
    ).id
    import_json(session=session, user_id=restored, path=path, now=now)
    ledger = session.scalars(
        sa.select(IngestedMessage).where(IngestedMessage.user_id == restored)
    ).all()
    assert {m.location for m in ledger} == {"test#1", "test#2"}
    # The user's answer came along: it is what afterword learns from.
    assert {str(m.user_label) for m in ledger if m.user_label} == {"not_job"}
    history_before = (
        session.scalars(sa.select(Application).where(Application.user_id == restored)).one().status
    )

    ingest, triage = run(session, restored, now, *_mailbox())

    assert ingest.new == 0 and ingest.duplicate == 2
    assert triage.acted == [] and not triage.counts
    app = session.scalars(sa.select(Application).where(Application.user_id == restored)).one()
    assert app.status is history_before is Status.REJECTED
