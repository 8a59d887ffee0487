"""The reflection loop: a reflection settles the step that asked for it, the game plan's dated
steps become actions, tough questions are practised before the next interview, and the plan
is revisited after the next rejection (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from afterword.pipeline.status import OPEN_STATUSES
from afterword.playbook.actions import Action, ActionKind, Fulfilled, Priority
from afterword.playbook.context import PlanContext, long_date
from afterword.playbook.effects import short_day
from afterword.playbook.facts import ApplicationFacts
from afterword.playbook.wording import interview_label
from afterword.reflection.practice_schedule import practice_day

# Practice this many days before an interview still counts as practice for it.
PRACTICE_WINDOW_DAYS = 7


def practise_before_interview(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """With tough questions in the bank, practise them before the next round of an open process."""
    if ctx.search.loop.practice_cards == 0 or app.status not in OPEN_STATUSES:
        return  # nothing to practise, or the process is over (accepted, rejected, ...)
    if ctx.winding_down(app):
        return  # the user is leaving this process
    upcoming = app.upcoming(ctx.today)
    if not upcoming or upcoming[0].on is None:
        return
    interview = upcoming[0]
    on = interview.on
    assert on is not None  # upcoming() keeps dated rounds only
    count = ctx.search.loop.practice_cards
    yield Action(
        key=f"practise:{interview.ref}",
        kind=ActionKind.PRACTISE,
        rule="practise-before-interview",
        due=practice_day(interview_on=on, today=ctx.today),
        application_id=app.id,
        interview_id=interview.id,
        reason=(
            f"Your {interview_label(interview.kind)} at {app.company} is on {long_date(on)}; you have {count} tough "
            f"question{'s' if count != 1 else ''} in your practice bank -- answer them out loud "
            "before then, not after."
        ),
        evidence=(("interview", on.isoformat()), ("questions in the bank", str(count))),
    )


def revisit_plan(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """A rejection after a game plan was chosen: look at the plan again and note what changed."""
    day = app.rejection_news_on
    loop = ctx.search.loop
    if day is None or ctx.search.index.acceptance is not None:
        return  # no rejection news, or the search ended in an accepted offer
    chosen_before = [on for on in loop.moves_chosen_on if on < day]
    if not chosen_before or any(on >= day for on in loop.reviewed_on):
        return
    yield Action(
        key=f"revisit-plan:{app.ref}:{day.isoformat()}",
        kind=ActionKind.REVISIT_PLAN,
        rule="revisit-plan",
        due=ctx.business_days_after(day, ctx.timings.game_plan_business_days),
        application_id=app.id,
        priority=Priority.LOW,
        reason=(
            f"You chose your game plan on {long_date(max(chosen_before))}; {app.company} said no "
            f"on {long_date(day)}. Look at what the plan changed since, and keep or adjust it."
        ),
        evidence=(
            ("plan chosen", max(chosen_before).isoformat()),
            ("rejection", day.isoformat()),
        ),
        cause_on=day,
    )


def plan_steps(ctx: PlanContext) -> Iterator[Action]:
    """Each open step of the game plan is an action on its own date."""
    if ctx.search.index.acceptance is not None:
        return  # the search ended in an accepted offer: its plan is history now
    for step in ctx.search.loop.steps:
        if step.done_on is not None:
            continue
        yield Action(
            key=f"plan-step:{step.uid}",
            kind=ActionKind.PLAN_STEP,
            rule="plan-step",
            due=step.due,
            application_id=None,
            reason=f"A step you planned ({step.move.lower()}): {step.text}",
            evidence=(("move", step.move), ("planned for", step.due.isoformat())),
        )


def done_in_reflection(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Fulfilled]:
    """A reflection after the rejection settles 'reflect'; a move chosen after the feedback
    settles 'review your game plan'."""
    day = app.rejection_news_on
    if day is None:
        return
    written = min((on for on in app.reflected_on if on >= day), default=None)
    if written is not None:
        yield Fulfilled(
            f"reflect:{app.ref}:{day.isoformat()}",
            written,
            f"reflection written on {short_day(written)}",
        )
    received = [on for on in app.feedback_on if on >= day]
    if received:
        latest = max(received)
        chosen = min((on for on in ctx.search.loop.moves_chosen_on if on >= latest), default=None)
        if chosen is not None:
            yield Fulfilled(
                f"game-plan:{app.ref}:{latest.isoformat()}",
                chosen,
                f"game-plan move chosen on {short_day(chosen)}",
            )
    reviewed = min((on for on in ctx.search.loop.reviewed_on if on >= day), default=None)
    if reviewed is not None:
        yield Fulfilled(
            f"revisit-plan:{app.ref}:{day.isoformat()}",
            reviewed,
            f"game plan revisited on {short_day(reviewed)}",
        )


def salary_researched(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Fulfilled]:
    """A target range (or walk-away number) recorded for the process is the research done."""
    day = app.salary_researched_on
    if day is not None:
        yield Fulfilled(
            f"salary-research:{app.ref}", day, f"salary research recorded on {short_day(day)}"
        )


def practised_for_interview(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Fulfilled]:
    """Practice in the days before the next round settles the nudge to practise for it."""
    upcoming = app.upcoming(ctx.today)
    if not upcoming or upcoming[0].on is None:
        return
    on = upcoming[0].on
    window = on - dt.timedelta(days=PRACTICE_WINDOW_DAYS)
    practised = max((p for p in ctx.search.loop.practised_on if window <= p <= on), default=None)
    if practised is not None:
        yield Fulfilled(
            f"practise:{upcoming[0].ref}", practised, f"practised on {short_day(practised)}"
        )


def steps_done(ctx: PlanContext) -> Iterator[Fulfilled]:
    """A step ticked off in the game plan is that step's action done."""
    for step in ctx.search.loop.steps:
        if step.done_on is not None:
            yield Fulfilled(
                f"plan-step:{step.uid}",
                step.done_on,
                f"step marked done in your game plan on {short_day(step.done_on)}",
            )


RULES = (practise_before_interview, revisit_plan)
SEARCH_RULES = (plan_steps,)
FULFILMENTS = (done_in_reflection, practised_for_interview, salary_researched)
SEARCH_FULFILMENTS = (steps_done,)
DESCRIPTIONS = {
    "practise-before-interview": "With tough questions in the practice bank, practise them the "
    "day before the next interview of an open process.",
    "revisit-plan": "A rejection after you chose a game plan: revisit the plan and note what "
    "changed.",
    "plan-step": "Each dated step of your game plan, on its date.",
}
