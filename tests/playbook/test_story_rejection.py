"""Stories of a rejection: feel it, ask for feedback, reflect, adjust the plan, keep going."""

from __future__ import annotations

from afterword.pipeline.status import Status
from afterword.playbook.actions import ActionKind, Priority
from tests.playbook.stories import (
    application,
    day,
    done,
    interview_on,
    kinds,
    of_kind,
    plan_for,
    rejected,
    the_one,
)


def test_a_rejection_brings_a_mood_check_in_and_something_kind_the_same_day() -> None:
    # Acme's template email arrives on Friday 4 December.
    acme = rejected("2026-12-04", interviews=[interview_on("2026-12-01")])

    actions = plan_for(acme, today="2026-12-04")
    mood = the_one(actions, ActionKind.MOOD_CHECK_IN)
    kind_thing = the_one(actions, ActionKind.SELF_CARE)

    assert (mood.key, mood.due, mood.priority) == (
        "mood-check-in:1:2026-12-04",
        day("2026-12-04"),
        Priority.LOW,
    )
    assert "Acme said no on Friday 4 December 2026; whatever you feel about it is normal" in (
        mood.reason
    )
    assert (kind_thing.key, kind_thing.due) == ("self-care:1:2026-12-04", day("2026-12-04"))
    assert "a walk, a good meal, a call with a friend" in kind_thing.reason


def test_a_rejection_on_a_saturday_is_still_met_the_same_day() -> None:
    acme = rejected("2026-12-05")

    actions = plan_for(acme, today="2026-12-05")

    assert the_one(actions, ActionKind.MOOD_CHECK_IN).due == day("2026-12-05")
    assert the_one(actions, ActionKind.SELF_CARE).due == day("2026-12-05")


def test_feedback_request_is_due_the_next_business_day_across_the_weekend() -> None:
    acme = rejected("2026-12-04", interviews=[interview_on("2026-12-01")])

    request = the_one(plan_for(acme, today="2026-12-04"), ActionKind.FEEDBACK_REQUEST)

    assert request.key == "feedback-request:1:2026-12-04"
    assert request.due == day("2026-12-07")
    assert request.contact_id == 11
    assert request.priority is Priority.NORMAL
    assert "Acme turned you down on Friday 4 December 2026" in request.reason
    assert "a short, gracious request for feedback" in request.reason


def test_feedback_request_is_gone_once_feedback_is_recorded() -> None:
    acme = rejected("2026-12-04", feedback_on=["2026-12-07"])

    assert ActionKind.FEEDBACK_REQUEST not in kinds(plan_for(acme, today="2026-12-07"))


def test_feedback_from_an_earlier_round_does_not_answer_the_request() -> None:
    # Notes a recruiter shared after the phone screen are not feedback on the rejection.
    acme = rejected("2026-12-04", feedback_on=["2026-11-20"])

    actions = plan_for(acme, today="2026-12-04")

    assert ActionKind.FEEDBACK_REQUEST in kinds(actions)
    assert ActionKind.GAME_PLAN not in kinds(actions)


def test_reflection_comes_two_business_days_after_the_rejection() -> None:
    acme = rejected("2026-12-04")

    reflect = the_one(plan_for(acme, today="2026-12-04"), ActionKind.REFLECT)

    assert reflect.key == "reflect:1:2026-12-04"
    assert reflect.due == day("2026-12-08")
    assert "note what went well (keep it) and what you would do differently" in reflect.reason
    assert "luck and fit play a part too" in reflect.reason


def test_the_game_plan_review_waits_for_feedback_and_names_the_three_moves() -> None:
    no_feedback = rejected("2026-12-04")
    with_feedback = rejected("2026-12-04", feedback_on=["2026-12-08"])

    plan = the_one(plan_for(with_feedback, today="2026-12-08"), ActionKind.GAME_PLAN)

    assert ActionKind.GAME_PLAN not in kinds(plan_for(no_feedback, today="2026-12-08"))
    assert plan.key == "game-plan:1:2026-12-08"
    assert plan.due == day("2026-12-10")
    assert "Acme sent feedback on Tuesday 8 December 2026" in plan.reason
    assert (
        "present the same skills differently, build the skills it names, or aim at roles that "
        "fit better" in plan.reason
    )


