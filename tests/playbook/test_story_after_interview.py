"""Stories of the day of an interview: thank-yous, the debrief, 'still interested?', salary."""

from __future__ import annotations

import pytest

from afterword.pipeline.models import InterviewKind
from afterword.pipeline.status import Status
from afterword.playbook.actions import ActionKind, Priority
from afterword.playbook.facts import ContactFact
from afterword.playbook.wording import interview_label
from tests.playbook.stories import (
    application,
    day,
    done,
    interview_on,
    interviewer,
    kinds,
    of_kind,
    plan_for,
    recruiter,
    the_one,
    within,
)

RITA = recruiter(11, "Rita Reyes", "rita@acme.example")
IVAN = interviewer(12, "Ivan Ito", "ivan@acme.example")
NADIA = interviewer(13, "Nadia Noor")  # no address known


def test_recruiter_is_thanked_the_same_day_and_asked_for_the_timeline_when_none_was_given() -> None:
    # Thursday 3 December: an onsite at Acme; the recruiter said nothing about timing.
    acme = application(contacts=[RITA], interviews=[interview_on("2026-12-03")])

    thanks = the_one(plan_for(acme, today="2026-12-03"), ActionKind.THANK_RECRUITER)

    assert thanks.key == "thank-recruiter:1:1"
    assert thanks.due == day("2026-12-03")
    assert thanks.contact_id == 11
    assert thanks.application_id == 1
    assert thanks.priority is Priority.HIGH
    assert "onsite interview with Acme on Thursday 3 December 2026" in thanks.reason
    assert "ask when they expect to decide, since no timeline was given" in thanks.reason
    assert "however you feel it went" in thanks.reason
    assert ("timeline", "none given") in thanks.evidence


def test_recruiter_thank_you_does_not_ask_for_a_timeline_the_recruiter_already_gave() -> None:
    interview = interview_on("2026-12-03", timeline=within(3, "business_days"))
    acme = application(contacts=[RITA], interviews=[interview])

    thanks = the_one(plan_for(acme, today="2026-12-03"), ActionKind.THANK_RECRUITER)

    assert thanks.due == day("2026-12-03")
    assert "ask when they expect to decide" not in thanks.reason
    assert ("timeline", "within 3 business days") in thanks.evidence


def test_every_round_brings_its_own_recruiter_thank_you_until_the_next_round_overtakes_it() -> None:
    acme = application(
        contacts=[RITA],
        interviews=[
            interview_on("2026-11-26", id=1, kind="phone_screen"),
            interview_on("2026-12-03", id=2, kind="onsite"),
        ],
    )

    first = of_kind(plan_for(acme, today="2026-11-26"), ActionKind.THANK_RECRUITER)
    later = of_kind(plan_for(acme, today="2026-12-03"), ActionKind.THANK_RECRUITER)

    assert [(a.key, a.due) for a in first] == [("thank-recruiter:1:1", day("2026-11-26"))]
    assert "phone screen with Acme on Thursday 26 November 2026" in first[0].reason
    # Once the onsite has happened, a note about the phone screen a week ago is overtaken.
    assert [(a.key, a.due) for a in later] == [("thank-recruiter:1:2", day("2026-12-03"))]


def test_recruiter_with_an_address_is_preferred_over_a_coordinator_without_one() -> None:
    acme = application(
        contacts=[ContactFact(10, "coordinator", "Cole Coordinator"), RITA],
        interviews=[interview_on("2026-12-03")],
    )

    thanks = the_one(plan_for(acme, today="2026-12-03"), ActionKind.THANK_RECRUITER)

    assert thanks.contact_id == 11
    assert ("recruiter", "Rita Reyes") in thanks.evidence


def test_recruiter_thank_you_is_still_proposed_when_no_recruiter_is_recorded() -> None:
    acme = application(contacts=[], interviews=[interview_on("2026-12-03")])

    thanks = the_one(plan_for(acme, today="2026-12-03"), ActionKind.THANK_RECRUITER)

    assert thanks.contact_id is None
    assert ("recruiter", "not recorded yet") in thanks.evidence


def test_each_interviewer_with_an_email_is_thanked_the_same_day_and_those_without_are_not() -> None:
    # Ivan left his address; Nadia did not; contact 99 was never recorded at all.
    acme = application(
        contacts=[RITA, IVAN, NADIA],
        interviews=[interview_on("2026-12-03", interviewers=(12, 13, 99))],
    )

    thanks = of_kind(plan_for(acme, today="2026-12-03"), ActionKind.THANK_INTERVIEWER)

    assert [(a.key, a.contact_id, a.due) for a in thanks] == [
        ("thank-interviewer:1:1:12", 12, day("2026-12-03")),
    ]
    assert thanks[0].reason == (
        "After Ivan Ito's interview with you at Acme on Thursday 3 December 2026, a brief, "
        "specific thank-you reminds them why you fit."
    )


def test_friday_thank_yous_with_a_one_day_allowance_fall_due_on_monday() -> None:
    # A user who prefers "at the latest the next business day": Friday's notes wait for Monday.
    acme = application(
        contacts=[RITA, IVAN],
        interviews=[interview_on("2026-12-04", interviewers=(12,))],
    )

    actions = plan_for(acme, today="2026-12-04", thank_you_business_days=1)

    assert the_one(actions, ActionKind.THANK_RECRUITER).due == day("2026-12-07")
    assert the_one(actions, ActionKind.THANK_INTERVIEWER).due == day("2026-12-07")


