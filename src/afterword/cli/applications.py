"""Applications: add, list, show, edit, reopen and delete the processes you are in."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from afterword.cli.options import (
    AddedJsonOption,
    ApplicationId,
    JsonOption,
    YesOption,
    confirm,
    given,
)

app = typer.Typer(no_args_is_help=True)

Company = Annotated[str | None, typer.Option("--company", help="The company's name.")]
Role = Annotated[str | None, typer.Option("--role", help="The role's title.")]
Link = Annotated[str | None, typer.Option("--link", help="The job posting's web address.")]
Source = Annotated[
    str | None,
    typer.Option("--source", help="Where you found it: referral, LinkedIn, company site..."),
]
Location = Annotated[str | None, typer.Option("--location", help="City, country, or 'remote'.")]
SalaryMin = Annotated[
    int | None, typer.Option("--salary-min", help="Posted salary range: lowest.", min=0)
]
SalaryMax = Annotated[
    int | None, typer.Option("--salary-max", help="Posted salary range: highest.", min=0)
]
Currency = Annotated[
    str | None, typer.Option("--currency", help="Currency of the salary: USD, EUR, GBP...")
]
Per = Annotated[
    str | None, typer.Option("--per", help="What the salary is paid per: year, month, day, hour.")
]
Interest = Annotated[
    int | None,
    typer.Option("--interest", help="How much you want it, 1 (a little) to 5 (very much)."),
]
Notes = Annotated[str | None, typer.Option("--notes", help="Anything worth remembering.")]
Applied = Annotated[
    str | None, typer.Option("--applied", help="When you applied: YYYY-MM-DD or 'today' (default).")
]


@app.command("add")
def add(
    company: Annotated[str, typer.Argument(help="The company's name.")],
    role: Annotated[str, typer.Argument(help="The role's title.")],
    link: Link = None,
    source: Source = None,
    location: Location = None,
    salary_min: SalaryMin = None,
    salary_max: SalaryMax = None,
    currency: Currency = None,
    per: Per = None,
    interest: Interest = None,
    notes: Notes = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="A label; repeat for several.")
    ] = None,
    applied: Applied = None,
    json: AddedJsonOption = False,
) -> None:
    """Add an application.

    Example: afterword applications add "Northwind" "Data Engineer" --source referral --tag remote
    """
    from pydantic import ValidationError

    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.pipeline.applications import add_application
    from afterword.pipeline.schemas import ApplicationFields
    from afterword.validation import invalid_input

    with open_workspace() as ws:
        values = given(
            link=link,
            source=source,
            location=location,
            salary_min=salary_min,
            salary_max=salary_max,
            salary_currency=currency,
            salary_period=per,
            interest=interest,
            notes=notes,
        )
        values["applied_on"] = ws.date(applied, what="--applied") if applied else ws.today
        try:
            fields = ApplicationFields(company=company, role=role, tags=tag or [], **values)
        except ValidationError as error:
            raise invalid_input(error) from None
        application = add_application(
            session=ws.session, user_id=ws.user_id, fields=fields, now=ws.now, today=ws.today
        )
        if json:
            from afterword.cli.output import print_record
            from afterword.views.application_record import ApplicationDetail

            print_record(ApplicationDetail.of(application))
            return
        say(f"Added application {application.id}: {application.company} -- {application.role}.")


@app.command("list")
def list_(
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status", help="Only these statuses (repeatable): applied, interviewing, offer, ..."
        ),
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", help="Only applications with this tag.")
    ] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Only processes still open.")] = False,
    json: JsonOption = False,
) -> None:
    """List your applications.

    Example: afterword applications list --open
    """
    import sqlalchemy as sa

    from afterword.cli.application_list import render_application_list
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.pipeline.listing import list_rows, make_filter
    from afterword.pipeline.status import Status

    known = [member.value for member in Status]
    for value in status or []:
        if value not in known:
            raise InvalidInputError(
                f"--status '{value}' is not a status; use one of: {', '.join(known)}"
            )
    list_filter = make_filter(status or [], tag, only_open=open_only)
    if list_filter is None:
        raise InvalidInputError(
            "--open leaves none of the --status values given (they are all closed)"
        )
    with open_workspace() as ws:
        connection = ws.session.connection()

        def execute(sql: str, params: dict[str, Any]) -> list[Any]:
            return list(connection.execute(sa.text(sql), params).all())

        rows = list_rows(execute, user_handle=ws.user.handle, list_filter=list_filter)
    typer.echo(render_application_list(rows, as_json=json))


@app.command("show")
def show(application_id: ApplicationId, json: JsonOption = False) -> None:
    """Show everything about one application: details, people, interviews, offers, history.

    Example: afterword applications show 3
    """
    from afterword.cli.output import print_record
    from afterword.cli.views import show_application
    from afterword.cli.workspace import open_workspace
    from afterword.pipeline.applications import get_application

    with open_workspace() as ws:
        application = get_application(
            session=ws.session, user_id=ws.user_id, application_id=application_id
        )
        if json:
            from afterword.views.application_record import ApplicationDetail

            print_record(ApplicationDetail.of(application))
        else:
            show_application(application, timezone=ws.user.timezone)


@app.command("history")
def history(application_id: ApplicationId, json: JsonOption = False) -> None:
    """Show the history of an application's status changes.

    Example: afterword applications history 3
    """
    from afterword.cli.output import print_json, print_table
    from afterword.cli.views import local_time
    from afterword.cli.workspace import open_workspace
    from afterword.pipeline.applications import get_application

    with open_workspace() as ws:
        application = get_application(
            session=ws.session, user_id=ws.user_id, application_id=application_id
        )
        entries = application.history
        if json:
            from afterword.pipeline.schemas import StatusChangeRead

            records = [StatusChangeRead.of(entry).model_dump(mode="json") for entry in entries]
            # "from" and "to" are what this listing printed before the read schema: kept, with
            # the same values as from_status and to_status, so existing scripts keep working.
            print_json([{**r, "from": r["from_status"], "to": r["to_status"]} for r in records])
            return
        print_table(
            ["When", "From", "To", "Why"],
            [
                [
                    local_time(entry.at, ws.user.timezone),
                    entry.from_status.label if entry.from_status else "",
                    entry.to_status.label,
                    entry.cause,
                ]
                for entry in entries
            ],
            empty="No history yet.",
        )


@app.command("edit")
def edit(
    application_id: ApplicationId,
    company: Company = None,
    role: Role = None,
    link: Link = None,
    source: Source = None,
    location: Location = None,
    salary_min: SalaryMin = None,
    salary_max: SalaryMax = None,
    currency: Currency = None,
    per: Per = None,
    interest: Interest = None,
    notes: Notes = None,
    add_tag: Annotated[
        list[str] | None, typer.Option("--add-tag", help="Add a label (repeatable).")
    ] = None,
    remove_tag: Annotated[
        list[str] | None, typer.Option("--remove-tag", help="Remove a label (repeatable).")
    ] = None,
    applied: Applied = None,
) -> None:
    """Change an application's details; give an empty value ("") to clear a field.

    Example: afterword applications edit 3 --interest 5 --add-tag "dream job"
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.pipeline.applications import get_application, update_application

    with open_workspace() as ws:
        changes = given(
            company=company,
            role=role,
            link=link,
            source=source,
            location=location,
            salary_min=salary_min,
            salary_max=salary_max,
            salary_currency=currency,
            salary_period=per,
            interest=interest,
            notes=notes,
        )
        if applied is not None:
            changes["applied_on"] = ws.date(applied, what="--applied") if applied else None
        if add_tag or remove_tag:
            current = get_application(
                session=ws.session, user_id=ws.user_id, application_id=application_id
            )
            removed = {" ".join(name.lower().split()) for name in remove_tag or []}
            changes["tags"] = [n for n in current.tag_names if n not in removed] + list(
                add_tag or []
            )
        if not changes:
            raise InvalidInputError("nothing to change; give at least one option (see --help)")
        application = update_application(
            session=ws.session,
            user_id=ws.user_id,
            application_id=application_id,
            changes=changes,
            now=ws.now,
            today=ws.today,
        )
        say(f"Updated application {application.id}: {application.company} -- {application.role}.")


