"""An offer against the user's own salary research (pure): inside the target range, below it,
above it, or under the walk-away number. Only what the record holds is compared: base pay
against the researched range, in the same currency."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """The salary research for one application, amounts per year."""

    currency: str | None
    low: int | None
    high: int | None
    walk_away: int | None
    sources: str | None = None


def check_target(*, low: int | None, high: int | None, walk_away: int | None) -> str | None:
    """What is inconsistent in a target, as one sentence, or None when it holds together."""
    if low is not None and high is not None and low > high:
        return f"the target range starts above where it ends ({low} > {high})"
    if walk_away is not None and low is not None and walk_away > low:
        return (
            f"the walk-away number ({walk_away}) is above the start of the target range ({low}); "
            "it is the least you would accept, so it sits at or below the range"
        )
    return None


def _amount(value: int, currency: str | None) -> str:
    return f"{value:,} {currency}" if currency else f"{value:,}"


def against_target(base: int | None, currency: str | None, target: Target | None) -> str | None:
    """One line comparing an offer's base pay with the target, or None when there is nothing
    to compare (no research, no base, or different currencies)."""
    if target is None or base is None:
        return None
    if target.currency and currency and target.currency != currency:
        return f"your target is in {target.currency}, the offer in {currency}: not compared"
    unit = target.currency or currency
    if target.walk_away is not None and base < target.walk_away:
        return f"below your walk-away number ({_amount(target.walk_away, unit)})"
    if target.low is not None and base < target.low:
        gap = target.low - base
        return f"{_amount(gap, unit)} below your target range"
    if target.high is not None and base > target.high:
        return f"above your target range (which ends at {_amount(target.high, unit)})"
    if target.low is not None or target.high is not None:
        return "within your target range"
    return None
