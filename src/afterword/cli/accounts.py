"""Accounts (server mode only): who may sign in to a shared afterword, and with which role."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from afterword.settings import Settings

app = typer.Typer(no_args_is_help=True)

SERVER_ONLY = (
    "accounts exist only in server mode; set AFTERWORD_MODE=server and a PostgreSQL "
    "database (see docs/server.md)"
)


@contextlib.contextmanager
def _server_session() -> Iterator[tuple[Session, Settings]]:
    from afterword.errors import InvalidInputError
    from afterword.settings import get_settings
    from afterword.storage.migrate import ensure_current
    from afterword.storage.session import session_scope

    settings = get_settings()
    if not settings.server_mode:
        raise InvalidInputError(SERVER_ONLY)
    ensure_current(settings.database_url)
    with session_scope(settings.database_url) as session:
        yield session, settings


def _password(from_stdin: bool) -> str:
    if from_stdin:
        # One line: what `echo "$PASSWORD" | afterword accounts add ...` sends.
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="Read the password from the first line of standard input instead of asking.",
    ),
]


@app.command("add")
def add(
    email: Annotated[str, typer.Argument(help="The person's email address; they sign in with it.")],
    role: Annotated[
        str, typer.Option("--role", help="seeker (a job seeker), coach or admin.")
    ] = "seeker",
    password_stdin: PasswordStdin = False,
) -> None:
    """Create an account that can sign in to the shared server.

    Example: echo "$PASSWORD" | afterword accounts add ana@example.org --password-stdin
    """
    from afterword import clock
    from afterword.accounts.service import add_account, check_password
    from afterword.cli.output import say

    with _server_session() as (session, settings):
        password = check_password(_password(password_stdin))
        account = add_account(
            session=session,
            email=email,
            role=role,
            password=password,
            timezone=settings.default_timezone,
            country=settings.default_country,
            now=clock.now(),
        )
        say(f"Added {account.email} as {account.role}.")


@app.command("list")
def list_() -> None:
    """List the accounts: address, role, and whether they can sign in.

    Example: afterword accounts list
    """
    from afterword.accounts.service import list_accounts
    from afterword.cli.output import print_table

    with _server_session() as (session, _settings):
        rows = [
            [
                account.email,
                account.role,
                "disabled" if account.disabled_at else "active",
                account.created_at.date().isoformat(),
            ]
            for account in list_accounts(session=session)
        ]
        print_table(["email", "role", "status", "since"], rows, empty="No accounts yet.")


@app.command("disable")
def disable(
    email: Annotated[str, typer.Argument(help="The account's email address.")],
) -> None:
    """Stop an account signing in and sign it out everywhere (its records are kept).

    Example: afterword accounts disable ana@example.org
    """
    from afterword import clock
    from afterword.accounts.service import disable_account
    from afterword.cli.output import say

    with _server_session() as (session, _settings):
        account = disable_account(session=session, email=email, now=clock.now())
        say(f"Disabled {account.email}; every session it had is ended.")


@app.command("reset-password")
def reset_password_(
    email: Annotated[str, typer.Argument(help="The account's email address.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Give an account a new password and sign it out everywhere.

    Example: echo "$PASSWORD" | afterword accounts reset-password ana@example.org --password-stdin
    """
    from afterword.accounts.service import reset_password
    from afterword.cli.output import say

    with _server_session() as (session, _settings):
        account = reset_password(session=session, email=email, password=_password(password_stdin))
        say(f"New password set for {account.email}; every session it had is ended.")


@app.command("daily")
def daily(
    email: Annotated[str, typer.Argument(help="The account's email address.")],
    digest: Annotated[
        bool | None,
        typer.Option(
            "--digest/--no-digest",
            help="Send (or stop sending) the morning email of three things to do today.",
        ),
    ] = None,
) -> None:
    """Turn an account's morning digest on or off (sent by 'afterword worker').

    Example: afterword accounts daily ana@example.org --digest
    """
    from afterword.accounts.daily import set_preferences
    from afterword.accounts.service import find_account, normalise_email
    from afterword.cli.output import say
    from afterword.errors import NotFoundError

    with _server_session() as (session, _settings):
        account = find_account(session=session, email=normalise_email(email))
        if account is None:
            raise NotFoundError(f"there is no account for {normalise_email(email)}")
        row = set_preferences(session=session, user_id=account.user_id, morning_digest=digest)
        say(f"Morning digest for {account.email}: {'on' if row.morning_digest else 'off'}.")
