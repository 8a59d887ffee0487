"""Generated stories of sharing with a coach, against a model, with row-level security on.

Ana shares her search with Cora (with or without her journal), stops, shares again; Cora
suggests steps; Ana does, dismisses and undoes them; the plan is remade. Invariants, after
every step, read with deliberately unfiltered queries (only the policies filter):
- coach-reads-while-shared: Cora, viewing Ana, sees Ana's application exactly while a share
  stands, and her journal exactly while the share includes it;
- coach-of-nobody-reads-nothing: Nell, a coach nobody shares with, sees none of Ana's rows;
- suggestions-stay-the-seekers: every step Cora suggested while shared is in Ana's agenda in
  the state Ana left it (open, done or dismissed), never withdrawn by a re-plan, and a
  suggestion without a share is refused, leaving nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from afterword import clock
from afterword.accounts.service import add_account
from afterword.coaching import service
from afterword.db.base import Base
from afterword.errors import NotFoundError
from afterword.playbook.models import ActionState, PlannedAction
from afterword.playbook.service import dismiss_action, undo_action
from afterword.profile.models import User
from afterword.reflection.models import JournalEntry
from afterword.settings import Settings
from afterword.storage.row_security import acting_as, scope_rows_to_current_user, viewing
from afterword.storage.session import get_engine, session_scope
from afterword.workspace import workspace_scope
from tests.server.conftest import ANA, CORA, NELL
from tests.web.test_today import interviewed

NOW = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)


def _empty(url: str) -> None:
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    with get_engine(url).begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


def test_coaching_story_keeps_its_invariants(
    server_settings: Settings, _migrated_postgres: str
) -> None:
    url = server_settings.database_url
    scope_rows_to_current_user(get_engine(url))

    class CoachingStory(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            _empty(_migrated_postgres)
            clock.pin(NOW)
            self.ids: dict[str, int] = {}
            with session_scope(url) as session:
                for email, role in ((ANA, "seeker"), (CORA, "coach"), (NELL, "coach")):
                    account = add_account(
                        session=session, email=email, role=role, password=None,
                        timezone="Europe/London", country="GB", now=NOW,
                    )  # fmt: skip
                    self.ids[email] = account.user_id
                handle = session.scalar(sa.select(User.handle).where(User.id == self.ids[ANA]))
            self.ana_settings = server_settings.model_copy(update={"user": handle})
            with self._as_ana() as ws:
                interviewed(ws, "Quince Labs", "Analyst", NOW - dt.timedelta(days=3))
                ws.session.add(JournalEntry(user_id=ws.user_id, written_at=NOW, text="mine"))
            self.shared: bool | None = None  # None: no share; else whether private is in
            self.suggested: dict[int, ActionState] = {}

        @contextlib.contextmanager
        def _as_ana(self) -> Iterator[Any]:
            with acting_as(self.ids[ANA]), workspace_scope(self.ana_settings) as ws:
                yield ws

        def _seen_by(self, coach: str) -> dict[str, int]:
            with acting_as(self.ids[coach]), viewing(self.ids[ANA]), session_scope(url) as s:
                return {
                    table.name: sum(
                        1 for row in s.execute(sa.select(table)) if row.user_id == self.ids[ANA]
                    )
                    for table in Base.metadata.sorted_tables
                    if "user_id" in table.c and table.name != "accounts"
                }

        @rule(private=st.booleans())
        def share(self, private: bool) -> None:
            with self._as_ana() as ws:
                service.share_with_coach(
                    session=ws.session, user_id=ws.user_id, coach_email=CORA,
                    include_private=private, now=NOW,
                )  # fmt: skip
            self.shared = private

        @precondition(lambda self: self.shared is not None)
        @rule()
        def stop(self) -> None:
            with self._as_ana() as ws:
                (shared,) = service.shares_of(session=ws.session, user_id=ws.user_id)
                service.stop_sharing(
                    session=ws.session, user_id=ws.user_id, share_id=shared.share.id
                )
            self.shared = None

        @rule(text=st.sampled_from(["Call your referee", "Rest on Sunday", "Ask about the team"]))
        def suggest(self, text: str) -> None:
            try:
                with (
                    acting_as(self.ids[CORA]),
                    viewing(self.ids[ANA]),
                    session_scope(url) as session,
                ):
                    share = service.share_for(
                        session=session, coach_user_id=self.ids[CORA], seeker_id=self.ids[ANA]
                    )
                    row = service.suggest_action(
                        session=session, share=share, text=text, due=NOW.date(),
                        application_id=None, now=NOW,
                    )  # fmt: skip
                    made = row.id
            except NotFoundError:
                assert self.shared is None
                return
            assert self.shared is not None
            self.suggested[made] = ActionState.OPEN

        @precondition(lambda self: bool(self.suggested))
        @rule(data=st.data(), verb=st.sampled_from(["dismiss", "undo"]))
        def act(self, data: st.DataObject, verb: str) -> None:
            action_id = data.draw(st.sampled_from(sorted(self.suggested)))
            state = self.suggested[action_id]
            if (verb == "undo") == (state is ActionState.OPEN):
                return  # nothing to undo / already settled: not this step's business
            with self._as_ana() as ws:
                if verb == "dismiss":
                    dismiss_action(
                        session=ws.session, user_id=ws.user_id, action_id=action_id,
                        on=ws.today, now=ws.now,
                    )  # fmt: skip
                    self.suggested[action_id] = ActionState.DISMISSED
                else:
                    undo_action(
                        session=ws.session, user_id=ws.user_id, action_id=action_id,
                        today=ws.today, now=ws.now,
                    )  # fmt: skip
                    self.suggested[action_id] = ActionState.OPEN

        @rule()
        def replan(self) -> None:
            with self._as_ana() as ws:
                ws.replan()

        @invariant()
        def coach_reads_while_shared(self) -> None:
            seen = self._seen_by(CORA)
            assert seen["applications"] == (1 if self.shared is not None else 0)
            assert seen["journal_entries"] == (1 if self.shared else 0)

        @invariant()
        def coach_of_nobody_reads_nothing(self) -> None:
            assert set(self._seen_by(NELL).values()) == {0}

        @invariant()
        def suggestions_stay_the_seekers(self) -> None:
            with self._as_ana() as ws:
                rows = ws.session.scalars(
                    sa.select(PlannedAction).where(
                        PlannedAction.user_id == ws.user_id, PlannedAction.rule == "coach"
                    )
                ).all()
                assert {row.id: row.state for row in rows} == self.suggested

        def teardown(self) -> None:
            clock.pin(None)

    run_state_machine_as_test(
        CoachingStory,
        settings=settings(
            max_examples=6,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
