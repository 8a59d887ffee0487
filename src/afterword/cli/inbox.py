"""Inbox triage: read your mail, let afterword update the pipeline, and review what it is unsure of."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from afterword.cli.options import MAX_ID, JsonOption
from afterword.control_chars import escape_control_characters

if TYPE_CHECKING:
    from afterword.inbox.engine import TriageReport, Verdict
    from afterword.inbox.inbox import Inbox
    from afterword.inbox.models import IngestedMessage
    from afterword.inbox.service import IngestReport
    from afterword.inbox.sources import SkippedFile
    from afterword.workspace import Workspace

app = typer.Typer(no_args_is_help=True)

MailPath = Annotated[
    Path,
    typer.Argument(
        help="An .eml file, an mbox file (e.g. from Google Takeout), a Maildir, or a folder of "
        ".eml files.",
        show_default=False,
    ),
]
# The keys of the review queue: one per class, in the order the legend shows them.
CLASS_KEYS = "1234567890"


def register(root: typer.Typer) -> None:
    """Adds `afterword classify` to the root app."""
    root.command("classify")(classify)


def _echo(text: str) -> None:
    """Prints text that quotes mail (subjects, senders, reasons) with its control characters
    escaped: a subject must never retitle the terminal or rewrite what was printed."""
    typer.echo(escape_control_characters(text, multiline=True))


def _messages(path: Path, skipped: list[SkippedFile] | None = None) -> Iterator[Any]:
    from afterword.inbox.sources import read_path

    return iter(read_path(path, skipped))


def _inbox(ws: Workspace) -> Inbox:
    from afterword.inbox.inbox import Inbox

    return Inbox(ws)


def _percent(value: float | None) -> str:
    return f"{round((value or 0) * 100)}%"


# -- afterword classify -------------------------------------------------------------------------


def _verdict_json(
    location: str, message: Any, verdict: Verdict, names: dict[int, str]
) -> dict[str, Any]:
    from afterword.inbox.classify import act_automatically
    from afterword.inbox.engine import date_values

    c = verdict.classification
    return {
        "location": location,
        "message_id": message.message_id,
        "from": message.from_address,
        "subject": message.subject,
        "date": message.sent_at.isoformat() if message.sent_at else None,
        "class": str(c.label),
        "confidence": round(c.confidence, 4),
        "would_act": act_automatically(c),
        "reasons": list(c.reasons),
        "dates": date_values(verdict.dates),
        "application": None
        if verdict.application_id is None
        else {
            "id": verdict.application_id,
            "name": names.get(verdict.application_id, ""),
            "matched_by": str(verdict.method) if verdict.method else None,
        },
        "candidates": list(verdict.candidates),
        "decision": {
            "state": str(verdict.decision.state),
            "why": verdict.decision.why,
            "change": verdict.decision.effect.proposal if verdict.decision.effect else None,
            # Acting needs a sure class and a solid match: which of them settled it.
            "decided_by": str(verdict.decision.decided_by) if verdict.decision.decided_by else None,
        },
    }


def _verdict_text(item: dict[str, Any]) -> str:
    lines = [
        f"{item['location']}  {(item['date'] or '')[:10]}  {item['from'] or '(no sender)'}",
        f"  “{item['subject'] or '(no subject)'}”",
        f"  {item['class'].replace('_', ' ')} ({_percent(item['confidence'])}"
        + (", sure enough to act alone)" if item["would_act"] else ")"),
    ]
    if item["application"]:
        app_ = item["application"]
        lines.append(f"  about #{app_['id']} {app_['name']} (by {app_['matched_by']})")
    elif item["candidates"]:
        lines.append("  could be any of " + ", ".join(f"#{i}" for i in item["candidates"]))
    if item["dates"]:
        lines.append("  dates: " + ", ".join(f"{k} {v}" for k, v in item["dates"].items()))
    lines.append(f"  because: {'; '.join(item['reasons'])}")
    decision = item["decision"]
    deciding = {
        "class": " (the class was not sure enough)",
        "match": " (the application was not certain)",
        "class and match": " (sure of both the class and the application)",
    }.get(decision.get("decided_by") or "", "")
    outcome = {
        "acted": f"afterword would {decision['change']}{deciding}",
        "review": f"afterword would ask you: {decision['why']}"
        + (f" (proposing to {decision['change']})" if decision["change"] else "")
        + deciding,
        "filed": f"afterword would file it: {decision['why']}",
        "ignored": "afterword would leave it alone",
    }.get(decision["state"], decision["why"])
    lines.append(f"  {outcome}")
    return "\n".join(lines)


def classify(path: MailPath, json: JsonOption = False) -> None:
    """Show what afterword makes of each message in a file or folder, changing nothing.

    For each message: its class, how sure afterword is, the phrases that decided it, the dates
    it found, and the application it matches. Try it on your own mail.

    Example: afterword classify ~/Downloads/rejection.eml
    """
    from afterword.cli.output import print_json

    items: list[dict[str, Any]] = []
    with _read_only() as ws:
        inbox = _inbox(ws)
        names = inbox.names()
        # Judged in batches as an import would, each message on its own: one that cannot
        # be read or judged is reported and the rest carry on.
        for judged in inbox.judge(_messages(path)):
            if judged.verdict is None or judged.message is None:
                reason = judged.error or "could not be read"
                items.append({"location": judged.location, "error": reason})
                if not json:
                    _echo(f"{judged.location}\n  could not be read: {reason}\n")
                continue
            item = _verdict_json(judged.location, judged.message, judged.verdict, names)
            items.append(item)
            if not json:
                _echo(_verdict_text(item) + "\n")
    if json:
        print_json(items)
    elif not items:
        typer.echo("No messages found there.")


@contextlib.contextmanager
def _read_only() -> Iterator[Workspace]:
    """The user's workspace for reading only: no user is created and nothing is committed."""
    from sqlalchemy.orm import Session

    from afterword.profile.models import User
    from afterword.profile.service import find_user
    from afterword.settings import get_settings
    from afterword.storage.migrate import ensure_current
    from afterword.storage.session import get_engine
    from afterword.workspace import Workspace

    settings = get_settings()
    ensure_current(settings.database_url)
    with Session(get_engine(settings.database_url)) as session:
        try:
            user = find_user(session=session, handle=settings.user)
            if user is None:
                # No workspace yet: classify against no applications, with a stand-in user
                # that is never added to the session (an id no row has, so nothing matches).
                user = User(
                    id=-1,
                    handle=settings.user,
                    timezone=settings.default_timezone,
                    country=settings.default_country,
                )
            yield Workspace(session=session, user=user, settings=settings)
        finally:
            session.rollback()


