"""Moving data in and out: JSON export/import of the whole account, and spreadsheet import."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from afterword.cli.exit_codes import ExitCode


def register(app: typer.Typer) -> None:
    """Adds the top-level export/import commands to the root app."""
    app.command("export")(export)
    app.command("import")(import_)
    app.command("import-csv")(import_csv)


def export(
    file: Annotated[
        str, typer.Argument(help="Where to write the JSON document.", metavar="FILE.json")
    ],
) -> None:
    """Write your whole account (applications, interviews, offers, journal...) to one JSON file.

    Example: afterword export afterword-backup.json
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.transfer.json_export import export_json

    with open_workspace() as ws:
        summary = export_json(session=ws.session, user_id=ws.user_id, path=file, exported_at=ws.now)
        say(f"Exported to {file}: {summary}.")


def import_(
    file: Annotated[
        str, typer.Argument(help="A document written by 'afterword export'.", metavar="FILE.json")
    ],
    replace: Annotated[
        bool,
        typer.Option(
            "--replace", help="First delete everything not in the file (restore a backup exactly)."
        ),
    ] = False,
) -> None:
    """Restore an export; importing the same file twice adds nothing.

    Example: afterword import afterword-backup.json
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.transfer.json_import import import_json

    with open_workspace() as ws:
        summary = import_json(
            session=ws.session, user_id=ws.user_id, path=file, now=ws.now, replace=replace
        )
        say(f"Imported {file}: {summary}.")


def import_csv(
    file: Annotated[
        str,
        typer.Argument(
            help="A spreadsheet saved as CSV, one application per row.", metavar="FILE.csv"
        ),
    ],
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help='Read a column as a field: "Employer=company" (repeatable; "=ignore" skips it).',
        ),
    ] = None,
    dayfirst: Annotated[
        bool | None,
        typer.Option("--dayfirst/--monthfirst", help="How to read dates like 03/04/2026."),
    ] = None,
    currency: Annotated[
        str | None, typer.Option("--currency", help="Currency for salaries without a symbol.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and report; import nothing.")
    ] = False,
) -> None:
    """Import applications from a spreadsheet (CSV), reporting every row it could not read.

    Example: afterword import-csv job-tracker.csv --map "Firm=company" --dry-run
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.transfer.csv_import import CsvOptions
    from afterword.transfer.csv_import import import_csv as run_import

    mapping: dict[str, str] = {}
    for entry in map_ or []:
        header, sep, field = entry.partition("=")
        if not sep or not header.strip():
            raise InvalidInputError(f"--map '{entry}' should look like \"Column name=field\"")
        mapping[header.strip()] = field.strip()
    options = CsvOptions(
        mapping=mapping, dayfirst=dayfirst, default_currency=currency, dry_run=dry_run
    )
    with open_workspace() as ws:
        report = run_import(
            session=ws.session,
            user_id=ws.user_id,
            path=file,
            country=ws.user.country,
            now=ws.now,
            options=options,
        )
    name = os.path.basename(file)
    for header, field in report.columns.items():
        say(f"  column '{header}' -> {field}")
    if report.ignored_columns:
        say(
            f"  columns not imported: {', '.join(report.ignored_columns)} (use --map 'Column=field' to read one)"
        )
    verb = "would import" if dry_run else "imported"
    count = report.would_import if dry_run else len(report.imported)
    say(
        f"{name}: {verb} {count} application(s); {len(report.duplicates)} already present; "
        f"{len(report.problems)} row(s) could not be read."
    )
    for problem in report.problems:
        say(f"  line {problem.line}: {problem.reason}")
    if report.problems:
        raise typer.Exit(ExitCode.PARTIAL)
