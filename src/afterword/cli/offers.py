"""Offers: terms, deadlines, comparison-ready totals, and your decision."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from afterword.cli.options import MAX_ID, AddedJsonOption, ApplicationId, JsonOption

if TYPE_CHECKING:
    from afterword.cli.workspace import Workspace
    from afterword.offers.models import Offer

app = typer.Typer(no_args_is_help=True)

OfferId = Annotated[
    int, typer.Argument(help="The offer's id (see 'offers list').", min=1, max=MAX_ID)
]
Base = Annotated[str | None, typer.Option("--base", help="Base salary per year: 185000 or 185k.")]
Currency = Annotated[str | None, typer.Option("--currency", help="USD, EUR, GBP, ...")]
Bonus = Annotated[
    str | None,
    typer.Option("--bonus", help="Yearly target bonus: an amount or a share of base (15%)."),
]
SignOn = Annotated[str | None, typer.Option("--sign-on", help="One-off sign-on bonus.")]
Equity = Annotated[str | None, typer.Option("--equity", help="Total value of the equity grant.")]
Vesting = Annotated[
    str | None, typer.Option("--vesting", help="Yearly vesting in percent, e.g. 25/25/25/25.")
]
Cliff = Annotated[int | None, typer.Option("--cliff", help="Vesting cliff in months.", min=0)]
Start = Annotated[str | None, typer.Option("--start", help="Start date, YYYY-MM-DD.")]
Level = Annotated[str | None, typer.Option("--level", help="Level or title, e.g. L4 or Senior.")]
Location = Annotated[str | None, typer.Option("--location", help="Where the job is.")]
Deadline = Annotated[
    str | None, typer.Option("--deadline", help="When the offer expires, YYYY-MM-DD.")
]
Extended = Annotated[
    str | None,
    typer.Option("--extended-deadline", help="The new deadline, if they gave you more time."),
]
Notes = Annotated[str | None, typer.Option("--notes", help="Negotiation notes.")]


def _terms(ws: Workspace, **given: str | int | None) -> dict[str, Any]:
    """Turns the options the user gave into OfferTerms values ('' clears a field)."""
    from afterword.errors import InvalidInputError
    from afterword.offers.terms import parse_amount, parse_bonus

    values: dict[str, Any] = {}
    for name, raw in given.items():
        if raw is None:
            continue
        if raw == "":
            values[name] = None
            if name == "bonus":
                values.update(bonus_amount=None, bonus_percent=None)
                del values["bonus"]
            continue
        try:
            if name in ("base_salary", "sign_on", "equity_value"):
                values[name] = parse_amount(str(raw))
            elif name == "bonus":
                values["bonus_amount"], values["bonus_percent"] = parse_bonus(str(raw))
            elif name in ("start_date", "deadline", "extended_deadline"):
                values[name] = ws.date(str(raw), what="--" + name.replace("_", "-"))
            else:
                values[name] = raw
        except ValueError as error:
            raise InvalidInputError(f"--{name.replace('_', '-')}: {error}") from None
    return values


@app.command("add")
def add(
    application_id: ApplicationId,
    base: Base = None,
    currency: Currency = None,
    bonus: Bonus = None,
    sign_on: SignOn = None,
    equity: Equity = None,
    vesting: Vesting = None,
    cliff: Cliff = None,
    start: Start = None,
    level: Level = None,
    location: Location = None,
    deadline: Deadline = None,
    extended_deadline: Extended = None,
    notes: Notes = None,
    received: Annotated[
        str, typer.Option("--received", help="When the offer came: YYYY-MM-DD or 'today'.")
    ] = "today",
    json: AddedJsonOption = False,
) -> None:
    """Record an offer and its terms (the application moves to 'offer').

    Example: afterword offers add 3 --base 185k --currency USD --bonus 15% --equity 200k --deadline 2026-12-11
    """
    from pydantic import ValidationError

    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.offers.schemas import OfferTerms
    from afterword.offers.service import record_offer
    from afterword.validation import invalid_input

    with open_workspace() as ws:
        values = _terms(
            ws,
            base_salary=base,
            currency=currency,
            bonus=bonus,
            sign_on=sign_on,
            equity_value=equity,
            vesting_schedule=vesting,
            vesting_cliff_months=cliff,
            start_date=start,
            level=level,
            location=location,
            deadline=deadline,
            extended_deadline=extended_deadline,
            notes=notes,
        )
        try:
            terms = OfferTerms(**values)
        except ValidationError as error:
            raise invalid_input(error) from None
        offer = record_offer(
            session=ws.session,
            user_id=ws.user_id,
            application_id=application_id,
            terms=terms,
            received_on=ws.date(received, what="--received"),
            now=ws.now,
        )
        if json:
            from afterword.cli.output import print_record
            from afterword.offers.schemas import OfferRead

            print_record(OfferRead.of(offer))
            return
        say(
            f"Recorded offer {offer.id} from {offer.application.company}. Congratulations -- take your time to decide."
        )
        if offer.deadline is None:
            say(
                "Tip: ask when the offer expires and add it with --deadline; afterword will remind you."
            )


@app.command("edit")
def edit(
    offer_id: OfferId,
    base: Base = None,
    currency: Currency = None,
    bonus: Bonus = None,
    sign_on: SignOn = None,
    equity: Equity = None,
    vesting: Vesting = None,
    cliff: Cliff = None,
    start: Start = None,
    level: Level = None,
    location: Location = None,
    deadline: Deadline = None,
    extended_deadline: Extended = None,
    notes: Notes = None,
) -> None:
    """Change an offer's terms, e.g. after a negotiation or an extension; "" clears a field.

    Example: afterword offers edit 2 --extended-deadline 2026-12-18
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.offers.service import update_offer

    with open_workspace() as ws:
        changes = _terms(
            ws,
            base_salary=base,
            currency=currency,
            bonus=bonus,
            sign_on=sign_on,
            equity_value=equity,
            vesting_schedule=vesting,
            vesting_cliff_months=cliff,
            start_date=start,
            level=level,
            location=location,
            deadline=deadline,
            extended_deadline=extended_deadline,
            notes=notes,
        )
        if not changes:
            raise InvalidInputError("nothing to change; give at least one option (see --help)")
        offer = update_offer(
            session=ws.session, user_id=ws.user_id, offer_id=offer_id, changes=changes, now=ws.now
        )
        say(f"Updated offer {offer.id} from {offer.application.company}.")


