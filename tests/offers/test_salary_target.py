"""An offer against the user's salary research (pure)."""

from __future__ import annotations

import pytest

from afterword.offers.salary_target import Target, against_target, check_target

TARGET = Target(currency="GBP", low=90_000, high=105_000, walk_away=85_000)


@pytest.mark.parametrize(
    ("base", "words"),
    [
        (95_000, "within your target range"),
        (88_000, "2,000 GBP below your target range"),
        (80_000, "below your walk-away number (85,000 GBP)"),
        (110_000, "above your target range (which ends at 105,000 GBP)"),
    ],
)
def test_an_offer_is_placed_against_the_target(base: int, words: str) -> None:
    assert against_target(base, "GBP", TARGET) == words


def test_nothing_is_compared_without_research_a_base_or_across_currencies() -> None:
    assert against_target(95_000, "GBP", None) is None
    assert against_target(None, "GBP", TARGET) is None
    assert (
        against_target(95_000, "EUR", TARGET)
        == "your target is in GBP, the offer in EUR: not compared"
    )


def test_a_walk_away_above_the_range_or_a_reversed_range_is_explained() -> None:
    assert "starts above where it ends" in (check_target(low=10, high=5, walk_away=None) or "")
    assert "walk-away number (95) is above" in (check_target(low=90, high=100, walk_away=95) or "")
    assert check_target(low=90, high=100, walk_away=85) is None
