"""Stories of an offer: terms, deadlines, leverage, acceptance and its wrap-up, reneging."""

from __future__ import annotations

from afterword.pipeline.status import OfferDecision, Status
from afterword.playbook.actions import Action, ActionKind, Priority
from afterword.playbook.facts import ApplicationFacts
from tests.playbook.stories import (
    application,
    by,
    day,
    interview_on,
    kinds,
    of_kind,
    offer,
    offer_from,
    plan_for,
    rejected,
    the_one,
    within,
)

ACCEPTED = OfferDecision.ACCEPTED
DECLINED = OfferDecision.DECLINED


def acme_offer(
    received_on: str = "2026-12-07", deadline: str | None = "2026-12-11", **terms: bool
) -> ApplicationFacts:
    """Acme (application 1, recruiter 11) offers the job; offer id 1."""
    return offer_from("Acme", offer(received_on, deadline, id=1, **terms), id=1)


def test_a_new_offer_asks_for_its_terms_and_deadline_the_same_day() -> None:
    acme = acme_offer(deadline=None, has_terms=False)

    record = the_one(plan_for(acme, today="2026-12-07"), ActionKind.RECORD_OFFER_TERMS)

    assert record.key == "record-offer-terms:1"
    assert record.due == day("2026-12-07")
    assert record.priority is Priority.HIGH
    assert record.reason == (
        "Congratulations on the Acme offer: record the terms and the deadline so afterword can "
        "remind you before it expires and compare it fairly."
    )


def test_recording_asks_only_for_what_is_missing() -> None:
    no_deadline = the_one(
        plan_for(acme_offer(deadline=None), today="2026-12-07"), ActionKind.RECORD_OFFER_TERMS
    )
    no_terms = the_one(
        plan_for(acme_offer(has_terms=False), today="2026-12-07"), ActionKind.RECORD_OFFER_TERMS
    )

    assert "record the deadline so" in no_deadline.reason
    assert "record the terms so" in no_terms.reason
    assert ActionKind.RECORD_OFFER_TERMS not in kinds(plan_for(acme_offer(), today="2026-12-07"))


def test_deadline_reminders_come_a_week_three_days_and_a_day_before() -> None:
    acme = acme_offer(received_on="2026-12-01", deadline="2026-12-11")

    reminders = of_kind(plan_for(acme, today="2026-12-01"), ActionKind.DEADLINE_REMINDER)

    assert [(a.key, a.due, a.priority) for a in reminders] == [
        ("deadline-reminder:1:2026-12-11:7", day("2026-12-04"), Priority.NORMAL),
        ("deadline-reminder:1:2026-12-11:3", day("2026-12-08"), Priority.HIGH),
        ("deadline-reminder:1:2026-12-11:1", day("2026-12-10"), Priority.HIGH),
    ]
    assert "The Acme offer expires on Friday 11 December 2026, 7 days from this reminder" in (
        reminders[0].reason
    )
    assert "1 day from this reminder: decide, negotiate or ask for more time" in reminders[2].reason


def test_reminders_that_would_fall_before_the_offer_arrived_are_skipped() -> None:
    # The offer came on Monday 7 December and expires on Friday 11: no week-before reminder.
    acme = acme_offer(received_on="2026-12-07", deadline="2026-12-11")

    reminders = of_kind(plan_for(acme, today="2026-12-07"), ActionKind.DEADLINE_REMINDER)

    assert [a.due for a in reminders] == [day("2026-12-08"), day("2026-12-10")]


def test_a_reminder_that_falls_on_the_day_the_offer_arrives_is_kept() -> None:
    acme = acme_offer(received_on="2026-12-04", deadline="2026-12-11")

    reminders = of_kind(plan_for(acme, today="2026-12-04"), ActionKind.DEADLINE_REMINDER)

    assert [a.due for a in reminders] == [day("2026-12-04"), day("2026-12-08"), day("2026-12-10")]


def test_ask_how_well_one_did_the_next_business_day() -> None:
    acme = acme_offer(received_on="2026-12-04")

    ask = the_one(plan_for(acme, today="2026-12-04"), ActionKind.ASK_HOW_WELL)

    assert ask.key == "ask-how-well:1"
    assert ask.due == day("2026-12-07")
    assert ask.contact_id == 11
    assert ask.priority is Priority.LOW
    assert "if you did very well, there is room to negotiate" in ask.reason


