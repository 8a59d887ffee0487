"""Feedback: what companies told you about their decision; edit or delete what you recorded."""

from __future__ import annotations

from typing import Annotated

import typer

from afterword.cli.options import (
    MAX_ID,
    AddedJsonOption,
    ApplicationId,
    JsonOption,
    YesOption,
    confirm,
)

app = typer.Typer(no_args_is_help=True)

FeedbackId = Annotated[
    int, typer.Argument(help="The feedback's id (see 'feedback list').", min=1, max=MAX_ID)
]


@app.command("add")
def add(
    application_id: ApplicationId,
    text: Annotated[str, typer.Argument(help="The feedback, in their words or yours.")],
    on: Annotated[
        str, typer.Option("--on", help="When it arrived: YYYY-MM-DD or 'today' (default).")
    ] = "today",
    json: AddedJsonOption = False,
) -> None:
    """Record feedback received after a decision.

    Example: afterword feedback add 3 "Strong coding; wanted more depth on system design."
    """
    from pydantic import ValidationError

    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.pipeline.outcomes import add_feedback
    from afterword.pipeline.schemas import FeedbackFields
    from afterword.validation import invalid_input

    with open_workspace() as ws:
        try:
            fields = FeedbackFields(received_on=ws.date(on, what="--on"), text=text)
        except ValidationError as error:
            raise invalid_input(error) from None
        feedback = add_feedback(
            session=ws.session,
            user_id=ws.user_id,
            application_id=application_id,
            fields=fields,
            now=ws.now,
        )
        if json:
            from afterword.cli.output import print_record
            from afterword.pipeline.schemas import FeedbackRead

            print_record(FeedbackRead.of(feedback))
            return
        say(
            f"Saved feedback from {feedback.application.company}. Not every company answers; thank them for it."
        )


@app.command("list")
def list_(
    application: Annotated[
        int | None,
        typer.Option("--application", "-a", help="Only this application.", min=1, max=MAX_ID),
    ] = None,
    json: JsonOption = False,
) -> None:
    """List feedback received, newest first.

    Example: afterword feedback list
    """
    from afterword.cli.output import print_records, print_table
    from afterword.cli.workspace import open_workspace
    from afterword.pipeline.outcomes import list_feedback
    from afterword.pipeline.schemas import FeedbackRead

    with open_workspace() as ws:
        items = list_feedback(session=ws.session, user_id=ws.user_id, application_id=application)
        if json:
            print_records(FeedbackRead.of(f) for f in items)
            return
        print_table(
            ["ID", "Received", "Company", "Feedback"],
            [[str(f.id), str(f.received_on), f.application.company, f.text] for f in items],
            empty="No feedback yet. After a rejection, asking politely is always worth it.",
        )


@app.command("edit")
def edit(
    feedback_id: FeedbackId,
    text: Annotated[str | None, typer.Option("--text", help="The feedback, corrected.")] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", help="When it arrived: YYYY-MM-DD, 'today' or 'yesterday'."),
    ] = None,
) -> None:
    """Correct feedback you recorded: its words or the day it arrived.

    Example: afterword feedback edit 4 --on 2026-12-01
    """
    from typing import Any

    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.pipeline.outcomes import update_feedback

    with open_workspace() as ws:
        changes: dict[str, Any] = {}
        if text is not None:
            changes["text"] = text
        if on is not None:
            changes["received_on"] = ws.date(on, what="--on")
        if not changes:
            raise InvalidInputError("nothing to change; give --text or --on (see --help)")
        feedback = update_feedback(
            session=ws.session, user_id=ws.user_id, feedback_id=feedback_id, changes=changes
        )
        say(f"Updated feedback {feedback.id} from {feedback.application.company}.")


@app.command("delete")
def delete(feedback_id: FeedbackId, yes: YesOption = False) -> None:
    """Delete feedback you recorded.

    Example: afterword feedback delete 4 --yes
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.pipeline.outcomes import delete_feedback, get_feedback

    with open_workspace() as ws:
        feedback = get_feedback(session=ws.session, user_id=ws.user_id, feedback_id=feedback_id)
        label = f"from {feedback.application.company}, received {feedback.received_on.isoformat()}"
        confirm(f"Delete feedback {feedback_id} ({label})?", yes=yes)
        delete_feedback(session=ws.session, user_id=ws.user_id, feedback_id=feedback_id)
        say(f"Deleted feedback {feedback_id} ({label}).")