@app.command("list")
def list_(
    pending: Annotated[
        bool, typer.Option("--pending", help="Only offers still awaiting your decision.")
    ] = False,
    json: JsonOption = False,
) -> None:
    """List offers, nearest deadline first, with first-year and four-year totals.

    Example: afterword offers list --pending
    """
    from afterword.cli.output import money, print_records, print_table, text
    from afterword.cli.workspace import open_workspace
    from afterword.offers.schemas import OfferRead
    from afterword.offers.service import compensation, list_offers

    with open_workspace() as ws:
        offers = list_offers(session=ws.session, user_id=ws.user_id, pending_only=pending)
        if json:
            print_records(OfferRead.of(o) for o in offers)
            return
        print_table(
            ["ID", "Company", "Decision", "Deadline", "Base", "First year", "Four years"],
            [
                [
                    str(o.id),
                    o.application.company,
                    o.decision.value,
                    text(o.effective_deadline),
                    money(o.base_salary, o.currency),
                    money(compensation(o).total_for_year(1), o.currency) if o.base_salary else "",
                    money(compensation(o).total_over(4), o.currency) if o.base_salary else "",
                ]
                for o in offers
            ],
            empty="No offers yet. The good news tends to come after many tries.",
        )


@app.command("show")
def show(offer_id: OfferId, json: JsonOption = False) -> None:
    """Show an offer's terms and totals.

    Example: afterword offers show 2
    """
    from afterword.cli.output import print_record
    from afterword.cli.views import show_offer
    from afterword.cli.workspace import open_workspace
    from afterword.offers.service import get_offer

    with open_workspace() as ws:
        offer = get_offer(session=ws.session, user_id=ws.user_id, offer_id=offer_id)
        if json:
            from afterword.offers.schemas import OfferRead

            print_record(OfferRead.of(offer))
        else:
            show_offer(offer)


