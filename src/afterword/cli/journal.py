"""Journal: short notes to yourself about the search and how it feels; edit or delete them."""

from __future__ import annotations

from typing import Annotated

import typer

from afterword.cli.options import MAX_ID, AddedJsonOption, JsonOption, YesOption, confirm

app = typer.Typer(no_args_is_help=True)

EntryId = Annotated[
    int, typer.Argument(help="The entry's id (see 'journal list').", min=1, max=MAX_ID)
]
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
    json: AddedJsonOption = False,
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
        if json:
            from afterword.cli.output import print_record
            from afterword.reflection.schemas import JournalRead

            print_record(JournalRead.of(entry))
            return
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
    from afterword.cli.output import print_records, print_table, text
    from afterword.cli.views import local_time
    from afterword.cli.workspace import open_workspace
    from afterword.reflection.schemas import JournalRead
    from afterword.reflection.service import list_journal

    with open_workspace() as ws:
        entries = list_journal(session=ws.session, user_id=ws.user_id, limit=limit)
        if json:
            print_records(JournalRead.of(e) for e in entries)
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


@app.command("edit")
def edit(
    entry_id: EntryId,
    text: Annotated[str | None, typer.Option("--text", help="The entry's new text.")] = None,
    application: AboutApplication = None,
    no_application: Annotated[
        bool, typer.Option("--no-application", help="It is not about any one application.")
    ] = False,
) -> None:
    """Change a journal entry's text, or the application it is about.

    Example: afterword journal edit 12 --text "Practise trade-offs before Friday." -a 3
    """
    from typing import Any

    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.reflection.service import update_journal_entry

    if application is not None and no_application:
        raise InvalidInputError("give --application or --no-application, not both")
    changes: dict[str, Any] = {}
    if text is not None:
        changes["text"] = text
    if application is not None or no_application:
        changes["application_id"] = application
    if not changes:
        raise InvalidInputError(
            "nothing to change; give --text, --application or --no-application (see --help)"
        )
    with open_workspace() as ws:
        entry = update_journal_entry(
            session=ws.session, user_id=ws.user_id, entry_id=entry_id, changes=changes
        )
        say(f"Updated journal entry {entry.id}.")


@app.command("delete")
def delete(entry_id: EntryId, yes: YesOption = False) -> None:
    """Delete a journal entry.

    Example: afterword journal delete 12 --yes
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.reflection.service import delete_journal_entry, get_journal_entry

    with open_workspace() as ws:
        entry = get_journal_entry(session=ws.session, user_id=ws.user_id, entry_id=entry_id)
        first_line = entry.text.strip().splitlines()[0][:60]
        confirm(f"Delete journal entry {entry_id} ('{first_line}')?", yes=yes)
        delete_journal_entry(session=ws.session, user_id=ws.user_id, entry_id=entry_id)
        say(f"Deleted journal entry {entry_id}.")
