"""Mood: a quick check-in on how you feel, 1 (very low) to 5 (very good)."""

from __future__ import annotations

from typing import Annotated

import typer

from afterword.cli.options import MAX_ID, AddedJsonOption, JsonOption

app = typer.Typer(no_args_is_help=True)


@app.command("add")
def add(
    mood: Annotated[int, typer.Argument(help="1 (very low) to 5 (very good).")],
    note: Annotated[str | None, typer.Option("--note", help="A word or two about why.")] = None,
    application: Annotated[
        int | None,
        typer.Option(
            "--application", "-a", help="The application it is about, if any.", min=1, max=MAX_ID
        ),
    ] = None,
    json: AddedJsonOption = False,
) -> None:
    """Record how you feel right now.

    Example: afterword mood add 2 --note "rejection from Northwind"
    """
    from pydantic import ValidationError

    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.reflection.schemas import MoodFields
    from afterword.reflection.service import add_mood
    from afterword.validation import invalid_input

    try:
        fields = MoodFields(mood=mood, note=note)
    except ValidationError as error:
        raise invalid_input(error) from None
    with open_workspace() as ws:
        checkin = add_mood(
            session=ws.session,
            user_id=ws.user_id,
            fields=fields,
            now=ws.now,
            application_id=application,
        )
        if json:
            from afterword.cli.output import print_record
            from afterword.reflection.schemas import MoodRead

            print_record(MoodRead.of(checkin))
            return
        say("Noted. Low days pass; be kind to yourself today." if mood <= 2 else "Noted.")


@app.command("list")
def list_(
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", help="Show only the newest N.", min=1, max=100_000),
    ] = None,
    json: JsonOption = False,
) -> None:
    """List mood check-ins, newest first.

    Example: afterword mood list --json
    """
    from afterword.cli.output import print_records, print_table, text
    from afterword.cli.views import local_time
    from afterword.cli.workspace import open_workspace
    from afterword.reflection.schemas import MoodRead
    from afterword.reflection.service import list_moods

    with open_workspace() as ws:
        moods = list_moods(session=ws.session, user_id=ws.user_id, limit=limit)
        if json:
            print_records(MoodRead.of(m) for m in moods)
            return
        print_table(
            ["When", "Mood", "Note"],
            [[local_time(m.at, ws.user.timezone), f"{m.mood}/5", text(m.note)] for m in moods],
            empty="No check-ins yet. Try: afterword mood add 3",
        )
