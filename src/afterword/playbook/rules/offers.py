"""When the answer is an offer: terms, deadlines, leverage, and closing the other processes."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

from afterword.pipeline.status import AWAITING_DECISION, OfferDecision, Status
from afterword.playbook.actions import Action, ActionKind, Fulfilled, Priority, propose
from afterword.playbook.context import PlanContext, long_date
from afterword.playbook.effects import short_day
from afterword.playbook.facts import ApplicationFacts, OfferFact

_INTERVIEW_STAGES = frozenset({Status.INTERVIEWING, Status.HIRING_MANAGER_CHAT})


def _live_offer(app: ApplicationFacts, ctx: PlanContext) -> OfferFact | None:
    """The pending offer, unless the user is leaving the process (accepted another offer, or
    no longer wants this job): then it is only to be declined, not weighed or used."""
    offer = app.pending_offer
    return None if offer is None or ctx.winding_down(app) else offer


def _terms_key(offer: OfferFact) -> str:
    return f"record-offer-terms:{offer.ref}"


def record_terms(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """Record the terms and, above all, the expiry date."""
    offer = _live_offer(app, ctx)
    if offer is None or (offer.has_terms and offer.deadline is not None):
        return
    if not offer.has_terms and offer.deadline is None:
        missing = "the terms and the deadline"
    elif not offer.has_terms:
        missing = "the terms"
    else:
        missing = "the deadline"
    yield propose(
        ActionKind.RECORD_OFFER_TERMS,
        _terms_key(offer),
        app=app,
        due=ctx.business_days_after(offer.received_on, ctx.timings.offer_terms_business_days),
        priority=Priority.HIGH,
        reason=(
            f"Congratulations on the {app.company} offer: record {missing} so afterword can remind "
            "you before it expires and compare it fairly."
        ),
        evidence=(("offer received", offer.received_on.isoformat()),),
        cause_on=offer.received_on,
        offer_id=offer.id,
    )


def deadline_reminders(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """Reminders a week, three days and a day before the offer expires."""
    offer = _live_offer(app, ctx)
    if offer is None or offer.deadline is None or offer.deadline < ctx.today:
        return
    days_before = ctx.timings.offer_reminder_days
    for days in days_before:
        day = offer.deadline - dt.timedelta(days=days)
        if day < offer.received_on:
            continue  # the offer came later than this reminder would have been useful
        if any(
            day < offer.deadline - dt.timedelta(days=later) <= ctx.today for later in days_before
        ):
            continue  # a nearer reminder has already come; one reminder at a time is enough
        yield propose(
            ActionKind.DEADLINE_REMINDER,
            f"deadline-reminder:{offer.ref}:{offer.deadline.isoformat()}:{days}",
            app=app,
            rule="deadline-reminders",
            due=day,
            priority=Priority.HIGH if days <= 3 else Priority.NORMAL,
            reason=(
                f"The {app.company} offer expires on {long_date(offer.deadline)}, "
                f"{days} day{'s' if days != 1 else ''} from this reminder: decide, negotiate or ask "
                "for more time before then."
            ),
            evidence=(("deadline", offer.deadline.isoformat()),),
            cause_on=offer.received_on,
            offer_id=offer.id,
        )


def ask_how_well(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """Ask the recruiter how well you did: a strong result means room to negotiate."""
    offer = _live_offer(app, ctx)
    if offer is None or (offer.deadline is not None and offer.deadline < ctx.today):
        return
    recruiter = app.recruiter
    yield propose(
        ActionKind.ASK_HOW_WELL,
        f"ask-how-well:{offer.ref}",
        app=app,
        due=ctx.business_days_after(offer.received_on, ctx.timings.ask_how_well_business_days),
        contact_id=recruiter.id if recruiter else None,
        priority=Priority.LOW,
        reason=(
            f"Ask the {app.company} recruiter how your interviews were rated: if you did very "
            "well, there is room to negotiate."
        ),
        evidence=(("offer received", offer.received_on.isoformat()),),
        cause_on=offer.received_on,
        offer_id=offer.id,
    )


def _other_processes(
    app: ApplicationFacts, ctx: PlanContext, statuses: frozenset[Status]
) -> list[ApplicationFacts]:
    return [
        other
        for other in ctx.search.applications
        if other.id != app.id and other.status in statuses
    ]


def _soonest_expiring(ctx: PlanContext) -> OfferFact | None:
    """Among offers still open and not yet expired, the one that expires first."""
    if ctx.search.index.acceptance is not None:
        return None  # an accepted offer stands: no other offer is still in play
    offers = [
        offer
        for offer in ctx.search.index.pending.values()
        if offer.deadline is not None and offer.deadline >= ctx.today
    ]
    return min(offers, key=lambda offer: (offer.deadline, offer.ref), default=None)


def _notice_key(other: ApplicationFacts) -> str:
    # One notice per company, whichever offer it names: a second offer updates the notice
    # still to be sent instead of starting a second round.
    return f"offer-notice:{other.ref}"


def offer_notices(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """Tell every other open process that you hold an offer, and ask them to speed up."""
    offer = _live_offer(app, ctx)
    if offer is None or offer.deadline is None or offer.deadline < ctx.today:
        return
    if _soonest_expiring(ctx) != offer:
        return  # one notice per company, about the offer that expires first
    for other in _other_processes(app, ctx, AWAITING_DECISION):
        if other.ref in ctx.search.notified or ctx.winding_down(other):
            continue  # already told (or turned down); or the user is leaving that process
        recruiter = other.recruiter
        yield propose(
            ActionKind.OFFER_NOTICE,
            _notice_key(other),
            app=other,
            due=ctx.business_days_after(offer.received_on, ctx.timings.offer_notice_business_days),
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
            offer_id=offer.id,
        )


def _extension_key(offer: OfferFact) -> str:
    if offer.extension_again and offer.extension_requested_on is not None:
        return f"extension-request:{offer.ref}:again:{offer.extension_requested_on.isoformat()}"
    return f"extension-request:{offer.ref}"


def extension_request(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """The deadline falls before other processes can decide: ask for a date after the latest of them."""
    offer = _live_offer(app, ctx)
    if offer is None or offer.deadline is None or offer.deadline < ctx.today:
        return
    # More time was already asked for, or granted: no new request unless the user asks
    # afterword for another one (`afterword offers more-time`).
    if (offer.extension_requested_on is not None or offer.extended) and not offer.extension_again:
        return
    latest = ctx.latest_expected_decision
    if latest is None:
        return
    latest_app, latest_on = latest
    if latest_on < offer.deadline:
        return
    proposed = ctx.calendar.add(latest_on, ctx.timings.extension_margin_business_days)
    due = ctx.business_days_after(offer.received_on, ctx.timings.offer_notice_business_days)
    due = min(due, offer.deadline)
    yield propose(
        ActionKind.EXTENSION_REQUEST,
        _extension_key(offer),
        app=app,
        due=due,
        contact_id=app.recruiter.id if app.recruiter else None,
        priority=Priority.HIGH,
        reason=(
            f"The {app.company} offer expires on {long_date(offer.deadline)}, but {latest_app.company} "
            f"is not expected to decide before {long_date(latest_on)}: ask for more time, proposing "
            f"{long_date(proposed)}."
        ),
        evidence=(
            ("deadline", offer.deadline.isoformat()),
            ("latest expected decision", f"{latest_app.company}, {latest_on.isoformat()}"),
            ("proposed date", proposed.isoformat()),
        ),
        cause_on=offer.received_on,
        offer_id=offer.id,
    )


def _decline_key(offer: OfferFact, accepted: OfferFact | None = None) -> str:
    return (
        f"decline-offer:{offer.ref}"
        if accepted is None
        else f"decline-offer:{accepted.ref}:{offer.ref}"
    )


def _withdraw_key(accepted: OfferFact, other: ApplicationFacts) -> str:
    return f"wrap-up-withdraw:{accepted.ref}:{other.ref}"


def decline_when_not_interested(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """An offer you no longer want (you said so in a debrief): decline it graciously."""
    offer = app.pending_offer
    last = app.not_interested(ctx.today)
    if offer is None or ctx.superseded(app) or last is None or last.on is None:
        return
    recruiter = app.recruiter
    yield propose(
        ActionKind.DECLINE_OFFER,
        _decline_key(offer),
        app=app,
        rule="decline-not-interested",
        due=ctx.business_days_after(
            max(last.on, offer.received_on), ctx.timings.withdrawal_business_days
        ),
        contact_id=recruiter.id if recruiter else None,
        priority=Priority.HIGH,
        reason=(
            f"You noted that you no longer want the {app.role} role: decline the {app.company} "
            "offer graciously and soon, so they can turn to other candidates."
        ),
        evidence=(("still interested", "no"), ("offer received", offer.received_on.isoformat())),
        cause_on=max(last.on, offer.received_on),
        offer_id=offer.id,
        interview_id=last.id,
    )


def _current_acceptance(app: ApplicationFacts, ctx: PlanContext) -> OfferFact | None:
    """The accepted offer of `app` if it is the user's latest acceptance (the one that stands)."""
    offer = app.accepted_offer
    return None if offer is None or ctx.superseded(app) else offer


