"""Stories of the wait: follow-ups, the second nudge, 'ghosted', and preparing for what comes."""

from __future__ import annotations

from afterword.pipeline.status import OutcomeKind, Status
from afterword.playbook.actions import ActionKind, Priority
from tests.playbook.stories import (
    application,
    by,
    day,
    done,
    interview_on,
    kinds,
    plan_for,
    rejected,
    the_one,
    within,
)

WAITING_KINDS = {ActionKind.FOLLOW_UP, ActionKind.SECOND_FOLLOW_UP, ActionKind.MARK_GHOSTED}


def test_follow_up_waits_one_business_day_after_the_promised_three_business_days() -> None:
    # Interview on Thursday 2026-12-03; "you'll hear within 3 business days" means by Tuesday 8;
    # no news, so the gentle follow-up is due on Wednesday 9.
    acme = application(interviews=[interview_on("2026-12-03", timeline=within(3, "business_days"))])

    follow_up = the_one(plan_for(acme, today="2026-12-09"), ActionKind.FOLLOW_UP)

    assert follow_up.key == "follow-up:1:1"
    assert follow_up.due == day("2026-12-09")
    assert follow_up.contact_id == 11
    assert follow_up.priority is Priority.NORMAL
    assert follow_up.reason == (
        "Acme said they would decide within 3 business days of your interview on "
        "Thursday 3 December 2026 (by Tuesday 8 December 2026); if there is no news by "
        "Wednesday 9 December 2026, a polite note restating your interest is fair and welcome."
    )
    assert ("expected decision", "2026-12-08") in follow_up.evidence


def test_follow_up_after_a_promised_friday_waits_over_the_weekend_until_monday() -> None:
    acme = application(interviews=[interview_on("2026-12-03", timeline=by("2026-12-11"))])

    follow_up = the_one(plan_for(acme, today="2026-12-03"), ActionKind.FOLLOW_UP)

    assert follow_up.due == day("2026-12-14")
    assert "promised a decision by Friday 11 December 2026" in follow_up.reason


def test_a_promised_date_before_the_interview_counts_from_the_interview_itself() -> None:
    # A slip of the pen: the recorded date is before the interview. The wait starts at the interview.
    acme = application(interviews=[interview_on("2026-12-03", timeline=by("2026-12-01"))])

    follow_up = the_one(plan_for(acme, today="2026-12-03"), ActionKind.FOLLOW_UP)

    assert follow_up.due == day("2026-12-04")


def test_follow_up_after_within_ten_days_counts_calendar_days_then_one_business_day() -> None:
    # Thursday 3 + 10 days is Sunday 13; one business day after that is Monday 14.
    acme = application(interviews=[interview_on("2026-12-03", timeline=within(10, "days"))])

    follow_up = the_one(plan_for(acme, today="2026-12-03"), ActionKind.FOLLOW_UP)

    assert follow_up.due == day("2026-12-14")
    assert "decide within 10 days of your interview" in follow_up.reason
    assert "(by Sunday 13 December 2026)" in follow_up.reason


def test_follow_up_after_within_two_weeks_is_due_the_friday_after_the_promised_thursday() -> None:
    acme = application(interviews=[interview_on("2026-12-03", timeline=within(2, "weeks"))])

    follow_up = the_one(plan_for(acme, today="2026-12-03"), ActionKind.FOLLOW_UP)

    assert follow_up.due == day("2026-12-18")
    assert "decide within 2 weeks" in follow_up.reason
    assert "(by Thursday 17 December 2026)" in follow_up.reason


def test_follow_up_without_a_timeline_assumes_five_business_days_then_waits_one_more() -> None:
    acme = application(interviews=[interview_on("2026-12-03")])

    follow_up = the_one(plan_for(acme, today="2026-12-03"), ActionKind.FOLLOW_UP)

    assert follow_up.due == day("2026-12-11")
    assert follow_up.reason.startswith(
        "Acme gave no timeline after your interview on Thursday 3 December 2026, and "
        "Thursday 10 December 2026 is a fair time to have heard;"
    )
    assert ("timeline", "no timeline given (assuming 5 business days)") in follow_up.evidence


