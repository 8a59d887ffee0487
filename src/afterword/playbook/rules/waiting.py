"""Waiting for a decision: follow-ups, the ghosted suggestion, and preparing for what comes next."""

from __future__ import annotations

from collections.abc import Iterator

from afterword.pipeline.decision_timeline import Expected
from afterword.pipeline.status import OutcomeKind, Status
from afterword.playbook.actions import Action, ActionKind, Fulfilled, Priority, propose
from afterword.playbook.context import PlanContext, long_date
from afterword.playbook.facts import ApplicationFacts, InterviewFact

_WAITING = frozenset({Status.INTERVIEWING, Status.HIRING_MANAGER_CHAT})
_INVITATIONS = frozenset({OutcomeKind.HIRING_MANAGER_CHAT, OutcomeKind.MORE_INTERVIEWS})


def awaiting_decision(
    app: ApplicationFacts, ctx: PlanContext
) -> tuple[InterviewFact, Expected] | None:
    """The interview whose decision the user waits for, and when it is expected; None if not waiting.

    Not waiting: the process is not at an interview stage, the user is leaving it (accepted
    elsewhere, or no longer interested: chasing would contradict that), another round is
    already scheduled, or news arrived since the last round (an invitation calls for
    preparing, not chasing).
    """
    if app.status not in _WAITING or ctx.winding_down(app):
        return None
    if app.upcoming(ctx.today):
        return None
    last = app.last_held(ctx.today)
    if last is None or last.on is None:
        return None
    if any(outcome.on >= last.on for outcome in app.outcomes):
        return None
    expected = ctx.expected_decision(last)
    return None if expected is None else (last, expected)


def _promise_words(app: ApplicationFacts, last: InterviewFact, expected: Expected) -> str:
    assert last.on is not None
    if expected.promised and last.timeline is not None and last.timeline.by is not None:
        return (
            f"{app.company} promised a decision by {long_date(expected.on)} after your "
            f"interview on {long_date(last.on)}"
        )
    if expected.promised:
        return (
            f"{app.company} said they would decide {expected.words} of your interview on "
            f"{long_date(last.on)} (by {long_date(expected.on)})"
        )
    return (
        f"{app.company} gave no timeline after your interview on {long_date(last.on)}, and "
        f"{long_date(expected.on)} is a fair time to have heard"
    )


