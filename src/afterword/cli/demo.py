"""Demo: a sample job search to explore afterword with, and removing it again."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True)


@app.command("load")
def load(
    if_empty: Annotated[
        bool,
        typer.Option(
            "--if-empty", help="Only when you have no data of your own yet (used by 'make run')."
        ),
    ] = False,
) -> None:
    """Load a sample job search (a dozen applications in every stage), dated around today.

    Example: afterword demo load
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.demo.workspace import has_user_data, is_demo_loaded, load_demo

    with open_workspace() as ws:
        if is_demo_loaded(session=ws.session, user_id=ws.user_id):
            say("The demo workspace is already loaded. Remove it with: afterword demo clear")
            return
        if if_empty and has_user_data(session=ws.session, user_id=ws.user_id):
            return
        # The demo's mail goes through real triage, with the classifier built at install time.
        say("Loading the demo...")
        count = load_demo(session=ws.session, user_id=ws.user_id, today=ws.today, now=ws.now)
        say(
            f"Loaded the demo workspace: {count} sample applications. Remove it any time with: afterword demo clear"
        )


@app.command("clear")
def clear() -> None:
    """Remove the sample data; your own data stays untouched.

    Example: afterword demo clear
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.demo.workspace import clear_demo

    with open_workspace() as ws:
        removed = clear_demo(session=ws.session, user_id=ws.user_id)
        say(
            f"Removed the demo workspace ({removed} sample applications)."
            if removed
            else "No demo data to remove."
        )
