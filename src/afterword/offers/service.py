"""Recording offers, their terms, and the user's decision on them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm import Session

from afterword.errors import ConfirmationRequiredError, InvalidInputError, NotFoundError
from afterword.offers.models import Offer
from afterword.offers.schemas import OfferTerms
from afterword.offers.terms import compensation as compensation  # re-exported for callers
from afterword.pipeline.applications import get_application
from afterword.pipeline.history import apply_event, record_status
from afterword.pipeline.models import Application, Outcome
from afterword.pipeline.outcomes import record_outcome
from afterword.pipeline.schemas import OutcomeFields
from afterword.pipeline.status import OfferDecision, OutcomeKind, Status
from afterword.pipeline.transitions import Event, EventKind
from afterword.validation import invalid_input


def record_news(
    *,
    session: Session,
    user_id: int,
    application_id: int,
    fields: OutcomeFields,
    now: dt.datetime,
    cause: str | None = None,
) -> Outcome:
    """Records news about a process (any kind); an offer also opens its (empty) offer, whose
    terms and deadline are filled in later. The one entry point for news, so that an offer
    outcome never stands without its offer."""
    outcome = record_outcome(
        session=session,
        user_id=user_id,
        application_id=application_id,
        fields=fields,
        now=now,
        cause=cause,
    )
    if fields.kind is OutcomeKind.OFFER:
        application = get_application(
            session=session, user_id=user_id, application_id=application_id
        )
        application.offers.append(
            Offer(
                user_id=user_id,
                received_on=fields.occurred_on,
                decision=OfferDecision.PENDING,
                created_at=now,
                updated_at=now,
            )
        )
        session.flush()
    return outcome


def record_offer(
    *,
    session: Session,
    user_id: int,
    application_id: int,
    terms: OfferTerms,
    received_on: dt.date,
    now: dt.datetime,
) -> Offer:
    """Records an offer's terms, first recording the offer outcome if it was not yet recorded."""
    application = get_application(session=session, user_id=user_id, application_id=application_id)
    if application.status is not Status.OFFER:
        record_news(
            session=session,
            user_id=user_id,
            application_id=application_id,
            fields=OutcomeFields(kind=OutcomeKind.OFFER, occurred_on=received_on),
            now=now,
        )
    offer = pending_offer(application)
    if offer is None:  # an 'offer' status whose offer row is missing (e.g. an old import)
        offer = Offer(
            user_id=user_id,
            received_on=received_on,
            decision=OfferDecision.PENDING,
            created_at=now,
            updated_at=now,
        )
        application.offers.append(offer)
    elif _has_terms(offer):
        raise InvalidInputError(
            f"application {application_id} already has an open offer (offer {offer.id}); "
            f"change it with 'afterword offers edit {offer.id}'"
        )
    _assign(offer, terms)
    offer.updated_at = now
    session.flush()
    return offer


def pending_offer(application: Application) -> Offer | None:
    """The application's undecided offer, if it has one: the newest, when a revised offer
    came while the first was still open (as the playbook's facts and the pages take it)."""
    pending = [offer for offer in application.offers if offer.decision is OfferDecision.PENDING]
    return max(
        pending, key=lambda offer: (offer.received_on or dt.date.min, offer.id), default=None
    )


def _has_terms(offer: Offer) -> bool:
    return any(getattr(offer, name) is not None for name in OfferTerms.model_fields)


def get_offer(*, session: Session, user_id: int, offer_id: int) -> Offer:
    """Returns one of the user's offers, or raises NotFoundError."""
    offer = session.get(Offer, offer_id)
    if offer is None or offer.user_id != user_id:
        raise NotFoundError(f"there is no offer with id {offer_id}")
    return offer


def list_offers(*, session: Session, user_id: int, pending_only: bool = False) -> list[Offer]:
    """Lists the user's offers, those with the nearest deadline first."""
    query = sa.select(Offer).where(Offer.user_id == user_id)
    if pending_only:
        query = query.where(Offer.decision == OfferDecision.PENDING)
    deadline = sa.func.coalesce(Offer.extended_deadline, Offer.deadline)
    return list(session.scalars(query.order_by(deadline.is_(None), deadline, Offer.id)))


def update_offer(
    *, session: Session, user_id: int, offer_id: int, changes: dict[str, Any], now: dt.datetime
) -> Offer:
    """Changes an offer's terms after validating the result as a whole."""
    offer = get_offer(session=session, user_id=user_id, offer_id=offer_id)
    unknown = set(changes) - set(OfferTerms.model_fields)
    if unknown:
        raise InvalidInputError(f"cannot edit unknown field(s): {', '.join(sorted(unknown))}")
    current = {name: getattr(offer, name) for name in OfferTerms.model_fields}
    if "bonus_amount" in changes and changes["bonus_amount"] is not None:
        current["bonus_percent"] = None  # a new bonus replaces the old one, whatever its form
    if "bonus_percent" in changes and changes["bonus_percent"] is not None:
        current["bonus_amount"] = None
    try:
        terms = OfferTerms.model_validate({**current, **changes})
    except ValidationError as error:
        raise invalid_input(error) from None
    _assign(offer, terms)
    offer.updated_at = now
    session.flush()
    return offer


def set_offer_deadline(
    *,
    session: Session,
    user_id: int,
    offer_id: int,
    day: dt.date | None,
    now: dt.datetime,
    extended: bool = False,
) -> Offer:
    """Sets the day the user must answer an offer by, or (`extended`) the later day the
    company granted; validated with the rest of the terms (an extension cannot come first)."""
    field_name = "extended_deadline" if extended else "deadline"
    return update_offer(
        session=session, user_id=user_id, offer_id=offer_id, changes={field_name: day}, now=now
    )


