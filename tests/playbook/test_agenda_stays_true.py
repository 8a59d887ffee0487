"""User stories: doing what afterword suggests changes the record, and no advice contradicts it.

Each story runs through the real services, on SQLite and on PostgreSQL, with the clock set
to the day the person acts, as `afterword --as-of` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
import sqlalchemy as sa

from afterword.errors import ConfirmationRequiredError, InvalidInputError
from afterword.mail.compose import eml_bytes
from afterword.mail.models import DeliveryRoute
from afterword.mail.service import (
    action_draft,
    check_delivery,
    outgoing_message,
    record_delivery,
    record_sent_by_user,
)
from afterword.offers.schemas import OfferTerms
from afterword.offers.service import (
    ask_for_more_time_again,
    decide,
    list_offers,
    pending_offer,
    record_news,
    record_offer,
    update_offer,
)
from afterword.pipeline.applications import add_application, get_application
from afterword.pipeline.contacts import add_contact
from afterword.pipeline.interviews import log_interview, record_debrief
from afterword.pipeline.models import ContactRole, InterviewKind
from afterword.pipeline.schemas import (
    ApplicationFields,
    ContactFields,
    InterviewFields,
    OutcomeFields,
)
from afterword.pipeline.status import OfferDecision, OutcomeKind, Status
from afterword.playbook.actions import ActionKind
from afterword.playbook.models import ActionState, PlannedAction
from afterword.playbook.service import complete_action, undo_action
from afterword.reflection.encouragement_service import encouragement_for
from afterword.reflection.schemas import JournalFields, MoodFields
from afterword.reflection.service import add_journal_entry, add_mood
from afterword.settings import load_settings
from afterword.transfer.csv_import import import_csv
from afterword.workspace import Workspace, workspace_scope

Day = Callable[[str], AbstractContextManager[Workspace]]


@pytest.fixture
def on(database_url: str) -> Iterator[Day]:
    """`with on("2026-12-03") as ws:` -- a unit of work on that day, committed at the end."""
    settings = load_settings(database_url=database_url)

    def at(day: str) -> AbstractContextManager[Workspace]:
        return workspace_scope(settings, as_of=dt.date.fromisoformat(day))

    yield at


# -- building the story --------------------------------------------------------------------------


def apply(ws: Workspace, company: str, *, interest: int | None = None, email: bool = True) -> int:
    """Applies to `company` and records its recruiter (with an address unless `email` is off)."""
    application = add_application(
        session=ws.session,
        user_id=ws.user_id,
        fields=ApplicationFields(
            company=company, role="Data Engineer", applied_on=ws.today, interest=interest
        ),
        now=ws.now,
    )
    add_contact(
        session=ws.session,
        user_id=ws.user_id,
        application_id=application.id,
        fields=ContactFields(
            name="Priya Shah", email=f"priya@{company.lower()}.example" if email else None
        ),
        now=ws.now,
    )
    return application.id


def interview(ws: Workspace, app_id: int, on: str, *, interviewer_email: str | None = None) -> int:
    """Logs a round at 14:00 UTC on `on`, with Tom Okafor as the interviewer."""
    at = dt.datetime.combine(dt.date.fromisoformat(on), dt.time(14), tzinfo=dt.UTC)
    return log_interview(
        session=ws.session,
        user_id=ws.user_id,
        application_id=app_id,
        fields=InterviewFields(kind=InterviewKind.TECHNICAL, scheduled_at=at),
        now=ws.now,
        new_interviewers=[
            ContactFields(name="Tom Okafor", role=ContactRole.INTERVIEWER, email=interviewer_email)
        ],
    ).id


def news(ws: Workspace, app_id: int, kind: OutcomeKind, *, dated: bool = True) -> None:
    record_news(
        session=ws.session,
        user_id=ws.user_id,
        application_id=app_id,
        fields=OutcomeFields(kind=kind, occurred_on=ws.today, date_known=dated),
        now=ws.now,
    )


def offer(ws: Workspace, app_id: int, deadline: str) -> int:
    return record_offer(
        session=ws.session,
        user_id=ws.user_id,
        application_id=app_id,
        terms=OfferTerms(
            base_salary=80_000, currency="GBP", deadline=dt.date.fromisoformat(deadline)
        ),
        received_on=ws.today,
        now=ws.now,
    ).id


def actions(ws: Workspace, state: ActionState = ActionState.OPEN) -> list[PlannedAction]:
    ws.replan()
    return list(
        ws.session.scalars(
            sa.select(PlannedAction)
            .where(PlannedAction.user_id == ws.user_id, PlannedAction.state == state)
            .order_by(PlannedAction.id)
        )
    )


def kinds(ws: Workspace, app_id: int | None = None) -> set[ActionKind]:
    return {row.kind for row in actions(ws) if app_id is None or row.application_id == app_id}


def the(ws: Workspace, kind: ActionKind, app_id: int | None = None) -> PlannedAction:
    found = [
        row
        for row in actions(ws)
        if row.kind is kind and (app_id is None or row.application_id == app_id)
    ]
    assert len(found) == 1, [row.key for row in found]
    return found[0]


def status(ws: Workspace, app_id: int) -> Status:
    return get_application(session=ws.session, user_id=ws.user_id, application_id=app_id).status


def history(ws: Workspace, app_id: int) -> list[str]:
    application = get_application(session=ws.session, user_id=ws.user_id, application_id=app_id)
    return [change.cause for change in application.history]


def state_of(ws: Workspace, action_id: int) -> PlannedAction:
    row = ws.session.get(PlannedAction, action_id)
    assert row is not None
    return row


def not_interested_after_interview(on: Day) -> tuple[int, int]:
    with on("2026-11-30") as ws:
        app = apply(ws, "Contoso")
        round_id = interview(ws, app, "2026-12-01")
    with on("2026-12-01") as ws:
        record_debrief(
            session=ws.session,
            user_id=ws.user_id,
            interview_id=round_id,
            changes={"self_rating": 2, "still_interested": False},
            now=ws.now,
        )
    return app, round_id


# -- close the loop ------------------------------------------------------------------------------


def test_a_withdrawal_marked_done_records_the_process_as_withdrawn_and_can_be_undone(
    on: Day,
) -> None:
    app, _round = not_interested_after_interview(on)
    with on("2026-12-02") as ws:
        withdraw = the(ws, ActionKind.WITHDRAW, app)
        assert withdraw.due == dt.date(2026, 12, 2)
        row = complete_action(
            session=ws.session,
            user_id=ws.user_id,
            action_id=withdraw.id,
            on=ws.today,
            now=ws.now,
        )
        assert (
            row.done_note == "withdrawal marked done on 2 Dec 2026; Contoso recorded as withdrawn"
        )
    with on("2026-12-02") as ws:
        assert status(ws, app) is Status.WITHDRAWN
        assert history(ws, app)[-1] == "withdrawal marked done on 2 Dec 2026"
        assert kinds(ws, app) == set()  # nothing left to chase
        undo_action(
            session=ws.session,
            user_id=ws.user_id,
            action_id=withdraw.id,
            today=ws.today,
            now=ws.now,
        )
    with on("2026-12-02") as ws:
        assert status(ws, app) is Status.INTERVIEWING
        assert history(ws, app)[-1].startswith("undone on 2 Dec 2026: withdrawal marked done")
        assert state_of(ws, withdraw.id).state is ActionState.OPEN
        assert ws.session.scalars(
            sa.select(PlannedAction.kind).where(PlannedAction.state == ActionState.OPEN)
        ).all() == [ActionKind.WITHDRAW]


def test_a_withdrawal_sent_from_the_users_own_mail_says_so_in_the_history(on: Day) -> None:
    app, _round = not_interested_after_interview(on)
    with on("2026-12-02") as ws:
        withdraw = the(ws, ActionKind.WITHDRAW, app)
        record_sent_by_user(
            session=ws.session,
            user=ws.user,
            action_id=withdraw.id,
            subject=None,
            body=None,
            again=False,
            now=ws.now,
            today=ws.today,
        )
    with on("2026-12-02") as ws:
        assert status(ws, app) is Status.WITHDRAWN
        assert (
            history(ws, app)[-1] == "withdrawal email sent from your own mail, noted on 2 Dec 2026"
        )
        assert state_of(ws, withdraw.id).state is ActionState.DONE


def test_declining_an_offer_you_no_longer_want_records_it_declined(on: Day) -> None:
    app, _round = not_interested_after_interview(on)
    with on("2026-12-03") as ws:
        # The company makes an offer anyway; the user said they no longer want the job.
        news(ws, app, OutcomeKind.OFFER)
        decline = the(ws, ActionKind.DECLINE_OFFER, app)
        assert kinds(ws, app) == {ActionKind.DECLINE_OFFER}  # no terms, reminders or leverage
        complete_action(
            session=ws.session, user_id=ws.user_id, action_id=decline.id, on=ws.today, now=ws.now
        )
    with on("2026-12-03") as ws:
        assert status(ws, app) is Status.DECLINED
        assert list_offers(session=ws.session, user_id=ws.user_id, pending_only=True) == []
        assert "marked done on 3 Dec 2026" in history(ws, app)[-1]


def test_agreeing_a_silent_company_ghosted_you_closes_the_process(on: Day) -> None:
    with on("2026-11-02") as ws:
        app = apply(ws, "Globex")
        interview(ws, app, "2026-11-02")
    for day in ("2026-11-10", "2026-11-18"):  # both follow-ups go out, no answer
        with on(day) as ws:
            chase = next(
                row
                for row in actions(ws)
                if row.kind in (ActionKind.FOLLOW_UP, ActionKind.SECOND_FOLLOW_UP)
            )
            complete_action(
                session=ws.session, user_id=ws.user_id, action_id=chase.id, on=ws.today, now=ws.now
            )
    with on("2026-12-10") as ws:
        ghosted = the(ws, ActionKind.MARK_GHOSTED, app)
        complete_action(
            session=ws.session, user_id=ws.user_id, action_id=ghosted.id, on=ws.today, now=ws.now
        )
    with on("2026-12-10") as ws:
        assert status(ws, app) is Status.GHOSTED
        assert kinds(ws, app) == set()


def test_a_confirmed_renege_settles_the_first_acceptance_at_once(on: Day) -> None:
    with on("2026-12-01") as ws:
        first = apply(ws, "Northwind")
        second = apply(ws, "Contoso")
        first_offer = offer(ws, first, "2026-12-10")
        second_offer = offer(ws, second, "2026-12-12")
        decide(
            session=ws.session,
            user_id=ws.user_id,
            offer_id=first_offer,
            decision=OfferDecision.ACCEPTED,
            decided_on=ws.today,
            now=ws.now,
        )
    refused = pytest.raises(
        ConfirmationRequiredError, match="already accepted the offer from Northwind"
    )
    with on("2026-12-03") as ws, refused:
        decide(
            session=ws.session,
            user_id=ws.user_id,
            offer_id=second_offer,
            decision=OfferDecision.ACCEPTED,
            decided_on=ws.today,
            now=ws.now,
        )
    with on("2026-12-03") as ws:
        result = decide(
            session=ws.session,
            user_id=ws.user_id,
            offer_id=second_offer,
            decision=OfferDecision.ACCEPTED,
            decided_on=ws.today,
            now=ws.now,
            confirm_renege=True,
        )
        assert [o.id for o in result.reneged] == [first_offer]
    with on("2026-12-03") as ws:
        assert (status(ws, first), status(ws, second)) == (Status.DECLINED, Status.ACCEPTED)
        assert "went back on this acceptance" in history(ws, first)[-1]
        assert the(ws, ActionKind.RENEGE_MESSAGE, first).state is ActionState.OPEN
        # Declining the first offer is already done: no second confirmation is asked for.
        with pytest.raises(InvalidInputError, match="already declined"):
            decide(
                session=ws.session,
                user_id=ws.user_id,
                offer_id=first_offer,
                decision=OfferDecision.DECLINED,
                decided_on=ws.today,
                now=ws.now,
            )


def test_doing_the_step_inside_afterword_counts_as_done_not_withdrawn(on: Day) -> None:
    with on("2026-11-30") as ws:
        app = apply(ws, "Fabrikam")
        round_id = interview(ws, app, "2026-11-30")
        debrief = the(ws, ActionKind.DEBRIEF, app)
    with on("2026-11-30") as ws:
        record_debrief(
            session=ws.session,
            user_id=ws.user_id,
            interview_id=round_id,
            changes={"went_well": "The SQL part"},
            now=ws.now,
        )
    with on("2026-12-04") as ws:
        news(ws, app, OutcomeKind.REJECTION)
        check_in = the(ws, ActionKind.MOOD_CHECK_IN, app)
    with on("2026-12-04") as ws:
        add_mood(
            session=ws.session,
            user_id=ws.user_id,
            fields=MoodFields(mood=2),
            now=ws.now,
            application_id=app,
        )
    with on("2026-12-08") as ws:
        reflect = the(ws, ActionKind.REFLECT, app)
        add_journal_entry(
            session=ws.session,
            user_id=ws.user_id,
            fields=JournalFields(text="The design round needs practice."),
            now=ws.now,
            application_id=app,
        )
    with on("2026-12-08") as ws:
        ws.replan()
        for row, note in (
            (debrief, "debrief written on 30 Nov 2026"),
            (check_in, "mood recorded on 4 Dec 2026"),
            (reflect, "journal entry written on 8 Dec 2026"),
        ):
            settled = state_of(ws, row.id)
            assert (settled.state, settled.done_note) == (ActionState.DONE, note)
        # A step settled by a record is changed through that record, not undone here.
        with pytest.raises(InvalidInputError, match="change or delete that record instead"):
            undo_action(
                session=ws.session,
                user_id=ws.user_id,
                action_id=debrief.id,
                today=ws.today,
                now=ws.now,
            )


def test_recording_the_offers_terms_settles_that_step(on: Day) -> None:
    with on("2026-12-01") as ws:
        app = apply(ws, "Northwind")
        news(ws, app, OutcomeKind.OFFER)
        record = the(ws, ActionKind.RECORD_OFFER_TERMS, app)
    with on("2026-12-01") as ws:
        application = get_application(session=ws.session, user_id=ws.user_id, application_id=app)
        offer_row = pending_offer(application)
        assert offer_row is not None
        update_offer(
            session=ws.session,
            user_id=ws.user_id,
            offer_id=offer_row.id,
            changes={"base_salary": 90_000, "deadline": dt.date(2026, 12, 9)},
            now=ws.now,
        )
    with on("2026-12-01") as ws:
        settled = state_of(ws, record.id)
        assert (settled.state, settled.done_note) == (
            ActionState.DONE,
            "terms and deadline recorded",
        )


def test_steps_that_things_moved_past_are_withdrawn_with_the_reason(on: Day) -> None:
    with on("2026-11-23") as ws:
        app = apply(ws, "Globex")
        interview(ws, app, "2026-11-23")
    with on("2026-12-02") as ws:
        follow_up = the(ws, ActionKind.FOLLOW_UP, app)
        news(ws, app, OutcomeKind.REJECTION)
    with on("2026-12-02") as ws:
        moved = state_of(ws, follow_up.id)
        assert moved.state is ActionState.WITHDRAWN
        assert (
            moved.withdrawn_reason == "no longer needed: things moved on at Globex (now rejected)"
        )
        assert moved.done_note is None


# -- never contradict the record -------------------------------------------------------------


def test_not_interested_leaves_only_the_withdrawal(on: Day) -> None:
    app, _round = not_interested_after_interview(on)
    with on("2026-12-01") as ws:
        assert kinds(ws, app) == {ActionKind.WITHDRAW}
    with on("2026-12-20") as ws:  # long after the default wait: still no chasing
        assert kinds(ws, app) == {ActionKind.WITHDRAW}


def test_after_accepting_nothing_nudges_to_keep_applying_or_chases_the_others(on: Day) -> None:
    with on("2026-11-16") as ws:
        rejected = apply(ws, "Initech")
        other = apply(ws, "Contoso")
        interview(ws, other, "2026-11-16", interviewer_email="tom@contoso.example")
        accepted = apply(ws, "Northwind")
        accepted_offer = offer(ws, accepted, "2026-12-01")
    with on("2026-11-20") as ws:
        news(ws, rejected, OutcomeKind.REJECTION)
        decide(
            session=ws.session,
            user_id=ws.user_id,
            offer_id=accepted_offer,
            decision=OfferDecision.ACCEPTED,
            decided_on=ws.today,
            now=ws.now,
        )
    with on("2026-11-30") as ws:
        assert ActionKind.KEEP_APPLYING not in kinds(ws)
        # Contoso: only the withdrawal, no three-week-old thank-yous or debrief.
        assert kinds(ws, other) == {ActionKind.WITHDRAW}
        block = encouragement_for(
            session=ws.session, user_id=ws.user_id, today=ws.today, now=ws.now
        )
        assert block is not None and block.news == "accepted"
        assert block.heading == "You accepted Northwind"
        assert not any("nothing else is open" in s.lower() for s in block.sentences)


def test_the_today_block_speaks_of_the_latest_news(on: Day) -> None:
    with on("2026-12-01") as ws:
        rejected = apply(ws, "Initech")
        later = apply(ws, "Northwind")
        news(ws, rejected, OutcomeKind.REJECTION)
    with on("2026-12-02") as ws:
        block = encouragement_for(
            session=ws.session, user_id=ws.user_id, today=ws.today, now=ws.now
        )
        assert block is not None and block.heading == "After the news from Initech"
        assert block.application_id == rejected
        offer(ws, later, "2026-12-11")
    with on("2026-12-03") as ws:
        block = encouragement_for(
            session=ws.session, user_id=ws.user_id, today=ws.today, now=ws.now
        )
        assert block is not None and block.heading == "An offer from Northwind"


def test_no_thank_you_or_debrief_before_the_interview_and_no_sending_for_it(on: Day) -> None:
    with on("2026-11-30") as ws:
        app = apply(ws, "Fabrikam")
        interview(ws, app, "2026-12-03")
    with on("2026-12-02") as ws:
        assert kinds(ws, app) == set()
    with on("2026-12-03") as ws:  # the day itself, at noon: the interview is at 14:00
        thanks = the(ws, ActionKind.THANK_RECRUITER, app)
        assert (
            "After your technical interview with Fabrikam on Thursday 3 December" in thanks.reason
        )
        with pytest.raises(InvalidInputError, match="still ahead"):
            record_sent_by_user(
                session=ws.session,
                user=ws.user,
                action_id=thanks.id,
                subject=None,
                body=None,
                again=True,
                now=ws.now,
                today=ws.today,
            )
        assert state_of(ws, thanks.id).state is ActionState.OPEN


def test_a_withdrawn_or_done_email_is_not_sent_by_accident(on: Day) -> None:
    with on("2026-11-23") as ws:
        app = apply(ws, "Globex")
        interview(ws, app, "2026-11-23")
    with on("2026-12-01") as ws:
        follow_up = the(ws, ActionKind.FOLLOW_UP, app)
        news(ws, app, OutcomeKind.REJECTION)
    with on("2026-12-02") as ws:
        for route in (DeliveryRoute.SMTP, DeliveryRoute.COPIED, DeliveryRoute.EML):
            row, draft = action_draft(
                session=ws.session, user=ws.user, action_id=follow_up.id, today=ws.today
            )
            with pytest.raises(ConfirmationRequiredError, match="was withdrawn, no longer needed"):
                check_delivery(
                    session=ws.session,
                    user=ws.user,
                    action=row,
                    draft=draft,
                    route=route,
                    again=False,
                    now=ws.now,
                    today=ws.today,
                )
        # Asked for explicitly, it is recorded, and the step stays as it was.
        record_sent_by_user(
            session=ws.session,
            user=ws.user,
            action_id=follow_up.id,
            subject=None,
            body=None,
            again=True,
            now=ws.now,
            today=ws.today,
        )
        assert state_of(ws, follow_up.id).state is ActionState.WITHDRAWN
        assert status(ws, app) is Status.REJECTED


def test_more_time_is_asked_for_once_unless_the_user_asks_again(on: Day) -> None:
    with on("2026-12-01") as ws:
        slow = apply(ws, "Contoso")
        round_id = interview(ws, slow, "2026-11-30")
        record_debrief(
            session=ws.session,
            user_id=ws.user_id,
            interview_id=round_id,
            changes={"decision_within": 3, "decision_within_unit": "weeks"},
            now=ws.now,
        )
        fast = apply(ws, "Northwind")
        offer_id = offer(ws, fast, "2026-12-08")
    with on("2026-12-02") as ws:
        request = the(ws, ActionKind.EXTENSION_REQUEST, fast)
        complete_action(
            session=ws.session, user_id=ws.user_id, action_id=request.id, on=ws.today, now=ws.now
        )
    with on("2026-12-03") as ws:
        # The company grants a week; nothing proposes a second request by itself.
        update_offer(
            session=ws.session,
            user_id=ws.user_id,
            offer_id=offer_id,
            changes={"extended_deadline": dt.date(2026, 12, 15)},
            now=ws.now,
        )
    with on("2026-12-04") as ws:
        assert ActionKind.EXTENSION_REQUEST not in kinds(ws, fast)
        ask_for_more_time_again(
            session=ws.session, user_id=ws.user_id, offer_id=offer_id, today=ws.today, now=ws.now
        )
    with on("2026-12-04") as ws:
        again = the(ws, ActionKind.EXTENSION_REQUEST, fast)
        assert again.id != request.id
        assert "again" in again.key


def test_an_imported_old_rejection_starts_no_rituals_today(on: Day, tmp_path: Path) -> None:
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Company,Role,Applied,Status\nInitech,Analyst,2026-08-03,Rejected\n", encoding="utf-8"
    )
    with on("2026-12-03") as ws:
        import_csv(
            session=ws.session,
            user_id=ws.user_id,
            path=str(tracker),
            country="GB",
            now=ws.now,
        )
    with on("2026-12-03") as ws:
        assert kinds(ws) == set()
        block = encouragement_for(
            session=ws.session, user_id=ws.user_id, today=ws.today, now=ws.now
        )
        assert block is None


# -- drafts say only what is true ---------------------------------------------------------------


def test_the_follow_up_states_no_date_the_company_never_gave(on: Day) -> None:
    with on("2026-12-01") as ws:
        app = apply(ws, "Northwind")
        round_id = interview(ws, app, "2026-12-01", interviewer_email="tom@northwind.example")
        record_debrief(
            session=ws.session,
            user_id=ws.user_id,
            interview_id=round_id,
            changes={"self_rating": 4},
            now=ws.now,
            questions=[],
        )
    with on("2026-12-10") as ws:
        follow_up = the(ws, ActionKind.FOLLOW_UP, app)
        _row, draft = action_draft(
            session=ws.session, user=ws.user, action_id=follow_up.id, today=ws.today
        )
        # afterword assumed a decision around Tuesday 8 December; the company said nothing.
        assert "8 December" in follow_up.reason
        assert "8 December" not in draft.body
        assert "hoped to decide" not in draft.body


def test_a_process_with_no_address_gets_no_draft(on: Day) -> None:
    with on("2026-12-01") as ws:
        app = apply(ws, "Initech", email=False)
        interview(ws, app, "2026-12-01")
    with on("2026-12-01") as ws:
        thanks = the(ws, ActionKind.THANK_RECRUITER, app)
        with pytest.raises(
            InvalidInputError, match="there is no address for Priya Shah at Initech"
        ):
            record_sent_by_user(
                session=ws.session,
                user=ws.user,
                action_id=thanks.id,
                subject=None,
                body=None,
                again=False,
                now=ws.now,
                today=ws.today,
            )


def test_an_eml_opens_as_a_draft_and_leaves_the_step_open(on: Day) -> None:
    with on("2026-12-01") as ws:
        ws.user.email = "sam@example.com"
        app = apply(ws, "Northwind")
        interview(ws, app, "2026-12-01")
    with on("2026-12-02") as ws:
        thanks = the(ws, ActionKind.THANK_RECRUITER, app)
        row, draft = action_draft(
            session=ws.session, user=ws.user, action_id=thanks.id, today=ws.today
        )
        message = outgoing_message(draft, from_name="Sam", sender="sam@example.com", now=ws.now)
        assert b"X-Unsent: 1" in eml_bytes(message)
        record_delivery(
            session=ws.session,
            user_id=ws.user_id,
            action=row,
            application_id=app,
            draft=draft,
            route=DeliveryRoute.EML,
            message_id=message["Message-ID"],
            now=ws.now,
            today=ws.today,
        )
    with on("2026-12-02") as ws:
        assert state_of(ws, thanks.id).state is ActionState.OPEN


def test_a_second_offer_updates_the_notice_still_to_send(on: Day) -> None:
    with on("2026-12-01") as ws:
        waiting = apply(ws, "Contoso", interest=5)
        interview(ws, waiting, "2026-11-30")
        first = apply(ws, "Northwind")
        offer(ws, first, "2026-12-14")
    with on("2026-12-01") as ws:
        notice = the(ws, ActionKind.OFFER_NOTICE, waiting)
        assert "Monday 14 December" in notice.reason
        second = apply(ws, "Fabrikam")
        offer(ws, second, "2026-12-09")
    with on("2026-12-02") as ws:
        updated = the(ws, ActionKind.OFFER_NOTICE, waiting)
        assert updated.id == notice.id
        assert "Wednesday 9 December" in updated.reason
        _row, draft = action_draft(
            session=ws.session, user=ws.user, action_id=updated.id, today=ws.today
        )
        assert "offer from Fabrikam" in draft.body
        assert "very keen on the role at Contoso" in draft.body
