"""Contacts: the recruiters, hiring managers, interviewers and referrers in each process."""

from __future__ import annotations

from typing import Annotated

import typer

from afterword.cli.options import (
    MAX_ID,
    AddedJsonOption,
    ApplicationId,
    JsonOption,
    YesOption,
    confirm,
    given,
)

app = typer.Typer(no_args_is_help=True)

Name = Annotated[str | None, typer.Option("--name", help="The person's name.")]
Email = Annotated[str | None, typer.Option("--email", help="Their email address.")]
Role = Annotated[
    str | None,
    typer.Option(
        "--role",
        help="recruiter (default), hiring_manager, interviewer, coordinator, referrer, other.",
    ),
]
Phone = Annotated[str | None, typer.Option("--phone", help="Their phone number.")]
Notes = Annotated[
    str | None, typer.Option("--notes", help="Anything worth remembering about them.")
]


@app.command("add")
def add(
    application_id: ApplicationId,
    name: Name = None,
    email: Email = None,
    role: Role = None,
    phone: Phone = None,
    notes: Notes = None,
    json: AddedJsonOption = False,
) -> None:
    """Add a person to an application.

    Example: afterword contacts add 3 --name "Priya Shah" --email priya@example.com --role recruiter
    """
    from pydantic import ValidationError

    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.pipeline.contacts import add_contact
    from afterword.pipeline.schemas import ContactFields
    from afterword.validation import invalid_input

    values = given(name=name, email=email, role=role, phone=phone, notes=notes)
    try:
        fields = ContactFields(**values)
    except ValidationError as error:
        raise invalid_input(error) from None
    with open_workspace() as ws:
        contact = add_contact(
            session=ws.session,
            user_id=ws.user_id,
            application_id=application_id,
            fields=fields,
            now=ws.now,
        )
        if json:
            from afterword.cli.output import print_record
            from afterword.pipeline.schemas import ContactRead

            print_record(ContactRead.of(contact))
            return
        say(
            f"Added contact {contact.id}: {contact.display_name} ({contact.role.value.replace('_', ' ')})."
        )


@app.command("list")
def list_(
    application: Annotated[
        int | None,
        typer.Option(
            "--application", "-a", help="Only this application's people.", min=1, max=MAX_ID
        ),
    ] = None,
    json: JsonOption = False,
) -> None:
    """List contacts.

    Example: afterword contacts list --application 3
    """
    from afterword.cli.output import print_records, print_table, text
    from afterword.cli.workspace import open_workspace
    from afterword.pipeline.contacts import list_contacts
    from afterword.pipeline.schemas import ContactRead

    with open_workspace() as ws:
        contacts = list_contacts(session=ws.session, user_id=ws.user_id, application_id=application)
        if json:
            print_records(ContactRead.of(contact) for contact in contacts)
            return
        print_table(
            ["ID", "Name", "Role", "Email", "Company"],
            [
                [
                    str(c.id),
                    text(c.name),
                    c.role.value.replace("_", " "),
                    text(c.email),
                    c.application.company,
                ]
                for c in contacts
            ],
            empty="No contacts yet. Add one with: afterword contacts add APPLICATION --name NAME",
        )


ContactId = Annotated[
    int, typer.Argument(help="The contact's id (see 'contacts list').", min=1, max=MAX_ID)
]


@app.command("edit")
def edit(
    contact_id: ContactId,
    name: Name = None,
    email: Email = None,
    role: Role = None,
    phone: Phone = None,
    notes: Notes = None,
) -> None:
    """Change a contact's details; an empty value ("") clears a field.

    Example: afterword contacts edit 7 --email priya.shah@example.com
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.pipeline.contacts import update_contact

    changes = given(name=name, email=email, role=role, phone=phone, notes=notes)
    if not changes:
        raise InvalidInputError("nothing to change; give at least one option (see --help)")
    with open_workspace() as ws:
        contact = update_contact(
            session=ws.session, user_id=ws.user_id, contact_id=contact_id, changes=changes
        )
        say(f"Updated contact {contact.id}: {contact.display_name}.")


@app.command("delete")
def delete(contact_id: ContactId, yes: YesOption = False) -> None:
    """Delete a person; interviews they took part in stay, without them.

    Example: afterword contacts delete 7 --yes
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.pipeline.contacts import delete_contact, get_contact

    with open_workspace() as ws:
        contact = get_contact(session=ws.session, user_id=ws.user_id, contact_id=contact_id)
        label = f"{contact.display_name}, {contact.application.company}"
        confirm(f"Delete contact {contact_id} ({label})?", yes=yes)
        delete_contact(session=ws.session, user_id=ws.user_id, contact_id=contact_id)
        say(f"Deleted contact {contact_id} ({label}).")