def test_debrief_is_due_the_same_day_while_it_is_fresh() -> None:
    acme = application(interviews=[interview_on("2026-12-03", kind="system_design")])

    debrief = the_one(plan_for(acme, today="2026-12-03"), ActionKind.DEBRIEF)

    assert debrief.key == "debrief:1:1"
    assert debrief.due == day("2026-12-03")
    assert debrief.contact_id is None
    assert (
        "After your system design interview with Acme on Thursday 3 December 2026" in debrief.reason
    )
    assert "the ones to practise" in debrief.reason


def test_debrief_is_gone_once_written() -> None:
    acme = application(interviews=[interview_on("2026-12-03", debriefed=True)])

    assert ActionKind.DEBRIEF not in kinds(plan_for(acme, today="2026-12-03"))


def test_still_interested_check_follows_only_the_latest_round() -> None:
    acme = application(
        interviews=[interview_on("2026-11-26", id=1), interview_on("2026-12-03", id=2)],
    )

    check = the_one(plan_for(acme, today="2026-12-03"), ActionKind.INTEREST_CHECK)

    assert check.key == "interest-check:1:2"
    assert check.due == day("2026-12-03")
    assert check.priority is Priority.LOW
    assert "After meeting Acme on Thursday 3 December 2026" in check.reason
    assert "it is fine to change your mind" in check.reason


def test_answering_no_longer_interested_turns_the_check_into_a_withdrawal_next_business_day() -> (
    None
):
    # Friday's onsite showed a team she does not want to join; she says so the same evening.
    acme = application(
        contacts=[RITA],
        interviews=[interview_on("2026-12-04", still_interested=False)],
    )

    actions = plan_for(acme, today="2026-12-04")
    withdrawal = the_one(actions, ActionKind.WITHDRAW)

    assert ActionKind.INTEREST_CHECK not in kinds(actions)
    assert withdrawal.key == "withdraw:1"
    assert withdrawal.due == day("2026-12-07")  # Friday + 1 business day, over the weekend
    assert withdrawal.contact_id == 11
    assert withdrawal.priority is Priority.HIGH
    assert "no longer want the Backend Engineer role" in withdrawal.reason
    assert "kinder to Acme than silence" in withdrawal.reason


def test_answering_still_interested_needs_neither_check_nor_withdrawal() -> None:
    acme = application(interviews=[interview_on("2026-12-03", still_interested=True)])

    actions = plan_for(acme, today="2026-12-03")

    assert not kinds(actions) & {ActionKind.INTEREST_CHECK, ActionKind.WITHDRAW}


def test_salary_research_is_due_two_business_days_after_the_first_interview_once_per_process() -> (
    None
):
    # Rounds on Thursday 3 and Tuesday 8 December: one research task, from the first round.
    acme = application(
        interviews=[interview_on("2026-12-03", id=1), interview_on("2026-12-08", id=2)],
    )

    research = the_one(plan_for(acme, today="2026-12-08"), ActionKind.SALARY_RESEARCH)

    assert research.key == "salary-research:1"
    assert research.due == day("2026-12-07")  # Thursday + 2 business days, over the weekend
    assert research.priority is Priority.NORMAL
    assert "research what it pays and settle on your target" in research.reason
    assert ("first interview", "2026-12-03") in research.evidence


def test_salary_research_becomes_urgent_once_the_hiring_manager_wants_to_talk() -> None:
    acme = application(
        status=Status.HIRING_MANAGER_CHAT,
        interviews=[interview_on("2026-12-03")],
    )

    research = the_one(plan_for(acme, today="2026-12-04"), ActionKind.SALARY_RESEARCH)

    assert research.priority is Priority.HIGH


def test_same_day_steps_are_not_proposed_for_a_closed_process() -> None:
    interview = interview_on("2026-12-03", interviewers=(12,))
    for status in (Status.REJECTED, Status.WITHDRAWN, Status.GHOSTED):
        acme = application(status=status, contacts=[RITA, IVAN], interviews=[interview])

        after_interview = kinds(plan_for(acme, today="2026-12-03")) & {
            ActionKind.THANK_RECRUITER,
            ActionKind.THANK_INTERVIEWER,
            ActionKind.DEBRIEF,
            ActionKind.INTEREST_CHECK,
            ActionKind.SALARY_RESEARCH,
        }
        assert after_interview == set(), status


def test_thank_yous_the_user_already_sent_are_not_proposed_again() -> None:
    acme = application(
        contacts=[RITA, IVAN],
        interviews=[interview_on("2026-12-03", interviewers=(12,))],
    )
    sent = [
        done("thank-recruiter:1:1", "2026-12-03"),
        done("thank-interviewer:1:1:12", "2026-12-03"),
    ]

    actions = plan_for(acme, today="2026-12-04", settled=sent)

    assert not kinds(actions) & {ActionKind.THANK_RECRUITER, ActionKind.THANK_INTERVIEWER}
    assert ActionKind.DEBRIEF in kinds(actions)


@pytest.mark.parametrize("kind", [kind.value for kind in InterviewKind])
def test_advice_names_every_kind_of_round_as_the_email_does_never_as_an_other_interview(
    kind: str,
) -> None:
    # A round logged without a kind is stored as 'other': the advice must read
    # "After your interview with Acme", not "After your other interview with Acme".
    acme = application(contacts=[RITA], interviews=[interview_on("2026-12-03", kind=kind)])
    plan = plan_for(acme, today="2026-12-03")
    label = interview_label(kind)  # the same words the thank-you email uses
    for action_kind in (ActionKind.THANK_RECRUITER, ActionKind.DEBRIEF):
        reason = the_one(plan, action_kind).reason
        assert f"After your {label} with Acme on Thursday 3 December 2026" in reason
        assert "other" not in reason.split()
        assert "interview interview" not in reason and "  " not in reason
