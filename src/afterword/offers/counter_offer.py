"""A counter-offer draft that uses a competing offer honestly (pure).

It states the other offer's terms exactly as recorded, never rounds them up, names the other
company only when the user chooses to, and refuses when the competing offer does not support
the ask (lower or equal base, another currency): a counter built on an overstatement can cost
the offer and the relationship.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from afterword.offers.salary_target import Target


@dataclass(frozen=True)
class OfferTermsView:
    """What the draft needs from an offer."""

    company: str
    role: str
    currency: str | None
    base: int | None
    first_year: int | None
    deadline: dt.date | None = None


class CannotCounter(ValueError):
    """The record does not support an honest counter-offer; the message says why."""


def _amount(value: int, currency: str | None) -> str:
    return f"{value:,} {currency}" if currency else f"{value:,}"


def counter_offer_draft(
    *,
    offer: OfferTermsView,
    competing: OfferTermsView,
    target: Target | None,
    recruiter: str | None,
    name_company: bool = False,
) -> tuple[str, str]:
    """(subject, body) of a counter-offer for `offer`, citing `competing` as recorded."""
    if offer.base is None or competing.base is None:
        raise CannotCounter("both offers need a base salary recorded to compare them")
    if offer.currency != competing.currency:
        raise CannotCounter(
            f"the offers are in different currencies ({offer.currency or 'none'} and "
            f"{competing.currency or 'none'}); compare them yourself before citing one"
        )
    if competing.base <= offer.base:
        raise CannotCounter(
            f"the other offer's base ({_amount(competing.base, competing.currency)}) is not above "
            f"this one ({_amount(offer.base, offer.currency)}); citing it would overstate"
        )
    currency = offer.currency
    # Ask for the other offer's base, or the top of one's researched range if lower: never more
    # than the record supports.
    ask = competing.base
    if target is not None and target.high is not None and offer.base < target.high < ask:
        ask = target.high
    other = competing.company if name_company else "another company"
    lines = [
        f"Hi {recruiter or 'there'},",
        "",
        f"Thank you again for the offer for the {offer.role} role at {offer.company}.",
        "",
        f"To be open with you: I also hold an offer from {other}, with a base salary of "
        f"{_amount(competing.base, currency)}"
        + (
            f" and a first-year total of {_amount(competing.first_year, currency)}."
            if competing.first_year is not None and competing.first_year != competing.base
            else "."
        ),
    ]
    if target is not None and target.low is not None and target.high is not None:
        lines.append(
            f"My own research for this level pointed to a base between "
            f"{_amount(target.low, target.currency or currency)} and "
            f"{_amount(target.high, target.currency or currency)}."
        )
    lines += [
        "",
        f"Would you be able to bring the base salary to {_amount(ask, currency)}?",
    ]
    if competing.deadline is not None:
        lines.append(
            f"The other offer asks for an answer by {competing.deadline.day} "
            f"{competing.deadline:%B %Y}."
        )
    lines += ["", "Thank you for considering it.", ""]
    return f"The {offer.role} offer", "\n".join(lines)
