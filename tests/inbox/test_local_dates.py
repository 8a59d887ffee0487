"""Every date the inbox counts is counted on the user's own calendar, as the playbook counts it.

Spans in mail end through the one span-to-date function (localtime.add_span): business days
skip the country's public holidays, a month is a calendar month, and numeric dates are read
in the order the user's country writes them (from the profile, never from the zone's name).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterword.inbox.extract import extract_dates
from afterword.inbox.inbox import Inbox
from afterword.inbox.labels import MailClass
from afterword.inbox.message import RawMessage, SourceKind
from afterword.inbox.triage import TriageState, decision_day
from afterword.localtime import LocalContext, Span, SpanUnit
from afterword.offers.service import pending_offer
from afterword.pipeline.applications import add_application
from afterword.pipeline.interviews import log_interview
from afterword.pipeline.models import Application
from afterword.pipeline.schemas import ApplicationFields, InterviewFields
from afterword.settings import Settings, load_settings
from afterword.workspace import Workspace, workspace_scope
from tests.inbox.mail_factory import make_raw

BRITISH = LocalContext("Europe/London", "GB")
# Monday 21 December 2026: Christmas Day (Friday) and the Boxing Day holiday, moved to
# Monday 28th because the 26th is a Saturday, fall within the next five working days.
CHRISTMAS_WEEK = dt.datetime(2026, 12, 21, 9, 0, tzinfo=dt.UTC)
LAST_OF_JANUARY = dt.datetime(2026, 1, 31, 9, 0, tzinfo=dt.UTC)


# -- the pure reading ---------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    sent_on=st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 12, 31)),
    count=st.integers(min_value=1, max_value=15),
)
def test_the_candidates_limit_and_the_companys_promise_end_on_the_same_business_day(
    sent_on: dt.date, count: int
) -> None:
    """Invariant: "accept within N working days" (a deadline for the user) and "we'll decide
    within N business days" (a promise by the company) end on the same day, a business day of
    the user's country, whatever the day the mail was sent."""
    sent = dt.datetime.combine(sent_on, dt.time(9, 0), tzinfo=dt.UTC)
    asked = extract_dates(f"Please accept the offer within {count} working days.", sent, BRITISH)
    promised = extract_dates(
        f"We will get back to you within {count} business days.", sent, BRITISH
    )
    expected = BRITISH.after(sent_on, Span(count, SpanUnit.BUSINESS_DAYS))
    assert asked.deadline == expected
    assert decision_day(promised, sent_on, BRITISH.calendar) == expected
    assert BRITISH.calendar.is_business_day(expected)


def test_accept_within_five_working_days_skips_the_christmas_bank_holidays() -> None:
    found = extract_dates("Please accept within 5 working days.", CHRISTMAS_WEEK, BRITISH)
    # Counting weekdays only would have given Monday 28th, itself a bank holiday.
    assert found.deadline == dt.date(2026, 12, 30)


def test_within_a_month_from_the_31st_of_january_ends_on_the_last_day_of_february() -> None:
    promised = extract_dates(
        "We will let you know the outcome within a month.", LAST_OF_JANUARY, BRITISH
    )
    assert promised.decision_within == Span(1, SpanUnit.MONTHS)
    # A month is a calendar month: a 30-day month would have landed on 2 March.
    assert decision_day(promised, LAST_OF_JANUARY.date(), BRITISH.calendar) == dt.date(2026, 2, 28)
    asked = extract_dates("Please accept the offer within a month.", LAST_OF_JANUARY, BRITISH)
    assert asked.deadline == dt.date(2026, 2, 28)


# -- through the Inbox, as the command line and the web app use it -------------------------------


def _mail(number: int, body: str, sent: dt.datetime, company: str) -> RawMessage:
    slug = company.lower().replace(" ", "")
    raw = make_raw(
        number,
        subject=f"Your application to {company}",
        body=body,
        sender=f"Dana at {company} <dana@{slug}.example>",
        date=sent.strftime("%a, %d %b %Y %H:%M:%S +0000"),
        message_id=f"<news-{number}@{slug}.example>",
    )
    return RawMessage(location=f"test#{number}", raw=raw, kind=SourceKind.EML)


def _settings(database_url: str, timezone: str, country: str) -> Settings:
    return load_settings(
        database_url=database_url, default_timezone=timezone, default_country=country
    )


def _answer(
    workspace: Workspace, mail: RawMessage, label: MailClass, *, interviewed: bool = False
) -> Application:
    """Imports `mail` (about no application yet), adds the application it is about, and says
    what the email is: the change it implies is then made through the owning services."""
    inbox = Inbox(workspace)
    inbox.import_messages([mail])
    (message,) = inbox.recent(list(TriageState), limit=5)
    application = add_application(
        session=workspace.session,
        user_id=workspace.user_id,
        fields=ApplicationFields(company="Quayside", role="Analyst"),
        now=workspace.now,
    )
    if interviewed:
        log_interview(
            session=workspace.session,
            user_id=workspace.user_id,
            application_id=application.id,
            fields=InterviewFields(),
            now=workspace.now,
        )
    inbox.resolve(message.id, label=label, application_id=application.id)
    return application


def test_an_offer_to_accept_within_five_working_days_gets_its_deadline_after_the_holidays(
    database_url: str,
) -> None:
    body = (
        "Hi Sam,\n\nWe are delighted to offer you the Analyst role at Quayside. Your offer "
        "letter is attached. Please accept within 5 working days.\n\nBest,\nDana"
    )
    settings = _settings(database_url, "Europe/London", "GB")
    with workspace_scope(settings, as_of=CHRISTMAS_WEEK.date()) as ws:
        application = _answer(ws, _mail(1, body, CHRISTMAS_WEEK, "Quayside"), MailClass.OFFER)
        offer = pending_offer(application)
        assert offer is not None and offer.deadline == dt.date(2026, 12, 30)


def test_a_decision_promised_within_a_month_is_noted_for_the_end_of_february(
    database_url: str,
) -> None:
    body = (
        "Hi Sam,\n\nThank you for interviewing with us. We will let you know the outcome "
        "within a month.\n\nBest,\nDana"
    )
    settings = _settings(database_url, "Europe/London", "GB")
    with workspace_scope(settings, as_of=LAST_OF_JANUARY.date()) as ws:
        mail = _mail(1, body, LAST_OF_JANUARY, "Quayside")
        application = _answer(ws, mail, MailClass.STATUS_UPDATE, interviewed=True)
        (interview,) = application.interviews
        assert interview.decision_by == dt.date(2026, 2, 28)
        assert interview.decision_within is None


@pytest.mark.parametrize(
    ("timezone", "country", "deadline"),
    [
        # The profile's country decides, not the zone: an American in London writes
        # month first, a Briton in New York day first.
        ("Europe/London", "US", dt.date(2026, 4, 12)),
        ("America/New_York", "GB", dt.date(2026, 12, 4)),
    ],
)
def test_a_numeric_deadline_is_read_in_the_date_order_of_the_profiles_country(
    database_url: str, timezone: str, country: str, deadline: dt.date
) -> None:
    body = (
        "Hi Sam,\n\nWe are delighted to offer you the Analyst role at Quayside. Please let us "
        "know your decision by 04/12/2026.\n\nBest,\nDana"
    )
    sent = dt.datetime(2026, 3, 30, 14, 0, tzinfo=dt.UTC)
    with workspace_scope(_settings(database_url, timezone, country), as_of=sent.date()) as ws:
        application = _answer(ws, _mail(1, body, sent, "Quayside"), MailClass.OFFER)
        offer = pending_offer(application)
        assert offer is not None and offer.deadline == deadline
