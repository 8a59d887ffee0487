"""The agenda: what to do today and next (`today`, `plan`, `why`) and acting on it (`actions`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from afterword.cli.options import MAX_ID, JsonOption

if TYPE_CHECKING:
    from afterword.cli.agenda_text import ActionLine
    from afterword.playbook.models import PlannedAction
    from afterword.workspace import Workspace

app = typer.Typer(no_args_is_help=True)

ActionId = Annotated[
    int, typer.Argument(help="The action's id (shown in 'afterword today').", min=1, max=MAX_ID)
]


def register(root: typer.Typer) -> None:
    """Adds `today`, `plan` and `why` to the root app."""
    root.command("today")(today)
    root.command("plan")(plan)
    root.command("why")(why)


def action_line(row: PlannedAction, names: dict[int, tuple[str, str]] | None = None) -> ActionLine:
    """A stored action as the agenda prints it (see cli.agenda_text); `names` gives the
    company and role by application id (else the application is looked up)."""
    from afterword.cli.agenda_text import ActionLine

    if names is not None and row.application_id is not None:
        found = names.get(row.application_id)
        company, role = found if found else (None, None)
    else:
        application = _application(row)
        company = application.company if application else None
        role = application.role if application else None
    return ActionLine(
        id=row.id,
        kind=row.kind.value,
        due=row.due,
        snoozed_until=row.snoozed_until,
        priority=row.priority,
        state=row.state.value,
        done_note=row.done_note,
        application_id=row.application_id,
        company=company,
        role=role,
        contact_id=row.contact_id,
        rule=row.rule,
        reason=row.reason,
    )


def action_json(row: PlannedAction) -> dict[str, Any]:
    """An action as a JSON object: its read schema (what `--json` prints everywhere)."""
    from afterword.playbook.schemas import ActionRead

    application = _application(row)
    company = application.company if application else None
    return ActionRead.of(row, company=company).model_dump(mode="json")


def _names(ws: Workspace) -> dict[int, tuple[str, str]]:
    """Every application's company and role, in one query (not one per action)."""
    import sqlalchemy as sa

    from afterword.pipeline.models import Application

    rows = ws.session.execute(
        sa.select(Application.id, Application.company, Application.role).where(
            Application.user_id == ws.user_id
        )
    )
    return {app_id: (company, role) for app_id, company, role in rows}


def _agenda_json(rows: list[PlannedAction], names: dict[int, tuple[str, str]]) -> list[Any]:
    """The actions as their read schemas, with the company from `names` (one query)."""
    from afterword.playbook.schemas import ActionRead

    return [
        ActionRead.of(
            row, company=names[row.application_id][0] if row.application_id in names else None
        ).model_dump(mode="json")
        for row in rows
    ]


def _application(row: PlannedAction) -> Any:
    from sqlalchemy.orm import object_session

    from afterword.pipeline.models import Application

    if row.application_id is None:
        return None
    session = object_session(row)
    return session.get(Application, row.application_id) if session else None


def today(json: JsonOption = False) -> None:
    """What to do now: overdue, due today and this week, each with its reason.

    Example: afterword --as-of 2026-12-09 today
    """
    from afterword.cli.agenda_text import render_today
    from afterword.cli.workspace import open_workspace
    from afterword.playbook.service import open_actions

    # The fast path (cli.fast_agenda) prints the stored agenda when it is current; this full
    # path re-plans first, and the two print through the same function.
    with open_workspace() as ws:
        ws.replan()
        rows = open_actions(session=ws.session, user_id=ws.user_id)
        names = _names(ws)
        if json:
            from afterword.cli.agenda_text import week_groups
            from afterword.cli.output import print_json

            day = ws.today
            groups = week_groups(rows, day, due=lambda row: row.effective_due)
            print_json(
                {"today": day.isoformat()}
                | {name: _agenda_json(group, names) for name, group in groups.items()}
            )
            return
        lines = [action_line(row, names) for row in rows]
        typer.echo(render_today(lines, ws.today, preface=_encouragement_lines(ws)))
        _send_due_digest(ws)


def _send_due_digest(ws: Workspace) -> None:
    """Emails last week's review if the user turned the digest on and it has not gone yet.

    The single-user app has no scheduler: the first `today` of a new week is when a user
    expects the week's summary. Not while looking at another day (--as-of), and a failure
    is one line on stderr: the agenda has been printed and the next run tries again.
    """
    from afterword.cli import state

    if state.as_of is not None or not ws.settings.review.weekly_digest:
        return
    from afterword.errors import AfterwordError
    from afterword.mail.digest import digest_due, send_weekly_digest

    if not digest_due(session=ws.session, user=ws.user, now=ws.now, settings=ws.settings):
        return
    try:
        if send_weekly_digest(ws.session, ws.user_id, ws.now, settings=ws.settings):
            typer.echo("Last week's review is in your mailbox (the weekly digest you turned on).")
    except AfterwordError as error:
        typer.echo(f"The weekly digest was not sent: {error}", err=True)


def _encouragement_lines(ws: Workspace) -> list[str]:
    """After recent news, the same words as the top of the Today page: after a rejection,
    the open processes and the long-term goals, so one no is seen as one of many chances.
    The re-plan keeps them with the plan (see playbook.service.replan), for the fast path."""
    words = ws.user.planned_words
    return words.split("\n") if words else []


def plan(json: JsonOption = False) -> None:
    """Everything upcoming, soonest first.

    Example: afterword plan --json
    """
    from afterword.cli.agenda_text import render_plan
    from afterword.cli.workspace import open_workspace
    from afterword.playbook.service import open_actions

    with open_workspace() as ws:
        ws.replan()
        rows = open_actions(session=ws.session, user_id=ws.user_id)
        names = _names(ws)
        if json:
            from afterword.cli.output import print_json

            print_json(_agenda_json(rows, names))
            return
        typer.echo(render_plan([action_line(row, names) for row in rows], ws.today))


