"""`afterword review --week`: the weekly review."""

from __future__ import annotations

from typing import Annotated

import typer


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
) -> None:
    """The weekly review: applications, replies, interviews, offers, rejections, practice and plan
    steps of one week, and one honest sentence from your own numbers.

    Example: afterword review --week --of last
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.reflection.weekly import parse_week
    from afterword.reflection.weekly_service import load_week

    with open_workspace() as ws:
        try:
            start = parse_week(of, today=ws.today)
        except ValueError as error:
            raise InvalidInputError(f"--of: {error}") from None
        found = load_week(
            session=ws.session, user_id=ws.user_id, timezone=ws.user.timezone, start=start
        )
        say(found.label)
        width = max(len(label) for label, _ in found.figures())
        for label, number in found.figures():
            say(f"  {label:<{width}}  {number}")
        if found.quiet:
            say("A quiet week. Rest counts too; one application or one practice restarts the loop.")
        say(found.sentence)
