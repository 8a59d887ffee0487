"""Validated input: shared field types, the input models, and one-line error messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from afterword.errors import InvalidInputError
from afterword.offers.schemas import OfferTerms
from afterword.pipeline.decision_timeline import TimelineUnit
from afterword.pipeline.schemas import (
    ApplicationFields,
    ContactFields,
    DebriefFields,
    FeedbackFields,
    InterviewFields,
    OutcomeFields,
)
from afterword.pipeline.status import OutcomeKind
from afterword.validation import describe_validation_error, invalid_input


def problem(model: type[BaseModel], prefix: str = "", **values: Any) -> str:
    """The one-line message for the first problem in `values`."""
    with pytest.raises(ValidationError) as raised:
        model(**values)
    return describe_validation_error(raised.value, prefix=prefix)


def application(**values: Any) -> ApplicationFields:
    return ApplicationFields(company="Acme", role="Engineer", **values)


# Blank strings


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_blank_optional_text_becomes_none(blank: str) -> None:
    fields = application(
        link=blank, source=blank, location=blank, salary_currency=blank, notes=blank
    )
    assert (fields.link, fields.source, fields.location) == (None, None, None)
    assert (fields.salary_currency, fields.notes) == (None, None)


def test_optional_short_text_is_stripped() -> None:
    assert application(location="  Berlin ").location == "Berlin"


def test_required_text_is_stripped() -> None:
    fields = ApplicationFields(company="  Acme  ", role=" Staff Engineer ")
    assert (fields.company, fields.role) == ("Acme", "Staff Engineer")


def test_blank_required_text_is_reported_as_empty() -> None:
    assert problem(ApplicationFields, company="   ", role="Engineer") == (
        "company: must not be empty"
    )


def test_missing_required_field_is_reported_as_required() -> None:
    assert problem(ApplicationFields, role="Engineer") == "company: is required"


def test_too_long_text_names_the_limit() -> None:
    assert problem(ApplicationFields, company="x" * 201, role="Engineer") == (
        "company: is too long (at most 200 characters)"
    )


# Currency


@pytest.mark.parametrize(("given", "stored"), [("usd", "USD"), (" eur ", "EUR"), ("GbP", "GBP")])
def test_currency_is_normalised_to_upper_case(given: str, stored: str) -> None:
    assert application(salary_currency=given).salary_currency == stored
    assert OfferTerms(currency=given).currency == stored


@pytest.mark.parametrize("given", ["US", "EURO", "U$D", "12A", "€"])
def test_currency_that_is_not_three_letters_is_refused(given: str) -> None:
    assert problem(OfferTerms, currency=given) == (
        f"currency: '{given}' is not a three-letter currency code such as USD, EUR or GBP"
    )


# Email


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("ana@example.com", "ana@example.com"),
        ("  ana.b+jobs@mail.example.co.uk ", "ana.b+jobs@mail.example.co.uk"),
    ],
)
def test_email_is_accepted_and_stripped(given: str, stored: str) -> None:
    assert ContactFields(email=given).email == stored


@pytest.mark.parametrize(
    "given",
    [
        "ana.example.com",
        "ana@example",
        "ana@@example.com",
        "ana @example.com",
        "<ana@example.com>",
        "ana@example.",
    ],
)
def test_email_without_a_proper_address_shape_is_refused(given: str) -> None:
    assert problem(ContactFields, name="Ana", email=given) == (
        f"email: '{given}' is not an email address"
    )


# Links


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("jobs.example.com/123", "https://jobs.example.com/123"),
        ("  example.com ", "https://example.com"),
        ("http://example.com/a?b=c#d", "http://example.com/a?b=c#d"),
        ("HTTPS://Example.com", "HTTPS://Example.com"),
    ],
)
def test_link_gets_https_when_the_scheme_is_missing(given: str, stored: str) -> None:
    assert application(link=given).link == stored


@pytest.mark.parametrize(
    "given",
    [
        "not a url",
        "ftp://example.com/file",
        "mailto://ana@example.com",
        ".",
        "/jobs/1",
        "https://",
        "https:// example.com",
    ],
)
def test_link_that_is_not_a_web_address_is_refused(given: str) -> None:
    assert problem(ApplicationFields, company="Acme", role="Engineer", link=given) == (
        f"link: '{given}' is not a web address"
    )


# Tags


def test_tags_are_lower_cased_deduplicated_and_sorted() -> None:
    fields = application(tags=["Remote", " remote ", "Python   Dev", "ai", "REMOTE"])
    assert fields.tags == ["ai", "python dev", "remote"]


def test_no_tags_means_an_empty_list() -> None:
    assert application().tags == []


@pytest.mark.parametrize("given", ["", "   "])
def test_blank_tag_is_refused(given: str) -> None:
    assert problem(ApplicationFields, company="Acme", role="Engineer", tags=["ok", given]) == (
        "tags[1]: must not be empty"
    )


def test_overlong_tag_is_refused_with_its_position() -> None:
    assert problem(ApplicationFields, company="Acme", role="Engineer", tags=["x" * 65]) == (
        "tags[0]: is too long (at most 64 characters)"
    )


# Numbers and ranges


def test_salary_range_in_order_is_kept() -> None:
    fields = application(salary_min=90_000, salary_max=120_000)
    assert (fields.salary_min, fields.salary_max) == (90_000, 120_000)
    assert application(salary_min=100_000, salary_max=100_000).salary_max == 100_000


def test_salary_range_that_starts_above_its_end_is_refused() -> None:
    assert (
        problem(
            ApplicationFields,
            company="Acme",
            role="Engineer",
            salary_min=120_000,
            salary_max=90_000,
        )
        == "the salary range starts above where it ends (120000 > 90000)"
    )


def test_negative_money_is_refused() -> None:
    assert problem(ApplicationFields, company="Acme", role="Engineer", salary_min=-1) == (
        "salary_min: must be at least 0 (got -1)"
    )


def test_rating_above_five_names_the_limit_and_the_value() -> None:
    assert problem(ApplicationFields, company="Acme", role="Engineer", interest=9) == (
        "interest: must be at most 5 (got 9)"
    )
    assert problem(ApplicationFields, company="Acme", role="Engineer", interest=0) == (
        "interest: must be at least 1 (got 0)"
    )


def test_rating_that_is_not_a_number_is_refused() -> None:
    assert problem(ApplicationFields, company="Acme", role="Engineer", interest="high") == (
        "interest: 'high' is not a whole number"
    )


# Other field kinds


def test_bad_date_asks_for_iso_format() -> None:
    assert problem(ApplicationFields, company="Acme", role="Engineer", applied_on="3/12/26") == (
        "applied_on: '3/12/26' is not a valid date (use YYYY-MM-DD)"
    )


def test_unknown_choice_lists_the_allowed_values() -> None:
    assert problem(OutcomeFields, kind="maybe", occurred_on="2026-12-01") == (
        "kind: 'maybe' is not one of: 'offer', 'hiring_manager_chat', 'more_interviews', "
        "'rejection', 'ghosted' or 'withdrawn'"
    )


def test_unknown_field_is_refused() -> None:
    assert problem(ApplicationFields, company="Acme", role="Engineer", colour="red") == (
        "colour: is not a known field"
    )


def test_outcome_and_feedback_read_their_dates() -> None:
    outcome = OutcomeFields(kind="rejection", occurred_on="2026-12-01", note="  ")
    assert (outcome.kind, outcome.occurred_on, outcome.note) == (
        OutcomeKind.REJECTION,
        dt.date(2026, 12, 1),
        None,
    )
    assert problem(FeedbackFields, received_on="2026-12-02", text=" ") == (
        "text: must not be empty"
    )


# Contacts


def test_contact_with_only_a_name_or_only_an_email_is_accepted() -> None:
    assert ContactFields(name="Ana").name == "Ana"
    assert ContactFields(email="ana@example.com").email == "ana@example.com"


def test_contact_needs_a_name_or_an_email() -> None:
    assert problem(ContactFields, name="  ", email="", phone="+44 20 7946 0000") == (
        "a contact needs a name or an email address"
    )


# Interviews and debriefs


def test_interview_time_needs_a_time_zone() -> None:
    assert problem(InterviewFields, scheduled_at=dt.datetime(2026, 12, 3, 10, 0)) == (
        "the interview time needs a time zone"
    )
    aware = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC)
    assert InterviewFields(scheduled_at=aware).scheduled_at == aware


def test_debrief_takes_a_timeline_as_a_date_or_a_span() -> None:
    assert DebriefFields(decision_by="2026-12-09").decision_by == dt.date(2026, 12, 9)
    span = DebriefFields(decision_within=3, decision_within_unit="business_days")
    assert (span.decision_within, span.decision_within_unit) == (
        3,
        TimelineUnit.BUSINESS_DAYS,
    )


def test_debrief_refuses_both_a_date_and_a_span() -> None:
    assert (
        problem(
            DebriefFields,
            decision_by="2026-12-09",
            decision_within=3,
            decision_within_unit="days",
        )
        == "give the decision timeline as a date or as a span, not both"
    )


@pytest.mark.parametrize("values", [{"decision_within": 3}, {"decision_within_unit": "weeks"}])
def test_debrief_span_needs_both_number_and_unit(values: dict[str, Any]) -> None:
    assert problem(DebriefFields, **values) == "a decision span needs both a number and a unit"


def test_nested_question_error_names_its_path() -> None:
    assert problem(DebriefFields, questions=[{"text": "Tell me about yourself"}, {"text": ""}]) == (
        "questions[1].text: must not be empty"
    )
    assert problem(DebriefFields, questions=[{"text": " "}]) == (
        "questions[0].text: must not be empty"
    )


# Offer terms


def test_offer_terms_vesting_is_stored_in_canonical_form() -> None:
    assert OfferTerms(vesting_schedule="5, 15, 40, 40").vesting_schedule == "5/15/40/40"
    assert OfferTerms(vesting_schedule="  ").vesting_schedule is None


def test_offer_terms_bad_vesting_explains_the_sum() -> None:
    assert problem(OfferTerms, vesting_schedule="25/25/25") == (
        "vesting_schedule: vesting schedule '25/25/25' adds up to 75%, not 100%"
    )


def test_offer_bonus_is_an_amount_or_a_percentage() -> None:
    assert OfferTerms(bonus_amount=20_000).bonus_amount == 20_000
    assert OfferTerms(bonus_percent=15).bonus_percent == 15.0
    assert problem(OfferTerms, bonus_amount=20_000, bonus_percent=15) == (
        "give the bonus as an amount or as a percentage of base, not both"
    )


def test_offer_extended_deadline_may_not_come_before_the_deadline() -> None:
    same = OfferTerms(deadline="2026-12-10", extended_deadline="2026-12-10")
    assert same.extended_deadline == dt.date(2026, 12, 10)
    assert problem(OfferTerms, deadline="2026-12-10", extended_deadline="2026-12-09") == (
        "the extended deadline 2026-12-09 is before the original deadline 2026-12-10"
    )


# describe_validation_error and invalid_input


def test_prefix_is_put_before_the_field_path() -> None:
    assert problem(ApplicationFields, prefix="row 3 ", company="", role="Engineer") == (
        "row 3 company: must not be empty"
    )


def test_prefix_alone_names_a_whole_model_problem() -> None:
    assert problem(ContactFields, prefix="contact. ") == (
        "contact: a contact needs a name or an email address"
    )


def test_invalid_input_wraps_the_message_as_a_user_facing_error() -> None:
    with pytest.raises(ValidationError) as raised:
        ApplicationFields(company="Acme", role="Engineer", interest=9)
    error = invalid_input(raised.value, prefix="application.")
    assert isinstance(error, InvalidInputError)
    assert str(error) == "application.interest: must be at most 5 (got 9)"
