"""Reflect: what went well, what was tough, what you would do differently, what was out of your
hands -- after an interview or a rejection; reread past reflections before the next round."""

from __future__ import annotations

from typing import Annotated

import typer

from afterword.cli.options import MAX_ID, ApplicationId

app = typer.Typer(no_args_is_help=True)

Prompt = Annotated[str | None, typer.Option(help="Leave out what you have nothing to say about.")]


@app.command("add")
def add(
    application_id: ApplicationId,
    went_well: Annotated[str | None, typer.Option("--went-well", help="What went well.")] = None,
    tough: Annotated[str | None, typer.Option("--tough", help="What was tough.")] = None,
    differently: Annotated[
        str | None, typer.Option("--differently", help="What you would do differently.")
    ] = None,
    out_of_my_hands: Annotated[
        str | None, typer.Option("--out-of-my-hands", help="What was out of your hands.")
    ] = None,
    interview: Annotated[
        int | None,
        typer.Option("--interview", "-i", help="The round it is about.", min=1, max=MAX_ID),
    ] = None,
) -> None:
    """Write a reflection about a process; any of the four prompts, at least one.

    Example: afterword reflect add 3 --went-well "The migration story landed" --tough "Sharding"
    """
    from pydantic import ValidationError

    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.reflection.reflections import add_reflection
    from afterword.reflection.schemas import ReflectionFields
    from afterword.validation import invalid_input

    try:
        fields = ReflectionFields(
            went_well=went_well,
            was_tough=tough,
            do_differently=differently,
            out_of_my_hands=out_of_my_hands,
        )
    except ValidationError as error:
        raise invalid_input(error) from None
    with open_workspace() as ws:
        reflection = add_reflection(
            session=ws.session,
            user_id=ws.user_id,
            application_id=application_id,
            fields=fields,
            now=ws.now,
            interview_id=interview,
        )
        say(
            f"Saved reflection {reflection.id}. What went well is worth keeping; the rest is practice."
        )


def _print(items: list, empty: str) -> None:  # type: ignore[type-arg]
    from afterword.cli.output import say

    if not items:
        say(empty)
        return
    for item in items:
        round_words = f", {item.round_kind} round" if item.round_kind else ""
        because = f" ({item.because})" if item.because else ""
        say(f"#{item.id} {item.company} — {item.role}{round_words}{because}")
        for label, text in item.answers:
            say(f"  {label}: {text}")


@app.command("list")
def list_(
    application: Annotated[
        int | None,
        typer.Option("--application", "-a", help="Only this application.", min=1, max=MAX_ID),
    ] = None,
) -> None:
    """List reflections, newest first.

    Example: afterword reflect list -a 3
    """
    from afterword.cli.workspace import open_workspace
    from afterword.reflection.reflections import list_reflections

    with open_workspace() as ws:
        items = list_reflections(session=ws.session, user_id=ws.user_id, application_id=application)
        _print(items, 'No reflections yet. Try: afterword reflect add 3 --went-well "..."')


@app.command("before")
def before(
    interview_id: Annotated[
        int, typer.Argument(help="The coming interview's id.", min=1, max=MAX_ID)
    ],
) -> None:
    """Reread past reflections before an interview: the same company, then the same kind of round.

    Example: afterword reflect before 12
    """
    from afterword.cli.workspace import open_workspace
    from afterword.reflection.reflections import reflections_before

    with open_workspace() as ws:
        items = reflections_before(
            session=ws.session, user_id=ws.user_id, interview_id=interview_id
        )
        _print(
            items, "Nothing to reread yet: no reflection about this company or this kind of round."
        )
