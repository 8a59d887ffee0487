"""Drafts and delivery: see an action's email, then send it, save it to Drafts, or export it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from afterword.cli.options import MAX_ID, JsonOption

if TYPE_CHECKING:
    from afterword.cli.workspace import Workspace
    from afterword.drafts.render import Draft
    from afterword.mail.models import DeliveryRoute
    from afterword.playbook.models import PlannedAction
    from afterword.settings.mail import MailAccount

ActionId = Annotated[
    int,
    typer.Argument(help="The email action's id (shown in 'afterword today').", min=1, max=MAX_ID),
]
Again = Annotated[
    bool,
    typer.Option(
        "--again",
        help="Use this email even though it already went out (or is in Drafts), or its step "
        "is done, dismissed or no longer needed.",
    ),
]


def register(root: typer.Typer) -> None:
    """Adds draft, send, save-draft, eml, mailto and copied to the root app."""
    root.command("draft")(draft)
    root.command("send")(send)
    root.command("save-draft")(save_draft)
    root.command("eml")(eml)
    root.command("mailto")(mailto)
    root.command("copied")(copied)


def _draft_json(draft: Draft, action_id: int | None) -> dict[str, Any]:
    return {
        "action_id": action_id,
        "template": draft.template,
        "to_name": draft.to_name,
        "to_email": draft.to_email,
        "subject": draft.subject,
        "body": draft.body,
        "missing": list(draft.missing),
        "warnings": list(draft.warnings),
    }


def _load(ws: Workspace, action_id: int) -> tuple[PlannedAction, Draft]:
    from afterword.mail.service import action_draft

    return action_draft(session=ws.session, user=ws.user, action_id=action_id, today=ws.today)


def draft(
    action_id: Annotated[
        int | None,
        typer.Argument(
            help="The email action's id (shown in 'afterword today').", min=1, max=MAX_ID
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template", help="Write a draft by template name instead (e.g. clarification)."
        ),
    ] = None,
    application: Annotated[
        int | None,
        typer.Option(
            "--application", "-a", help="With --template: the application.", min=1, max=MAX_ID
        ),
    ] = None,
    contact: Annotated[
        int | None,
        typer.Option("--contact", help="With --template: the recipient.", min=1, max=MAX_ID),
    ] = None,
    correction: Annotated[
        str | None,
        typer.Option("--correction", help="For a clarification: the facts, in a sentence or two."),
    ] = None,
    json: JsonOption = False,
) -> None:
    """Show the email draft for an action (or a named template), ready to copy or send.

    Example: afterword draft 12
    """
    from afterword.cli.output import print_json
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError

    with open_workspace() as ws:
        if template is not None:
            if application is None:
                raise InvalidInputError(
                    "--template needs --application (which process it is about)"
                )
            from afterword.drafts.service import draft_on_request

            result = draft_on_request(
                session=ws.session,
                user=ws.user,
                template=template,
                application_id=application,
                contact_id=contact,
                today=ws.today,
                correction=correction,
            )
        elif action_id is None:
            raise InvalidInputError(
                "give an action id (see 'afterword today'), or --template with --application"
            )
        else:
            row, result = _load(ws, action_id)
            from afterword.mail.service import require_recipient

            require_recipient(session=ws.session, action=row, draft=result)
        if json:
            print_json(_draft_json(result, action_id))
            return
        recipient = result.to_email or "(no address yet)"
        if result.to_name and result.to_email:
            recipient = f"{result.to_name} <{result.to_email}>"
        typer.echo(f"To: {recipient}\nSubject: {result.subject}\n\n{result.body.rstrip()}\n")
        for warning in result.warnings:
            typer.echo(f"Note: {warning}", err=True)
        if result.missing:
            typer.echo("Fill in before sending: " + "; ".join(result.missing))
        if action_id is not None:
            from afterword.mail.service import stale_reason
            from afterword.playbook.models import ActionState

            if row.state is not ActionState.OPEN:
                typer.echo(f"Note: {stale_reason(row)}; sending it needs --again.")
            typer.echo(
                f"Send it: afterword send {action_id}  |  to your Drafts: afterword save-draft {action_id}"
                f"  |  as a file: afterword eml {action_id}"
            )


def _account(ws: Workspace, need: Literal["smtp", "imap"]) -> MailAccount:
    from afterword.errors import InvalidInputError
    from afterword.mail.service import mail_account

    account = mail_account(ws.settings.mail, need)
    if account is None:
        raise InvalidInputError(
            f"no {need.upper()} server is set up; add a [mail] section to config.toml "
            "(see 'afterword help mail-setup'), or use 'afterword eml' / 'afterword mailto'"
        )
    return account


def _ready(
    ws: Workspace, action_id: int, again: bool, route: DeliveryRoute
) -> tuple[PlannedAction, Draft]:
    """The action and its draft, once the email may go out (see mail.service.check_delivery)."""
    from afterword.mail.service import check_delivery

    row, result = _load(ws, action_id)
    check_delivery(
        session=ws.session,
        user=ws.user,
        action=row,
        draft=result,
        route=route,
        again=again,
        now=ws.now,
        today=ws.today,
    )
    return row, result


def _message(ws: Workspace, result: Draft, sender: str) -> Any:
    """The draft as an email from `sender`, dated now."""
    from afterword.mail.service import outgoing_message

    return outgoing_message(result, from_name=ws.user.name, sender=sender, now=ws.now)


def _record(
    ws: Workspace, row: PlannedAction, result: Draft, route: DeliveryRoute, message_id: str | None
) -> None:
    """Puts the delivered email on the application's timeline and completes its action."""
    from afterword.mail.service import record_delivery

    record_delivery(
        session=ws.session,
        user_id=ws.user_id,
        action=row,
        application_id=row.application_id,
        draft=result,
        route=route,
        message_id=message_id,
        now=ws.now,
        today=ws.today,
    )