def test_the_default_wait_follows_the_users_own_setting() -> None:
    acme = application(interviews=[interview_on("2026-12-03")])

    actions = plan_for(acme, today="2026-12-03", default_decision_business_days=7)

    assert the_one(actions, ActionKind.FOLLOW_UP).due == day("2026-12-15")


def test_second_follow_up_waits_for_the_first_to_be_sent() -> None:
    acme = application(interviews=[interview_on("2026-12-03", timeline=within(3, "business_days"))])

    nothing_sent = plan_for(acme, today="2026-12-10")
    dismissed = plan_for(
        acme, today="2026-12-10", settled=[done("follow-up:1:1", "2026-12-09", "dismissed")]
    )

    assert ActionKind.SECOND_FOLLOW_UP not in kinds(nothing_sent)
    assert ActionKind.SECOND_FOLLOW_UP not in kinds(dismissed)
    assert ActionKind.FOLLOW_UP not in kinds(dismissed)


def test_second_follow_up_comes_five_business_days_after_the_first_was_sent() -> None:
    # She sent the first nudge on Thursday 10 December, a day later than proposed.
    acme = application(interviews=[interview_on("2026-12-03", timeline=within(3, "business_days"))])
    sent = [done("follow-up:1:1", "2026-12-10")]

    actions = plan_for(acme, today="2026-12-17", settled=sent)
    second = the_one(actions, ActionKind.SECOND_FOLLOW_UP)

    assert ActionKind.FOLLOW_UP not in kinds(actions)
    assert second.key == "second-follow-up:1:1"
    assert second.due == day("2026-12-17")
    assert second.contact_id == 11
    assert "You followed up with Acme on Thursday 10 December 2026" in second.reason
    assert "after that chasing rarely helps" in second.reason


def test_ghosted_is_suggested_fifteen_business_days_after_the_expected_decision() -> None:
    # Expected by Tuesday 10 November; two follow-ups sent early; three working weeks of
    # silence after the expected date: Tuesday 1 December.
    acme = application(interviews=[interview_on("2026-11-05", timeline=within(3, "business_days"))])
    sent = [done("follow-up:1:1", "2026-11-11"), done("second-follow-up:1:1", "2026-11-18")]

    ghosted = the_one(plan_for(acme, today="2026-12-01", settled=sent), ActionKind.MARK_GHOSTED)

    assert ghosted.key == "mark-ghosted:1:1"
    assert ghosted.due == day("2026-12-01")
    assert ghosted.priority is Priority.LOW
    assert ghosted.contact_id is None
    assert (
        "expected to decide by Tuesday 10 November 2026 and has not answered your 2 follow-ups"
        in ghosted.reason
    )
    assert "processes that are moving" in ghosted.reason


def test_ghosted_is_not_suggested_while_a_follow_up_is_still_to_send() -> None:
    acme = application(interviews=[interview_on("2026-11-05", timeline=within(3, "business_days"))])

    nothing_sent = plan_for(acme, today="2026-12-01")
    one_sent = plan_for(acme, today="2026-12-01", settled=[done("follow-up:1:1", "2026-11-11")])

    assert ActionKind.MARK_GHOSTED not in kinds(nothing_sent)
    assert ActionKind.MARK_GHOSTED not in kinds(one_sent)
    assert ActionKind.SECOND_FOLLOW_UP in kinds(one_sent)


def test_ghosted_is_suggested_when_the_user_chose_not_to_chase() -> None:
    acme = application(interviews=[interview_on("2026-11-05", timeline=within(3, "business_days"))])
    declined_to_chase = [done("follow-up:1:1", "2026-11-11", "dismissed")]

    ghosted = the_one(
        plan_for(acme, today="2026-12-01", settled=declined_to_chase), ActionKind.MARK_GHOSTED
    )

    assert ghosted.due == day("2026-12-01")
    assert "has stayed silent" in ghosted.reason