def confirm_acceptance(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """Confirm the acceptance in writing and ask about next steps."""
    offer = _current_acceptance(app, ctx)
    if offer is None:
        return
    day = offer.decided_on or offer.received_on
    recruiter = app.recruiter
    yield propose(
        ActionKind.CONFIRM_ACCEPTANCE,
        f"confirm-acceptance:{offer.ref}",
        app=app,
        due=day,
        contact_id=recruiter.id if recruiter else None,
        priority=Priority.HIGH,
        reason=(
            f"You accepted the {app.company} offer on {long_date(day)}: confirm it in writing and "
            "ask about the start date and paperwork."
        ),
        evidence=(("accepted", day.isoformat()),),
        cause_on=day,
        offer_id=offer.id,
    )


def wrap_up(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """After accepting: withdraw from every other open process, decline every other offer."""
    offer = _current_acceptance(app, ctx)
    if offer is None:
        return
    day = offer.decided_on or offer.received_on
    due = ctx.business_days_after(day, ctx.timings.wrap_up_business_days)
    for other in ctx.search.applications:
        if other.id == app.id:
            continue
        recruiter = other.recruiter
        contact_id = recruiter.id if recruiter else None
        other_offer = other.pending_offer
        if other_offer is not None:
            yield propose(
                ActionKind.DECLINE_OFFER,
                _decline_key(other_offer, offer),
                app=other,
                rule="wrap-up",
                due=due,
                contact_id=contact_id,
                priority=Priority.HIGH,
                reason=(
                    f"You accepted {app.company}: decline the {other.company} offer graciously and "
                    "soon, thanking them -- you may meet these people again."
                ),
                evidence=(("accepted", f"{app.company} on {day.isoformat()}"),),
                cause_on=day,
                offer_id=offer.id,
            )
        elif other.status in AWAITING_DECISION:
            yield propose(
                ActionKind.WITHDRAW,
                _withdraw_key(offer, other),
                app=other,
                rule="wrap-up",
                due=due,
                contact_id=contact_id,
                priority=Priority.HIGH,
                reason=(
                    f"You accepted {app.company}: withdraw politely from {other.company} so they "
                    "can move on, and leave the door open."
                ),
                evidence=(("accepted", f"{app.company} on {day.isoformat()}"),),
                cause_on=day,
                offer_id=offer.id,
            )


def renege_message(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """If you went back on an acceptance, say so promptly and respectfully."""
    earlier = app.accepted_offer
    latest = ctx.acceptance
    if earlier is not None and latest is not None and latest[0].id != app.id:
        # A later acceptance elsewhere (confirmed despite the warning) breaks this one.
        recruiter = app.recruiter
        company, day = latest[0].company, latest[1]
        yield propose(
            ActionKind.RENEGE_MESSAGE,
            f"renege-message:{earlier.ref}",
            app=app,
            due=day,
            contact_id=recruiter.id if recruiter else None,
            priority=Priority.HIGH,
            reason=(
                f"You accepted {company} on {long_date(day)} after accepting {app.company}: "
                f"tell {app.company} at once, honestly and with an apology, and record the offer "
                "as declined."
            ),
            evidence=(
                ("accepted here", str(earlier.decided_on)),
                ("accepted later", f"{company}, {day}"),
            ),
            cause_on=day,
            offer_id=earlier.id,
        )
    for offer in app.offers:
        if not offer.reneged:
            continue
        day = offer.decided_on or offer.received_on
        recruiter = app.recruiter
        yield propose(
            ActionKind.RENEGE_MESSAGE,
            f"renege-message:{offer.ref}",
            app=app,
            due=day,
            contact_id=recruiter.id if recruiter else None,
            priority=Priority.HIGH,
            reason=(
                f"You declined the {app.company} offer after accepting it: tell them at once, "
                "honestly and with an apology, so the damage stays as small as it can be."
            ),
            evidence=(("declined after accepting", day.isoformat()),),
            cause_on=day,
            offer_id=offer.id,
        )


def compare_offers(ctx: PlanContext) -> Iterator[Action]:
    """More than one offer open: compare them side by side (first-year and multi-year totals)."""
    if ctx.search.index.acceptance is not None:
        return
    open_offers = sorted(
        (
            (app, ctx.search.index.pending[app_id])
            for app_id in ctx.search.index.pending
            if (app := ctx.search.application(app_id)) is not None
        ),
        key=lambda pair: (pair[0].company, pair[1].ref),
    )
    if len(open_offers) < 2:
        return
    newest = max(offer.received_on for _app, offer in open_offers)
    companies = ", ".join(sorted(app.company for app, _offer in open_offers))
    refs = "-".join(sorted(offer.ref for _app, offer in open_offers))
    # Several uids would overflow the key column: a digest names the same set of offers.
    ids = hashlib.sha256(refs.encode()).hexdigest()[:16]
    yield propose(
        ActionKind.COMPARE_OFFERS,
        f"compare-offers:{ids}",
        app=None,
        due=newest,
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
    decline_when_not_interested,
    confirm_acceptance,
    wrap_up,
    renege_message,
)
SEARCH_RULES = (compare_offers,)


def done_in_afterword(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Fulfilled]:
    """What the record shows the user did about offers: terms recorded, more time asked for,
    offers declined, processes withdrawn after accepting elsewhere."""
    for offer in app.offers:
        if offer.has_terms and offer.deadline is not None:
            yield Fulfilled(_terms_key(offer), ctx.today, "terms and deadline recorded")
        if offer.extension_requested_on is not None and not offer.extension_again:
            yield Fulfilled(
                f"extension-request:{offer.ref}",
                offer.extension_requested_on,
                f"more time asked for on {short_day(offer.extension_requested_on)}",
            )
        if offer.decision is OfferDecision.DECLINED:
            day = offer.decided_on or ctx.today
            yield Fulfilled(_decline_key(offer), day, f"offer declined on {short_day(day)}")
    accepted = ctx.acceptance
    if accepted is None or accepted[0].id == app.id:
        return
    chosen = accepted[0].accepted_offer
    if chosen is None:
        return
    for offer in app.offers:
        if offer.decision is OfferDecision.DECLINED:
            day = offer.decided_on or ctx.today
            yield Fulfilled(_decline_key(offer, chosen), day, f"offer declined on {short_day(day)}")
    if app.status is Status.WITHDRAWN:
        yield Fulfilled(_withdraw_key(chosen, app), app.status_since, "recorded as withdrawn")


FULFILMENTS = (done_in_afterword,)
DESCRIPTIONS = {
    "record-offer-terms": "When an offer arrives, record its terms and its expiry date.",
    "deadline-reminders": "Reminders 7, 3 and 1 days before an offer expires.",
    "ask-how-well": "After an offer, ask the recruiter how well you did (room to negotiate).",
    "offer-notice": "Holding an offer, tell every other process in interviews about its deadline.",
    "extension-request": "If the deadline falls before other processes' expected decisions, ask "
    "for an extension to after the latest of them plus a margin.",
    "confirm-acceptance": "After accepting, confirm in writing and ask about next steps.",
    "wrap-up": "After accepting, withdraw from every other open process and decline other offers.",
    "decline-not-interested": "If you answered that you no longer want the job, decline its offer.",
    "renege-message": "If you declined an offer after accepting it, send a respectful message at once.",
    "compare-offers": "With more than one open offer, compare them side by side.",
}
