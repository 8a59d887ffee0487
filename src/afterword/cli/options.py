"""Options shared by many commands, defined once."""

from __future__ import annotations

from typing import Annotated, Any

import typer

# Ids are whole numbers up to PostgreSQL's integer limit (the web and the API use the same).
MAX_ID = 2_147_483_647

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
# On `add` commands: the created record in the same shape `list --json` and `show --json`
# print, so a script gets the new id without parsing a sentence.
AddedJsonOption = Annotated[
    bool, typer.Option("--json", help="Print the added record as JSON instead of a sentence.")
]
ApplicationId = Annotated[
    int, typer.Argument(help="The application's id (see 'applications list').", min=1, max=MAX_ID)
]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
OnDate = Annotated[
    str, typer.Option("--on", help="When it happened: YYYY-MM-DD, 'today' or 'yesterday'.")
]


def given(**options: Any) -> dict[str, Any]:
    """Keeps only the options the user actually gave; an empty string means 'clear this field'."""
    return {
        name: (None if value == "" else value)
        for name, value in options.items()
        if value is not None
    }


def confirm(question: str, *, yes: bool) -> None:
    """Asks before something that cannot be undone; without a terminal, --yes is required."""
    import sys

    from afterword.errors import InvalidInputError

    if yes:
        return
    if not sys.stdin.isatty():
        raise InvalidInputError("deleting needs confirmation; add --yes to delete without a prompt")
    typer.confirm(question, abort=True)