# -- afterword inbox import / sync --------------------------------------------------------------


def _summary(
    ingest: IngestReport,
    triage: TriageReport,
    names: dict[int, str],
    skipped: Sequence[SkippedFile] = (),
) -> list[str]:
    from afterword.inbox.triage import TriageState

    lines = [
        f"Read {ingest.new} new message{'s' if ingest.new != 1 else ''}"
        f" ({ingest.duplicate} already seen, {ingest.unreadable} unreadable)."
    ]
    if ingest.retried:
        lines.append(f"  {ingest.retried} of them could not be read before and were read now.")
    for problem in ingest.problems[:20]:
        lines.append(f"  could not read {problem.location}: {problem.reason}")
    if len(ingest.problems) > 20:
        lines.append(f"  ... and {len(ingest.problems) - 20} more that could not be read")
    for row in triage.failed[:20]:
        lines.append(f"  could not triage #{row.id} “{row.subject or '(no subject)'}”: {row.error}")
    if len(triage.failed) > 20:
        lines.append(f"  ... and {len(triage.failed) - 20} more that could not be triaged")
    if skipped:
        lines.append(
            f"Skipped {len(skipped)} file{'s' if len(skipped) != 1 else ''} that "
            f"{'is' if len(skipped) == 1 else 'are'} not mail:"
        )
        lines.extend(f"  {item.location} ({item.reason})" for item in skipped[:20])
        if len(skipped) > 20:
            lines.append(f"  ... and {len(skipped) - 20} more")
    if ingest.problems or triage.failed:
        lines.append(
            "See them with 'afterword inbox list --state failed'; "
            "try them again with 'afterword inbox retry'."
        )
    for row in triage.acted:
        name = names.get(row.application_id or 0, "an application")
        lines.append(f"  {name}: {row.effect} (from “{row.subject or '(no subject)'}”)")
    waiting = triage.count(TriageState.REVIEW)
    lines.append(
        f"{len(triage.acted)} updated your pipeline, {triage.count(TriageState.FILED)} filed, "
        f"{waiting} waiting for you, {triage.count(TriageState.IGNORED)} not about a job."
    )
    if waiting and triage.waiting_because:
        because = {
            "class": "unsure what it is",
            "match": "unsure which application",
            "pipeline": "a change the application cannot take",
            "age": "older than the application's latest change",
        }
        parts = [
            f"{count} {because.get(str(reason), str(reason))}"
            for reason, count in sorted(triage.waiting_because.items(), key=lambda kv: -kv[1])
        ]
        lines.append(f"Waiting: {', '.join(parts)}.")
    if waiting:
        lines.append("Go through them with: afterword inbox review")
    return lines


