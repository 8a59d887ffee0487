"""After a rejection: feel it, ask for feedback, reflect, adjust the plan, keep going."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from afterword.playbook.actions import Action, ActionKind, Fulfilled, Priority, propose
from afterword.playbook.context import PlanContext, long_date
from afterword.playbook.effects import short_day
from afterword.playbook.facts import ApplicationFacts


def _mood_key(app: ApplicationFacts, day: dt.date) -> str:
    return f"mood-check-in:{app.ref}:{day.isoformat()}"


def _reflect_key(app: ApplicationFacts, day: dt.date) -> str:
    return f"reflect:{app.ref}:{day.isoformat()}"


def _since(days: tuple[dt.date, ...], day: dt.date) -> dt.date | None:
    """The first of `days` on or after `day`."""
    return min((d for d in days if d >= day), default=None)


def feel_it(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """The same day: a mood check-in, and one small kind thing for yourself."""
    # Only for news: a rejection imported from an old tracker starts no rituals today.
    day = app.rejection_news_on
    if day is None:
        return
    if _since(app.moods_on, day) is None:
        yield propose(
            ActionKind.MOOD_CHECK_IN,
            _mood_key(app, day),
            app=app,
            rule="feel-it",
            due=day,
            priority=Priority.LOW,
            reason=(
                f"{app.company} said no on {long_date(day)}; whatever you feel about it is normal, "
                "and a quick mood check-in helps it pass."
            ),
            evidence=(("rejection", day.isoformat()),),
            cause_on=day,
        )
    yield propose(
        ActionKind.SELF_CARE,
        f"self-care:{app.ref}:{day.isoformat()}",
        app=app,
        rule="feel-it",
        due=day,
        priority=Priority.LOW,
        reason=(
            f"After the news from {app.company}, do one small thing today that lifts your mood -- "
            "a walk, a good meal, a call with a friend; the search can wait an evening."
        ),
        evidence=(("rejection", day.isoformat()),),
        cause_on=day,
    )


def feedback_request(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """Within a business day, ask politely for feedback (unless it already came)."""
    day = app.rejection_news_on
    if day is None or any(received >= day for received in app.feedback_on):
        return
    recruiter = app.recruiter
    yield propose(
        ActionKind.FEEDBACK_REQUEST,
        f"feedback-request:{app.ref}:{day.isoformat()}",
        app=app,
        due=ctx.business_days_after(day, ctx.timings.feedback_request_business_days),
        contact_id=recruiter.id if recruiter else None,
        reason=(
            f"{app.company} turned you down on {long_date(day)}: a short, gracious request for "
            "feedback costs little, and even an occasional answer helps you improve."
        ),
        evidence=(("rejection", day.isoformat()), ("feedback received", "none yet")),
        cause_on=day,
    )


def reflect(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """A little later: what went well (keep it), what did not and why (practise it)."""
    day = app.rejection_news_on
    if day is None or _since(app.journal_on, day) is not None:
        return
    yield propose(
        ActionKind.REFLECT,
        _reflect_key(app, day),
        app=app,
        due=ctx.business_days_after(day, ctx.timings.reflection_business_days),
        priority=Priority.LOW,
        reason=(
            f"With a little distance from the {app.company} decision, note what went well (keep "
            "it) and what you would do differently; luck and fit play a part too."
        ),
        evidence=(("rejection", day.isoformat()),),
        cause_on=day,
    )


def game_plan(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Action]:
    """Once feedback arrives: present differently, build the skill, or aim at better-fitting roles."""
    day = app.rejection_news_on
    if day is None:
        return
    received = [on for on in app.feedback_on if on >= day]
    if not received:
        return
    latest = max(received)
    yield propose(
        ActionKind.GAME_PLAN,
        f"game-plan:{app.ref}:{latest.isoformat()}",
        app=app,
        due=ctx.business_days_after(latest, ctx.timings.game_plan_business_days),
        reason=(
            f"{app.company} sent feedback on {long_date(latest)}: decide whether to present the "
            "same skills differently, build the skills it names, or aim at roles that fit better."
        ),
        evidence=(("feedback received", latest.isoformat()),),
        cause_on=latest,
    )


def keep_applying(ctx: PlanContext) -> Iterator[Action]:
    """No new application for a while after a rejection: a gentle nudge to keep going."""
    latest = ctx.search.index.latest_rejection
    if latest is None or ctx.search.index.acceptance is not None:
        return  # no nudge to keep applying once the user has accepted an offer
    last_applied = ctx.search.last_applied_on
    if last_applied is not None and last_applied >= latest:
        return
    still_open = len(ctx.search.index.open_ids)
    open_words = (
        f"you still have {still_open} open process{'es' if still_open != 1 else ''}, and "
        if still_open
        else ""
    )
    yield propose(
        ActionKind.KEEP_APPLYING,
        f"keep-applying:{latest.isoformat()}",
        app=None,
        due=latest + dt.timedelta(days=ctx.timings.keep_applying_days),
        priority=Priority.LOW,
        reason=(
            f"Your last rejection came on {long_date(latest)} and you have not applied anywhere "
            f"new since; {open_words}each new application is another chance at the offer."
        ),
        evidence=(
            ("latest rejection", latest.isoformat()),
            ("last application", last_applied.isoformat() if last_applied else "none"),
        ),
        cause_on=latest,
    )


def done_in_afterword(app: ApplicationFacts, ctx: PlanContext) -> Iterator[Fulfilled]:
    """A mood recorded for the process settles the check-in; a journal entry about it, the
    reflection."""
    day = app.rejection_news_on
    if day is None:
        return
    mood = _since(app.moods_on, day)
    if mood is not None:
        yield Fulfilled(_mood_key(app, day), mood, f"mood recorded on {short_day(mood)}")
    entry = _since(app.journal_on, day)
    if entry is not None:
        yield Fulfilled(
            _reflect_key(app, day), entry, f"journal entry written on {short_day(entry)}"
        )


def applied_again(ctx: PlanContext) -> Iterator[Fulfilled]:
    """A new application after the latest rejection is what the nudge asked for."""
    latest = ctx.search.index.latest_rejection
    applied = ctx.search.last_applied_on
    if latest is not None and applied is not None and applied >= latest:
        yield Fulfilled(
            f"keep-applying:{latest.isoformat()}",
            applied,
            f"applied somewhere new on {short_day(applied)}",
        )


RULES = (feel_it, feedback_request, reflect, game_plan)
SEARCH_RULES = (keep_applying,)
FULFILMENTS = (done_in_afterword,)
SEARCH_FULFILMENTS = (applied_again,)
DESCRIPTIONS = {
    "feel-it": "On the day of a rejection: a mood check-in and one small kind thing for yourself.",
    "feedback-request": "Within a business day of a rejection, ask politely for feedback.",
    "reflect": "A couple of days after a rejection, reflect on what went well and what did not.",
    "game-plan": "When feedback arrives, choose how to adjust: present differently, build the "
    "skill, or target better-fitting roles.",
    "keep-applying": "If no new application follows a rejection within a week, a nudge to keep going.",
}