@app.command("more-time")
def more_time(offer_id: OfferId) -> None:
    """Ask afterword to plan one more request for more time on an offer.

    afterword proposes asking for more time once, when the deadline falls before your other
    processes can decide; after that request (or a granted extension) it proposes no other
    unless you ask for it here.

    Example: afterword offers more-time 2
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.offers.service import ask_for_more_time_again

    with open_workspace() as ws:
        offer = ask_for_more_time_again(
            session=ws.session, user_id=ws.user_id, offer_id=offer_id, today=ws.today, now=ws.now
        )
        say(
            f"afterword will plan another request for more time on the "
            f"{offer.application.company} offer: see 'afterword today'."
        )


@app.command("decide")
def decide(
    offer_id: OfferId,
    decision: Annotated[str, typer.Argument(help="accepted, declined, expired or rescinded.")],
    on: Annotated[
        str, typer.Option("--on", help="When: YYYY-MM-DD or 'today' (default).")
    ] = "today",
    confirm_renege: Annotated[
        bool,
        typer.Option(
            "--confirm-renege",
            help="Go ahead even though this breaks an acceptance you already gave.",
        ),
    ] = False,
) -> None:
    """Record your decision on an offer (or that it expired or was rescinded).

    Example: afterword offers decide 2 accepted
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.offers.service import decide
    from afterword.pipeline.status import OfferDecision

    choices = [d.value for d in OfferDecision if d is not OfferDecision.PENDING]
    value = {"accept": "accepted", "decline": "declined"}.get(
        decision.strip().lower(), decision.strip().lower()
    )
    if value not in choices:
        raise InvalidInputError(f"'{decision}' is not a decision; use one of: {', '.join(choices)}")
    with open_workspace() as ws:
        result = decide(
            session=ws.session,
            user_id=ws.user_id,
            offer_id=offer_id,
            decision=OfferDecision(value),
            decided_on=ws.date(on, what="--on"),
            now=ws.now,
            confirm_renege=confirm_renege,
        )
        offer = result.offer
        say(f"Offer {offer.id} from {offer.application.company}: {offer.decision.value}.")
        if result.reneged:
            ws.replan()
            for earlier in result.reneged:
                say(_went_back_on(ws, earlier))
        elif offer.decision is OfferDecision.ACCEPTED:
            say("Congratulations. Next: withdraw politely from your other open processes.")
        elif offer.decision is OfferDecision.DECLINED and confirm_renege:
            ws.replan()
            say(_went_back_on(ws, offer))


def _went_back_on(ws: Workspace, offer: Offer) -> str:
    """What a confirmed renege did, and where the message to send is."""
    import sqlalchemy as sa

    from afterword.playbook.actions import ActionKind
    from afterword.playbook.models import ActionState, PlannedAction

    company = offer.application.company
    message = ws.session.scalar(
        sa.select(PlannedAction.id).where(
            PlannedAction.user_id == ws.user_id,
            PlannedAction.application_id == offer.application_id,
            PlannedAction.kind == ActionKind.RENEGE_MESSAGE,
            PlannedAction.state == ActionState.OPEN,
        )
    )
    said = (
        f"You went back on your acceptance of the {company} offer (offer {offer.id}); it is now "
        "recorded as declined."
    )
    if message is None:
        return said
    return f"{said} A respectful message to {company} is drafted: afterword draft {message}"