def follow_up(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """A gentle nudge one or two business days after the promised (or assumed) decision date."""
    waiting = awaiting_decision(app, ctx)
    if waiting is None:
        return
    last, expected = waiting
    recruiter = app.recruiter
    due = ctx.calendar.add(expected.on, ctx.timings.follow_up_after_promised_business_days)
    yield propose(
        ActionKind.FOLLOW_UP,
        f"follow-up:{app.ref}:{last.ref}",
        app=app,
        due=due,
        contact_id=recruiter.id if recruiter else None,
        reason=(
            f"{_promise_words(app, last, expected)}; if there is no news by "
            f"{long_date(due)}, a polite note restating your interest is fair and welcome."
        ),
        evidence=(
            ("last interview", str(last.on)),
            ("timeline", expected.words),
            ("expected decision", expected.on.isoformat()),
        ),
        cause_on=last.on,
        interview_id=last.id,
    )


def second_follow_up(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """About a week after the first follow-up was sent, one more."""
    waiting = awaiting_decision(app, ctx)
    if waiting is None:
        return
    last, _expected = waiting
    first = ctx.settled(f"follow-up:{app.ref}:{last.ref}")
    if first is None or first.state != "done":
        return
    recruiter = app.recruiter
    due = ctx.calendar.add(first.on, ctx.timings.second_follow_up_business_days)
    yield propose(
        ActionKind.SECOND_FOLLOW_UP,
        f"second-follow-up:{app.ref}:{last.ref}",
        app=app,
        due=due,
        contact_id=recruiter.id if recruiter else None,
        reason=(
            f"You followed up with {app.company} on {long_date(first.on)} and have heard nothing "
            "since; one more short note is reasonable, and after that chasing rarely helps."
        ),
        evidence=(("first follow-up sent", first.on.isoformat()), ("last interview", str(last.on))),
        cause_on=first.on,
        interview_id=last.id,
    )


def _ghosted_key(app: ApplicationFacts, last: InterviewFact) -> str:
    return f"mark-ghosted:{app.ref}:{last.ref}"


def suggest_ghosted(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """Weeks past the expected date, two follow-ups unanswered: suggest marking it ghosted."""
    waiting = awaiting_decision(app, ctx)
    if waiting is None:
        return
    last, expected = waiting
    first = ctx.settled(f"follow-up:{app.ref}:{last.ref}")
    second = ctx.settled(f"second-follow-up:{app.ref}:{last.ref}")
    # Chasing comes first: the suggestion waits until both follow-ups were sent (or the user
    # chose not to send them), so it never competes with a follow-up still to do.
    if first is None or (first.state == "done" and second is None):
        return
    chased = [record for record in (first, second) if record is not None and record.state == "done"]
    due = ctx.calendar.add(expected.on, ctx.timings.ghosted_after_business_days)
    if chased:
        last_chase = max(record.on for record in chased)
        due = max(
            due,
            ctx.calendar.add(last_chase, ctx.timings.ghosted_after_last_follow_up_business_days),
        )
    sent = len(chased)
    silence = (
        f"has not answered your {sent} follow-up{'s' if sent != 1 else ''}"
        if sent
        else "has stayed silent"
    )
    yield propose(
        ActionKind.MARK_GHOSTED,
        _ghosted_key(app, last),
        app=app,
        rule="suggest-ghosted",
        due=due,
        priority=Priority.LOW,
        reason=(
            f"{app.company} was expected to decide by {long_date(expected.on)} and {silence}; "
            "marking it ghosted lets you put your energy into the processes that are moving "
            "(it can always come back)."
        ),
        evidence=(
            ("expected decision", expected.on.isoformat()),
            ("follow-ups sent", str(sent)),
        ),
        cause_on=expected.on,
        interview_id=last.id,
    )


def prepare(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """An invitation to a hiring-manager chat or more interviews: prepare for it."""
    if app.status not in _WAITING or not app.outcomes or ctx.winding_down(app):
        return
    latest = max(app.outcomes, key=lambda outcome: outcome.on)
    if latest.kind not in _INVITATIONS:
        return
    due = ctx.business_days_after(latest.on, ctx.timings.preparation_business_days)
    upcoming = [i.on for i in app.interviews if i.on is not None and i.on > latest.on]
    if any(day < ctx.today for day in upcoming):
        return  # the conversation it prepared for has happened
    if upcoming:
        # Prepare before the conversation, not after it.
        due = min(due, min(upcoming))
    what = (
        "a conversation with the hiring manager -- a strong sign"
        if latest.kind is OutcomeKind.HIRING_MANAGER_CHAT
        else "more interviews -- they want to see more of you"
    )
    yield propose(
        ActionKind.PREPARE,
        f"prepare:{app.ref}:{latest.on.isoformat()}",
        app=app,
        due=due,
        reason=(
            f"{app.company} invited you on {long_date(latest.on)} to {what}: review your debrief "
            "notes, the role and your questions for them."
        ),
        evidence=(("invitation", f"{latest.kind.value} on {latest.on.isoformat()}"),),
        cause_on=latest.on,
    )


def ghosting_recorded(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Fulfilled]:
    """The user recorded the silent process as ghosted: the suggestion was taken."""
    if app.status is not Status.GHOSTED:
        return
    for interview in app.interviews:
        yield Fulfilled(_ghosted_key(app, interview), app.status_since, "recorded as ghosted")


RULES = (follow_up, second_follow_up, suggest_ghosted, prepare)
FULFILMENTS = (ghosting_recorded,)
DESCRIPTIONS = {
    "follow-up": "One to two business days after the promised decision date (or a default wait "
    "when none was given), follow up gently.",
    "second-follow-up": "About a week after the first follow-up was sent, follow up once more.",
    "suggest-ghosted": "Some weeks after the expected decision with no answer, suggest marking the "
    "process ghosted and moving on.",
    "prepare": "After an invitation to a hiring-manager chat or more interviews, prepare.",
}
