"""Interviews: log each round, then write the debrief while it is fresh; edit or delete them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from afterword.cli.options import (
    MAX_ID,
    AddedJsonOption,
    ApplicationId,
    JsonOption,
    YesOption,
    confirm,
    given,
)

if TYPE_CHECKING:
    from afterword.pipeline.schemas import ContactFields

app = typer.Typer(no_args_is_help=True)

InterviewId = Annotated[
    int, typer.Argument(help="The interview's id (see 'interviews list').", min=1, max=MAX_ID)
]
Kind = Annotated[
    str | None,
    typer.Option(
        "--kind",
        help="recruiter_screen, phone_screen, technical, system_design, behavioural, take_home, "
        "onsite, panel, hiring_manager, final or other.",
    ),
]
At = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="When: 'YYYY-MM-DD HH:MM', in your time zone unless you add one (e.g. 'Europe/Berlin').",
    ),
]
Duration = Annotated[int | None, typer.Option("--duration", help="Length in minutes.", min=1)]
Where = Annotated[str | None, typer.Option("--where", help="Place or video link.")]
InterviewerIds = Annotated[
    list[int] | None, typer.Option("--interviewer", help="An existing contact's id (repeatable).")
]
With = Annotated[
    list[str] | None,
    typer.Option(
        "--with",
        help='A new interviewer: "Name <email@example.com>", a name or an address (repeatable).',
    ),
]


def _people(entries: list[str] | None) -> list[ContactFields]:
    """Reads 'Name <address>' entries into contact fields."""
    from email.utils import parseaddr

    from pydantic import ValidationError

    from afterword.pipeline.models import ContactRole
    from afterword.pipeline.schemas import ContactFields
    from afterword.validation import invalid_input

    people = []
    for entry in entries or []:
        name, address = parseaddr(entry)
        if not address or "@" not in address:
            # Something with an @ is meant as an address: let validation say what is wrong with it.
            name, address = ("", entry.strip()) if "@" in entry else (entry.strip(), "")
        try:
            people.append(
                ContactFields(
                    name=name or None, email=address or None, role=ContactRole.INTERVIEWER
                )
            )
        except ValidationError as error:
            raise invalid_input(error, prefix="--with ") from None
    return people


def _kind(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


@app.command("add")
def add(
    application_id: ApplicationId,
    kind: Kind = None,
    at: At = None,
    duration: Duration = None,
    where: Where = None,
    interviewer: InterviewerIds = None,
    with_: With = None,
    json: AddedJsonOption = False,
) -> None:
    """Log an interview round (the application moves to 'interviewing').

    Example: afterword interviews add 3 --kind technical --at "2026-12-03 14:00" --with "Priya Shah <priya@example.com>"
    """
    from pydantic import ValidationError

    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.pipeline.interviews import log_interview
    from afterword.pipeline.schemas import InterviewFields
    from afterword.validation import invalid_input

    with open_workspace() as ws:
        values: dict[str, Any] = {"kind": _kind(kind) if kind else "other"}
        if at:
            scheduled = ws.instant(at, what="--at")
            values.update(scheduled_at=scheduled, timezone=str(scheduled.tzinfo))
        values.update(given(duration_minutes=duration, location=where))
        try:
            fields = InterviewFields(**values)
        except ValidationError as error:
            raise invalid_input(error) from None
        interview = log_interview(
            session=ws.session,
            user_id=ws.user_id,
            application_id=application_id,
            fields=fields,
            now=ws.now,
            interviewer_ids=interviewer,
            new_interviewers=_people(with_),
        )
        if json:
            from afterword.cli.output import print_record
            from afterword.pipeline.schemas import InterviewRead

            print_record(InterviewRead.of(interview))
            return
        say(
            f"Logged interview {interview.id}: round {interview.round} at {interview.application.company}. "
            f"Afterwards: afterword interviews debrief {interview.id} --rating 1-5 --decision ..."
        )


@app.command("edit")
def edit(
    interview_id: InterviewId,
    kind: Kind = None,
    at: At = None,
    duration: Duration = None,
    where: Where = None,
    interviewer: InterviewerIds = None,
    with_: With = None,
) -> None:
    """Change an interview's kind, time or place, or add interviewers.

    Example: afterword interviews edit 5 --at "2026-12-04 10:00"
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.pipeline.interviews import update_interview

    with open_workspace() as ws:
        changes: dict[str, Any] = {}
        if kind:
            changes["kind"] = _kind(kind)
        if at:
            scheduled = ws.instant(at, what="--at")
            changes.update(scheduled_at=scheduled, timezone=str(scheduled.tzinfo))
        if duration:
            changes["duration_minutes"] = duration
        if where is not None:
            changes["location"] = where or None
        people = _people(with_)
        if not changes and not interviewer and not people:
            raise InvalidInputError("nothing to change; give at least one option (see --help)")
        interview = update_interview(
            session=ws.session,
            user_id=ws.user_id,
            interview_id=interview_id,
            changes=changes,
            now=ws.now,
            interviewer_ids=interviewer,
            new_interviewers=people,
        )
        say(f"Updated interview {interview.id}.")


@app.command("delete")
def delete(interview_id: InterviewId, yes: YesOption = False) -> None:
    """Delete an interview with its debrief and questions; later rounds move up one.

    The people who took part stay with the application.

    Example: afterword interviews delete 5 --yes
    """
    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.pipeline.interviews import delete_interview, get_interview

    with open_workspace() as ws:
        interview = get_interview(session=ws.session, user_id=ws.user_id, interview_id=interview_id)
        label = f"{interview.application.company}, round {interview.round}"
        confirm(f"Delete interview {interview_id} ({label}) and its debrief?", yes=yes)
        delete_interview(
            session=ws.session, user_id=ws.user_id, interview_id=interview_id, now=ws.now
        )
        say(f"Deleted interview {interview_id} ({label}) and its debrief.")


