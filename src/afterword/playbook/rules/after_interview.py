"""Right after each interview: thank-yous, the debrief, the interest check, salary research."""

from __future__ import annotations

from collections.abc import Iterator

from afterword.pipeline.status import AWAITING_DECISION, OPEN_STATUSES, Status
from afterword.playbook.actions import Action, ActionKind, Fulfilled, Priority, propose
from afterword.playbook.context import PlanContext, long_date
from afterword.playbook.effects import short_day
from afterword.playbook.facts import ApplicationFacts, InterviewFact
from afterword.playbook.wording import interview_label

# The same-day steps still make sense while a process is open (or just won).
_ACTIVE = OPEN_STATUSES | {Status.ACCEPTED}


def _who(name: str | None, email: str | None) -> str:
    return name or email or "recorded"


def _thank_you_due(app: ApplicationFacts, ctx: PlanContext) -> list[InterviewFact]:
    """The rounds that still call for thank-you notes.

    Only rounds that have taken place (a note is never about a conversation still ahead),
    and only the latest of them: once another round has happened, or news came after it,
    a thank-you for the earlier one has been overtaken. Nothing while the user is leaving
    the process: a note that looks forward to hearing back would contradict the withdrawal.
    """
    if app.status not in _ACTIVE or ctx.winding_down(app):
        return []
    last = app.last_held(ctx.today)
    if last is None or last.on is None:
        return []
    if any(outcome.on > last.on for outcome in app.outcomes):
        return []
    return [last]


