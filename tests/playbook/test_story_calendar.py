"""Stories that cross weekends and public holidays, in the user's own country.

The facts carry the user's local dates, so time zones never reach the engine; what
changes from one user to the next is which days are holidays.
"""

from __future__ import annotations

import datetime as dt

from afterword.localtime import BusinessCalendar
from afterword.playbook.actions import ActionKind
from tests.playbook.stories import application, by, day, interview_on, plan_for, the_one, within


def follow_up_due(promised: str, *, interview: str, country: str) -> dt.date:
    """When the follow-up falls due after a decision promised for `promised`."""
    acme = application(interviews=[interview_on(interview, timeline=by(promised))])
    return the_one(plan_for(acme, today=interview, country=country), ActionKind.FOLLOW_UP).due


def test_us_follow_up_after_a_wednesday_promise_skips_thanksgiving_to_friday() -> None:
    # Promised by Wednesday 25 November; Thursday 26 is Thanksgiving in the US.
    assert follow_up_due("2026-11-25", interview="2026-11-23", country="US") == day("2026-11-27")
    assert BusinessCalendar("US").holiday(day("2026-11-26")) == "Thanksgiving Day"


def test_the_same_promise_in_the_uk_is_followed_up_on_thanksgiving_thursday() -> None:
    assert follow_up_due("2026-11-25", interview="2026-11-23", country="GB") == day("2026-11-26")


def test_uk_follow_up_after_christmas_eve_waits_for_observed_boxing_day_to_pass() -> None:
    # Christmas is Friday 25; Boxing Day falls on Saturday 26 and is observed on Monday 28.
    uk = BusinessCalendar("GB")

    assert uk.holiday(day("2026-12-25")) == "Christmas Day"
    assert uk.holiday(day("2026-12-26")) == "Boxing Day"
    assert uk.holiday(day("2026-12-28")) == "Boxing Day (observed)"
    assert uk.add(day("2026-12-24"), 1) == day("2026-12-29")
    assert follow_up_due("2026-12-24", interview="2026-12-21", country="GB") == day("2026-12-29")


def test_us_follow_up_after_christmas_eve_is_due_the_monday_after() -> None:
    assert follow_up_due("2026-12-24", interview="2026-12-21", country="US") == day("2026-12-28")


def test_a_follow_up_across_new_year_reads_the_next_years_holidays() -> None:
    # Promised by Thursday 31 December; Friday 1 January is New Year's Day in the UK.
    assert follow_up_due("2026-12-31", interview="2026-12-21", country="GB") == day("2027-01-04")


def test_business_days_skip_the_weekend() -> None:
    calendar = BusinessCalendar("GB")

    assert calendar.add(day("2026-12-04"), 1) == day("2026-12-07")  # Friday -> Monday
    assert calendar.add(day("2026-12-05"), 0) == day("2026-12-07")  # Saturday -> Monday
    assert calendar.add(day("2026-12-03"), 0) == day("2026-12-03")  # a business day stays
    assert calendar.on_or_before(day("2026-12-06")) == day("2026-12-04")  # Sunday -> Friday
    assert not calendar.is_business_day(day("2026-12-05"))


def test_germany_keeps_good_friday_and_easter_monday_where_the_us_works() -> None:
    germany = BusinessCalendar("DE")
    us = BusinessCalendar("US")

    assert germany.holiday(day("2026-04-03")) is not None  # Good Friday
    assert germany.holiday(day("2026-04-06")) is not None  # Easter Monday
    assert germany.add(day("2026-04-02"), 1) == day("2026-04-07")
    assert us.add(day("2026-04-02"), 1) == day("2026-04-03")


def test_a_french_follow_up_waits_out_bastille_day() -> None:
    # Interview on Friday 10 July 2026, answer promised within 1 business day: Monday 13.
    # The follow-up the next business day skips Tuesday 14 July in France.
    acme = application(interviews=[interview_on("2026-07-10", timeline=within(1, "business_days"))])

    in_france = the_one(plan_for(acme, today="2026-07-10", country="FR"), ActionKind.FOLLOW_UP)
    in_the_us = the_one(plan_for(acme, today="2026-07-10", country="US"), ActionKind.FOLLOW_UP)

    assert BusinessCalendar("FR").holiday(day("2026-07-14")) is not None
    assert in_france.due == day("2026-07-15")
    assert in_the_us.due == day("2026-07-14")


def test_scotland_adds_st_andrews_day_to_the_uk_holidays() -> None:
    scotland = BusinessCalendar("GB", "SCT")

    assert scotland.holiday(day("2026-11-30")) == "Saint Andrew's Day"
    assert BusinessCalendar("GB").holiday(day("2026-11-30")) is None
    assert scotland.add(day("2026-11-27"), 1) == day("2026-12-01")


def test_an_unknown_country_has_no_holidays_but_still_skips_weekends() -> None:
    nowhere = BusinessCalendar("XX")

    assert nowhere.holiday(day("2026-12-25")) is None
    assert nowhere.add(day("2026-12-24"), 1) == day("2026-12-25")
    assert nowhere.add(day("2026-12-25"), 1) == day("2026-12-28")
    assert follow_up_due("2026-12-24", interview="2026-12-21", country="XX") == day("2026-12-25")


def test_country_codes_are_read_in_any_case() -> None:
    assert BusinessCalendar("gb").country == "GB"
    assert BusinessCalendar("gb").add(day("2026-12-24"), 1) == day("2026-12-29")
