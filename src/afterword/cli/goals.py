"""Goals: what your search is for -- the kind of role, the field, your reasons."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True)


@app.command("set")
def set_(
    role: Annotated[
        str | None, typer.Option("--role", help="The kind of role you aim for.")
    ] = None,
    field: Annotated[str | None, typer.Option("--field", help="The field or industry.")] = None,
    why: Annotated[str | None, typer.Option("--why", help="Why it matters to you.")] = None,
) -> None:
    """Write your long-term goals (give any part; an empty value clears it).

    Example: afterword goals set --role "Data engineer on a small team" --why "Own a platform end to end"
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.reflection.goals import set_goals

    changes = {
        name: value
        for name, value in (("aim", role), ("field", field), ("reasons", why))
        if value is not None
    }
    if not changes:
        raise InvalidInputError("nothing to set; give --role, --field or --why (see --help)")
    with open_workspace() as ws:
        set_goals(session=ws.session, user_id=ws.user_id, changes=changes, now=ws.now)
        say("Saved your goals. After a no, they show beside your open processes.")


@app.command("show")
def show() -> None:
    """Show your long-term goals.

    Example: afterword goals show
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.reflection.goals import get_goals, goal_lines

    with open_workspace() as ws:
        lines = goal_lines(get_goals(session=ws.session, user_id=ws.user_id))
        if not lines:
            say('No goals written yet. Try: afterword goals set --role "..." --why "..."')
            return
        for label, text in lines:
            say(f"{label}: {text}")
