"""When the answer is an offer: terms, deadlines, leverage, and closing the other processes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from afterword.pipeline.status import AWAITING_DECISION, OfferDecision, Status
from afterword.playbook.actions import Action, ActionKind, Priority
from afterword.playbook.context import PlanContext, long_date
from afterword.playbook.facts import ApplicationFacts, OfferFact

_INTERVIEW_STAGES = frozenset({Status.INTERVIEWING, Status.HIRING_MANAGER_CHAT})


def pending_offer(app: ApplicationFacts) -> OfferFact | None:
    """The offer awaiting the user's decision, if the process is at the offer stage."""
    if app.status is not Status.OFFER:
        return None
    pending = [offer for offer in app.offers if offer.decision is OfferDecision.PENDING]
    return max(pending, key=lambda offer: offer.received_on, default=None)


def record_terms(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """Record the terms and, above all, the expiry date."""
    offer = pending_offer(app)
    if offer is None or (offer.has_terms and offer.deadline is not None):
        return
    if not offer.has_terms and offer.deadline is None:
        missing = "the terms and the deadline"
    elif not offer.has_terms:
        missing = "the terms"
    else:
        missing = "the deadline"
    yield Action(
        key=f"record-offer-terms:{offer.id}",
        kind=ActionKind.RECORD_OFFER_TERMS,
        rule="record-offer-terms",
        due=ctx.business_days_after(offer.received_on, ctx.timings.offer_terms_business_days),
        application_id=app.id,
        priority=Priority.HIGH,
        reason=(
            f"Congratulations on the {app.company} offer! Record {missing} so afterword can remind "
            "you before it expires and compare it fairly."
        ),
        evidence=(("offer received", offer.received_on.isoformat()),),
        cause_on=offer.received_on,
    )


def deadline_reminders(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """Reminders a week, three days and a day before the offer expires."""
    offer = pending_offer(app)
    if offer is None or offer.deadline is None:
        return
    for days in ctx.timings.offer_reminder_days:
        day = offer.deadline - dt.timedelta(days=days)
        if day < offer.received_on:
            continue  # the offer came later than this reminder would have been useful
        yield Action(
            key=f"deadline-reminder:{offer.id}:{offer.deadline.isoformat()}:{days}",
            kind=ActionKind.DEADLINE_REMINDER,
            rule="deadline-reminders",
            due=day,
            application_id=app.id,
            priority=Priority.HIGH if days <= 3 else Priority.NORMAL,
            reason=(
                f"The {app.company} offer expires on {long_date(offer.deadline)}, "
                f"{days} day{'s' if days != 1 else ''} from this reminder: decide, negotiate or ask "
                "for more time before then."
            ),
            evidence=(("deadline", offer.deadline.isoformat()),),
            cause_on=offer.received_on,
        )


def ask_how_well(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """Ask the recruiter how well you did: a strong result means room to negotiate."""
    offer = pending_offer(app)
    if offer is None:
        return
    recruiter = app.recruiter
    yield Action(
        key=f"ask-how-well:{offer.id}",
        kind=ActionKind.ASK_HOW_WELL,
        rule="ask-how-well",
        due=ctx.business_days_after(offer.received_on, ctx.timings.ask_how_well_business_days),
        application_id=app.id,
        contact_id=recruiter.id if recruiter else None,
        priority=Priority.LOW,
        reason=(
            f"Ask the {app.company} recruiter how your interviews were rated: if you did very "
            "well, there is room to negotiate."
        ),
        evidence=(("offer received", offer.received_on.isoformat()),),
        cause_on=offer.received_on,
    )


def _other_processes(app: ApplicationFacts, ctx: PlanContext) -> list[ApplicationFacts]:
    return [
        other
        for other in ctx.search.applications
        if other.id != app.id and other.status in _INTERVIEW_STAGES
    ]


def offer_notices(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """Tell every other process in interviews that you hold an offer, and ask them to speed up."""
    offer = pending_offer(app)
    if offer is None or offer.deadline is None:
        return
    for other in _other_processes(app, ctx):
        recruiter = other.recruiter
        yield Action(
            key=f"offer-notice:{offer.id}:{other.id}",
            kind=ActionKind.OFFER_NOTICE,
            rule="offer-notice",
            due=ctx.business_days_after(offer.received_on, ctx.timings.offer_notice_business_days),
            application_id=other.id,
            contact_id=recruiter.id if recruiter else None,
            priority=Priority.HIGH,
            reason=(
                f"You hold an offer that expires on {long_date(offer.deadline)}: telling "
                f"{other.company} and asking whether they can speed up is the only known way to "
                "make a company decide faster."
            ),
            evidence=(
                ("offer", f"{app.company}, expires {offer.deadline.isoformat()}"),
                ("this process", other.status.label),
            ),
            cause_on=offer.received_on,
        )


def extension_request(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """The deadline falls before other processes can decide: ask for a date after the latest of them."""
    offer = pending_offer(app)
    if offer is None or offer.deadline is None:
        return
    expected = [
        (other, found)
        for other in _other_processes(app, ctx)
        if (found := ctx.expected_for(other)) is not None
    ]
    if not expected:
        return
    latest_app, latest = max(expected, key=lambda pair: pair[1].on)
    if latest.on < offer.deadline:
        return
    proposed = ctx.calendar.add(latest.on, ctx.timings.extension_margin_business_days)
    due = ctx.business_days_after(offer.received_on, ctx.timings.offer_notice_business_days)
    due = min(due, offer.deadline)
    yield Action(
        key=f"extension-request:{offer.id}:{offer.deadline.isoformat()}",
        kind=ActionKind.EXTENSION_REQUEST,
        rule="extension-request",
        due=due,
        application_id=app.id,
        contact_id=app.recruiter.id if app.recruiter else None,
        priority=Priority.HIGH,
        reason=(
            f"The {app.company} offer expires on {long_date(offer.deadline)}, but {latest_app.company} "
            f"is not expected to decide before {long_date(latest.on)}: ask for more time, proposing "
            f"{long_date(proposed)}."
        ),
        evidence=(
            ("deadline", offer.deadline.isoformat()),
            ("latest expected decision", f"{latest_app.company}, {latest.on.isoformat()}"),
            ("proposed date", proposed.isoformat()),
        ),
        cause_on=offer.received_on,
    )


def _accepted(app: ApplicationFacts) -> OfferFact | None:
    if app.status is not Status.ACCEPTED:
        return None
    accepted = [offer for offer in app.offers if offer.decision is OfferDecision.ACCEPTED]
    return max(accepted, key=lambda offer: offer.decided_on or offer.received_on, default=None)


def confirm_acceptance(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """Confirm the acceptance in writing and ask about next steps."""
    offer = _accepted(app)
    if offer is None:
        return
    day = offer.decided_on or offer.received_on
    recruiter = app.recruiter
    yield Action(
        key=f"confirm-acceptance:{offer.id}",
        kind=ActionKind.CONFIRM_ACCEPTANCE,
        rule="confirm-acceptance",
        due=day,
        application_id=app.id,
        contact_id=recruiter.id if recruiter else None,
        priority=Priority.HIGH,
        reason=(
            f"You accepted the {app.company} offer on {long_date(day)}: confirm it in writing and "
            "ask about the start date and paperwork."
        ),
        evidence=(("accepted", day.isoformat()),),
        cause_on=day,
    )


def wrap_up(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """After accepting: withdraw from every other open process, decline every other offer."""
    offer = _accepted(app)
    if offer is None:
        return
    day = offer.decided_on or offer.received_on
    due = ctx.business_days_after(day, ctx.timings.wrap_up_business_days)
    for other in ctx.search.applications:
        if other.id == app.id:
            continue
        recruiter = other.recruiter
        contact_id = recruiter.id if recruiter else None
        other_offer = pending_offer(other)
        if other_offer is not None:
            yield Action(
                key=f"decline-offer:{offer.id}:{other_offer.id}",
                kind=ActionKind.DECLINE_OFFER,
                rule="wrap-up",
                due=due,
                application_id=other.id,
                contact_id=contact_id,
                priority=Priority.HIGH,
                reason=(
                    f"You accepted {app.company}: decline the {other.company} offer graciously and "
                    "soon, thanking them -- you may meet these people again."
                ),
                evidence=(("accepted", f"{app.company} on {day.isoformat()}"),),
                cause_on=day,
            )
        elif other.status in AWAITING_DECISION:
            yield Action(
                key=f"wrap-up-withdraw:{offer.id}:{other.id}",
                kind=ActionKind.WITHDRAW,
                rule="wrap-up",
                due=due,
                application_id=other.id,
                contact_id=contact_id,
                priority=Priority.HIGH,
                reason=(
                    f"You accepted {app.company}: withdraw politely from {other.company} so they "
                    "can move on, and leave the door open."
                ),
                evidence=(("accepted", f"{app.company} on {day.isoformat()}"),),
                cause_on=day,
            )


def renege_message(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """If you went back on an acceptance, say so promptly and respectfully."""
    for offer in app.offers:
        if not offer.reneged:
            continue
        day = offer.decided_on or offer.received_on
        recruiter = app.recruiter
        yield Action(
            key=f"renege-message:{offer.id}",
            kind=ActionKind.RENEGE_MESSAGE,
            rule="renege-message",
            due=day,
            application_id=app.id,
            contact_id=recruiter.id if recruiter else None,
            priority=Priority.HIGH,
            reason=(
                f"You declined the {app.company} offer after accepting it: tell them at once, "
                "honestly and with an apology, so the damage stays as small as it can be."
            ),
            evidence=(("declined after accepting", day.isoformat()),),
            cause_on=day,
        )


def compare_offers(ctx: PlanContext) -> Iterator[Action]:
    """More than one offer open: compare them side by side (first-year and multi-year totals)."""
    open_offers = [
        (app, offer) for app in ctx.search.applications if (offer := pending_offer(app)) is not None
    ]
    if len(open_offers) < 2:
        return
    newest = max(offer.received_on for _app, offer in open_offers)
    companies = ", ".join(app.company for app, _offer in open_offers)
    ids = "-".join(str(offer.id) for _app, offer in sorted(open_offers, key=lambda p: p[1].id))
    yield Action(
        key=f"compare-offers:{ids}",
        kind=ActionKind.COMPARE_OFFERS,
        rule="compare-offers",
        due=newest,
        application_id=None,
        priority=Priority.HIGH,
        reason=(
            f"You hold {len(open_offers)} offers ({companies}): compare them side by side, "
            "first-year and four-year totals, not only base salary -- and use them as leverage."
        ),
        evidence=tuple((app.company, f"offer {offer.id}") for app, offer in open_offers),
        cause_on=newest,
    )


RULES = (
    record_terms,
    deadline_reminders,
    ask_how_well,
    offer_notices,
    extension_request,
    confirm_acceptance,
    wrap_up,
    renege_message,
)
SEARCH_RULES = (compare_offers,)
DESCRIPTIONS = {
    "record-offer-terms": "When an offer arrives, record its terms and its expiry date.",
    "deadline-reminders": "Reminders 7, 3 and 1 days before an offer expires.",
    "ask-how-well": "After an offer, ask the recruiter how well you did (room to negotiate).",
    "offer-notice": "Holding an offer, tell every other process in interviews about its deadline.",
    "extension-request": "If the deadline falls before other processes' expected decisions, ask "
    "for an extension to after the latest of them plus a margin.",
    "confirm-acceptance": "After accepting, confirm in writing and ask about next steps.",
    "wrap-up": "After accepting, withdraw from every other open process and decline other offers.",
    "renege-message": "If you declined an offer after accepting it, send a respectful message at once.",
    "compare-offers": "With more than one open offer, compare them side by side.",
}
