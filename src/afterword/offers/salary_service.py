"""Salary research per application: a target range, a walk-away number and the sources."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError
from afterword.offers.models import SalaryResearch
from afterword.offers.salary_target import Target, check_target
from afterword.pipeline.applications import get_application


def get_research(*, session: Session, user_id: int, application_id: int) -> SalaryResearch | None:
    """The research recorded for an application, if any."""
    return session.scalar(
        sa.select(SalaryResearch).where(
            SalaryResearch.user_id == user_id, SalaryResearch.application_id == application_id
        )
    )


def set_research(
    *,
    session: Session,
    user_id: int,
    application_id: int,
    currency: str | None,
    low: int | None,
    high: int | None,
    walk_away: int | None,
    sources: str | None,
    now: dt.datetime,
) -> SalaryResearch:
    """Records (or replaces) the salary research for an application."""
    get_application(session=session, user_id=user_id, application_id=application_id)
    for name, value in (("low", low), ("high", high), ("walk-away", walk_away)):
        if value is not None and not 0 <= value <= 1_000_000_000_000:
            raise InvalidInputError(f"the {name} amount must be between 0 and 1,000,000,000,000")
    problem = check_target(low=low, high=high, walk_away=walk_away)
    if problem:
        raise InvalidInputError(problem)
    if low is None and high is None and walk_away is None and not (sources or "").strip():
        raise InvalidInputError("give a target range, a walk-away number or your sources")
    if currency and not (len(currency.strip()) == 3 and currency.strip().isalpha()):
        raise InvalidInputError(f"'{currency}' is not a currency code; use three letters like EUR")
    currency = currency.strip() if currency else None
    research = get_research(session=session, user_id=user_id, application_id=application_id)
    if research is None:
        research = SalaryResearch(user_id=user_id, application_id=application_id, updated_at=now)
        session.add(research)
    research.currency = currency.upper() if currency else None
    research.target_low, research.target_high, research.walk_away = low, high, walk_away
    research.sources = (sources or "").strip()[:100_000] or None
    research.updated_at = now
    session.flush()
    return research


def targets(*, session: Session, user_id: int) -> dict[int, Target]:
    """Every application's target, by application id (for the offer comparison)."""
    return {
        row.application_id: Target(
            currency=row.currency,
            low=row.target_low,
            high=row.target_high,
            walk_away=row.walk_away,
            sources=row.sources,
        )
        for row in session.scalars(
            sa.select(SalaryResearch).where(SalaryResearch.user_id == user_id)
        )
    }
