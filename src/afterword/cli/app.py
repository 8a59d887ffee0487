"""The root of the command line: global options, command groups, and error handling.

Command modules import only Typer at the top; services, SQLAlchemy and Rich
are imported inside the commands that need them, so `--help` and simple
commands start quickly.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from typing import Annotated

import typer

from afterword import __version__
from afterword.cli import state
from afterword.cli.exit_codes import ExitCode

app = typer.Typer(
    name="afterword",
    help="afterword: everything after the interview -- applications, follow-ups, offers, "
    "and the reflection in between.\n\nExample: afterword applications list",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"afterword {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Act as if today were DATE (YYYY-MM-DD): see or record the state of another day.",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """afterword: everything after the interview."""
    if as_of is not None:
        from afterword.dates import implausible

        try:
            day = dt.date.fromisoformat(as_of.strip())
        except ValueError:
            raise typer.BadParameter(
                f"'{as_of}' is not a date; use YYYY-MM-DD", param_hint="--as-of"
            ) from None
        # Planning counts business days from it: near year 9999 that arithmetic overflows.
        problem = implausible(day)
        if problem:
            raise typer.BadParameter(problem, param_hint="--as-of")
        state.as_of = day


def _register() -> None:
    from afterword.cli import (
        accounts,
        agenda,
        applications,
        calendar,
        contacts,
        database,
        demo,
        feedback,
        goals,
        inbox,
        interviews,
        journal,
        mail,
        mood,
        offers,
        outcomes,
        overview,
        plan,
        profile,
        questions,
        reflect,
        review,
        serve,
        transfer,
        worker,
    )

    agenda.register(app)
    mail.register(app)
    inbox.register(app)
    app.add_typer(
        agenda.app, name="actions", help="Actions: mark them done, dismiss or snooze them."
    )
    app.add_typer(applications.app, name="applications", help=applications.__doc__)
    app.add_typer(contacts.app, name="contacts", help=contacts.__doc__)
    app.add_typer(interviews.app, name="interviews", help=interviews.__doc__)
    app.add_typer(outcomes.app, name="outcomes", help=outcomes.__doc__)
    app.add_typer(offers.app, name="offers", help=offers.__doc__)
    app.add_typer(feedback.app, name="feedback", help=feedback.__doc__)
    app.add_typer(journal.app, name="journal", help=journal.__doc__)
    app.add_typer(mood.app, name="mood", help=mood.__doc__)
    app.add_typer(reflect.app, name="reflect", help=reflect.__doc__)
    app.add_typer(plan.app, name="game-plan", help=plan.__doc__)
    app.add_typer(questions.app, name="questions", help=questions.__doc__)
    app.add_typer(goals.app, name="goals", help=goals.__doc__)
    app.add_typer(profile.app, name="profile", help=profile.__doc__)
    app.add_typer(calendar.app, name="calendar", help=calendar.__doc__)
    app.add_typer(inbox.app, name="inbox", help=inbox.__doc__)
    app.add_typer(demo.app, name="demo", help=demo.__doc__)
    app.add_typer(database.app, name="db", help=database.__doc__)
    app.add_typer(accounts.app, name="accounts", help=accounts.__doc__)
    transfer.register(app)
    overview.register(app)
    review.register(app)
    serve.register(app)
    worker.register(app)
    from afterword.cli.help_topics import help_topic

    app.command("help")(help_topic)


_register()


def run(argv: list[str]) -> int:
    """Runs the command line on `argv` and returns the exit code; never shows a traceback."""
    from typer._click import exceptions as click_exceptions

    from afterword.errors import AfterwordError

    try:
        command = typer.main.get_command(app)
        result = command.main(args=argv, prog_name="afterword", standalone_mode=False)
        return int(result) if isinstance(result, int) else ExitCode.OK
    except click_exceptions.UsageError as error:
        hint = ""
        if error.ctx is not None:
            hint = f" (see '{error.ctx.command_path} --help')"
        _error(f"{error.format_message()}{hint}")
        return ExitCode.USAGE
    except typer.Abort:
        _error("cancelled; nothing was changed")
        return ExitCode.ERROR
    except click_exceptions.ClickException as error:
        _error(error.format_message())
        return ExitCode.ERROR
    except AfterwordError as error:
        _error(str(error))
        return ExitCode.ERROR
    except KeyboardInterrupt:
        _error("interrupted; nothing was changed")
        return ExitCode.INTERRUPTED
    except Exception as error:  # noqa: BLE001 - the last line of defence against tracebacks
        return _unexpected(error)
    finally:
        _reset()


def _reset() -> None:
    from afterword import clock

    state.as_of = None
    clock.pin(None)


def _error(message: str) -> None:
    from afterword.control_chars import escape_control_characters

    # One line, whatever the message quotes back (a typed value, a server's reply).
    sys.stderr.write(f"error: {escape_control_characters(message)}\n")


def _unexpected(error: Exception) -> int:
    """Explains a database problem plainly; logs anything else for a bug report."""
    import sqlalchemy.exc

    from afterword.storage.session import BUSY_MESSAGE, is_busy

    if isinstance(error, sqlalchemy.exc.DBAPIError) and is_busy(error):
        _error(BUSY_MESSAGE)
        return ExitCode.BUSY
    if isinstance(error, sqlalchemy.exc.OperationalError | sqlalchemy.exc.InterfaceError):
        import sqlalchemy as sa

        from afterword.settings import get_settings

        url = sa.make_url(get_settings().database_url).render_as_string(hide_password=True)
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        _error(f"cannot use the database at {url}: {reason}")
        return ExitCode.ERROR
    from afterword import paths

    log_path = os.path.join(paths.data_dir(), "afterword-errors.log")
    try:
        paths.create_private_file(log_path)  # it quotes the command line: its owner's eyes only
        logging.basicConfig(filename=log_path, level=logging.ERROR, force=True)
        logging.getLogger("afterword").exception("unexpected error in: afterword %s", sys.argv[1:])
        where = f"; the details are in {log_path}"
    except OSError:
        where = ""
    _error(f"something went wrong inside afterword ({type(error).__name__}: {error}){where}")
    return ExitCode.INTERNAL
