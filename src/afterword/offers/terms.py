"""Offer maths (pure): vesting schedules, annual bonus, first-year and multi-year totals."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Protocol

DEFAULT_VESTING = (25.0, 25.0, 25.0, 25.0)


def parse_vesting(text: str) -> tuple[float, ...]:
    """Reads a yearly vesting schedule in percent, e.g. '25/25/25/25' or '5, 15, 40, 40'.

    Raises ValueError unless the shares are positive and add up to 100.
    """
    parts = [part for part in re.split(r"[/,;\s]+", text.strip().rstrip("%")) if part]
    try:
        shares = tuple(float(part.rstrip("%")) for part in parts)
    except ValueError:
        raise ValueError(
            f"vesting schedule '{text}' should be yearly percentages such as 25/25/25/25"
        ) from None
    # 'nan' and 'inf' parse as floats; NaN would slip through the sum check below.
    invalid = any(not math.isfinite(share) or share < 0 for share in shares)
    if not shares or invalid or len(shares) > 10:
        raise ValueError(f"vesting schedule '{text}' needs 1 to 10 non-negative yearly shares")
    if abs(sum(shares) - 100.0) > 0.01:
        raise ValueError(f"vesting schedule '{text}' adds up to {sum(shares):g}%, not 100%")
    return shares


def format_vesting(shares: tuple[float, ...]) -> str:
    """Writes a schedule back as '25/25/25/25'."""
    return "/".join(f"{share:g}" for share in shares)


@dataclass(frozen=True)
class Compensation:
    """The money in an offer, per year, in one currency (whole units)."""

    base_salary: int = 0
    bonus_amount: int | None = None
    bonus_percent: float | None = None
    sign_on: int = 0
    equity_value: int = 0
    vesting: tuple[float, ...] = DEFAULT_VESTING

    @property
    def annual_bonus(self) -> int:
        """The target bonus for a year: the amount, or the percentage of base."""
        if self.bonus_amount is not None:
            return self.bonus_amount
        if self.bonus_percent is not None:
            return round(self.base_salary * self.bonus_percent / 100)
        return 0

    def equity_in_year(self, year: int) -> int:
        """Equity value vesting in year `year` (1-based), at the grant's value."""
        if year < 1 or year > len(self.vesting):
            return 0
        return round(self.equity_value * self.vesting[year - 1] / 100)

    def total_for_year(self, year: int) -> int:
        """Base + bonus + equity vesting that year, plus the sign-on bonus in year 1."""
        sign_on = self.sign_on if year == 1 else 0
        return self.base_salary + self.annual_bonus + self.equity_in_year(year) + sign_on

    def total_over(self, years: int) -> int:
        """The sum of the first `years` yearly totals (a raise-free, flat-share-price view)."""
        return sum(self.total_for_year(year) for year in range(1, years + 1))


class OfferAmounts(Protocol):
    """The money columns of an offer (a stored row or anything shaped like one)."""

    base_salary: int | None
    bonus_amount: int | None
    bonus_percent: float | None
    sign_on: int | None
    equity_value: int | None
    vesting_schedule: str | None


def compensation(offer: OfferAmounts) -> Compensation:
    """The offer's money as a Compensation value (unknown amounts count as zero)."""
    vesting = parse_vesting(offer.vesting_schedule) if offer.vesting_schedule else DEFAULT_VESTING
    return Compensation(
        base_salary=offer.base_salary or 0,
        bonus_amount=offer.bonus_amount,
        bonus_percent=offer.bonus_percent,
        sign_on=offer.sign_on or 0,
        equity_value=offer.equity_value or 0,
        vesting=vesting,
    )


def parse_amount(text: str) -> int:
    """Reads an amount people type: '185000', '185,000', '185k', '1.2m' (whole units)."""
    cleaned = text.strip().lower().replace(",", "").replace("_", "").replace(" ", "")
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([km]?)", cleaned)
    if match is None:
        raise ValueError(f"'{text}' is not an amount; write it like 185000, 185,000 or 185k")
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[match[2]]
    return round(float(match[1]) * factor)


def parse_bonus(text: str) -> tuple[int | None, float | None]:
    """Reads a bonus as an amount ('20000', '20k') or a share of base ('15%'): (amount, percent)."""
    cleaned = text.strip()
    if cleaned.endswith("%"):
        try:
            return None, float(cleaned[:-1])
        except ValueError:
            raise ValueError(f"'{text}' is not a percentage such as 15%") from None
    return parse_amount(cleaned), None