def test_offer_deadline_colliding_with_two_processes_notifies_both_and_asks_past_the_later() -> (
    None
):
    # Acme offers on Monday 7 December, expiring Friday 11.
    # Beta interviewed on Thursday 3 and decides "within two weeks": Thursday 17.
    # Gamma's hiring manager met her on Tuesday 8 and promised an answer by Monday 14.
    acme = acme_offer()
    beta = application(
        "Beta", id=2, interviews=[interview_on("2026-12-03", timeline=within(2, "weeks"))]
    )
    gamma = application(
        "Gamma",
        id=3,
        status=Status.HIRING_MANAGER_CHAT,
        interviews=[interview_on("2026-12-08", id=5, timeline=by("2026-12-14"))],
    )

    actions = plan_for(acme, beta, gamma, today="2026-12-07")
    notices = of_kind(actions, ActionKind.OFFER_NOTICE)
    extension = the_one(actions, ActionKind.EXTENSION_REQUEST)

    assert [(a.key, a.application_id, a.contact_id, a.due) for a in notices] == [
        ("offer-notice:2", 2, 21, day("2026-12-08")),
        ("offer-notice:3", 3, 31, day("2026-12-08")),
    ]
    assert all(a.priority is Priority.HIGH for a in notices)
    assert notices[0].reason == (
        "You hold an offer that expires on Friday 11 December 2026: telling Beta and asking "
        "whether they can speed up is the only known way to make a company decide faster."
    )
    assert extension.key == "extension-request:1"
    assert extension.application_id == 1
    assert extension.contact_id == 11
    assert extension.due == day("2026-12-08")
    assert extension.reason == (
        "The Acme offer expires on Friday 11 December 2026, but Beta is not expected to decide "
        "before Thursday 17 December 2026: ask for more time, proposing Tuesday 22 December 2026."
    )
    assert ("proposed date", "2026-12-22") in extension.evidence


def test_extension_proposal_does_not_depend_on_the_order_of_the_processes() -> None:
    later = application(
        "Beta", id=2, interviews=[interview_on("2026-12-03", timeline=within(2, "weeks"))]
    )
    earlier = application(
        "Gamma", id=3, interviews=[interview_on("2026-12-08", id=5, timeline=by("2026-12-14"))]
    )

    first = plan_for(acme_offer(), later, earlier, today="2026-12-07")
    second = plan_for(earlier, acme_offer(), later, today="2026-12-07")

    for actions in (first, second):
        assert ("proposed date", "2026-12-22") in the_one(
            actions, ActionKind.EXTENSION_REQUEST
        ).evidence


def test_no_extension_when_every_other_process_decides_before_the_deadline() -> None:
    # Beta promised an answer by Wednesday 9, two days before Acme's offer expires.
    beta = application(
        "Beta", id=2, interviews=[interview_on("2026-12-03", timeline=by("2026-12-09"))]
    )

    actions = plan_for(acme_offer(), beta, today="2026-12-07")

    assert ActionKind.EXTENSION_REQUEST not in kinds(actions)
    assert [a.key for a in of_kind(actions, ActionKind.OFFER_NOTICE)] == ["offer-notice:2"]


def test_a_decision_expected_on_the_deadline_day_itself_still_calls_for_an_extension() -> None:
    beta = application(
        "Beta", id=2, interviews=[interview_on("2026-12-03", timeline=by("2026-12-11"))]
    )

    extension = the_one(
        plan_for(acme_offer(), beta, today="2026-12-07"), ActionKind.EXTENSION_REQUEST
    )

    assert ("proposed date", "2026-12-16") in extension.evidence


def test_an_extension_for_an_offer_expiring_the_day_it_arrives_is_due_that_day() -> None:
    acme = acme_offer(received_on="2026-12-07", deadline="2026-12-07")
    beta = application("Beta", id=2, interviews=[interview_on("2026-12-03")])

    extension = the_one(plan_for(acme, beta, today="2026-12-07"), ActionKind.EXTENSION_REQUEST)

    assert extension.due == day("2026-12-07")


def test_extension_margin_skips_christmas_and_boxing_day_in_the_uk_but_not_in_the_us() -> None:
    # Beta is expected to decide on Thursday 24 December; Acme's offer expires on the 18th.
    acme = acme_offer(received_on="2026-12-14", deadline="2026-12-18")
    beta = application(
        "Beta", id=2, interviews=[interview_on("2026-12-10", timeline=by("2026-12-24"))]
    )

    in_uk = the_one(plan_for(acme, beta, today="2026-12-14"), ActionKind.EXTENSION_REQUEST)
    in_us = the_one(
        plan_for(acme, beta, today="2026-12-14", country="US"), ActionKind.EXTENSION_REQUEST
    )

    assert ("proposed date", "2026-12-31") in in_uk.evidence  # 25 and 28 (Boxing Day) are off
    assert ("proposed date", "2026-12-30") in in_us.evidence  # only the 25th is off