def _report_json(
    ingest: IngestReport, triage: TriageReport, skipped: Sequence[SkippedFile] = ()
) -> dict[str, Any]:
    return {
        "new": ingest.new,
        "duplicate": ingest.duplicate,
        "retried": ingest.retried,
        "unreadable": [{"location": p.location, "reason": p.reason} for p in ingest.problems],
        "not_triaged": [
            {"message": row.id, "subject": row.subject, "reason": row.error}
            for row in triage.failed
        ],
        "skipped_files": [{"location": s.location, "reason": s.reason} for s in skipped],
        "triage": {str(state): count for state, count in triage.counts.items()},
        "waiting_because": {str(k): v for k, v in triage.waiting_because.items()},
        "acted": [
            {"message": row.id, "application": row.application_id, "change": row.effect}
            for row in triage.acted
        ],
    }


@app.command("import")
def import_(path: MailPath, json: JsonOption = False) -> None:
    """Read mail from a file or folder; news about your applications updates the pipeline.

    Messages already read are skipped, so importing the same export again adds nothing.

    Example: afterword inbox import ~/Takeout/Mail/All\\ mail.mbox
    """
    from afterword.cli.output import print_json
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError

    if not path.exists():
        raise InvalidInputError(f"{path} does not exist")
    skipped: list[SkippedFile] = []
    with open_workspace() as ws:
        inbox = _inbox(ws)
        ingest, triage = inbox.import_messages(_messages(path, skipped))
        names = inbox.names()
    if json:
        print_json(_report_json(ingest, triage, skipped))
    else:
        _echo("\n".join(_summary(ingest, triage, names, skipped)))


@app.command("sync")
def sync(
    folders: Annotated[
        list[str] | None,
        typer.Option(
            "--folder", "-f", help="An IMAP folder to read (repeat for more); INBOX by default."
        ),
    ] = None,
    json: JsonOption = False,
) -> None:
    """Read new mail from your IMAP server (read-only: nothing is marked as read or moved).

    Only messages that arrived since the last sync are read. Set the server under [mail] in
    config.toml (imap_host) and the password in AFTERWORD_IMAP_PASSWORD or the keyring.

    Example: afterword inbox sync --folder INBOX --folder Jobs
    """
    from afterword.cli.output import print_json
    from afterword.cli.workspace import open_workspace

    with open_workspace() as ws:
        inbox = _inbox(ws)
        report, triaged = inbox.sync(folders)
        names = inbox.names()
    if json:
        print_json({**_report_json(report.ingest, triaged), "last_uid": report.last_uid})
        return
    for folder in report.restarted:
        _echo(f"{folder} was renumbered by the server, so it was read again from the start.")
    _echo("\n".join(_summary(report.ingest, triaged, names)))


# -- the review queue ---------------------------------------------------------------------------


def _row_json(row: IngestedMessage, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": row.id,
        "state": _state_of(row),
        "error": row.error,
        "from": row.from_address,
        "subject": row.subject,
        "date": row.sent_at.isoformat() if row.sent_at else None,
        "class": str(row.label) if row.label else None,
        "confidence": row.confidence,
        "reasons": row.reasons or [],
        "dates": row.dates or {},
        "application": row.application_id,
        "application_name": names.get(row.application_id or 0),
        "candidates": row.candidates or [],
        "why": row.why,
        "change": row.effect,
        "your_label": str(row.user_label) if row.user_label else None,
    }


