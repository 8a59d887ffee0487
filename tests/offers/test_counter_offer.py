"""The counter-offer draft (pure): the competing offer as recorded, never overstated."""

from __future__ import annotations

import datetime as dt

import pytest

from afterword.offers.counter_offer import CannotCounter, OfferTermsView, counter_offer_draft
from afterword.offers.salary_target import Target

LUMEN = OfferTermsView("Lumen Ledger", "Data Engineer", "GBP", 88_000, 104_300)
OTHER = OfferTermsView("Brightmoss", "Engineer", "GBP", 95_000, 110_000, dt.date(2026, 12, 11))


def test_the_draft_cites_the_other_offer_exactly_and_leaves_its_name_out() -> None:
    subject, body = counter_offer_draft(
        offer=LUMEN, competing=OTHER, target=None, recruiter="Imogen"
    )
    assert subject == "The Data Engineer offer"
    assert body.startswith("Hi Imogen,")
    assert "an offer from another company, with a base salary of 95,000 GBP" in body
    assert "a first-year total of 110,000 GBP" in body
    assert "bring the base salary to 95,000 GBP?" in body
    assert "answer by 11 December 2026" in body
    assert "Brightmoss" not in body


def test_the_ask_stays_within_the_researched_range_when_that_is_lower() -> None:
    target = Target(currency="GBP", low=85_000, high=92_000, walk_away=80_000)
    _, body = counter_offer_draft(
        offer=LUMEN, competing=OTHER, target=target, recruiter=None, name_company=True
    )
    assert "bring the base salary to 92,000 GBP?" in body
    assert "from Brightmoss" in body and body.startswith("Hi there,")


@pytest.mark.parametrize(
    ("competing", "why"),
    [
        (
            OfferTermsView("Brightmoss", "Engineer", "GBP", 88_000, 99_000),
            "citing it would overstate",
        ),
        (OfferTermsView("Brightmoss", "Engineer", "EUR", 120_000, 130_000), "different currencies"),
        (OfferTermsView("Brightmoss", "Engineer", "GBP", None, None), "base salary recorded"),
    ],
)
def test_no_counter_when_the_record_does_not_support_it(
    competing: OfferTermsView, why: str
) -> None:
    with pytest.raises(CannotCounter, match=why):
        counter_offer_draft(offer=LUMEN, competing=competing, target=None, recruiter=None)
