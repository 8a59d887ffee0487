"""JSON API: offers, their side-by-side comparison with the deadline timeline, and notes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from afterword.offers.comparison import Comparison, DeadlineTimeline, OfferSnapshot
from afterword.offers.comparison_service import load_snapshots, offers_overview, snapshot
from afterword.offers.service import get_offer, update_offer
from afterword.pipeline.status import OfferDecision, Status
from afterword.validation import refuse_nul
from afterword.web.api.json_types import JsonTyped
from afterword.web.deps import WorkspaceDep

router = APIRouter(prefix="/api", tags=["offers"])


OfferId = Annotated[int, Path(ge=1, le=2_147_483_647, description="The offer's id.")]


class OfferOut(BaseModel):
    """An offer: its terms, deadline and state (amounts in whole units of `currency` a year)."""

    id: int
    application_id: int
    company: str
    role: str
    decision: OfferDecision
    currency: str | None
    base_salary: int | None
    annual_bonus: int | None
    sign_on: int | None
    equity_value: int | None
    vesting: str
    first_year_total: int | None
    four_year_total: int | None
    received_on: dt.date | None
    deadline: dt.date | None
    extended_deadline: dt.date | None
    start_date: dt.date | None
    level: str | None
    location: str | None
    notes: str | None


def offer_out(offer: OfferSnapshot) -> OfferOut:
    """The API view of one offer."""
    pay, known = offer.pay, offer.known
    return OfferOut(
        id=offer.id,
        application_id=offer.application_id,
        company=offer.company,
        role=offer.role,
        decision=offer.decision,
        currency=offer.currency,
        base_salary=pay.base_salary if "base" in known else None,
        annual_bonus=pay.annual_bonus if "bonus" in known else None,
        sign_on=pay.sign_on if "sign_on" in known else None,
        equity_value=pay.equity_value if "equity" in known else None,
        vesting=offer.vesting_words,
        first_year_total=pay.total_for_year(1) if "base" in known else None,
        four_year_total=pay.total_over(4) if "base" in known else None,
        received_on=offer.received_on,
        deadline=offer.deadline,
        extended_deadline=offer.extended_deadline,
        start_date=offer.start_date,
        level=offer.level,
        location=offer.location,
        notes=offer.notes,
    )


class CellOut(BaseModel):
    """One amount of the comparison; `highest` marks the best open offer in its currency."""

    offer_id: int
    amount: int | None
    currency: str | None
    detail: str | None
    highest: bool


class RowOut(BaseModel):
    """One money row of the comparison."""

    key: str
    label: str
    cells: list[CellOut]


class DeadlineOut(BaseModel):
    """A pending offer's deadline and the open processes expected to decide on or after it."""

    offer_id: int
    company: str
    deadline: dt.date
    extended: bool
    needs_extension: bool
    late: list[str]


class ProcessOut(BaseModel):
    """An open process, when it is expected to decide, and how that sits with the deadline."""

    application_id: int
    company: str
    role: str
    status: Status
    expected_on: dt.date | None
    basis: str
    verdict: str
    verdict_words: str


class ComparisonOut(BaseModel):
    """Offers side by side, plus every open process against the pending offers' deadlines."""

    offers: list[OfferOut]
    rows: list[RowOut]
    currencies: list[str]
    currency_note: str | None
    deadlines: list[DeadlineOut]
    processes: list[ProcessOut]
    waiting_for_first_reply: int


def comparison_out(comparison: Comparison, timeline: DeadlineTimeline) -> ComparisonOut:
    """The API view of the comparison and the timeline."""
    ids = [offer.id for offer in comparison.columns]
    return ComparisonOut(
        offers=[offer_out(offer) for offer in comparison.columns],
        rows=[
            RowOut(
                key=row.key,
                label=row.label,
                cells=[
                    CellOut(
                        offer_id=offer_id,
                        amount=cell.amount,
                        currency=cell.currency,
                        detail=cell.detail,
                        highest=cell.highest,
                    )
                    for offer_id, cell in zip(ids, row.cells, strict=True)
                ],
            )
            for row in comparison.rows
        ],
        currencies=list(comparison.currencies),
        currency_note=comparison.currency_note,
        deadlines=[
            DeadlineOut(
                offer_id=mark.offer_id,
                company=mark.company,
                deadline=mark.deadline,
                extended=mark.extended,
                needs_extension=mark.needs_extension,
                late=list(mark.late),
            )
            for mark in timeline.deadlines
        ],
        processes=[
            ProcessOut(
                application_id=row.process.application_id,
                company=row.process.company,
                role=row.process.role,
                status=row.process.status,
                expected_on=row.process.expected_on,
                basis=row.process.basis,
                verdict=row.verdict.value,
                verdict_words=row.verdict.words,
            )
            for row in timeline.rows
        ],
        waiting_for_first_reply=timeline.undated_count,
    )


class OfferNotesIn(JsonTyped):
    """New negotiation notes for an offer (null or blank clears them)."""

    model_config = ConfigDict(extra="forbid")

    notes: Annotated[str | None, Field(max_length=100_000), AfterValidator(refuse_nul)] = None


@router.get("/offers", response_model=list[OfferOut])
def list_offers(workspace: WorkspaceDep) -> list[OfferOut]:
    """Every offer, with its terms and totals."""
    return [
        offer_out(offer)
        for offer in load_snapshots(session=workspace.session, user_id=workspace.user_id)
    ]


@router.get("/offers/comparison", response_model=ComparisonOut)
def offer_comparison(workspace: WorkspaceDep) -> ComparisonOut:
    """Offers side by side (highest open offer marked per row) and the deadline timeline."""
    comparison, timeline = offers_overview(
        session=workspace.session,
        user=workspace.user,
        today=workspace.today,
        timings=workspace.settings.playbook,
    )
    return comparison_out(comparison, timeline)


@router.patch("/offers/{offer_id}", response_model=OfferOut)
def change_offer_notes(offer_id: OfferId, body: OfferNotesIn, workspace: WorkspaceDep) -> OfferOut:
    """Changes an offer's negotiation notes."""
    notes = body.notes if body.notes and body.notes.strip() else None
    update_offer(
        session=workspace.session,
        user_id=workspace.user_id,
        offer_id=offer_id,
        changes={"notes": notes},
        now=workspace.now,
    )
    offer = get_offer(session=workspace.session, user_id=workspace.user_id, offer_id=offer_id)
    return offer_out(snapshot(offer, offer.application.company, offer.application.role))