def _card(row: IngestedMessage, names: dict[int, str]) -> str:
    when = row.sent_at.date().isoformat() if row.sent_at else "undated"
    label = row.label.label if row.label else "unknown"
    lines = [
        f"#{row.id}  {when}  {row.from_address or '(no sender)'}",
        f"  “{row.subject or '(no subject)'}”",
    ]
    excerpt = " ".join((row.text or "").split())[:240]
    if excerpt:
        lines.append(f"  {excerpt}{'…' if len(row.text or '') > 240 else ''}")
    lines.append(f"  afterword thinks: {label} ({_percent(row.confidence)})")
    if row.reasons:
        lines.append(f"  because: {'; '.join(row.reasons[:5])}")
    if row.application_id:
        lines.append(f"  about: #{row.application_id} {names.get(row.application_id, '')}")
    elif row.candidates:
        lines.append("  could be: " + ", ".join(f"#{i} {names.get(i, '')}" for i in row.candidates))
    if row.effect:
        lines.append(f"  proposed: {row.effect}")
    lines.append(f"  waiting because: {row.why}")
    return "\n".join(lines)


def _state_of(row: IngestedMessage) -> str | None:
    """The message's triage state, or 'failed' for one that could not be read or triaged."""
    from afterword.inbox.models import IngestStatus

    if row.status is IngestStatus.ERROR:
        return "failed"
    return str(row.triage) if row.triage else None


def _what_happened(row: IngestedMessage) -> str:
    from afterword.inbox.models import IngestStatus

    if row.status is IngestStatus.ERROR:
        return f"could not read it: {row.error}"
    return row.effect or row.why or ""


@app.command("list")
def list_(
    state: Annotated[
        str,
        typer.Option(
            "--state",
            help="review (default), acted, filed, resolved, ignored, failed (could not be read "
            "or triaged), or all.",
        ),
    ] = "review",
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=100_000, help="At most this many.")
    ] = 50,
    json: JsonOption = False,
) -> None:
    """List received messages by what triage did with them (those waiting for you by default).

    Example: afterword inbox list --state acted
    """
    from afterword.cli.output import print_json, print_table
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.inbox.triage import TriageState

    names_of_states = {s.value: s for s in TriageState}
    if state not in ("all", "failed") and state not in names_of_states:
        raise InvalidInputError(
            f"unknown state '{state}'; use one of: {', '.join(names_of_states)}, failed, all"
        )
    if state in ("all", "failed"):
        wanted = list(TriageState) if state == "all" else []
    else:
        wanted = [names_of_states[state]]
    with open_workspace() as ws:
        inbox = _inbox(ws)
        rows = inbox.recent(wanted, limit=limit, failed=state in ("all", "failed"))
        names = inbox.names()
        if json:
            print_json([_row_json(row, names) for row in rows])
            return
        print_table(
            ["id", "date", "from", "subject", "class", "application", "what happened"],
            [
                [
                    str(row.id),
                    row.sent_at.date().isoformat() if row.sent_at else "",
                    (row.from_address or "")[:30],
                    (row.subject or "")[:40],
                    row.label.label if row.label else "",
                    names.get(row.application_id or 0, ""),
                    _what_happened(row),
                ]
                for row in rows
            ],
            empty="Nothing here. Import mail with 'afterword inbox import PATH' or "
            "'afterword inbox sync'.",
        )


@app.command("retry")
def retry(
    message_ids: Annotated[
        list[int] | None,
        typer.Argument(
            help="The failed messages to try (see 'inbox list --state failed'); all by default.",
            min=1,
            max=MAX_ID,
            show_default=False,
        ),
    ] = None,
    json: JsonOption = False,
) -> None:
    """Try again the messages afterword could not read or triage.

    Useful after updating afterword, or after a message ran out of time
    (message_budget_seconds under [inbox] in config.toml). Importing the same file again
    tries them too.

    Example: afterword inbox retry
    """
    from afterword.cli.output import print_json
    from afterword.cli.workspace import open_workspace

    with open_workspace() as ws:
        inbox = _inbox(ws)
        ingest, triage = inbox.retry(message_ids or None)
        names = inbox.names()
    if json:
        print_json(_report_json(ingest, triage))
    elif ingest.seen == 0:
        typer.echo("Nothing to try again: no message is waiting to be read again.")
    else:
        _echo("\n".join(_summary(ingest, triage, names)))


def _label(value: str | None) -> Any:
    from afterword.errors import InvalidInputError
    from afterword.inbox.labels import MailClass

    if value is None:
        return None
    cleaned = value.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return MailClass(cleaned)
    except ValueError:
        raise InvalidInputError(
            f"unknown class '{value}'; use one of: {', '.join(c.value for c in MailClass)}"
        ) from None