@dataclass(frozen=True)
class Decision:
    """An offer decided, and the earlier acceptances it went back on (a confirmed renege)."""

    offer: Offer
    reneged: tuple[Offer, ...] = ()


def decide_offer(
    *,
    session: Session,
    user_id: int,
    offer_id: int,
    decision: OfferDecision,
    decided_on: dt.date,
    now: dt.datetime,
    confirm_renege: bool = False,
    cause: str | None = None,
) -> Offer:
    """Records accepting, declining, expiry or rescission of an offer (see `decide`)."""
    return decide(
        session=session,
        user_id=user_id,
        offer_id=offer_id,
        decision=decision,
        decided_on=decided_on,
        now=now,
        confirm_renege=confirm_renege,
        cause=cause,
    ).offer


def decide(
    *,
    session: Session,
    user_id: int,
    offer_id: int,
    decision: OfferDecision,
    decided_on: dt.date,
    now: dt.datetime,
    confirm_renege: bool = False,
    cause: str | None = None,
) -> Decision:
    """Records accepting, declining, expiry or rescission of an offer.

    Accepting while another offer is already accepted, or declining an accepted
    offer, is reneging: it needs `confirm_renege`, otherwise ConfirmationRequiredError.
    A confirmed acceptance over an earlier one settles the earlier one at once: it is
    recorded as declined (reneged), so only one acceptance ever stands.
    """
    offer = get_offer(session=session, user_id=user_id, offer_id=offer_id)
    earlier: list[Offer] = []
    if decision is OfferDecision.ACCEPTED:
        earlier = list(
            session.scalars(
                sa.select(Offer).where(
                    Offer.user_id == user_id,
                    Offer.decision == OfferDecision.ACCEPTED,
                    Offer.id != offer.id,
                )
            )
        )
        if earlier and not confirm_renege:
            raise ConfirmationRequiredError(
                f"you have already accepted the offer from {earlier[0].application.company}; "
                "accepting another means reneging on it, which recruiters and managers remember "
                "and which can close doors at many companies; confirm explicitly if you have "
                "weighed that"
            )
    if offer.decision is not OfferDecision.PENDING and offer.decision is not OfferDecision.ACCEPTED:
        raise InvalidInputError(f"offer {offer.id} was already {offer.decision.value}")
    apply_event(
        session=session,
        application=offer.application,
        event=Event(EventKind.OFFER_DECISION, decision=decision, confirm_renege=confirm_renege),
        cause=cause or f"offer {decision.value} on {decided_on.isoformat()}",
        now=now,
    )
    offer.decision = decision
    offer.decided_on = decided_on
    offer.updated_at = now
    for other in earlier:
        apply_event(
            session=session,
            application=other.application,
            event=Event(
                EventKind.OFFER_DECISION, decision=OfferDecision.DECLINED, confirm_renege=True
            ),
            cause=(
                f"went back on this acceptance on {decided_on.isoformat()} to accept "
                f"{offer.application.company} instead"
            ),
            now=now,
        )
        other.decision = OfferDecision.DECLINED
        other.decided_on = decided_on
        other.updated_at = now
    session.flush()
    return Decision(offer=offer, reneged=tuple(earlier))


def reopen_offer(
    *, session: Session, user_id: int, offer_id: int, cause: str, now: dt.datetime
) -> Offer:
    """Puts a declined offer back to awaiting a decision (undoing a decline recorded by mistake)."""
    offer = get_offer(session=session, user_id=user_id, offer_id=offer_id)
    if offer.decision is not OfferDecision.DECLINED:
        raise InvalidInputError(f"offer {offer.id} is {offer.decision.value}, not declined")
    offer.decision = OfferDecision.PENDING
    offer.decided_on = None
    offer.updated_at = now
    record_status(
        session=session, application=offer.application, status=Status.OFFER, cause=cause, now=now
    )
    return offer


def note_extension_request(
    *,
    session: Session,
    user_id: int,
    offer_id: int,
    requested_on: dt.date | None,
    again: bool,
    now: dt.datetime,
) -> Offer:
    """Notes when the user asked for more time on an offer, and whether they want to ask again.

    `requested_on` None with `again` False means no request was made (an undo).
    """
    offer = get_offer(session=session, user_id=user_id, offer_id=offer_id)
    offer.extension_requested_on = requested_on
    offer.extension_again = again
    offer.updated_at = now
    session.flush()
    return offer


def ask_for_more_time_again(
    *, session: Session, user_id: int, offer_id: int, today: dt.date, now: dt.datetime
) -> Offer:
    """Asks afterword to plan one more extension request for an offer still open."""
    offer = get_offer(session=session, user_id=user_id, offer_id=offer_id)
    if offer.decision is not OfferDecision.PENDING:
        raise InvalidInputError(
            f"offer {offer.id} from {offer.application.company} is {offer.decision.value}; "
            "only an offer awaiting your decision can get more time"
        )
    if offer.extension_requested_on is None and offer.extended_deadline is None:
        raise InvalidInputError(
            f"you have not asked {offer.application.company} for more time yet; the playbook "
            "proposes the first request when the deadline falls before your other processes' "
            "decisions"
        )
    offer.extension_again = True
    if offer.extension_requested_on is None:
        # Granted without a recorded request: the new request counts from the grant.
        offer.extension_requested_on = today
    offer.updated_at = now
    session.flush()
    return offer


def _assign(offer: Offer, terms: OfferTerms) -> None:
    for name, value in terms.model_dump().items():
        setattr(offer, name, value)
