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


@app.command("invite")
def invite_(
    email: Annotated[str, typer.Argument(help="The person's email address; they sign in with it.")],
    role: Annotated[
        str, typer.Option("--role", help="seeker (a job seeker), coach or admin.")
    ] = "seeker",
) -> None:
    """Invite someone by email: they choose their password through a link that works once,
    for 72 hours. Needs the centre's SMTP account and AFTERWORD_WEB__PUBLIC_URL.

    Example: afterword accounts invite ana@example.org --role seeker
    """
    from afterword import clock
    from afterword.accounts.links import invite, link_url
    from afterword.accounts.mailer import NO_SERVER_MAIL, send_account_email
    from afterword.cli.output import say
    from afterword.errors import InvalidInputError
    from afterword.storage.session import session_scope

    with _server_session() as (session, settings):
        # Checked first: an account whose invitation cannot go would only be in the way.
        if settings.server_mail is None:
            raise InvalidInputError(NO_SERVER_MAIL)
        if not settings.web.public_url:
            raise InvalidInputError(
                "set AFTERWORD_WEB__PUBLIC_URL (e.g. https://jobs.example.edu) so the "
                "invitation's link points at the server"
            )
        issued = invite(
            session=session, email=email, role=role, timezone=settings.default_timezone,
            country=settings.default_country, now=clock.now(),
        )  # fmt: skip
    # The account and its link are committed; the email goes in a transaction of its own,
    # and a failure here leaves the outbox row to send again (invite the address again).
    with session_scope(settings.database_url) as session:
        send_account_email(
            session=session, kind="invite", to=issued.account.email,
            link=link_url(settings.web.public_url, issued), key=issued.key,
            expires_at=issued.expires_at, server=settings.server_mail, now=clock.now(),
        )  # fmt: skip
    say(f"Invited {issued.account.email} as {issued.account.role}; the link works for 72 hours.")


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
                "disabled"
                if account.disabled_at
                else "invited"
                if account.password_hash is None
                else "active",
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


@app.command("reseal")
def reseal_(
    forget_unopenable: Annotated[
        bool,
        typer.Option(
            "--forget-unopenable",
            help="Remove the mail passwords that no key opens (their owners enter them again) "
            "instead of stopping.",
        ),
    ] = False,
) -> None:
    """Seal every stored mail password again under the newest AFTERWORD_SECRET_KEY.

    Old keys go in AFTERWORD_SECRET_KEY_PREVIOUS (comma-separated) while this runs; after
    it, they can be dropped. All in one transaction, and running it again changes nothing.

    Example: AFTERWORD_SECRET_KEY=NEW AFTERWORD_SECRET_KEY_PREVIOUS=OLD afterword accounts reseal
    """
    from afterword import clock
    from afterword.accounts.user_settings import reseal_all
    from afterword.cli.output import say

    with _server_session() as (session, settings):
        report = reseal_all(
            session=session,
            secret_key=settings.secret_key,
            previous=settings.secret_key_previous,
            forget_unopenable=forget_unopenable,
            now=clock.now(),
        )
    said = (
        f"Resealed {report.resealed} mail password(s) under the newest key; "
        f"{report.current} already were."
    )
    if report.forgotten:
        said += (
            f" Removed {len(report.unopenable)} that no key opens "
            f"({', '.join(report.unopenable)}): their owners are asked again when sending."
        )
    say(said)
