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
from collections.abc import Iterator, MutableMapping
from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperGroup

from afterword import __version__
from afterword.cli import state
from afterword.cli.exit_codes import ExitCode

# Every top-level command, in the order `afterword --help` lists them, with the module
# (afterword.cli.NAME) that defines it. A command's module is imported, and its Click
# command built, only when that command is invoked or help lists it: building all ~90
# commands (and importing every module) on each call cost a write a fifth of its time.
# A group's help is its module's docstring unless given here.
_ROOT_COMMANDS: tuple[tuple[str, str], ...] = (
    *((name, "agenda") for name in ("today", "plan", "why")),
    *((name, "mail") for name in ("draft", "send", "save-draft", "eml", "mailto", "copied")),
    ("classify", "inbox"),
    *((name, "transfer") for name in ("export", "import", "import-csv")),
    ("overview", "overview"),
    ("review", "review"),
    ("serve", "serve"),
    ("worker", "worker"),
    ("help", "help_topics"),
)
_GROUPS: tuple[tuple[str, str, str | None], ...] = (
    ("actions", "agenda", "Actions: mark them done, dismiss or snooze them."),
    ("applications", "applications", None),
    ("contacts", "contacts", None),
    ("interviews", "interviews", None),
    ("outcomes", "outcomes", None),
    ("offers", "offers", None),
    ("feedback", "feedback", None),
    ("journal", "journal", None),
    ("mood", "mood", None),
    ("reflect", "reflect", None),
    ("game-plan", "plan", None),
    ("questions", "questions", None),
    ("goals", "goals", None),
    ("profile", "profile", None),
    ("calendar", "calendar", None),
    ("inbox", "inbox", None),
    ("demo", "demo", None),
    ("db", "database", None),
    ("accounts", "accounts", None),
    ("daemon", "daemon", None),
)
COMMAND_NAMES: tuple[str, ...] = tuple(
    [name for name, _ in _ROOT_COMMANDS] + [name for name, _, _ in _GROUPS]
)


def _builder() -> typer.Typer:
    """A Typer with the root's settings, to build some of its commands on."""
    return typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


def build_commands(name: str) -> dict[str, Any]:
    """Builds the Click command `name` (with any siblings its module registers at the root)."""
    import importlib

    for group, module_name, group_help in _GROUPS:
        if group == name:
            module = importlib.import_module(f"afterword.cli.{module_name}")
            builder = _builder()
            builder.add_typer(module.app, name=name, help=group_help or module.__doc__)
            return {name: typer.main.get_group(builder).commands[name]}
    module_name = dict(_ROOT_COMMANDS)[name]  # KeyError: no such command
    module = importlib.import_module(f"afterword.cli.{module_name}")
    builder = _builder()
    if module_name == "help_topics":
        builder.command("help")(module.help_topic)
    else:
        module.register(builder)
    return dict(typer.main.get_group(builder).commands)


class _LazyCommands(MutableMapping[str, Any]):
    """The root's commands by name: every name is known, each command is built on first use.

    Click's Group reads `commands` for lookup (get_command), listing (help) and suggestions
    ("did you mean"); only the first two need a built command."""

    def __init__(self, extra: dict[str, Any]) -> None:
        self._built: dict[str, Any] = dict(extra)
        self._names = [*COMMAND_NAMES, *(name for name in extra if name not in COMMAND_NAMES)]

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._names:
                raise KeyError(name)
            built = build_commands(name)
            for sibling, command in built.items():
                self._built.setdefault(sibling, command)
        return self._built[name]

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command
        if name not in self._names:
            self._names.append(name)

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._built.pop(name, None)


class _LazyRoot(TyperGroup):
    """The root group, whose commands are built only when invoked or listed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _LazyCommands(dict(self.commands))


app = typer.Typer(
    name="afterword",
    cls=_LazyRoot,
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
