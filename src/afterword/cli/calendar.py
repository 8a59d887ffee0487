"""Calendar: your actions, interviews and offer deadlines as an iCalendar (.ics) feed."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True)


@app.command("export")
def export(
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the calendar to FILE instead of the screen (standard output).",
        ),
    ] = None,
) -> None:
    """Write your open actions, interviews and offer deadlines as one .ics file to import.

    The file is a snapshot; to see changes as they happen, subscribe to the link
    that 'afterword calendar link' prints.

    Example: afterword calendar export --output afterword.ics
    """
    from afterword.calendar.service import configured_base_url, feed_for
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import AfterwordError

    with open_workspace() as ws:
        body = feed_for(
            session=ws.session,
            user=ws.user,
            today=ws.today,
            now=ws.now,
            base_url=configured_base_url(ws.settings.web),
        )
    if output is None or output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
        return
    try:
        with open(output, "wb") as file:
            file.write(body)
    except OSError as error:
        raise AfterwordError(f"cannot write {output}: {error.strerror or error}") from None
    say(f"Calendar written to {output}.")


@app.command("link")
def link(
    new: Annotated[
        bool,
        typer.Option("--new", help="Make a new link first; the old one stops working at once."),
    ] = False,
) -> None:
    """Print the secret link calendar apps subscribe to (served by 'afterword serve').

    The address comes from the [web] host and port settings. Anyone with the link
    can read the feed; --new replaces it if it has gone somewhere it should not.

    Example: afterword calendar link
    """
    from afterword.calendar.service import (
        configured_base_url,
        feed_path,
        feed_token,
        replace_feed_token,
    )
    from afterword.cli.workspace import open_workspace

    with open_workspace() as ws:
        if new:
            token = replace_feed_token(session=ws.session, user=ws.user)
        else:
            token = feed_token(session=ws.session, user=ws.user)
        url = configured_base_url(ws.settings.web) + feed_path(token)
    typer.echo(url)
