"""How fast does the pure playbook engine plan a very busy search?

Builds (seeded, so every run sees the same search) one user with 10,000
applications in realistic proportions -- most applied, rejected or ghosted,
some interviewing with one to four rounds and decision timelines, a few offers,
contacts with email addresses, and a history of done and dismissed actions --
then times:

  (a) a full plan() of all 10,000 applications (target: under 1 s);
  (b) a quick re-plan of one application after one new event: the news folded
      in with SearchFacts.with_application, then plan(..., only={that_id})
      (target: under 5 ms).

It also prints a full plan of the first 1,000 / 2,000 / 4,000 applications, so
the way the time grows with the size of the search is visible at a glance.

Figures only; nothing here asserts a duration. BENCH_RUNS and BENCH_QUICK_RUNS
set the number of runs, BENCH_BUDGET_S caps the seconds spent on each case (a
slow case gets fewer runs, at least one), and BENCH_PROFILE=1 adds a cProfile
of a full plan of 2,000 applications and of the quick re-plan.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import io
import os
import pstats
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from afterword.localtime import BusinessCalendar
from afterword.pipeline.decision_timeline import DecisionTimeline, TimelineUnit
from afterword.pipeline.status import OfferDecision, OutcomeKind, Status
from afterword.playbook.actions import Action, ActionKind
from afterword.playbook.engine import plan
from afterword.playbook.facts import (
    ActionRecord,
    ApplicationFacts,
    ContactFact,
    InterviewFact,
    OfferFact,
    OutcomeFact,
    SearchFacts,
)
from afterword.settings.playbook import PlaybookTimings

APPLICATIONS = 10_000
TODAY = dt.date(2026, 12, 7)
COUNTRY = "GB"
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
QUICK_RUNS = int(os.environ.get("BENCH_QUICK_RUNS", "200"))
BUDGET_S = float(os.environ.get("BENCH_BUDGET_S", "60"))
SCALING = (1_000, 2_000, 4_000)
PROFILE = os.environ.get("BENCH_PROFILE") == "1"
FULL_TARGET_MS = 1_000.0
QUICK_TARGET_MS = 5.0

# Where 10,000 applications stand after a long search: mostly no answer or a no.
MIX = {
    Status.APPLIED: 40.0,
    Status.REJECTED: 30.0,
    Status.GHOSTED: 14.0,
    Status.INTERVIEWING: 8.5,
    Status.HIRING_MANAGER_CHAT: 1.5,
    Status.WITHDRAWN: 4.0,
    Status.OFFER: 0.6,
    Status.DECLINED: 0.6,
    Status.OFFER_EXPIRED: 0.3,
    Status.OFFER_RESCINDED: 0.1,
    # No accepted offer: an acceptance would wrap up (and supersede) every other process.
}
KINDS = ("phone_screen", "technical", "system_design", "behavioural", "onsite", "final")
ROLES = ("Backend Engineer", "Data Engineer", "Product Analyst", "Site Reliability Engineer")
FIRST_NAMES = ("Rita", "Sam", "Lena", "Yuki", "Chloé", "Dev", "Ana", "Tom")


class _Counter:
    def __init__(self) -> None:
        self.value = 0

    def __call__(self) -> int:
        self.value += 1
        return self.value


def _timeline(rng: random.Random, on: dt.date) -> DecisionTimeline | None:
    roll = rng.random()
    if roll < 0.4:
        return None
    if roll < 0.7:
        return DecisionTimeline(by=on + dt.timedelta(days=rng.randint(2, 14)))
    return DecisionTimeline(within=rng.randint(2, 10), unit=rng.choice(list(TimelineUnit)))


def build_application(
    rng: random.Random, number: int, status: Status, next_id: Callable[[], int]
) -> ApplicationFacts:
    """One application whose rounds, outcomes and offers agree with its status."""
    company = f"Company {number:05d}"
    domain = f"company{number:05d}.example"
    applied_on = TODAY - dt.timedelta(days=rng.randint(0, 365))
    contacts = []
    if rng.random() < 0.8:
        name = rng.choice(FIRST_NAMES)
        contacts.append(
            ContactFact(next_id(), "recruiter", f"{name} Recruiter", f"{name.lower()}@{domain}")
        )
    rounds = 0
    if status in (Status.INTERVIEWING, Status.HIRING_MANAGER_CHAT):
        rounds = rng.randint(1, 4)
    elif status in (Status.OFFER, Status.DECLINED, Status.OFFER_EXPIRED, Status.OFFER_RESCINDED):
        rounds = rng.randint(2, 4)
    elif status in (Status.REJECTED, Status.GHOSTED, Status.WITHDRAWN) and rng.random() < 0.35:
        rounds = rng.randint(1, 3)
    interviewers = []
    for _ in range(rng.randint(0, 3) if rounds else 0):
        name = rng.choice(FIRST_NAMES)
        email = f"{name.lower()}.{len(interviewers)}@{domain}" if rng.random() < 0.6 else None
        interviewers.append(ContactFact(next_id(), "interviewer", f"{name} Interviewer", email))
    contacts.extend(interviewers)

    interviews = []
    day = applied_on
    for round_number in range(1, rounds + 1):
        day = min(day + dt.timedelta(days=rng.randint(3, 14)), TODAY)
        met = [person.id for person in interviewers if rng.random() < 0.5]
        interviews.append(
            InterviewFact(
                id=next_id(),
                round=round_number,
                kind=rng.choice(KINDS),
                on=day,
                interviewer_ids=tuple(met),
                timeline=_timeline(rng, day),
                debriefed=rng.random() < 0.5,
                still_interested=rng.choice((None, None, True, True, False)),
            )
        )
    after = interviews[-1].on if interviews else applied_on
    assert after is not None
    news_on = min(after + dt.timedelta(days=rng.randint(0, 20)), TODAY)
    outcomes: list[OutcomeFact] = []
    offers: list[OfferFact] = []
    feedback: list[dt.date] = []
    if status is Status.INTERVIEWING and rng.random() < 0.2:
        outcomes.append(OutcomeFact(OutcomeKind.MORE_INTERVIEWS, news_on))
    elif status is Status.HIRING_MANAGER_CHAT:
        outcomes.append(OutcomeFact(OutcomeKind.HIRING_MANAGER_CHAT, news_on))
    elif status is Status.REJECTED:
        outcomes.append(OutcomeFact(OutcomeKind.REJECTION, news_on))
        if rng.random() < 0.15:
            feedback.append(min(news_on + dt.timedelta(days=rng.randint(0, 7)), TODAY))
    elif status is Status.GHOSTED:
        outcomes.append(OutcomeFact(OutcomeKind.GHOSTED, news_on))
    elif status is Status.WITHDRAWN:
        outcomes.append(OutcomeFact(OutcomeKind.WITHDRAWN, news_on))
    elif status in (Status.OFFER, Status.DECLINED, Status.OFFER_EXPIRED, Status.OFFER_RESCINDED):
        outcomes.append(OutcomeFact(OutcomeKind.OFFER, news_on))
        decision = {
            Status.OFFER: OfferDecision.PENDING,
            Status.DECLINED: OfferDecision.DECLINED,
            Status.OFFER_EXPIRED: OfferDecision.EXPIRED,
            Status.OFFER_RESCINDED: OfferDecision.RESCINDED,
        }[status]
        deadline = news_on + dt.timedelta(days=rng.randint(5, 21)) if rng.random() < 0.8 else None
        decided = (
            None if decision is OfferDecision.PENDING else min(news_on + dt.timedelta(3), TODAY)
        )
        offers.append(
            OfferFact(next_id(), news_on, deadline, decision, decided, rng.random() < 0.6)
        )
    return ApplicationFacts(
        id=number,
        company=company,
        role=rng.choice(ROLES),
        status=status,
        applied_on=applied_on,
        status_since=max([applied_on, after, *(outcome.on for outcome in outcomes)]),
        contacts=tuple(contacts),
        interviews=tuple(interviews),
        outcomes=tuple(outcomes),
        offers=tuple(offers),
        feedback_on=tuple(feedback),
    )


def build_search(timings: PlaybookTimings, calendar: BusinessCalendar) -> SearchFacts:
    """The busy user's search, with half of what was due by today already done or dismissed.

    The history is planned in slices of 200 applications, so setting up stays quick however
    the engine's time grows with the size of the search (cross-process actions such as offer
    notices are only settled within a slice; it is a history, not a measurement).
    """
    rng = random.Random(10_000)
    statuses = rng.choices(list(MIX), weights=list(MIX.values()), k=APPLICATIONS)
    next_id = _Counter()
    applications = tuple(
        build_application(rng, number, status, next_id)
        for number, status in enumerate(statuses, start=1)
    )
    search = SearchFacts(
        applications=applications,
        last_applied_on=max(app.applied_on for app in applications),
    )
    settled: dict[str, ActionRecord] = {}
    proposed = [
        action
        for start in range(0, APPLICATIONS, 200)
        for action in plan(
            replace(search, applications=applications[start : start + 200]),
            today=TODAY,
            timings=timings,
            calendar=calendar,
        )
    ]
    for action in proposed:
        if action.due <= TODAY and rng.random() < 0.5:
            sent = action.kind in (ActionKind.FOLLOW_UP, ActionKind.SECOND_FOLLOW_UP)
            state = "done" if sent or rng.random() < 0.7 else "dismissed"
            settled[action.key] = ActionRecord(action.key, state, action.due)
    return replace(search, settled=settled)


def with_news(search: SearchFacts) -> tuple[ApplicationFacts, int]:
    """One interviewing process's facts after it was turned down today."""
    app = next(
        app
        for app in search.applications
        if app.status is Status.INTERVIEWING and len(app.interviews) >= 2
    )
    news = replace(
        app,
        status=Status.REJECTED,
        status_since=TODAY,
        outcomes=(*app.outcomes, OutcomeFact(OutcomeKind.REJECTION, TODAY)),
    )
    return news, app.id