@app.command("reopen")
def reopen(
    application_id: ApplicationId,
    role: Annotated[
        str | None, typer.Option("--role", help="The new role, if it came back with one.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why it reopened.")] = None,
) -> None:
    """Reopen an ended process, e.g. a rejection that came back with a new role.

    Example: afterword applications reopen 3 --role "Senior Data Engineer"
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.pipeline.applications import reopen_application

    with open_workspace() as ws:
        application = reopen_application(
            session=ws.session,
            user_id=ws.user_id,
            application_id=application_id,
            now=ws.now,
            role=role,
            note=note,
        )
        say(f"Reopened application {application.id}: {application.company} -- {application.role}.")


@app.command("delete")
def delete(application_id: ApplicationId, yes: YesOption = False) -> None:
    """Delete an application and everything recorded about it.

    Example: afterword applications delete 3 --yes
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.pipeline.applications import delete_application, get_application

    with open_workspace() as ws:
        application = get_application(
            session=ws.session, user_id=ws.user_id, application_id=application_id
        )
        label = f"{application.company} -- {application.role}"
        confirm(f"Delete application {application_id} ({label}) and all its history?", yes=yes)
        delete_application(session=ws.session, user_id=ws.user_id, application_id=application_id)
        say(f"Deleted application {application_id}: {label}.")
