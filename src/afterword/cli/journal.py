"""Journal: short notes to yourself about the search and how it feels."""

from __future__ import annotations

from typing import Annotated

import typer

from afterword.cli.options import MAX_ID, JsonOption

app = typer.Typer(no_args_is_help=True)

AboutApplication = Annotated[
    int | None,
    typer.Option(
        "--application", "-a", help="The application it is about, if any.", min=1, max=MAX_ID
    ),
]


@app.command("add")
def add(
    text: Annotated[str, typer.Argument(help="What you want to remember.")],
    application: AboutApplication = None,
) -> None:
    """Write a journal entry.

    Example: afterword journal add "Stumbled on the design question; practise trade-offs." -a 3
    """
    from pydantic import ValidationError

    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.reflection.schemas import JournalFields
    from afterword.reflection.service import add_journal_entry
    from afterword.validation import invalid_input

    try:
        fields = JournalFields(text=text)
    except ValidationError as error:
        raise invalid_input(error) from None
    with open_workspace() as ws:
        entry = add_journal_entry(
            session=ws.session,
            user_id=ws.user_id,
            fields=fields,
            now=ws.now,
            application_id=application,
        )
        say(f"Saved journal entry {entry.id}.")


@app.command("list")
def list_(
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", help="Show only the newest N.", min=1, max=100_000),
    ] = None,
    json: JsonOption = False,
) -> None:
    """List journal entries, newest first.

    Example: afterword journal list -n 5
    """
    from afterword.cli.output import print_json, print_table, text
    from afterword.cli.views import local_time
    from afterword.cli.workspace import open_workspace
    from afterword.reflection.service import list_journal

    with open_workspace() as ws:
        entries = list_journal(session=ws.session, user_id=ws.user_id, limit=limit)
        if json:
            print_json(
                [
                    {
                        "id": e.id,
                        "written_at": e.written_at.isoformat(),
                        "application_id": e.application_id,
                        "text": e.text,
                    }
                    for e in entries
                ]
            )
            return
        print_table(
            ["ID", "Written", "Application", "Entry"],
            [
                [
                    str(e.id),
                    local_time(e.written_at, ws.user.timezone),
                    text(e.application_id),
                    e.text,
                ]
                for e in entries
            ],
            empty='No entries yet. Try: afterword journal add "How today went..."',
        )
