"""Offer maths: vesting schedules, bonuses, first-year and multi-year totals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afterword.offers.terms import (
    DEFAULT_VESTING,
    Compensation,
    format_vesting,
    parse_amount,
    parse_bonus,
    parse_vesting,
)

# parse_vesting


@pytest.mark.parametrize(
    ("text", "shares"),
    [
        ("25/25/25/25", (25.0, 25.0, 25.0, 25.0)),
        ("5, 15, 40, 40", (5.0, 15.0, 40.0, 40.0)),
        ("33.3/33.3/33.4", (33.3, 33.3, 33.4)),
        ("100", (100.0,)),
        ("50;50", (50.0, 50.0)),
        ("10 20 30 40", (10.0, 20.0, 30.0, 40.0)),
        ("25%/25%/25%/25%", (25.0, 25.0, 25.0, 25.0)),
        (" 40/30/20/10 ", (40.0, 30.0, 20.0, 10.0)),
        ("0/50/50", (0.0, 50.0, 50.0)),
    ],
)
def test_vesting_reads_yearly_percentages_with_any_common_separator(
    text: str, shares: tuple[float, ...]
) -> None:
    assert parse_vesting(text) == shares


@pytest.mark.parametrize(
    ("text", "total"),
    [("25/25/25", "75"), ("50/60", "110"), ("33/33/33", "99"), ("33.3/33.3/33.3", "99.9")],
)
def test_vesting_refuses_shares_that_do_not_add_up_to_100(text: str, total: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_vesting(text)
    assert str(raised.value) == f"vesting schedule '{text}' adds up to {total}%, not 100%"


@pytest.mark.parametrize("text", ["-10/60/50", "", "   ", "10/" * 10 + "0/0/0/0/0/0/0/0/0/0"])
def test_vesting_refuses_negative_missing_or_too_many_shares(text: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_vesting(text)
    assert str(raised.value) == (
        f"vesting schedule '{text}' needs 1 to 10 non-negative yearly shares"
    )


@pytest.mark.parametrize("text", ["nan", "100/nan", "inf", "100/0/inf"])
def test_vesting_refuses_shares_that_are_not_finite_numbers(text: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_vesting(text)
    assert str(raised.value) == (
        f"vesting schedule '{text}' needs 1 to 10 non-negative yearly shares"
    )


@pytest.mark.parametrize("text", ["four years", "25/25/x/25", "quarterly"])
def test_vesting_refuses_garbage_with_an_example(text: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_vesting(text)
    assert str(raised.value) == (
        f"vesting schedule '{text}' should be yearly percentages such as 25/25/25/25"
    )


def test_vesting_formats_back_without_trailing_zeros() -> None:
    assert format_vesting((25.0, 25.0, 25.0, 25.0)) == "25/25/25/25"
    assert format_vesting((33.3, 33.3, 33.4)) == "33.3/33.3/33.4"


shares_text = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["25", "50", "100", "nan", "inf", "-0", "33.3", "33.4"]),
)


@given(
    st.one_of(
        st.text(max_size=40),
        st.lists(shares_text, max_size=12).map("/".join),
    )
)
def test_vesting_parser_either_returns_a_schedule_summing_to_100_or_raises_value_error(
    text: str,
) -> None:
    try:
        shares = parse_vesting(text)
    except ValueError:
        return
    assert 1 <= len(shares) <= 10
    assert all(share >= 0 for share in shares)
    assert abs(sum(shares) - 100) <= 0.01


# Compensation


def test_first_year_total_includes_the_sign_on_bonus() -> None:
    offer = Compensation(
        base_salary=180_000, bonus_amount=20_000, sign_on=30_000, equity_value=400_000
    )
    assert offer.total_for_year(1) == 180_000 + 20_000 + 100_000 + 30_000
    assert offer.total_for_year(2) == 180_000 + 20_000 + 100_000


def test_bonus_as_a_percentage_is_a_share_of_base() -> None:
    offer = Compensation(base_salary=185_000, bonus_percent=15)
    assert offer.annual_bonus == 27_750
    assert offer.total_for_year(1) == 212_750


def test_bonus_amount_wins_over_a_percentage_when_both_are_set() -> None:
    assert Compensation(base_salary=100_000, bonus_amount=5_000, bonus_percent=50).annual_bonus == (
        5_000
    )


def test_no_bonus_counts_as_zero() -> None:
    assert Compensation(base_salary=100_000).annual_bonus == 0


def test_four_year_total_with_a_back_loaded_schedule() -> None:
    offer = Compensation(
        base_salary=200_000,
        bonus_percent=10,
        sign_on=50_000,
        equity_value=400_000,
        vesting=(5.0, 15.0, 40.0, 40.0),
    )
    assert [offer.equity_in_year(year) for year in (1, 2, 3, 4)] == [
        20_000,
        60_000,
        160_000,
        160_000,
    ]
    assert [offer.total_for_year(year) for year in (1, 2, 3, 4)] == [
        290_000,
        280_000,
        380_000,
        380_000,
    ]
    assert offer.total_over(4) == 1_330_000


def test_equity_outside_the_schedule_years_is_zero() -> None:
    offer = Compensation(base_salary=100_000, equity_value=400_000)
    assert offer.vesting == DEFAULT_VESTING
    assert offer.equity_in_year(0) == 0
    assert offer.equity_in_year(5) == 0
    assert offer.total_for_year(5) == 100_000
    assert offer.total_over(5) == 100_000 * 5 + 400_000


def test_total_over_zero_years_is_zero() -> None:
    assert Compensation(base_salary=100_000, sign_on=10_000).total_over(0) == 0


# parse_amount and parse_bonus


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("185000", 185_000),
        ("185,000", 185_000),
        ("185 000", 185_000),
        ("185_000", 185_000),
        ("185k", 185_000),
        ("185K", 185_000),
        ("1.2m", 1_200_000),
        ("1.15m", 1_150_000),
        ("0.29k", 290),
        (" 20k ", 20_000),
        ("0", 0),
    ],
)
def test_amount_reads_plain_grouped_and_abbreviated_numbers(text: str, amount: int) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["", "abc", "-5000", "185kk", "$185k", "1.2b", "12.k"])
def test_amount_refuses_anything_else_with_an_example(text: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_amount(text)
    assert str(raised.value) == f"'{text}' is not an amount; write it like 185000, 185,000 or 185k"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15%", (None, 15.0)),
        ("12.5%", (None, 12.5)),
        (" 15 % ", (None, 15.0)),
        ("20k", (20_000, None)),
        ("20,000", (20_000, None)),
    ],
)
def test_bonus_reads_an_amount_or_a_percentage(
    text: str, expected: tuple[int | None, float | None]
) -> None:
    assert parse_bonus(text) == expected


def test_bonus_refuses_a_bad_percentage() -> None:
    with pytest.raises(ValueError) as raised:
        parse_bonus("lots%")
    assert str(raised.value) == "'lots%' is not a percentage such as 15%"


def test_bonus_refuses_a_bad_amount() -> None:
    with pytest.raises(ValueError, match="is not an amount"):
        parse_bonus("a lot")