def send(action_id: ActionId, again: Again = False) -> None:
    """Send an action's email through your mail server (SMTP); its step then counts as done.

    Sending (or 'afterword copied' after sending it yourself) marks the step done and records
    what it means: a withdrawal sent records the process as withdrawn. Saving to Drafts,
    'eml' and 'mailto' leave the step open until you say it went.

    Example: afterword send 12
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.mail.models import DeliveryRoute
    from afterword.mail.service import deliver

    with open_workspace() as ws:
        row, result = _ready(ws, action_id, again, DeliveryRoute.SMTP)
        account = _account(ws, "smtp")
        deliver(
            session=ws.session,
            user=ws.user,
            account=account,
            action=row,
            draft=result,
            route=DeliveryRoute.SMTP,
            now=ws.now,
            today=ws.today,
        )
        say(f"Sent to {result.to_email}: {result.subject}")
        _say_done(row)


def save_draft(action_id: ActionId, again: Again = False) -> None:
    """Put an action's email in your own Drafts folder (IMAP), to review and send from your mail app.

    The step stays open: once you have sent it, say so with 'afterword copied ID'.

    Example: afterword save-draft 12
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.mail.models import DeliveryRoute
    from afterword.mail.service import deliver

    with open_workspace() as ws:
        row, result = _ready(ws, action_id, again, DeliveryRoute.IMAP_DRAFTS)
        account = _account(ws, "imap")
        _sent, folder = deliver(
            session=ws.session,
            user=ws.user,
            account=account,
            action=row,
            draft=result,
            route=DeliveryRoute.IMAP_DRAFTS,
            now=ws.now,
            today=ws.today,
        )
        say(f"Saved to your {folder} folder: {result.subject}")
        say(f"Once you have sent it: afterword copied {action_id}")


def eml(
    action_id: ActionId,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="Where to write it (default: afterword-<id>.eml here)."
        ),
    ] = None,
    again: Again = False,
) -> None:
    """Write an action's email as an .eml file that mail programs open as a draft to send.

    The step stays open: once you have sent it, say so with 'afterword copied ID'.

    Example: afterword eml 12 -o thank-you.eml
    """
    from pathlib import Path

    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.mail.compose import eml_bytes
    from afterword.mail.models import DeliveryRoute

    with open_workspace() as ws:
        row, result = _ready(ws, action_id, again, DeliveryRoute.EML)
        sender = ws.user.email or (ws.settings.mail.address if ws.settings.mail else None)
        if not sender:
            raise InvalidInputError(
                "set your email address first: afterword profile set --email you@example.com"
            )
        message = _message(ws, result, sender)
        path = Path(output or f"afterword-{action_id}.eml")
        try:
            path.write_bytes(eml_bytes(message))
        except OSError as error:
            raise InvalidInputError(f"cannot write {path}: {error.strerror}") from None
        _record(ws, row, result, DeliveryRoute.EML, message["Message-ID"])
        say(f"Wrote {path}; open it in your mail program to send it.")
        say(f"Once you have sent it: afterword copied {action_id}")


def mailto(action_id: ActionId, again: Again = False) -> None:
    """Print a mailto: link that opens the email in your mail program.

    The step stays open: once you have sent it, say so with 'afterword copied ID'.

    Example: afterword mailto 12
    """
    from afterword.cli.workspace import open_workspace
    from afterword.mail.compose import mailto_link
    from afterword.mail.models import DeliveryRoute

    with open_workspace() as ws:
        _row, result = _ready(ws, action_id, again, DeliveryRoute.MAILTO)
        typer.echo(mailto_link(result.to_email, result.subject, result.body))


def copied(action_id: ActionId, again: Again = False) -> None:
    """Record that you sent an action's email yourself; its step then counts as done.

    Example: afterword copied 12
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.mail.service import record_sent_by_user

    with open_workspace() as ws:
        row, message = record_sent_by_user(
            session=ws.session,
            user=ws.user,
            action_id=action_id,
            subject=None,
            body=None,
            again=again,
            now=ws.now,
            today=ws.today,
        )
        say(f"Recorded as sent: {message.subject}")
        _say_done(row)


def _say_done(row: PlannedAction) -> None:
    """What completing the step recorded, and how to take it back."""
    from afterword.cli.output import say
    from afterword.playbook.models import ActionState

    if row.state is ActionState.DONE and row.done_note:
        say(f"Done: {row.done_note}. Undo: afterword actions undo {row.id}")
