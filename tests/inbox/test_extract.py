"""Behaviour of date extraction: only dates attached to a cue, read relative to the message date."""

from __future__ import annotations

import datetime as dt

from afterword.inbox.extract import extract_dates
from afterword.localtime import LocalContext, Span, SpanUnit

# The user's local context, as the workspace builds it from the profile.
LONDON = LocalContext("Europe/London", "GB")
NEW_YORK = LocalContext("America/New_York", "US")
# Monday 2 March 2026, mid-morning in London.
SENT = dt.datetime(2026, 3, 2, 10, 15, tzinfo=dt.UTC)


def test_british_numeric_deadline_is_read_day_first() -> None:
    text = "Please complete the online assessment by 12/03/2026. Good luck."
    found = extract_dates(text, SENT, LONDON)
    assert found.deadline == dt.date(2026, 3, 12)


def test_american_numeric_deadline_is_read_month_first() -> None:
    text = "Please submit the take-home by 03/12/2026 so the team can review it."
    found = extract_dates(text, SENT, NEW_YORK)
    assert found.deadline == dt.date(2026, 3, 12)


def test_weekday_deadline_is_the_next_such_day_after_the_message() -> None:
    found = extract_dates("Could you let us know by Friday whether you accept?", SENT, LONDON)
    assert found.deadline == dt.date(2026, 3, 6)


def test_deadline_of_a_named_date_keeps_its_time_when_given() -> None:
    text = "The offer expires on 16 March at 5pm, so please reply before then."
    found = extract_dates(text, SENT, LONDON)
    assert found.deadline == dt.date(2026, 3, 16)
    assert found.deadline_at == dt.datetime(2026, 3, 16, 17, 0, tzinfo=LONDON.zone)


def test_within_five_business_days_is_kept_as_a_span() -> None:
    text = "Thanks for your time today. We'll get back to you within 5 business days."
    found = extract_dates(text, SENT, LONDON)
    assert found.decision_within == Span(5, SpanUnit.BUSINESS_DAYS)
    assert str(found.decision_within) == "5 business days"
    assert found.deadline is None


def test_span_in_words_is_counted() -> None:
    found = extract_dates("You should hear from us within two weeks.", SENT, LONDON)
    assert found.decision_within == Span(2, SpanUnit.WEEKS)


def test_promised_decision_date_is_decision_by_not_a_deadline() -> None:
    found = extract_dates(
        "We aim to let all candidates know the outcome by 20 March.", SENT, LONDON
    )
    assert found.decision_by == dt.date(2026, 3, 20)
    assert found.deadline is None


def test_proposed_interview_with_ordinal_day_and_zone() -> None:
    text = "Would you be free on Tuesday 3rd at 2pm (GMT) for a video interview?"
    found = extract_dates(text, dt.datetime(2026, 2, 24, 9, 0, tzinfo=dt.UTC), LONDON)
    assert found.interview_at == dt.datetime(2026, 3, 3, 14, 0, tzinfo=dt.UTC)


def test_interview_time_without_zone_is_in_the_users_zone() -> None:
    text = "Your interview is confirmed.\nDate: Thursday 9 April 2026\nTime: 10:30"
    found = extract_dates(text, SENT, LONDON)
    assert found.interview_at == dt.datetime(2026, 4, 9, 10, 30, tzinfo=LONDON.zone)
    assert found.interview_at.utcoffset() == dt.timedelta(hours=1)  # summer time by then


def test_date_in_a_signature_is_ignored() -> None:
    text = (
        "Hi Sam,\n\nThanks for the update, speak soon.\n\nBest,\nDana\n"
        "Northwind | Office closed 24 December 2026 to 2 January 2027\n"
        "Join our open evening on 14 May 2026 at 6pm"
    )
    found = extract_dates(text, SENT, LONDON)
    assert (found.deadline, found.decision_by, found.decision_within) == (None, None, None)
    assert found.interview_at is None or found.interview_at.date() == dt.date(2026, 5, 14)
    separated = "Thanks, we will be in touch.\n-- \nDana\nDeadline for our newsletter: 9 March"
    assert extract_dates(separated, SENT, LONDON).deadline is None


def test_dates_in_the_quoted_reply_are_ignored() -> None:
    text = (
        "Thanks, see you then.\n\nOn Mon, 2 Mar 2026 at 09:00, Dana <dana@northwind.example> wrote:\n"
        "> Please send the exercise back by Friday 6 March."
    )
    assert extract_dates(text, SENT, LONDON).deadline is None


def test_past_dates_are_not_deadlines() -> None:
    found = extract_dates("Thanks for sending it by 1 March as asked.", SENT, LONDON)
    assert found.deadline is None


def test_each_date_says_where_it_came_from() -> None:
    found = extract_dates("Please return the signed contract by 13 March.", SENT, LONDON)
    assert [(f.kind, f.phrase) for f in found.found] == [("deadline", "13 March")]


# -- issue 14: phrasings real mail uses, one span-to-date path, the user's date order ----------


def test_expecting_to_get_back_within_business_days_counts_on_the_users_calendar() -> None:
    from afterword.inbox.triage import decision_day
    from afterword.localtime import BusinessCalendar

    sent = dt.datetime(2026, 12, 21, 9, 0, tzinfo=dt.UTC)  # Monday before Christmas
    text = "Thanks for your patience. We expect to get back to you within 5 business days."
    found = extract_dates(text, sent, LONDON)
    assert found.decision_within == Span(5, SpanUnit.BUSINESS_DAYS)
    # Christmas Day and the Boxing Day holiday (moved to Monday 28th) are not business days.
    day = decision_day(found, sent.date(), BusinessCalendar("GB"))
    assert day == dt.date(2026, 12, 30)


def test_an_offer_deadline_extended_to_a_named_day_is_the_new_deadline() -> None:
    text = "Of course - we can extend the offer deadline to 23 December 2026. Take your time."
    found = extract_dates(text, dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC), LONDON)
    assert found.deadline == dt.date(2026, 12, 23)


def test_a_deadline_moved_to_a_weekday_is_read_as_that_weekday() -> None:
    found = extract_dates("We have moved your deadline to Friday.", SENT, LONDON)
    assert found.deadline == dt.date(2026, 3, 6)


def test_business_days_you_have_for_a_task_are_a_deadline_on_the_users_calendar() -> None:
    sent = dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC)  # Thursday before Good Friday
    text = "You will have 3 business days to complete the assessment."
    found = extract_dates(text, sent, LONDON)
    # Good Friday (3 April, a holiday across the UK) and the weekend are skipped.
    assert found.deadline == dt.date(2026, 4, 8)


def test_numeric_dates_follow_the_profiles_country_not_the_time_zone() -> None:
    text = "Please send the signed contract back by 04/12."
    sent = dt.datetime(2026, 3, 30, 9, 0, tzinfo=dt.UTC)
    american_in_london = LocalContext("Europe/London", "US")
    british_in_new_york = LocalContext("America/New_York", "GB")
    assert extract_dates(text, sent, american_in_london).deadline == dt.date(2026, 4, 12)
    assert extract_dates(text, sent, british_in_new_york).deadline == dt.date(2026, 12, 4)


def test_triage_takes_the_date_order_from_the_profiles_country() -> None:
    from afterword.localtime import LocalContext

    assert LocalContext("America/New_York", "US").date_order == "MDY"
    assert LocalContext("America/New_York", "gb").date_order == "DMY"
    assert LocalContext("Europe/Berlin", "DE").date_order == "DMY"
