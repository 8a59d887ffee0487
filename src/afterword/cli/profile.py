"""Profile: your name, signature, time zone and country (for drafts, dates and holidays)."""

from __future__ import annotations

from typing import Annotated

import typer

from afterword.cli.options import JsonOption, given

app = typer.Typer(no_args_is_help=True)


@app.command("show")
def show(json: JsonOption = False) -> None:
    """Show your profile.

    Example: afterword profile show
    """
    from afterword.cli.output import print_json, print_table, text
    from afterword.cli.workspace import open_workspace
    from afterword.profile.service import profile_fields

    with open_workspace() as ws:
        fields = profile_fields(ws.user).model_dump()
        if json:
            print_json({"handle": ws.user.handle, **fields})
            return
        print_table(
            ["Field", "Value"], [[name, text(value)] for name, value in fields.items()], empty=""
        )


@app.command("set")
def set_(
    name: Annotated[
        str | None, typer.Option("--name", help="Your name, as it should sign emails.")
    ] = None,
    email: Annotated[str | None, typer.Option("--email", help="Your email address.")] = None,
    signature: Annotated[
        str | None, typer.Option("--signature", help="The closing lines of your emails.")
    ] = None,
    timezone: Annotated[
        str | None, typer.Option("--timezone", help="IANA time zone, e.g. Europe/London.")
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(
            "--country", help="Two-letter country code (its public holidays are skipped)."
        ),
    ] = None,
) -> None:
    """Change your profile; "" clears a field.

    Example: afterword profile set --name "Sam Rivera" --timezone America/New_York --country US
    """
    from pydantic import ValidationError

    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.profile.schemas import ProfileFields
    from afterword.profile.service import profile_fields, update_profile
    from afterword.validation import invalid_input

    values = given(name=name, email=email, signature=signature, timezone=timezone, country=country)
    if not values:
        raise InvalidInputError("nothing to change; give at least one option (see --help)")
    with open_workspace() as ws:
        try:
            fields = ProfileFields.model_validate(
                {**profile_fields(ws.user).model_dump(), **values}
            )
        except ValidationError as error:
            raise invalid_input(error) from None
        update_profile(session=ws.session, user=ws.user, fields=fields)
        say("Profile updated.")