def why(action_id: ActionId, json: JsonOption = False) -> None:
    """Explain an action: the rule that made it and the facts it used.

    Example: afterword why 12
    """
    from afterword.cli.output import print_json
    from afterword.cli.workspace import open_workspace
    from afterword.playbook.rules import RULES
    from afterword.playbook.service import get_action

    with open_workspace() as ws:
        row = get_action(session=ws.session, user_id=ws.user_id, action_id=action_id)
        rule = RULES.get(row.rule, "")
        if json:
            print_json(
                # The action's read schema (evidence as label/value pairs, as in the API),
                # and what the rule says in words.
                {**action_json(row), "rule_description": rule}
            )
            return
        typer.echo(
            f"[{row.id}] {row.kind.headline} -- due {row.due.isoformat()} ({row.state.value})"
        )
        typer.echo(f"Why: {row.reason}")
        typer.echo(f"Rule '{row.rule}': {rule}")
        for label, value in row.evidence:
            typer.echo(f"  {label}: {value}")
        if row.snoozed_until:
            typer.echo(f"Snoozed until {row.snoozed_until.isoformat()}.")
        if row.done_note:
            typer.echo(f"Done: {row.done_note}")
        if row.withdrawn_reason:
            typer.echo(f"Withdrawn: {row.withdrawn_reason}")


@app.command("done")
def done(
    action_id: ActionId,
    on: Annotated[
        str, typer.Option("--on", help="When you did it: YYYY-MM-DD or 'today' (default).")
    ] = "today",
) -> None:
    """Mark an action done; it will not come back, and what it means is recorded.

    Some steps change the record when done: a withdrawal records the process as withdrawn,
    declining an offer records it as declined, "consider marking it ghosted" records the
    process as ghosted, asking for more time notes it on the offer. 'afterword actions undo
    ID' takes it back.

    Example: afterword actions done 12
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.playbook.service import complete_action

    with open_workspace() as ws:
        row = complete_action(
            session=ws.session,
            user_id=ws.user_id,
            action_id=action_id,
            on=ws.date(on, what="--on"),
            now=ws.now,
        )
        say(f"Done: {row.kind.headline}{_where(row)}.")
        if row.effect_json:
            say(f"Recorded: {row.done_note}. Undo: afterword actions undo {row.id}")


@app.command("undo")
def undo(action_id: ActionId) -> None:
    """Take back a done or dismissed action, and what marking it done recorded.

    Example: afterword actions undo 12
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.playbook.service import undo_action

    with open_workspace() as ws:
        row = undo_action(
            session=ws.session, user_id=ws.user_id, action_id=action_id, today=ws.today, now=ws.now
        )
        say(f"Undone: {row.kind.headline}{_where(row)} is open again.")


def _where(row: PlannedAction) -> str:
    application = _application(row)
    return f" ({application.company})" if application else ""


@app.command("dismiss")
def dismiss(action_id: ActionId) -> None:
    """Dismiss an action you will not do; it will not come back.

    Example: afterword actions dismiss 12
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.playbook.service import dismiss_action

    with open_workspace() as ws:
        row = dismiss_action(
            session=ws.session, user_id=ws.user_id, action_id=action_id, on=ws.today, now=ws.now
        )
        say(f"Dismissed: {row.kind.headline}{_where(row)}. Undo: afterword actions undo {row.id}")


@app.command("snooze")
def snooze(
    action_id: ActionId,
    until: Annotated[
        str, typer.Option("--until", help="Hide it until this day (YYYY-MM-DD or 'tomorrow').")
    ],
) -> None:
    """Hide an action until a later day.

    Example: afterword actions snooze 12 --until 2026-12-10
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.playbook.service import snooze_action

    with open_workspace() as ws:
        row = snooze_action(
            session=ws.session,
            user_id=ws.user_id,
            action_id=action_id,
            until=ws.date(until, what="--until"),
            today=ws.today,
            now=ws.now,
        )
        say(f"Snoozed until {row.snoozed_until}: {row.kind.headline}.")


@app.command("list")
def list_(
    state: Annotated[
        str, typer.Option("--state", help="open (default), done, dismissed, withdrawn or all.")
    ] = "open",
    json: JsonOption = False,
) -> None:
    """List actions by state, soonest first.

    Example: afterword actions list --state withdrawn
    """
    import sqlalchemy as sa

    from afterword.cli.output import print_json, print_table
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.playbook.models import ActionState, PlannedAction

    choices = [s.value for s in ActionState]
    if state != "all" and state not in choices:
        raise InvalidInputError(f"--state '{state}' is not one of: {', '.join([*choices, 'all'])}")
    with open_workspace() as ws:
        query = sa.select(PlannedAction).where(PlannedAction.user_id == ws.user_id)
        if state != "all":
            query = query.where(PlannedAction.state == ActionState(state))
        rows = sorted(ws.session.scalars(query), key=lambda r: (r.effective_due, r.priority, r.id))
        if json:
            print_json([action_json(row) for row in rows])
            return
        print_table(
            ["ID", "Due", "State", "Action", "Company", "What happened"],
            [
                [
                    str(r.id),
                    r.effective_due.isoformat(),
                    r.state.value,
                    r.kind.headline,
                    (_application(r).company if r.application_id else ""),
                    r.done_note or r.withdrawn_reason or "",
                ]
                for r in rows
            ],
            empty=f"No {state} actions.",
        )