def test_keep_going_nudge_a_week_after_a_rejection_with_no_new_application() -> None:
    # Rejected by Acme on Friday 4 December; last application on 1 December; Beta still open.
    acme = rejected("2026-12-04")
    beta = application("Beta", id=2, interviews=[interview_on("2026-12-02")])

    actions = plan_for(acme, beta, today="2026-12-11", last_applied_on="2026-12-01")
    nudge = the_one(actions, ActionKind.KEEP_APPLYING)

    assert nudge.key == "keep-applying:2026-12-04"
    assert nudge.due == day("2026-12-11")
    assert nudge.application_id is None
    assert nudge.priority is Priority.LOW
    assert nudge.reason == (
        "Your last rejection came on Friday 4 December 2026 and you have not applied anywhere new "
        "since; you still have 1 open process, and each new application is another chance at "
        "the offer."
    )


def test_keep_going_nudge_counts_open_processes_in_the_plural() -> None:
    acme = rejected("2026-12-04")
    beta = application("Beta", id=2)
    gamma = application("Gamma", id=3, status=Status.APPLIED)

    nudge = the_one(plan_for(acme, beta, gamma, today="2026-12-11"), ActionKind.KEEP_APPLYING)

    assert "you still have 2 open processes, and each new application" in nudge.reason
    assert ("last application", "none") in nudge.evidence


def test_keep_going_nudge_without_open_processes_just_encourages() -> None:
    nudge = the_one(plan_for(rejected("2026-12-04"), today="2026-12-11"), ActionKind.KEEP_APPLYING)

    assert "have not applied anywhere new since; each new application" in nudge.reason


def test_no_keep_going_nudge_when_the_user_applied_somewhere_since() -> None:
    acme = rejected("2026-12-04")

    same_day = plan_for(acme, today="2026-12-11", last_applied_on="2026-12-04")
    later = plan_for(acme, today="2026-12-11", last_applied_on="2026-12-07")

    assert ActionKind.KEEP_APPLYING not in kinds(same_day)
    assert ActionKind.KEEP_APPLYING not in kinds(later)


def test_keep_going_nudge_counts_from_the_latest_rejection() -> None:
    # Two rejections; she applied after the first but not after the second.
    acme = rejected("2026-11-27")
    beta = rejected("2026-12-04", "Beta", id=2)

    actions = plan_for(acme, beta, today="2026-12-04", last_applied_on="2026-11-30")

    assert [(a.key, a.due) for a in of_kind(actions, ActionKind.KEEP_APPLYING)] == [
        ("keep-applying:2026-12-04", day("2026-12-11")),
    ]


def test_a_rejection_without_a_recorded_outcome_dates_from_the_status_change() -> None:
    acme = application(status=Status.REJECTED, status_since="2026-12-04")

    actions = plan_for(acme, today="2026-12-04")

    assert the_one(actions, ActionKind.MOOD_CHECK_IN).due == day("2026-12-04")
    assert the_one(actions, ActionKind.FEEDBACK_REQUEST).due == day("2026-12-07")


def test_rejection_steps_the_user_settled_stay_settled() -> None:
    acme = rejected("2026-12-04")
    settled = [
        done("mood-check-in:1:2026-12-04", "2026-12-04"),
        done("self-care:1:2026-12-04", "2026-12-04", "dismissed"),
        done("feedback-request:1:2026-12-04", "2026-12-07"),
    ]

    actions = plan_for(acme, today="2026-12-08", settled=settled)

    assert kinds(actions) == {ActionKind.REFLECT, ActionKind.KEEP_APPLYING}
