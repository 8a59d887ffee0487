"""Plan: your game plan after a rejection -- choose a move, give it dated steps, revisit it."""

from __future__ import annotations

from typing import Annotated

import typer

from afterword.cli.options import MAX_ID

app = typer.Typer(no_args_is_help=True)


@app.command("show")
def show() -> None:
    """Show the game plan: moves, steps, what changed since, where answers come from.

    Example: afterword game-plan show
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.reflection.plan_service import game_plan

    with open_workspace() as ws:
        plan = game_plan(session=ws.session, user_id=ws.user_id)
        if plan.empty:
            say(
                'No game plan yet. Try: afterword game-plan choose build --step "Practise 3 design questions@2026-12-10"'
            )
            return
        for move in plan.moves:
            about = f" after {move.company}" if move.company else ""
            say(f"{move.move.label} (chosen {move.chosen_on.isoformat()}{about})")
            if move.why:
                say(f"  why: {move.why}")
            for step in move.steps:
                mark = (
                    f"done {step.done_on.isoformat()}"
                    if step.done_on
                    else f"by {step.due.isoformat()}"
                )
                say(f"  [{step.id}] {step.text} — {mark}")
        if plan.change is not None:
            say(plan.change.sentence())
        for title, rows in (("Sources", plan.best_sources), ("Roles", plan.best_roles)):
            if rows:
                best = "; ".join(
                    f"{row.name}: {row.responses} of {row.applications} answered" for row in rows
                )
                say(f"{title} with the best response: {best}")
        for day, note in plan.reviews[:3]:
            say(f"Revisited {day.isoformat()}: {note or '(no note)'}")


@app.command("choose")
def choose(
    move: Annotated[str, typer.Argument(help="present, build or target.")],
    step: Annotated[
        list[str],
        typer.Option("--step", "-s", help="A step as 'what@YYYY-MM-DD'; repeat for more."),
    ],
    why: Annotated[str | None, typer.Option("--why", help="Why this move.")] = None,
    application: Annotated[
        int | None,
        typer.Option(
            "--application", "-a", help="The process that prompted it.", min=1, max=MAX_ID
        ),
    ] = None,
) -> None:
    """Choose a move with concrete dated steps; each step becomes an action in the agenda.

    Example: afterword game-plan choose build -s "Practise 3 system-design questions out loud@2026-12-10"
    """
    from pydantic import ValidationError

    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.reflection.encouragement import count_words
    from afterword.reflection.plan_service import choose_move
    from afterword.reflection.schemas import PlanMoveFields
    from afterword.validation import invalid_input

    steps = []
    for raw in step:
        text, at, day = raw.rpartition("@")[0], "@", raw.rpartition("@")[2]
        if not at or not text.strip():
            raise InvalidInputError(f"give each step as 'what@YYYY-MM-DD', not '{raw}'")
        steps.append({"text": text, "due": day.strip()})
    with open_workspace() as ws:
        try:
            fields = PlanMoveFields.model_validate({"move": move, "why": why, "steps": steps})
        except ValidationError as error:
            raise invalid_input(error) from None
        chosen = choose_move(
            session=ws.session,
            user_id=ws.user_id,
            fields=fields,
            today=ws.today,
            now=ws.now,
            application_id=application,
        )
        say(
            f"Chose '{fields.move.replace('_', ' ')}' (move {chosen.id}) with {count_words(len(steps), 'step')}; they are in your agenda."
        )


@app.command("done")
def done(
    step_id: Annotated[
        int, typer.Argument(help="The step's id (see 'plan show').", min=1, max=MAX_ID)
    ],
    undo: Annotated[bool, typer.Option("--undo", help="It is not done after all.")] = False,
) -> None:
    """Tick off a step of the game plan (its agenda action is done with it).

    Example: afterword game-plan done 4
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.playbook.service import reopen_by_key
    from afterword.reflection.plan_service import set_step_done

    with open_workspace() as ws:
        step = set_step_done(
            session=ws.session,
            user_id=ws.user_id,
            step_id=step_id,
            done_on=None if undo else ws.today,
        )
        if undo:
            # The step is open again, and so is its action in the agenda.
            reopen_by_key(
                session=ws.session,
                user_id=ws.user_id,
                key=f"plan-step:{step.uid}",
                today=ws.today,
                now=ws.now,
            )
        say(f"Step {step.id} {'is open again' if undo else 'done'}.")


@app.command("revisit")
def revisit(
    note: Annotated[str | None, typer.Option("--note", help="What changed, what you keep.")] = None,
    application: Annotated[
        int | None,
        typer.Option(
            "--application", "-a", help="The rejection that prompted it.", min=1, max=MAX_ID
        ),
    ] = None,
) -> None:
    """Revisit the plan after a rejection: see what changed since, and note what you keep.

    Example: afterword game-plan revisit --note "Design practice helped; keep it, add mock interviews"
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.reflection.plan_service import game_plan, review_plan

    with open_workspace() as ws:
        plan = game_plan(session=ws.session, user_id=ws.user_id)
        review_plan(
            session=ws.session,
            user_id=ws.user_id,
            today=ws.today,
            now=ws.now,
            note=note,
            application_id=application,
        )
        if plan.change is not None:
            say(plan.change.sentence())
        say("Noted that you revisited your game plan.")