@app.command("resolve")
def resolve_(
    message_id: Annotated[
        int, typer.Argument(help="The message's id (see 'inbox list').", min=1, max=MAX_ID)
    ],
    as_: Annotated[
        str | None,
        typer.Option("--as", help="What it really is, e.g. rejection, offer, not_job."),
    ] = None,
    application: Annotated[
        int | None,
        typer.Option("--application", "-a", help="The application it is about.", min=1, max=MAX_ID),
    ] = None,
) -> None:
    """Confirm afterword's reading of a waiting message, or correct it; the change is then made.

    Your corrections are remembered and teach afterword for the next messages.

    Example: afterword inbox resolve 31 --as rejection --application 4
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace

    with open_workspace() as ws:
        row = _resolve(ws, message_id, _label(as_), application)
        say(_resolved_words(row))


def _resolve(
    ws: Workspace, message_id: int, label: Any, application: int | None, *, confirm: bool = False
) -> IngestedMessage:
    return _inbox(ws).resolve(message_id, label=label, application_id=application, confirm=confirm)


def _resolved_words(row: IngestedMessage) -> str:
    if row.effect:
        return f"Done: {row.effect}."
    return f"Noted: {row.why}."


def _read_key() -> str:
    """One keystroke from a terminal; from a pipe or a test, the first character of a line."""
    if sys.stdin.isatty():
        return typer.getchar()
    line = sys.stdin.readline()
    if not line:
        return "q"
    return line.strip()[:1] or "\r"


def _legend() -> str:
    from afterword.inbox.labels import MailClass

    classes = [c for c in MailClass if c is not MailClass.NOT_JOB]
    pairs = [f"{key} {c.label}" for key, c in zip(CLASS_KEYS, classes, strict=False)]
    return "  ".join(pairs)


@app.command("review")
def review() -> None:
    """Go through the messages waiting for you, one keystroke each.

    y: yes, apply it   n: not about a job   1-9: it is something else (see the legend)
    a: choose the application   s: skip for now   q: stop

    Example: afterword inbox review
    """
    from afterword.cli.workspace import open_workspace
    from afterword.errors import AfterwordError
    from afterword.inbox.labels import MailClass

    classes = [c for c in MailClass if c is not MailClass.NOT_JOB]
    done = skipped = 0
    with open_workspace() as ws:
        inbox = _inbox(ws)
        queue = inbox.queue()
        if not queue:
            typer.echo("Nothing is waiting for you.")
            return
        names = inbox.names()
        typer.echo(
            f"{len(queue)} waiting. Keys: y yes · n not a job · a application · s skip · q stop"
        )
        typer.echo("It is: " + _legend())
        for row in queue:
            _echo("\n" + _card(row, names))
            label: MailClass | None = None
            application: int | None = None
            while True:
                typer.echo("[y/n/1-9/a/s/q] ", nl=False)
                key = _read_key().lower()
                typer.echo(key)
                if key == "q":
                    break
                if key == "s":
                    skipped += 1
                    break
                if key == "a":
                    application = _ask_application(row, names)
                    continue
                if key in CLASS_KEYS[: len(classes)]:
                    label = classes[CLASS_KEYS.index(key)]
                elif key == "n":
                    label = MailClass.NOT_JOB
                elif key not in ("y", "\r", "\n"):
                    typer.echo("  press y, n, a digit, a, s or q")
                    continue
                try:
                    with ws.session.begin_nested():
                        resolved = _resolve(
                            ws, row.id, label, application, confirm=key in ("y", "\r", "\n")
                        )
                except AfterwordError as error:
                    typer.echo(f"  could not: {error}; press a to choose the application, or s")
                    continue
                typer.echo("  " + _resolved_words(resolved))
                done += 1
                break
            if key == "q":
                break
    typer.echo(f"\n{done} decided, {skipped} skipped; {len(queue) - done} still waiting.")


def _ask_application(row: IngestedMessage, names: dict[int, str]) -> int | None:
    ids: Sequence[int] = row.candidates or list(names)[:20]
    for application_id in ids:
        _echo(f"  #{application_id} {names.get(application_id, '')}")
    typer.echo("  the application's id: ", nl=False)
    line = sys.stdin.readline().strip().lstrip("#")
    if not line.isdigit():
        typer.echo("  (no application chosen)")
        return None
    return int(line)
