"""Header mapping and cell parsers of the spreadsheet import (pure)."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afterword.localtime import day_first
from afterword.pipeline.models import ContactRole, SalaryPeriod
from afterword.pipeline.status import Status
from afterword.transfer.csv_columns import (
    ColumnHint,
    CurrencyContext,
    Person,
    Salary,
    cell_text,
    check_field_name,
    date_order_evidence,
    match_header,
    normalise_header,
    parse_currency,
    parse_date,
    parse_email,
    parse_interest,
    parse_link,
    parse_people,
    parse_remote,
    parse_salary,
    parse_status,
    parse_tags,
    plan_columns,
)

TODAY = dt.date(2026, 12, 3)
GB = CurrencyContext(country="GB")

# ---------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Company", "company"),
        ("Company Name", "company"),
        ("company_name", "company"),
        ("COMPANY-NAME:", "company"),
        ("Employer", "company"),
        ("Organisation", "company"),
        ("Organization", "company"),
        ("Firm", "company"),
        ("Role", "role"),
        ("Position", "role"),
        ("Job Title", "role"),
        ("Title", "role"),
        ("Job", "role"),
        ("Job Title / Role", "role"),
        ("Link", "link"),
        ("URL", "link"),
        ("Job Link", "link"),
        ("Job URL", "link"),
        ("Posting", "link"),
        ("Job Posting", "link"),
        ("Source", "source"),
        ("Where Found", "source"),
        ("Found Via", "source"),
        ("Channel", "source"),
        ("Platform", "source"),
        ("Job Board", "source"),
        ("Location", "location"),
        ("City", "location"),
        ("Office", "location"),
        ("Remote?", "remote"),
        ("Salary", "salary"),
        ("Salary Range", "salary"),
        ("Compensation", "salary"),
        ("Pay", "salary"),
        ("Comp", "salary"),
        ("Salary Min", "salary_min"),
        ("Min Salary", "salary_min"),
        ("Salary From", "salary_min"),
        ("Salary Max", "salary_max"),
        ("Max Salary", "salary_max"),
        ("Salary To", "salary_max"),
        ("Currency", "currency"),
        ("Status", "status"),
        ("Stage", "status"),
        ("Application Status", "status"),
        ("Outcome", "status"),
        ("Result", "status"),
        ("Date Applied", "applied_on"),
        ("Applied", "applied_on"),
        ("Applied On", "applied_on"),
        ("Application Date", "applied_on"),
        ("Date", "applied_on"),
        ("dateApplied", "applied_on"),
        ("Interest", "interest"),
        ("Excitement", "interest"),
        ("Priority", "interest"),
        ("Rating", "interest"),
        ("Notes", "notes"),
        ("Comments", "notes"),
        ("Remarks", "notes"),
        ("Tags", "tags"),
        ("Labels", "tags"),
        ("Keywords", "tags"),
        ("Recruiter", "recruiter"),
        ("Recruiter Name", "recruiter"),
        ("Contact", "recruiter"),
        ("Recruiter Email", "recruiter_email"),
        ("Contact Email", "recruiter_email"),
        ("E-mail", "recruiter_email"),
        ("Hiring Manager", "hiring_manager"),
        ("Feedback", "feedback"),
        ("Rejection Reason", "feedback"),
        ("Firma", "company"),
        ("Gehalt", "salary"),
        ("Response Date", "responded_on"),
    ],
)
def test_common_header_names_map_to_their_field(header: str, field: str) -> None:
    found = match_header(header)
    assert found is not None and found[0] == field


@pytest.mark.parametrize(
    "header",
    ["Interview Date", "Follow-up", "Company Size", "Job Type", "#", "", "Next Interview"],
)
def test_headers_naming_no_known_field_are_not_guessed(header: str) -> None:
    assert match_header(header) is None


@pytest.mark.parametrize(
    ("header", "hint"),
    [
        ("Salary (USD)", ColumnHint(currency="USD")),
        ("Salary (£k)", ColumnHint(currency="£", thousands=True)),
        ("Day Rate", ColumnHint(period=SalaryPeriod.DAY)),
        ("Hourly rate", ColumnHint(period=SalaryPeriod.HOUR)),
        ("Monthly Salary (EUR)", ColumnHint(currency="EUR", period=SalaryPeriod.MONTH)),
        ("Date Applied (DD/MM/YYYY)", ColumnHint(dayfirst=True)),
        ("Applied (mm/dd/yy)", ColumnHint(dayfirst=False)),
        ("Applied (yyyy-mm-dd)", ColumnHint()),
    ],
)
def test_headers_carry_hints_about_their_cells(header: str, hint: ColumnHint) -> None:
    found = match_header(header)
    assert found is not None and found[2] == hint


def test_normalising_a_header_drops_case_punctuation_and_filler_words() -> None:
    assert normalise_header("  Name of the Company  ") == "company"
    assert normalise_header("Recruiter's E-Mail") == "recruiter e mail"
    assert normalise_header("Name") == "name"


def test_a_strong_header_wins_over_a_weak_one_for_the_same_field() -> None:
    plan = plan_columns(["Date", "Company", "Title", "Date Applied", "Job Title"], {})
    assert [(c.header, c.field) for c in plan.columns] == [
        ("Company", "company"),
        ("Date Applied", "applied_on"),
        ("Job Title", "role"),
    ]
    assert plan.ignored == ("Date", "Title")


def test_a_plain_name_column_is_the_company_only_when_no_company_column_exists() -> None:
    notion = plan_columns(["Name", "Role"], {})
    tracker = plan_columns(["Name", "Company", "Role"], {})
    assert [c.field for c in notion.columns] == ["company", "role"]
    assert [c.header for c in tracker.of("company")] == ["Company"]
    assert tracker.ignored == ("Name",)


def test_several_note_tag_and_location_columns_are_all_kept() -> None:
    plan = plan_columns(["Notes", "Comments", "City", "Country", "Tags", "Labels"], {})
    assert [c.field for c in plan.columns] == [
        "notes",
        "notes",
        "location",
        "location",
        "tags",
        "tags",
    ]
    assert plan.ignored == ()


def test_user_overrides_map_and_ignore_columns_by_normalised_header() -> None:
    plan = plan_columns(["Org", "Company", "Stuff"], {"org": "company", "stuff": None})
    assert [(c.header, c.field) for c in plan.columns] == [("Org", "company")]
    assert plan.ignored == ("Stuff", "Company")


@pytest.mark.parametrize(
    ("name", "field"),
    [("company", "company"), ("Applied On", "applied_on"), ("ignore", None), ("", None)],
)
def test_mapping_targets_are_field_names_or_ignore(name: str, field: str | None) -> None:
    assert check_field_name(name) == field


def test_an_unknown_mapping_target_lists_the_fields() -> None:
    with pytest.raises(ValueError, match="company, role"):
        check_field_name("employer")


# ---------------------------------------------------------------------------
# Salary and currency
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$120k - $150k", Salary(120_000, 150_000, "USD", None)),
        ("120,000–150,000 USD", Salary(120_000, 150_000, "USD", None)),
        ("£45k", Salary(45_000, 45_000, "GBP", None)),
        ("€60.000 - €70.000", Salary(60_000, 70_000, "EUR", None)),
        ("45.000 - 55.000 €", Salary(45_000, 55_000, "EUR", None)),
        ("€ 55.000,00 brutto/Jahr", Salary(55_000, 55_000, "EUR", SalaryPeriod.YEAR)),
        ("100k+", Salary(100_000, None, None, None)),
        ("from 90k", Salary(90_000, None, None, None)),
        ("up to £90k", Salary(None, 90_000, "GBP", None)),
        ("85000", Salary(85_000, 85_000, None, None)),
        ("85000.00", Salary(85_000, 85_000, None, None)),
        ("£400/day", Salary(400, 400, "GBP", SalaryPeriod.DAY)),
        ("$50/hr", Salary(50, 50, "USD", SalaryPeriod.HOUR)),
        ("$50/hr - $60/hr", Salary(50, 60, "USD", SalaryPeriod.HOUR)),
        ("52.50 €/h", Salary(53, 53, "EUR", SalaryPeriod.HOUR)),
        ("120-150k", Salary(120_000, 150_000, None, None)),
        ("65k-75k GBP p.a.", Salary(65_000, 75_000, "GBP", SalaryPeriod.YEAR)),
        ("$120k/yr", Salary(120_000, 120_000, "USD", SalaryPeriod.YEAR)),
        ("4,500 per month", Salary(4_500, 4_500, None, SalaryPeriod.MONTH)),
        ("1.2M", Salary(1_200_000, 1_200_000, None, None)),
        ("CHF 120'000", Salary(120_000, 120_000, "CHF", None)),
        ("120 000 €", Salary(120_000, 120_000, "EUR", None)),
        ("Rs. 12,00,000", Salary(1_200_000, 1_200_000, "INR", None)),
        ("60-70 T€", Salary(60_000, 70_000, "EUR", None)),
        ("USD120k", Salary(120_000, 120_000, "USD", None)),
        ("C$95k", Salary(95_000, 95_000, "CAD", None)),
        ("between 100k and 120k", Salary(100_000, 120_000, None, None)),
    ],
)
def test_salary_cells_are_read_as_a_range_currency_and_period(text: str, expected: Salary) -> None:
    assert parse_salary(text, currencies=GB) == expected


@pytest.mark.parametrize("text", ["", "  ", "n/a", "-", "TBD", "DOE", "Competitive"])
def test_salary_cells_saying_nothing_are_empty(text: str) -> None:
    assert parse_salary(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lots of money", "is not an amount"),
        ("100k base + 20k bonus", "not a range"),
        ("$100k - €120k", "mixes currencies"),
        ("50/hr or 400/day", "more than one pay period"),
        ("1 2 3", "more than two figures"),
        ("99999999999999999", "too large"),
    ],
)
def test_unreadable_salaries_say_why(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_salary(text)


def test_a_dollar_sign_is_the_users_own_dollar() -> None:
    assert parse_salary("$90k", currencies=CurrencyContext(country="CA")) == Salary(
        90_000, 90_000, "CAD", None
    )
    assert parse_salary("$90k", currencies=CurrencyContext(default="AUD", country="GB")) == Salary(
        90_000, 90_000, "AUD", None
    )
    assert parse_salary("$90k", currencies=CurrencyContext(country="DE")) == Salary(
        90_000, 90_000, "USD", None
    )


def test_kroner_need_a_country_or_a_code() -> None:
    assert parse_salary("50 000 kr", currencies=CurrencyContext(country="NO")) == Salary(
        50_000, 50_000, "NOK", None
    )
    with pytest.raises(ValueError, match="SEK, NOK or DKK"):
        parse_salary("50 000 kr", currencies=CurrencyContext(country="GB"))


def test_a_thousands_header_scales_bare_figures_only() -> None:
    hint = ColumnHint(currency="£", thousands=True)
    assert parse_salary("45-55", hint=hint, currencies=GB) == Salary(45_000, 55_000, "GBP", None)
    assert parse_salary("60k", hint=hint, currencies=GB) == Salary(60_000, 60_000, "GBP", None)


@pytest.mark.parametrize(
    ("text", "code"),
    [("USD", "USD"), ("eur", "EUR"), ("£", "GBP"), ("€", "EUR"), ("euros", "EUR"), ("", None)],
)
def test_currency_cells_accept_codes_symbols_and_words(text: str, code: str | None) -> None:
    assert parse_currency(text, currencies=GB) == code


def test_a_currency_cell_that_names_no_currency_is_refused() -> None:
    with pytest.raises(ValueError, match="not a currency"):
        parse_currency("Yes")


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("2026-12-03", True, dt.date(2026, 12, 3)),
        ("2026/12/03", False, dt.date(2026, 12, 3)),
        ("2026-12-03 00:00:00", True, dt.date(2026, 12, 3)),
        ("2026-12-03T10:30:00Z", True, dt.date(2026, 12, 3)),
        ("03/12/2026", True, dt.date(2026, 12, 3)),
        ("03/12/2026", False, dt.date(2026, 3, 12)),
        ("12/31/2026", True, dt.date(2026, 12, 31)),  # cannot be day-first, so it is not
        ("3.12.2026", True, dt.date(2026, 12, 3)),
        ("3/12/26", True, dt.date(2026, 12, 3)),
        ("12/3/2026 12:00:00 AM", False, dt.date(2026, 12, 3)),
        ("3 Dec 2026", False, dt.date(2026, 12, 3)),
        ("Dec 3, 2026", True, dt.date(2026, 12, 3)),
        ("December 3rd, 2026", True, dt.date(2026, 12, 3)),
        ("Thursday, 3 December 2026", False, dt.date(2026, 12, 3)),
        ("3-Dec-26", False, dt.date(2026, 12, 3)),
        ("3. Dezember 2026", True, dt.date(2026, 12, 3)),
        ("3 de diciembre de 2026", True, dt.date(2026, 12, 3)),
        ("46359", True, dt.date(2026, 12, 3)),
        ("46359.0", True, dt.date(2026, 12, 3)),
        ("20261203", True, dt.date(2026, 12, 3)),
        ("Nov 28", True, dt.date(2026, 11, 28)),
        ("Dec 20", True, dt.date(2025, 12, 20)),  # no year: the most recent such day
        ("today", True, TODAY),
    ],
)
def test_date_cells_in_common_spreadsheet_formats(
    text: str, dayfirst: bool, expected: dt.date
) -> None:
    assert parse_date(text, dayfirst=dayfirst, today=TODAY) == expected


@pytest.mark.parametrize(
    "text", ["31/31/2026", "2026-02-30", "next week", "Dec 2026", "12345", "3/4/5/6"]
)
def test_impossible_dates_are_refused_with_the_value(text: str) -> None:
    with pytest.raises(ValueError, match=f"'{text}' is not a date"):
        parse_date(text, dayfirst=True, today=TODAY)


def test_empty_date_cells_are_none() -> None:
    assert parse_date(" ", dayfirst=True, today=TODAY) is None
    assert parse_date("N/A", dayfirst=True, today=TODAY) is None


def test_unambiguous_dates_reveal_the_files_date_order() -> None:
    assert date_order_evidence(["01/02/2026", "25/11/2026"]) is True
    assert date_order_evidence(["01/02/2026", "11/25/2026"]) is False
    assert date_order_evidence(["01/02/2026", "2026-11-25"]) is None
    assert date_order_evidence(["25/11/2026", "11/25/2026"]) is None  # contradictory


@pytest.mark.parametrize(
    ("country", "dayfirst"),
    [("US", False), ("ca", False), ("PH", False), ("GB", True), ("DE", True), ("IN", True)],
)
def test_the_country_decides_the_date_order_when_nothing_else_does(
    country: str, dayfirst: bool
) -> None:
    assert day_first(country) is dayfirst


# ---------------------------------------------------------------------------
# Status
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("", Status.APPLIED),
        ("Applied", Status.APPLIED),
        ("Submitted", Status.APPLIED),
        ("sent", Status.APPLIED),
        ("In review", Status.APPLIED),
        ("Interview", Status.INTERVIEWING),
        ("Interviewing", Status.INTERVIEWING),
        ("Phone Screen", Status.INTERVIEWING),
        ("Onsite", Status.INTERVIEWING),
        ("On-site", Status.INTERVIEWING),
        ("Technical", Status.INTERVIEWING),
        ("3 - Interviewing", Status.INTERVIEWING),
        ("Hiring Manager", Status.HIRING_MANAGER_CHAT),
        ("HM interview", Status.HIRING_MANAGER_CHAT),
        ("Team match", Status.HIRING_MANAGER_CHAT),
        ("Offer", Status.OFFER),
        ("Offered", Status.OFFER),
        ("✅ Offer", Status.OFFER),
        ("Negotiating", Status.OFFER),
        ("Accepted", Status.ACCEPTED),
        ("Offer accepted", Status.ACCEPTED),
        ("Rejected", Status.REJECTED),
        ("Rejected after onsite", Status.REJECTED),
        ("Declined by company", Status.REJECTED),
        ("Not selected", Status.REJECTED),
        ("No", Status.REJECTED),
        ("Rejected 😢", Status.REJECTED),
        ("Ghosted", Status.GHOSTED),
        ("No response", Status.GHOSTED),
        ("No reply", Status.GHOSTED),
        ("Withdrawn", Status.WITHDRAWN),
        ("Withdrew", Status.WITHDRAWN),
        ("I Withdrew", Status.WITHDRAWN),
        ("Declined offer", Status.DECLINED),
        ("Offer declined", Status.DECLINED),
        ("Offer expired", Status.OFFER_EXPIRED),
        ("Offer rescinded", Status.OFFER_RESCINDED),
        ("Beworben", Status.APPLIED),
        ("Absage", Status.REJECTED),
        ("Vorstellungsgespräch", Status.INTERVIEWING),
    ],
)
def test_status_words_map_to_the_pipeline(text: str, status: Status) -> None:
    assert parse_status(text) is status


def test_an_unknown_status_names_the_value_and_what_is_understood() -> None:
    with pytest.raises(ValueError, match="'Limbo' is not a status") as raised:
        parse_status("Limbo")
    assert "applied, interviewing" in str(raised.value)


@pytest.mark.parametrize("text", ["Wishlist", "Saved", "Bookmarked", "To apply", "Applying"])
def test_not_yet_applied_statuses_are_refused_with_the_reason(text: str) -> None:
    with pytest.raises(ValueError, match="not applied yet"):
        parse_status(text)


def test_a_bare_declined_asks_who_declined() -> None:
    with pytest.raises(ValueError, match="who declined"):
        parse_status("Declined")


# ---------------------------------------------------------------------------
# Interest, tags, people, links, remote
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("", None),
        ("3", 3),
        ("4.0", 4),
        ("3/5", 3),
        ("4 / 5", 4),
        ("8/10", 4),
        ("4 out of 5", 4),
        ("★★★", 3),
        ("★★★☆☆", 3),
        ("⭐⭐⭐⭐⭐", 5),
        ("***", 3),
        ("High", 4),
        ("medium", 3),
        ("Low", 2),
        ("very high", 5),
        ("P1", 5),
        ("p3", 3),
        ("80%", 4),
        ("5 stars", 5),
    ],
)
def test_interest_cells_become_a_rating_from_one_to_five(text: str, rating: int | None) -> None:
    assert parse_interest(text) == rating


@pytest.mark.parametrize("text", ["0", "7", "6/5", "☆☆☆", "lukewarm", "3/0"])
def test_interest_outside_one_to_five_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a rating from 1 to 5"):
        parse_interest(text)


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("python, fintech", ["python", "fintech"]),
        ("a; b | c", ["a", "b", "c"]),
        ("#remote #dream job", ["remote", "dream job"]),
        ("dream job", ["dream job"]),
        ("a,,a, ", ["a"]),
        ("", []),
    ],
)
def test_tags_split_on_commas_semicolons_and_pipes(text: str, tags: list[str]) -> None:
    assert parse_tags(text) == tags


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Jane Doe", [Person("Jane Doe", None)]),
        ("jane@acme.com", [Person(None, "jane@acme.com")]),
        ("Jane Doe <jane@acme.com>", [Person("Jane Doe", "jane@acme.com")]),
        ("Jane Doe (jane@acme.com)", [Person("Jane Doe", "jane@acme.com")]),
        ("mailto:jane@acme.com", [Person(None, "jane@acme.com")]),
        ("Bob Smith (Hiring Manager)", [Person("Bob Smith", None, ContactRole.HIRING_MANAGER)]),
        ("Bob Smith - HM", [Person("Bob Smith", None, ContactRole.HIRING_MANAGER)]),
        (
            "Jane <jane@acme.com>; Bob <bob@acme.com>",
            [Person("Jane", "jane@acme.com"), Person("Bob", "bob@acme.com")],
        ),
        (
            "Jane, jane@acme.com, Bob, bob@acme.com",
            [Person("Jane", "jane@acme.com"), Person("Bob", "bob@acme.com")],
        ),
        ("", []),
        ("yes", []),
    ],
)
def test_contact_cells_yield_names_addresses_and_roles(text: str, people: list[Person]) -> None:
    assert parse_people(text) == people


def test_email_cells_must_hold_an_address() -> None:
    assert parse_email("Jane <jane@acme.com>") == "jane@acme.com"
    assert parse_email("") is None
    with pytest.raises(ValueError, match="'jane at acme' is not an email address"):
        parse_email("jane at acme")


def test_hyperlink_formulas_show_their_label_and_link_to_their_target() -> None:
    formula = '=HYPERLINK("https://jobs.acme.com/1";"Acme")'
    assert cell_text(formula) == "Acme"
    assert parse_link(formula) == "https://jobs.acme.com/1"
    assert cell_text('="007"') == "007"
    assert parse_link("Apply here: https://jobs.acme.com/2.") == "https://jobs.acme.com/2"
    assert parse_link("n/a") is None


@pytest.mark.parametrize(
    ("text", "mode"),
    [("Yes", "Remote"), ("x", "Remote"), ("No", None), ("", None), ("Hybrid", "Hybrid")],
)
def test_remote_cells_are_yes_no_or_a_work_mode(text: str, mode: str | None) -> None:
    assert parse_remote(text) == mode


# ---------------------------------------------------------------------------
# Robustness: any text is either read or refused with ValueError
# ---------------------------------------------------------------------------

_ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from(list("0123456789$€£¥.,-–/kKmM+ :'()<>@★☆%")),
    ),
    max_size=40,
)


def _only_value_errors(parse: object, text: str) -> None:
    with contextlib.suppress(ValueError):
        parse(text)  # type: ignore[operator]


@given(_ANY_TEXT)
def test_salary_parser_never_raises_anything_but_value_error(text: str) -> None:
    _only_value_errors(
        lambda value: parse_salary(value, currencies=GB, hint=ColumnHint(thousands=True)), text
    )


@given(_ANY_TEXT, st.booleans())
def test_date_parser_never_raises_anything_but_value_error(text: str, dayfirst: bool) -> None:
    _only_value_errors(lambda value: parse_date(value, dayfirst=dayfirst, today=TODAY), text)


@given(_ANY_TEXT)
def test_status_interest_currency_and_people_parsers_never_raise_anything_but_value_error(
    text: str,
) -> None:
    for parse in (parse_status, parse_interest, parse_currency, parse_people, parse_email, parse_tags,
                  parse_link, parse_remote, cell_text, match_header):  # fmt: skip
        _only_value_errors(parse, text)


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_salary_ranges_round_trip_through_their_usual_spelling(low: int, extra: int) -> None:
    high = low + extra
    parsed = parse_salary(f"£{low:,} - £{high:,}", currencies=GB)
    assert parsed == Salary(low, high, "GBP", None)


@given(st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2099, 12, 31)), st.booleans())
def test_dates_round_trip_through_numeric_and_iso_spellings(day: dt.date, dayfirst: bool) -> None:
    numeric = day.strftime("%d/%m/%Y" if dayfirst else "%m/%d/%Y")
    assert parse_date(numeric, dayfirst=dayfirst, today=TODAY) == day
    assert parse_date(day.isoformat(), dayfirst=not dayfirst, today=TODAY) == day
    assert parse_date(day.strftime("%d %b %Y"), dayfirst=dayfirst, today=TODAY) == day
