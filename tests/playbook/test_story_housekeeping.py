"""Stories about the engine itself: settled actions stay settled, stale ones are forgotten."""

from __future__ import annotations

from afterword.localtime import BusinessCalendar
from afterword.pipeline.status import Status
from afterword.playbook.actions import ActionKind
from afterword.playbook.engine import plan
from afterword.playbook.facts import ApplicationFacts, SearchFacts
from afterword.playbook.rules import RULES
from afterword.settings.playbook import PlaybookTimings
from tests.playbook.stories import (
    application,
    day,
    done,
    interview_on,
    interviewer,
    kinds,
    offer,
    offer_from,
    plan_for,
    recruiter,
    rejected,
    within,
)


def busy_search() -> tuple[ApplicationFacts, ...]:
    """Four processes at four stages in the first week of December."""
    return (
        application(
            "Acme",
            id=1,
            contacts=[recruiter(11), interviewer(12, "Ivan Ito", "ivan@acme.example")],
            interviews=[interview_on("2026-12-03", interviewers=(12,))],
        ),
        application(
            "Beta", id=2, interviews=[interview_on("2026-12-01", timeline=within(2, "weeks"))]
        ),
        rejected("2026-12-04", "Gamma", id=3, feedback_on=["2026-12-07"]),
        offer_from("Delta", offer("2026-12-07", "2026-12-11", id=4, has_terms=False), id=4),
    )


def test_done_and_dismissed_actions_are_never_produced_again() -> None:
    acme = application(interviews=[interview_on("2026-12-03")])
    settled = [
        done("thank-recruiter:1:1", "2026-12-03"),
        done("interest-check:1:1", "2026-12-03", "dismissed"),
    ]

    before = plan_for(acme, today="2026-12-03")
    after = plan_for(acme, today="2026-12-03", settled=settled)

    assert {a.key for a in before} - {a.key for a in after} == {
        "thank-recruiter:1:1",
        "interest-check:1:1",
    }
    assert kinds(after) == {
        ActionKind.DEBRIEF,
        ActionKind.SALARY_RESEARCH,
        ActionKind.FOLLOW_UP,
    }


def test_a_settled_thank_you_does_not_hide_the_next_rounds() -> None:
    acme = application(
        interviews=[interview_on("2026-11-26", id=1), interview_on("2026-12-03", id=2)]
    )

    actions = plan_for(
        acme, today="2026-12-03", settled=[done("thank-recruiter:1:1", "2026-11-26")]
    )

    assert [a.key for a in actions if a.kind is ActionKind.THANK_RECRUITER] == [
        "thank-recruiter:1:2"
    ]


def test_an_action_thirty_days_overdue_is_kept_and_one_day_more_is_forgotten() -> None:
    # An interview on Thursday 5 November, imported a month later from an old tracker.
    acme = application(interviews=[interview_on("2026-11-05")])

    thirty_days_on = plan_for(acme, today="2026-12-05")
    thirty_one_days_on = plan_for(acme, today="2026-12-06")

    assert "thank-recruiter:1:1" in {a.key for a in thirty_days_on}
    assert "thank-recruiter:1:1" not in {a.key for a in thirty_one_days_on}
    # Still useful: the follow-up, due Friday 13 November, is kept.
    assert "follow-up:1:1" in {a.key for a in thirty_one_days_on}


def test_the_forgetting_horizon_follows_the_users_setting() -> None:
    acme = application(interviews=[interview_on("2026-11-05")])

    a_week_on = plan_for(acme, today="2026-11-12", forget_overdue_after_days=7)
    eight_days_on = plan_for(acme, today="2026-11-13", forget_overdue_after_days=7)

    assert ActionKind.DEBRIEF in kinds(a_week_on)
    assert ActionKind.DEBRIEF not in kinds(eight_days_on)
    # The follow-up, due Friday 13 November, is not overdue at all.
    assert ActionKind.FOLLOW_UP in kinds(eight_days_on)


def test_planning_twice_gives_the_same_actions_soonest_first() -> None:
    first = plan_for(*busy_search(), today="2026-12-07")
    second = plan_for(*busy_search(), today="2026-12-07")

    assert first == second
    assert [(a.due, a.priority, a.key) for a in first] == sorted(
        (a.due, a.priority, a.key) for a in first
    )
    assert len({a.key for a in first}) == len(first)


def test_no_action_is_due_before_the_event_that_caused_it() -> None:
    for action in plan_for(*busy_search(), today="2026-12-07"):
        assert action.cause_on is not None, action.key
        assert action.due >= action.cause_on, action.key


def test_every_action_says_why_and_names_its_rule() -> None:
    for action in plan_for(*busy_search(), today="2026-12-07"):
        assert action.rule in RULES, action.key
        assert action.reason.endswith("."), action.key


def test_a_quick_replan_of_one_process_still_runs_the_search_wide_rules() -> None:
    search = SearchFacts(applications=busy_search())

    actions = plan(
        search,
        today=day("2026-12-07"),
        timings=PlaybookTimings(),
        calendar=BusinessCalendar("GB"),
        only={2},
    )

    assert {a.application_id for a in actions} == {2, None}
    assert ActionKind.KEEP_APPLYING in kinds(actions)


def test_a_process_that_is_only_an_application_has_nothing_to_do_yet() -> None:
    assert plan_for(application(status=Status.APPLIED), today="2026-12-07") == []