def _once(call: Callable[[], list[Action]]) -> tuple[float, list[Action]]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def timed_ms(call: Callable[[], list[Action]], runs: int) -> tuple[list[float], list[Action]]:
    """Wall times in ms of up to `runs` calls after one warm-up, within BUDGET_S; the last result.

    When even the warm-up overruns the budget, it is the only (cold) sample.
    """
    deadline = time.perf_counter() + BUDGET_S
    warm_up, result = _once(call)
    times: list[float] = []
    while len(times) < runs and time.perf_counter() + (times or [warm_up])[-1] / 1000 < deadline:
        elapsed, result = _once(call)
        times.append(elapsed)
    return times or [warm_up], result


def report(label: str, times: list[float], target_ms: float, detail: str) -> None:
    """One line: median and min against the target, and how many runs they come from."""
    median = statistics.median(times)
    verdict = "met" if median < target_ms else "MISSED"
    print(
        f"  {label:<36} median {median:10.2f} ms   min {min(times):10.2f} ms   "
        f"target < {target_ms:g} ms: {verdict}\n"
        f"  {'':<36} {len(times)} run(s); {detail}"
    )


def scaling(search: SearchFacts, timings: PlaybookTimings, calendar: BusinessCalendar) -> None:
    """One full plan of the first N applications, for a few N: linear, or worse?"""
    print("full plan of the first N applications (one run each; linear growth keeps ms/app flat)")
    for size in SCALING:
        part = replace(search, applications=search.applications[:size])
        elapsed, actions = _once(
            lambda part=part: plan(part, today=TODAY, timings=timings, calendar=calendar)
        )
        print(
            f"  N = {size:>6,}: {elapsed:10.1f} ms   {elapsed / size:7.3f} ms/app   "
            f"{len(actions):,} actions"
        )