@app.command("debrief")
def debrief(
    interview_id: InterviewId,
    rating: Annotated[
        int | None, typer.Option("--rating", help="How it went, 1 (badly) to 5 (great).")
    ] = None,
    went_well: Annotated[str | None, typer.Option("--went-well", help="What went well.")] = None,
    went_badly: Annotated[
        str | None, typer.Option("--went-badly", help="What did not go well, and why.")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Anything else.")] = None,
    decision: Annotated[
        str | None,
        typer.Option(
            "--decision",
            help="The timeline the recruiter gave: a date, or e.g. 'within 3 business days'.",
        ),
    ] = None,
    another_round: Annotated[
        bool | None,
        typer.Option("--another-round/--last-round", help="Is a further round expected?"),
    ] = None,
    interested: Annotated[
        bool | None,
        typer.Option(
            "--still-interested/--not-interested", help="After meeting them, do you still want it?"
        ),
    ] = None,
    question: Annotated[
        list[str] | None, typer.Option("--question", help="A question asked (repeatable).")
    ] = None,
    good: Annotated[
        list[str] | None,
        typer.Option("--good-question", help="A question you answered well (repeatable)."),
    ] = None,
    tough: Annotated[
        list[str] | None,
        typer.Option("--tough-question", help="A question you found hard (repeatable)."),
    ] = None,
) -> None:
    """Write down how an interview went: questions, what went well and badly, the promised timeline.

    Example: afterword interviews debrief 5 --rating 4 --decision "within 3 business days" --tough-question "Design a rate limiter"
    """
    from pydantic import ValidationError

    from afterword.cli.output import say
    from afterword.cli.workspace import open_workspace
    from afterword.errors import InvalidInputError
    from afterword.pipeline.decision_timeline import parse_timeline
    from afterword.pipeline.interviews import record_debrief
    from afterword.pipeline.schemas import QuestionFields
    from afterword.validation import invalid_input

    with open_workspace() as ws:
        changes: dict[str, Any] = given(
            self_rating=rating,
            went_well=went_well,
            went_badly=went_badly,
            notes=notes,
            further_round_expected=another_round,
            still_interested=interested,
        )
        if decision:
            timeline = parse_timeline(decision, today=ws.today)
            if timeline.by is not None:
                changes["decision_by"] = timeline.by
            else:
                changes.update(decision_within=timeline.within, decision_within_unit=timeline.unit)
        try:
            questions = (
                [QuestionFields(text=t) for t in question or []]
                + [QuestionFields(text=t, went_well=True) for t in good or []]
                + [QuestionFields(text=t, went_well=False) for t in tough or []]
            )
        except ValidationError as error:
            raise invalid_input(error, prefix="question ") from None
        if not changes and not questions:
            raise InvalidInputError("nothing to record; give at least one option (see --help)")
        interview = record_debrief(
            session=ws.session,
            user_id=ws.user_id,
            interview_id=interview_id,
            changes=changes,
            now=ws.now,
            questions=questions,
        )
        say(
            f"Debrief saved for interview {interview.id} ({interview.application.company}, round {interview.round})."
        )
        if interview.still_interested is False:
            say(
                "You are no longer interested: telling the recruiter soon, politely, is kinder than silence."
            )


@app.command("list")
def list_(
    application: Annotated[
        int | None,
        typer.Option("--application", "-a", help="Only this application.", min=1, max=MAX_ID),
    ] = None,
    json: JsonOption = False,
) -> None:
    """List interviews by date.

    Example: afterword interviews list --application 3
    """
    from afterword.cli.output import print_records, print_table
    from afterword.cli.views import local_time
    from afterword.cli.workspace import open_workspace
    from afterword.pipeline.interviews import list_interviews
    from afterword.pipeline.schemas import InterviewRead

    with open_workspace() as ws:
        interviews = list_interviews(
            session=ws.session, user_id=ws.user_id, application_id=application
        )
        if json:
            print_records(InterviewRead.of(i) for i in interviews)
            return
        print_table(
            ["ID", "When", "Company", "Round", "Kind", "With", "Debrief"],
            [
                [
                    str(i.id),
                    local_time(i.scheduled_at, ws.user.timezone),
                    i.application.company,
                    str(i.round),
                    i.kind.value.replace("_", " "),
                    ", ".join(p.display_name for p in i.interviewers),
                    "yes" if i.debriefed_at else "",
                ]
                for i in interviews
            ],
            empty="No interviews yet. Log one with: afterword interviews add APPLICATION --at 'YYYY-MM-DD HH:MM'",
        )


@app.command("show")
def show(interview_id: InterviewId, json: JsonOption = False) -> None:
    """Show an interview and its debrief.

    Example: afterword interviews show 5
    """
    from afterword.cli.output import print_record
    from afterword.cli.views import show_interview
    from afterword.cli.workspace import open_workspace
    from afterword.pipeline.interviews import get_interview

    with open_workspace() as ws:
        interview = get_interview(session=ws.session, user_id=ws.user_id, interview_id=interview_id)
        if json:
            from afterword.pipeline.schemas import InterviewRead

            print_record(InterviewRead.of(interview))
        else:
            show_interview(interview, timezone=ws.user.timezone)