def test_no_notices_or_extension_until_the_deadline_is_known() -> None:
    beta = application("Beta", id=2, interviews=[interview_on("2026-12-03")])

    actions = plan_for(acme_offer(deadline=None), beta, today="2026-12-07")

    assert not kinds(actions) & {ActionKind.OFFER_NOTICE, ActionKind.EXTENSION_REQUEST}


def test_closed_processes_hear_nothing_about_the_offer() -> None:
    beta = rejected("2026-12-04", "Beta", id=2, interviews=[interview_on("2026-12-01")])

    actions = plan_for(acme_offer(), beta, today="2026-12-07")

    assert not kinds(actions) & {ActionKind.OFFER_NOTICE, ActionKind.EXTENSION_REQUEST}


def test_offer_notice_also_reaches_a_process_still_at_the_applied_stage() -> None:
    beta = application("Beta", id=2, status=Status.APPLIED)

    actions = plan_for(acme_offer(), beta, today="2026-12-07")

    assert [a.key for a in of_kind(actions, ActionKind.OFFER_NOTICE)] == ["offer-notice:2"]


def test_two_pending_offers_are_compared_side_by_side() -> None:
    acme = acme_offer(received_on="2026-12-03", deadline="2026-12-14")
    beta = offer_from("Beta", offer("2026-12-07", "2026-12-18", id=2), id=2)

    compare = the_one(plan_for(acme, beta, today="2026-12-07"), ActionKind.COMPARE_OFFERS)
    same_pair = the_one(plan_for(beta, acme, today="2026-12-07"), ActionKind.COMPARE_OFFERS)

    assert compare.key.startswith("compare-offers:")
    assert same_pair.key == compare.key  # the same two offers, whatever the order
    assert compare.due == day("2026-12-07")
    assert compare.application_id is None
    assert compare.priority is Priority.HIGH
    assert compare.reason.startswith("You hold 2 offers (Acme, Beta): compare them side by side")
    assert "first-year and four-year totals, not only base salary" in compare.reason


def test_a_single_offer_has_nothing_to_compare() -> None:
    beta = offer_from("Beta", offer("2026-12-01", id=2, decision=DECLINED), id=2)

    assert ActionKind.COMPARE_OFFERS not in kinds(plan_for(acme_offer(), beta, today="2026-12-07"))


def test_accepting_is_confirmed_in_writing_the_same_day() -> None:
    acme = offer_from(
        "Acme",
        offer("2026-12-07", "2026-12-11", id=1, decision=ACCEPTED, decided_on="2026-12-09"),
        id=1,
    )

    actions = plan_for(acme, today="2026-12-09")
    confirm = the_one(actions, ActionKind.CONFIRM_ACCEPTANCE)

    assert confirm.key == "confirm-acceptance:1"
    assert confirm.due == day("2026-12-09")
    assert confirm.contact_id == 11
    assert confirm.priority is Priority.HIGH
    assert "You accepted the Acme offer on Wednesday 9 December 2026" in confirm.reason
    assert "ask about the start date and paperwork" in confirm.reason
    # The offer is decided: no more reminders, notices or negotiation prompts for it.
    assert not kinds(actions) & {
        ActionKind.DEADLINE_REMINDER,
        ActionKind.ASK_HOW_WELL,
        ActionKind.RECORD_OFFER_TERMS,
    }


def test_accepting_withdraws_from_every_other_open_process_and_declines_the_other_offer() -> None:
    # Acme accepted on Wednesday 9 December. Beta is interviewing, Gamma only has the application,
    # Delta's offer is pending, Epsilon already said no.
    acme = offer_from(
        "Acme",
        offer("2026-12-07", "2026-12-11", id=1, decision=ACCEPTED, decided_on="2026-12-09"),
        id=1,
    )
    beta = application("Beta", id=2, interviews=[interview_on("2026-12-03", id=5)])
    gamma = application("Gamma", id=3, status=Status.APPLIED)
    delta = offer_from("Delta", offer("2026-12-08", "2026-12-18", id=4), id=4)
    epsilon = rejected("2026-12-04", "Epsilon", id=5)

    actions = plan_for(acme, beta, gamma, delta, epsilon, today="2026-12-09")
    wrap_up = [a for a in actions if a.rule == "wrap-up"]

    assert [(a.key, a.kind, a.application_id, a.contact_id, a.due) for a in wrap_up] == [
        ("decline-offer:1:4", ActionKind.DECLINE_OFFER, 4, 41, day("2026-12-10")),
        ("wrap-up-withdraw:1:2", ActionKind.WITHDRAW, 2, 21, day("2026-12-10")),
        ("wrap-up-withdraw:1:3", ActionKind.WITHDRAW, 3, 31, day("2026-12-10")),
    ]
    assert wrap_up[0].reason.startswith("You accepted Acme: decline the Delta offer graciously")
    assert wrap_up[1].reason.startswith("You accepted Acme: withdraw politely from Beta")