@app.command("target")
def target(
    application_id: ApplicationId,
    low: Annotated[
        str | None, typer.Option("--low", help="Where your target range starts.")
    ] = None,
    high: Annotated[str | None, typer.Option("--high", help="Where it ends.")] = None,
    walk_away: Annotated[
        str | None, typer.Option("--walk-away", help="The least you would accept.")
    ] = None,
    currency: Currency = None,
    sources: Annotated[
        str | None, typer.Option("--sources", help="Where the numbers come from.")
    ] = None,
) -> None:
    """Record your salary research for an application, or show it (no options).

    Example: afterword offers target 3 --low 90k --high 105k --walk-away 85k --currency GBP --sources "Two peers; a salary survey"
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.offers.salary_service import get_research, set_research
    from afterword.offers.terms import parse_amount

    amounts: dict[str, int | None] = {}
    for name, raw in (("low", low), ("high", high), ("walk-away", walk_away)):
        try:
            amounts[name] = parse_amount(raw) if raw else None
        except ValueError as error:
            raise InvalidInputError(f"--{name}: {error}") from None
    with open_workspace() as ws:
        if any(value is not None for value in (low, high, walk_away, currency, sources)):
            set_research(
                session=ws.session,
                user_id=ws.user_id,
                application_id=application_id,
                currency=currency,
                low=amounts["low"],
                high=amounts["high"],
                walk_away=amounts["walk-away"],
                sources=sources,
                now=ws.now,
            )
            say("Saved your salary research. Offers for this application show against it.")
        research = get_research(
            session=ws.session, user_id=ws.user_id, application_id=application_id
        )
        if research is None:
            say("No salary research yet. Settle on a target before any offer talk.")
            return
        unit = f" {research.currency}" if research.currency else ""

        def show(value: int | None) -> str:
            return f"{value:,}{unit}" if value is not None else "not set"

        say(f"Target: {show(research.target_low)} to {show(research.target_high)}")
        say(f"Walk-away: {show(research.walk_away)}")
        if research.sources:
            say(f"Sources: {research.sources}")


@app.command("counter")
def counter(
    offer_id: OfferId,
    competing: Annotated[
        int,
        typer.Option(
            "--competing", help="The other offer's id, cited as recorded.", min=1, max=MAX_ID
        ),
    ],
    name_company: Annotated[
        bool,
        typer.Option("--name-company", help="Name the other company (it is left out by default)."),
    ] = False,
) -> None:
    """Draft a counter-offer that cites a competing offer exactly as recorded (nothing is sent).

    Example: afterword offers counter 2 --competing 3
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.offers.counter_offer import CannotCounter, OfferTermsView, counter_offer_draft
    from afterword.offers.salary_service import targets
    from afterword.offers.service import compensation, get_offer

    with open_workspace() as ws:
        views = []
        for which in (offer_id, competing):
            offer = get_offer(session=ws.session, user_id=ws.user_id, offer_id=which)
            views.append(
                OfferTermsView(
                    company=offer.application.company,
                    role=offer.application.role,
                    currency=offer.currency,
                    base=offer.base_salary,
                    first_year=compensation(offer).total_for_year(1) if offer.base_salary else None,
                    deadline=offer.effective_deadline,
                )
            )
        this = get_offer(session=ws.session, user_id=ws.user_id, offer_id=offer_id)
        recruiter = next(
            (c.name for c in this.application.contacts if c.role.value == "recruiter" and c.name),
            None,
        )
        try:
            subject, body = counter_offer_draft(
                offer=views[0],
                competing=views[1],
                target=targets(session=ws.session, user_id=ws.user_id).get(this.application_id),
                recruiter=recruiter.split()[0] if recruiter else None,
                name_company=name_company,
            )
        except CannotCounter as error:
            raise InvalidInputError(f"no honest counter-offer: {error}") from None
        say(f"Subject: {subject}\n")
        say(body)