def test_ghosted_suggestion_waits_five_business_days_after_a_late_second_follow_up() -> None:
    acme = application(interviews=[interview_on("2026-11-05", timeline=within(3, "business_days"))])
    sent = [done("follow-up:1:1", "2026-11-20"), done("second-follow-up:1:1", "2026-11-30")]

    actions = plan_for(acme, today="2026-12-01", settled=sent)

    # Monday 30 November + 5 business days = Monday 7 December.
    assert the_one(actions, ActionKind.MARK_GHOSTED).due == day("2026-12-07")


def test_an_invitation_after_the_interview_makes_waiting_obsolete() -> None:
    # Follow-up sent, then real news: they want more interviews. No more chasing.
    acme = application(
        interviews=[interview_on("2026-12-03", timeline=within(3, "business_days"))],
        outcomes=[(OutcomeKind.MORE_INTERVIEWS, "2026-12-11")],
    )

    actions = plan_for(acme, today="2026-12-11", settled=[done("follow-up:1:1", "2026-12-09")])

    assert not kinds(actions) & WAITING_KINDS
    assert ActionKind.PREPARE in kinds(actions)


def test_news_on_the_interview_day_itself_also_ends_the_wait() -> None:
    acme = application(
        status=Status.HIRING_MANAGER_CHAT,
        interviews=[interview_on("2026-12-03")],
        outcomes=[(OutcomeKind.HIRING_MANAGER_CHAT, "2026-12-03")],
    )

    assert not kinds(plan_for(acme, today="2026-12-03")) & WAITING_KINDS


def test_a_rejection_ends_the_wait() -> None:
    acme = rejected("2026-12-07", interviews=[interview_on("2026-12-03")])

    assert not kinds(plan_for(acme, today="2026-12-07")) & WAITING_KINDS


def test_news_before_the_latest_round_does_not_silence_the_wait_for_that_round() -> None:
    # More interviews were announced on 27 November; the second round on 3 December is awaited.
    acme = application(
        interviews=[interview_on("2026-11-24", id=1), interview_on("2026-12-03", id=2)],
        outcomes=[(OutcomeKind.MORE_INTERVIEWS, "2026-11-27")],
    )

    follow_up = the_one(plan_for(acme, today="2026-12-03"), ActionKind.FOLLOW_UP)

    assert follow_up.key == "follow-up:1:2"
    assert follow_up.due == day("2026-12-11")


def test_preparation_follows_a_hiring_manager_chat_invitation_the_next_business_day() -> None:
    # The invitation came on Friday 4 December: prepare on Monday.
    acme = application(
        status=Status.HIRING_MANAGER_CHAT,
        interviews=[interview_on("2026-12-01")],
        outcomes=[(OutcomeKind.HIRING_MANAGER_CHAT, "2026-12-04")],
    )

    prepare = the_one(plan_for(acme, today="2026-12-04"), ActionKind.PREPARE)

    assert prepare.key == "prepare:1:2026-12-04"
    assert prepare.due == day("2026-12-07")
    assert prepare.reason == (
        "Acme invited you on Friday 4 December 2026 to a conversation with the hiring manager "
        "-- a strong sign: review your debrief notes, the role and your questions for them."
    )


def test_preparation_is_due_no_later_than_the_upcoming_interview() -> None:
    # Invited on Friday 4 December to more interviews, the next round set for Tuesday 8.
    # Her own setting gives three business days to prepare (Wednesday 9), but the round comes first.
    acme = application(
        interviews=[interview_on("2026-12-01", id=1), interview_on("2026-12-08", id=2)],
        outcomes=[(OutcomeKind.MORE_INTERVIEWS, "2026-12-04")],
    )

    actions = plan_for(acme, today="2026-12-04", preparation_business_days=3)
    prepare = the_one(actions, ActionKind.PREPARE)

    assert prepare.due == day("2026-12-08")
    assert "to more interviews -- they want to see more of you" in prepare.reason


def test_no_preparation_after_news_that_is_not_an_invitation() -> None:
    acme = rejected("2026-12-04", interviews=[interview_on("2026-12-01")])

    assert ActionKind.PREPARE not in kinds(plan_for(acme, today="2026-12-04"))