def profile(label: str, call: Callable[[], list[Action]], repeat: int) -> None:
    """The functions that take the time, by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        call()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(18)
    print(f"\n--- cProfile: {label} ({repeat} run(s)) ---")
    print("\n".join(out.getvalue().splitlines()[6:]))


def main() -> None:
    timings = PlaybookTimings()
    calendar = BusinessCalendar(COUNTRY)
    started = time.perf_counter()
    search = build_search(timings, calendar)
    statuses = Counter(app.status.value for app in search.applications)
    print(
        f"built {len(search.applications):,} applications in "
        f"{time.perf_counter() - started:.1f} s (today {TODAY}, {COUNTRY} holidays, "
        f"{len(search.settled):,} settled actions)"
    )
    print("  " + ", ".join(f"{name} {count:,}" for name, count in statuses.most_common()))

    def full() -> list[Action]:
        return plan(search, today=TODAY, timings=timings, calendar=calendar)

    news, app_id = with_news(search)
    search.index  # noqa: B018  (a long-lived search has its index; the full plans build it)

    def quick() -> list[Action]:
        # The event's cost in full: fold the news into the search (updating its index
        # incrementally), then plan that one application plus the search-wide rules.
        changed = search.with_application(news)
        return plan(changed, today=TODAY, timings=timings, calendar=calendar, only={app_id})

    scaling(search, timings, calendar)
    print(
        f"up to {RUNS} full and {QUICK_RUNS} quick runs after one warm-up, at most "
        f"{BUDGET_S:g} s per case; wall time"
    )
    times, actions = timed_ms(full, RUNS)
    kinds = Counter(action.kind.value for action in actions)
    report(
        "full plan, 10,000 applications",
        times,
        FULL_TARGET_MS,
        f"{len(actions):,} actions",
    )
    print("    " + ", ".join(f"{kind} {count:,}" for kind, count in kinds.most_common()))
    times, actions = timed_ms(quick, QUICK_RUNS)
    own = sum(1 for action in actions if action.application_id == app_id)
    report(
        f"re-plan one application (id {app_id})",
        times,
        QUICK_TARGET_MS,
        f"{len(actions)} actions, {own} for it, after a rejection today",
    )
    if PROFILE:
        part = replace(search, applications=search.applications[:2_000])
        profile(
            "full plan of 2,000 applications",
            lambda: plan(part, today=TODAY, timings=timings, calendar=calendar),
            1,
        )
        profile("re-plan one application of 10,000", quick, 3)


if __name__ == "__main__":
    main()