def test_after_accepting_the_other_processes_are_wrapped_up_not_chased() -> None:
    acme = offer_from(
        "Acme",
        offer("2026-12-07", "2026-12-11", id=1, decision=ACCEPTED, decided_on="2026-12-09"),
        id=1,
    )
    beta = application("Beta", id=2, interviews=[interview_on("2026-12-01", id=5, debriefed=True)])
    delta = offer_from("Delta", offer("2026-12-08", "2026-12-18", id=4), id=4)

    actions = plan_for(acme, beta, delta, today="2026-12-09")

    chasing = {
        ActionKind.FOLLOW_UP,
        ActionKind.MARK_GHOSTED,
        ActionKind.OFFER_NOTICE,
        ActionKind.EXTENSION_REQUEST,
        ActionKind.ASK_HOW_WELL,
        ActionKind.DEADLINE_REMINDER,
    }
    assert [a.key for a in actions if a.application_id in (2, 4) and a.kind in chasing] == []


def test_declining_after_accepting_asks_for_a_respectful_message_the_same_day() -> None:
    # She accepted Acme on 9 December, then took Beta's offer and went back on Acme on the 14th.
    acme = offer_from(
        "Acme",
        offer(
            "2026-12-07",
            "2026-12-11",
            id=1,
            decision=DECLINED,
            decided_on="2026-12-14",
            reneged=True,
        ),
        id=1,
    )
    beta = offer_from(
        "Beta",
        offer("2026-12-10", "2026-12-18", id=2, decision=ACCEPTED, decided_on="2026-12-14"),
        id=2,
    )

    actions = plan_for(acme, beta, today="2026-12-14")
    renege = the_one(actions, ActionKind.RENEGE_MESSAGE)

    assert renege.key == "renege-message:1"
    assert renege.due == day("2026-12-14")
    assert renege.application_id == 1
    assert renege.contact_id == 11
    assert renege.priority is Priority.HIGH
    assert "You declined the Acme offer after accepting it: tell them at once" in renege.reason
    assert "with an apology" in renege.reason
    assert the_one(actions, ActionKind.CONFIRM_ACCEPTANCE).application_id == 2


def test_an_ordinary_decline_needs_no_renege_message() -> None:
    acme = offer_from(
        "Acme", offer("2026-12-07", id=1, decision=DECLINED, decided_on="2026-12-09"), id=1
    )

    assert ActionKind.RENEGE_MESSAGE not in kinds(plan_for(acme, today="2026-12-09"))


def two_acceptances() -> list[Action]:
    """A renege attempt the facts do not prevent: Acme accepted on the 9th, Beta on the 11th."""
    acme = offer_from(
        "Acme",
        offer("2026-12-07", "2026-12-11", id=1, decision=ACCEPTED, decided_on="2026-12-09"),
        id=1,
    )
    beta = offer_from(
        "Beta",
        offer("2026-12-08", "2026-12-18", id=2, decision=ACCEPTED, decided_on="2026-12-11"),
        id=2,
    )
    gamma = application("Gamma", id=3, interviews=[interview_on("2026-12-03", id=5)])
    delta = offer_from("Delta", offer("2026-12-08", "2026-12-18", id=4), id=4)
    return plan_for(acme, beta, gamma, delta, today="2026-12-11")


def test_only_the_latest_of_two_acceptances_is_confirmed_and_wraps_up_the_others() -> None:
    actions = two_acceptances()

    confirmations = of_kind(actions, ActionKind.CONFIRM_ACCEPTANCE)
    wrap_up = [a for a in actions if a.rule == "wrap-up"]

    assert [(a.key, a.due) for a in confirmations] == [("confirm-acceptance:2", day("2026-12-11"))]
    assert {(a.kind, a.application_id) for a in wrap_up} == {
        (ActionKind.DECLINE_OFFER, 4),
        (ActionKind.WITHDRAW, 3),
    }


def test_a_second_acceptance_asks_to_settle_the_first_one() -> None:
    actions = two_acceptances()

    settle_first = [
        a
        for a in actions
        if a.application_id == 1 and a.kind in (ActionKind.DECLINE_OFFER, ActionKind.RENEGE_MESSAGE)
    ]

    assert len(settle_first) == 1
