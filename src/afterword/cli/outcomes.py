"""Outcomes: record what happened -- offer, hiring-manager chat, more interviews, rejection, ghosted, withdrawn."""

from __future__ import annotations

from typing import Annotated

import typer

from afterword.cli.options import MAX_ID, AddedJsonOption, ApplicationId, JsonOption

app = typer.Typer(no_args_is_help=True)

KINDS = "offer, hiring_manager_chat, more_interviews, rejection, ghosted, withdrawn"


@app.command("add")
def add(
    application_id: ApplicationId,
    kind: Annotated[str, typer.Argument(help=f"What happened: {KINDS}.")],
    on: Annotated[
        str, typer.Option("--on", help="When: YYYY-MM-DD, 'today' (default) or 'yesterday'.")
    ] = "today",
    note: Annotated[str | None, typer.Option("--note", help="A few words about it.")] = None,
    json: AddedJsonOption = False,
) -> None:
    """Record an outcome; the application's status follows.

    Example: afterword outcomes add 3 rejection --on yesterday --note "template email"
    """
    from pydantic import ValidationError

    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.offers.service import record_news
    from afterword.pipeline.schemas import OutcomeFields
    from afterword.pipeline.status import OutcomeKind
    from afterword.validation import invalid_input

    normalised = kind.strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {"rejected": "rejection", "hm_chat": "hiring_manager_chat", "withdraw": "withdrawn"}
    normalised = aliases.get(normalised, normalised)
    if normalised not in {member.value for member in OutcomeKind}:
        raise InvalidInputError(f"'{kind}' is not an outcome; use one of: {KINDS}")
    with open_workspace() as ws:
        try:
            fields = OutcomeFields(kind=normalised, occurred_on=ws.date(on, what="--on"), note=note)
        except ValidationError as error:
            raise invalid_input(error) from None
        outcome = record_news(
            session=ws.session,
            user_id=ws.user_id,
            application_id=application_id,
            fields=fields,
            now=ws.now,
        )
        if json:
            from afterword.cli.output import print_record
            from afterword.pipeline.schemas import OutcomeRead

            print_record(OutcomeRead.of(outcome))
            return
        from afterword.pipeline.applications import get_application

        application = get_application(
            session=ws.session, user_id=ws.user_id, application_id=application_id
        )
        say(
            f"Recorded: {application.company} -- {application.role} is now {application.status.label}."
        )
        if fields.kind is OutcomeKind.OFFER:
            offer = application.offers[-1]
            say(
                f"Add the offer's terms with: afterword offers edit {offer.id} --base ... --deadline ..."
            )


@app.command("list")
def list_(
    application: Annotated[
        int | None,
        typer.Option("--application", "-a", help="Only this application.", min=1, max=MAX_ID),
    ] = None,
    json: JsonOption = False,
) -> None:
    """List recorded outcomes, newest first.

    Example: afterword outcomes list --json
    """
    from afterword.cli.output import print_records, print_table, text
    from afterword.cli.workspace import open_workspace
    from afterword.pipeline.outcomes import list_outcomes
    from afterword.pipeline.schemas import OutcomeRead

    with open_workspace() as ws:
        outcomes = list_outcomes(session=ws.session, user_id=ws.user_id, application_id=application)
        if json:
            print_records(OutcomeRead.of(o) for o in outcomes)
            return
        print_table(
            ["ID", "Date", "Outcome", "Company", "Role", "Note"],
            [
                [
                    str(o.id),
                    str(o.occurred_on),
                    o.kind.value.replace("_", " "),
                    o.application.company,
                    o.application.role,
                    text(o.note),
                ]
                for o in outcomes
            ],
            empty="No outcomes recorded yet.",
        )
