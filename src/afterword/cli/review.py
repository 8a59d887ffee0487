"""`afterword review --week`: the weekly review, and its opt-in digest email."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer

if TYPE_CHECKING:
    from afterword.workspace import Workspace

DIGEST_HELP = (
    "Turn the weekly digest email on or off. When on, last week's review is emailed to you "
    "once, through your own mail account, the first time 'afterword today' or 'afterword "
    "serve' runs in a new week (or with 'afterword review --send')."
)


def register(app: typer.Typer) -> None:
    """Adds `afterword review` to the root app."""
    app.command("review")(review)


def review(
    week: Annotated[
        bool, typer.Option("--week", help="Review one week (the only review there is, for now).")
    ] = True,
    of: Annotated[
        str,
        typer.Option("--of", help="Which week: this (default), last, 2026-W49 or a date in it."),
    ] = "this",
    send: Annotated[
        bool,
        typer.Option(
            "--send",
            help="Email last week's review to yourself now, if the digest is on and it has "
            "not gone yet (it goes once per week, however often you run this).",
        ),
    ] = False,
    digest: Annotated[
        Literal["on", "off"] | None, typer.Option("--digest", help=DIGEST_HELP)
    ] = None,
) -> None:
    """The weekly review: applications, replies, interviews, offers, rejections, practice and plan
    steps of one week, and one honest sentence from your own numbers.

    The digest email is off unless you turn it on (--digest on). Nothing is scheduled behind
    your back: once it is on, 'afterword today' or starting 'afterword serve' sends last
    week's digest the first time either runs after the week ends, never twice for one week.

    Example: afterword review --week --of last
    """
    if digest is not None:
        _switch_digest(digest == "on")
        return
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.reflection.weekly import parse_week, review_lines
    from afterword.reflection.weekly_service import load_week

    with open_workspace() as ws:
        if send:
            _send_now(ws)
            return
        try:
            start = parse_week(of, today=ws.today)
        except ValueError as error:
            raise InvalidInputError(f"--of: {error}") from None
        found = load_week(
            session=ws.session, user_id=ws.user_id, timezone=ws.user.timezone, start=start
        )
        for line in review_lines(found):
            say(line)


def _switch_digest(on: bool) -> None:
    """Writes the choice to config.toml's [review] section."""
    from afterword.cli.output import say
    from afterword.mail.digest import sending_account
    from afterword.settings import file as config_file
    from afterword.settings import get_settings
    from afterword.settings.review import ReviewSettings

    path = config_file.save_review(ReviewSettings(weekly_digest=on))
    get_settings.cache_clear()
    if not on:
        say(f"The weekly digest is off ({path}); nothing more will be emailed.")
        return
    say(f"The weekly digest is on ({path}).")
    if sending_account(get_settings()) is None:
        say(
            "It needs an SMTP server to go out: add one under [mail] in config.toml "
            "(see 'afterword help mail-setup')."
        )
    else:
        say(
            "Last week's review goes to you the next time you run 'afterword today' "
            "or start 'afterword serve'."
        )


def _send_now(ws: Workspace) -> None:
    """Sends last week's digest if due; says what happened either way."""
    from afterword.cli.output import say
    from afterword.errors import InvalidInputError
    from afterword.mail.digest import digest_week, send_weekly_digest, sending_account

    if not ws.settings.review.weekly_digest:
        raise InvalidInputError(
            "the weekly digest is off, so nothing was sent; turn it on with "
            "'afterword review --digest on'"
        )
    if sending_account(ws.settings) is None:
        raise InvalidInputError(
            "no SMTP server is set up; add a [mail] section to config.toml "
            "(see 'afterword help mail-setup')"
        )
    week = digest_week(ws.now, ws.user.timezone)
    label = f"{week.isocalendar()[0]}-W{week.isocalendar()[1]:02d}"
    if send_weekly_digest(ws.session, ws.user_id, ws.now, settings=ws.settings):
        say(f"Sent your review of week {label} to yourself.")
    else:
        say(f"Your review of week {label} was already sent; nothing was sent again.")