def thank_recruiter(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """A thank-you to the recruiter on the day of every interview, asking for the timeline if none."""
    recruiter = app.recruiter
    for interview in _thank_you_due(app, ctx):
        assert interview.on is not None
        ask = (
            ""
            if interview.timeline is not None
            else ", and ask when they expect to decide, since no timeline was given"
        )
        yield propose(
            ActionKind.THANK_RECRUITER,
            f"thank-recruiter:{app.ref}:{interview.ref}",
            app=app,
            due=ctx.business_days_after(interview.on, ctx.timings.thank_you_business_days),
            contact_id=recruiter.id if recruiter else None,
            priority=Priority.HIGH,
            reason=(
                f"After your {interview_label(interview.kind)} with {app.company} on "
                f"{long_date(interview.on)}, send the recruiter a short thank-you for organising "
                f"it, however you feel it went{ask}."
            ),
            evidence=(
                ("interview", f"round {interview.round} on {interview.on.isoformat()}"),
                (
                    "recruiter",
                    _who(recruiter.name, recruiter.email) if recruiter else "not recorded yet",
                ),
                ("timeline", interview.timeline.describe() if interview.timeline else "none given"),
            ),
            cause_on=interview.on,
            interview_id=interview.id,
        )


def thank_interviewers(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """A short, specific thank-you to each interviewer whose address is known."""
    for interview in _thank_you_due(app, ctx):
        assert interview.on is not None
        for person_id in interview.interviewer_ids:
            person = app.contact(person_id)
            if person is None or not person.email:
                continue
            yield propose(
                ActionKind.THANK_INTERVIEWER,
                f"thank-interviewer:{app.ref}:{interview.ref}:{person.ref}",
                app=app,
                due=ctx.business_days_after(interview.on, ctx.timings.thank_you_business_days),
                contact_id=person.id,
                reason=(
                    f"After {person.name or person.email}'s interview with you at {app.company} on "
                    f"{long_date(interview.on)}, a brief, specific thank-you reminds them why you fit."
                ),
                evidence=(("interviewer", person.email), ("interview", interview.on.isoformat())),
                cause_on=interview.on,
                interview_id=interview.id,
            )


def _debrief_key(app: ApplicationFacts, interview: InterviewFact) -> str:
    return f"debrief:{app.ref}:{interview.ref}"


def debrief(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """Write down the questions and how they went while the memory is fresh."""
    # Leaving the process (accepted elsewhere, or not interested) ends the debriefing too.
    if app.status not in _ACTIVE or ctx.winding_down(app):
        return
    for interview in app.held_interviews(ctx.today):
        if interview.on is None or interview.debriefed:
            continue
        yield propose(
            ActionKind.DEBRIEF,
            _debrief_key(app, interview),
            app=app,
            due=ctx.business_days_after(interview.on, ctx.timings.debrief_business_days),
            reason=(
                f"After your {interview_label(interview.kind)} with {app.company} on "
                f"{long_date(interview.on)}, note the questions, the answers worth keeping and the "
                "ones to practise before the details fade."
            ),
            evidence=(("interview", f"round {interview.round} on {interview.on.isoformat()}"),),
            cause_on=interview.on,
            interview_id=interview.id,
        )


def _interest_key(app: ApplicationFacts, interview: InterviewFact) -> str:
    return f"interest-check:{app.ref}:{interview.ref}"


def interest_check(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """After meeting the team, decide whether you still want the job."""
    if app.status not in OPEN_STATUSES - {Status.OFFER} or ctx.superseded(app):
        return
    last = app.last_held(ctx.today)
    if last is None or last.on is None or last.still_interested is not None:
        return
    if app.not_interested(ctx.today) is not None:
        return  # already said no after an earlier round
    yield propose(
        ActionKind.INTEREST_CHECK,
        _interest_key(app, last),
        app=app,
        due=ctx.business_days_after(last.on, ctx.timings.interest_check_business_days),
        priority=Priority.LOW,
        reason=(
            f"After meeting {app.company} on {long_date(last.on)}, ask yourself whether you still "
            "want this job; it is fine to change your mind."
        ),
        evidence=(("interview", last.on.isoformat()), ("still interested", "not answered")),
        cause_on=last.on,
        interview_id=last.id,
    )


def _withdraw_key(app: ApplicationFacts) -> str:
    return f"withdraw:{app.ref}"


def withdraw_when_not_interested(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """If you no longer want it, tell the recruiter promptly rather than going silent."""
    # At the offer stage the same answer means declining the offer (see the offer rules);
    # after accepting elsewhere, the wrap-up withdraws from every other process anyway.
    if app.status not in AWAITING_DECISION or ctx.superseded(app):
        return
    last = app.not_interested(ctx.today)
    if last is None or last.on is None:
        return
    recruiter = app.recruiter
    due = ctx.business_days_after(last.on, ctx.timings.withdrawal_business_days)
    yield propose(
        ActionKind.WITHDRAW,
        _withdraw_key(app),
        app=app,
        rule="withdraw-not-interested",
        due=due,
        contact_id=recruiter.id if recruiter else None,
        priority=Priority.HIGH,
        reason=(
            f"You noted after the interview on {long_date(last.on)} that you no longer want the "
            f"{app.role} role: a short, polite withdrawal is kinder to {app.company} than silence."
        ),
        evidence=(("still interested", "no"), ("interview", last.on.isoformat())),
        cause_on=last.on,
        interview_id=last.id,
    )


def salary_research(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """Settle on a target salary before any offer talk, once per process."""
    if app.status not in OPEN_STATUSES or ctx.winding_down(app):
        return
    held = app.held_interviews(ctx.today)
    if not held:
        return
    first = held[0]
    assert first.on is not None
    urgent = app.status in (Status.HIRING_MANAGER_CHAT, Status.OFFER)
    yield propose(
        ActionKind.SALARY_RESEARCH,
        f"salary-research:{app.ref}",
        app=app,
        due=ctx.business_days_after(first.on, ctx.timings.salary_research_business_days),
        priority=Priority.HIGH if urgent else Priority.NORMAL,
        reason=(
            f"You now know the level of the {app.role} role at {app.company}: research what it "
            "pays and settle on your target before any offer conversation."
        ),
        evidence=(("first interview", first.on.isoformat()), ("status", app.status.label)),
        cause_on=first.on,
    )


def done_in_afterword(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Fulfilled]:
    """What the record shows the user already did: debriefs written, interest answered,
    the withdrawal recorded."""
    for interview in app.interviews:
        if interview.debriefed_on is not None:
            yield Fulfilled(
                _debrief_key(app, interview),
                interview.debriefed_on,
                f"debrief written on {short_day(interview.debriefed_on)}",
            )
        if interview.still_interested is not None:
            answer = "still interested" if interview.still_interested else "no longer interested"
            yield Fulfilled(_interest_key(app, interview), ctx.today, f"you answered: {answer}")
    if app.status is Status.WITHDRAWN:
        yield Fulfilled(_withdraw_key(app), app.status_since, "recorded as withdrawn")


RULES = (
    thank_recruiter,
    thank_interviewers,
    debrief,
    interest_check,
    withdraw_when_not_interested,
    salary_research,
)
FULFILMENTS = (done_in_afterword,)
DESCRIPTIONS = {
    "thank-recruiter": "Thank the recruiter on the day of each interview; ask for the decision "
    "timeline when none was given.",
    "thank-interviewer": "Thank each interviewer whose email address is known, the same day.",
    "debrief": "Write the debrief on the day of the interview.",
    "interest-check": "After each interview, decide whether you still want the job.",
    "withdraw-not-interested": "If you answered that you are no longer interested, withdraw politely.",
    "salary-research": "After the first interview, research the salary and set a target before offer talks.",
}
