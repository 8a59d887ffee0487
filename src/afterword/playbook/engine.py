"""The playbook engine: facts, a date and timings in; the actions that should exist out (pure).

Running it twice on the same input gives the same list. Actions the user
already completed or dismissed are left out, and so are actions so far overdue
that they no longer help (see `forget_overdue_after_days`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from afterword.localtime import BusinessCalendar
from afterword.playbook.actions import Action, Fulfilled
from afterword.playbook.context import PlanContext
from afterword.playbook.facts import SearchFacts
from afterword.playbook.rules import (
    APPLICATION_FULFILMENTS,
    APPLICATION_RULES,
    SEARCH_FULFILMENTS,
    SEARCH_RULES,
)
from afterword.settings.playbook import PlaybookTimings


def plan(
    search: SearchFacts,
    *,
    today: dt.date,
    timings: PlaybookTimings,
    calendar: BusinessCalendar,
    only: Collection[int] | None = None,
) -> list[Action]:
    """Returns the open actions for `search` as of `today`, soonest first.

    `only` limits the per-application rules to those application ids (a quick
    re-plan after one event); the search-wide rules always run.
    """
    context = PlanContext(today=today, timings=timings, calendar=calendar, search=search)
    wanted: dict[str, Action] = {}
    chosen = (
        search.applications
        if only is None
        else [app for app_id in sorted(only) if (app := search.application(app_id)) is not None]
    )
    for application in chosen:
        for rule in APPLICATION_RULES:
            for action in rule(application, context):
                wanted.setdefault(action.key, action)
    for search_rule in SEARCH_RULES:
        for action in search_rule(context):
            wanted.setdefault(action.key, action)
    horizon = today - dt.timedelta(days=timings.forget_overdue_after_days)
    # What the record already shows done (a reflection written, a step ticked off in the
    # game plan) is not asked for again, whichever rule would otherwise ask.
    done = fulfilled(search, today=today, timings=timings, calendar=calendar, only=only)
    kept = [
        action
        for key, action in wanted.items()
        if key not in search.settled and key not in done and action.due >= horizon
    ]
    return sorted(kept, key=lambda action: (action.due, action.priority, action.key))


def fulfilled(
    search: SearchFacts,
    *,
    today: dt.date,
    timings: PlaybookTimings,
    calendar: BusinessCalendar,
    only: Collection[int] | None = None,
) -> dict[str, Fulfilled]:
    """The actions, by key, that the record shows the user already did inside afterword.

    The service settles a stored open action of such a key as done, not withdrawn.
    `only` limits the per-application part, as in `plan`.
    """
    context = PlanContext(today=today, timings=timings, calendar=calendar, search=search)
    chosen = (
        search.applications
        if only is None
        else [app for app_id in sorted(only) if (app := search.application(app_id)) is not None]
    )
    found: dict[str, Fulfilled] = {}
    for application in chosen:
        for rule in APPLICATION_FULFILMENTS:
            for done in rule(application, context):
                found.setdefault(done.key, done)
    for search_rule in SEARCH_FULFILMENTS:
        for done in search_rule(context):
            found.setdefault(done.key, done)
    return found
