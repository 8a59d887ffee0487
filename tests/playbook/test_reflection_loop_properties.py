"""Properties of the reflection loop's rules (pure, hypothesis-generated)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from afterword.localtime import business_calendar
from afterword.pipeline.status import Status
from afterword.playbook.actions import ActionKind
from afterword.playbook.engine import plan
from afterword.playbook.facts import (
    ApplicationFacts,
    InterviewFact,
    PlanStepFact,
    ReflectionLoopFacts,
    SearchFacts,
)
from afterword.reflection.practice_schedule import due_day, practice_day
from afterword.settings.playbook import PlaybookTimings

DAYS = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 12, 31))
CALENDAR = business_calendar("GB")


@given(today=DAYS, ahead=st.integers(0, 60), scheduled=st.none() | DAYS)
def test_practice_is_never_due_after_the_interview_it_prepares_for(
    today: dt.date, ahead: int, scheduled: dt.date | None
) -> None:
    interview_on = today + dt.timedelta(days=ahead)
    assert practice_day(interview_on=interview_on, today=today) <= interview_on
    assert due_day(scheduled=scheduled, today=today, interview_on=interview_on) <= interview_on


@settings(max_examples=60, deadline=None)
@given(
    today=DAYS,
    offsets=st.lists(st.integers(1, 40), min_size=1, max_size=4),
    status=st.sampled_from(list(Status)),
    cards=st.integers(0, 5),
)
def test_practice_actions_come_before_their_interview_and_only_for_open_processes(
    today: dt.date, offsets: list[int], status: Status, cards: int
) -> None:
    interviews = tuple(
        InterviewFact(id=n + 1, round=n + 1, kind="technical", on=today + dt.timedelta(days=o))
        for n, o in enumerate(offsets)
    )
    app = ApplicationFacts(
        id=1,
        company="Northwind",
        role="Engineer",
        status=status,
        applied_on=today - dt.timedelta(days=30),
        status_since=today - dt.timedelta(days=5),
        interviews=interviews,
    )
    search = SearchFacts(applications=(app,), loop=ReflectionLoopFacts(practice_cards=cards))
    actions = [
        a
        for a in plan(search, today=today, timings=PlaybookTimings(), calendar=CALENDAR)
        if a.kind is ActionKind.PRACTISE
    ]
    on = {i.id: i.on for i in interviews}
    for action in actions:
        assert action.interview_id is not None
        interview_on = on[action.interview_id]
        assert interview_on is not None and action.due <= interview_on
    from afterword.pipeline.status import OPEN_STATUSES

    if status not in OPEN_STATUSES or cards == 0:
        assert actions == []  # no practice nudge for a closed process or an empty bank


@settings(max_examples=60, deadline=None)
@given(
    today=DAYS,
    steps=st.lists(
        st.tuples(st.text(min_size=1, max_size=30), st.integers(-10, 60), st.booleans()),
        max_size=6,
    ),
)
def test_every_open_plan_step_is_a_dated_action_and_done_ones_are_not(
    today: dt.date, steps: list[tuple[str, int, bool]]
) -> None:
    facts = tuple(
        PlanStepFact(
            uid=f"step-{n}",
            move="Build a skill",
            text=text,
            due=today + dt.timedelta(days=offset),
            done_on=today if done else None,
        )
        for n, (text, offset, done) in enumerate(steps)
    )
    search = SearchFacts(applications=(), loop=ReflectionLoopFacts(steps=facts))
    timings = PlaybookTimings()
    actions = {
        a.key: a
        for a in plan(search, today=today, timings=timings, calendar=CALENDAR)
        if a.kind is ActionKind.PLAN_STEP
    }
    horizon = today - dt.timedelta(days=timings.forget_overdue_after_days)
    for step in facts:
        key = f"plan-step:{step.uid}"
        if step.done_on is not None or step.due < horizon:
            assert key not in actions
            continue
        action = actions[key]
        # Every step has its date and an owner action that, when done, ticks it off.
        assert action.due == step.due
        assert step.text in action.reason
        from afterword.playbook.effects import Effect, effect_of

        assert effect_of(action.kind) is Effect.PLAN_STEP_DONE
