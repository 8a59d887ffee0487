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
- comments-change-only-by-their-author-while-shared: Ana reads exactly the comments Cora
  left, with the text of Cora's last edit and marked edited once changed; Cora's edits and
  deletes take effect only while a share stands (the application refuses, and the database
  policy finds no row to change, even when asked directly); Nell's never do.
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
from afterword.coaching.models import CoachComment
from afterword.db.base import Base
from afterword.errors import NotFoundError
from afterword.pipeline.models import Application
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
            self.application_id = 0
            with self._as_ana() as ws:
                self.application_id = int(
                    ws.session.scalar(sa.select(sa.func.min(Application.id))) or 0
                )
            # The model of Cora's comments: id -> (text, edited).
            self.comments: dict[int, tuple[str, bool]] = {}

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

        @contextlib.contextmanager
        def _coach(self, coach: str) -> Iterator[tuple[Any, Any]]:
            with (
                acting_as(self.ids[coach]),
                viewing(self.ids[ANA]),
                session_scope(url) as session,
            ):
                share = service.share_for(
                    session=session, coach_user_id=self.ids[coach], seeker_id=self.ids[ANA]
                )
                yield session, share

        @rule(text=st.sampled_from(["Lead with the demo", "Ask about on-call"]))
        def comment(self, text: str) -> None:
            try:
                with self._coach(CORA) as (session, share):
                    made = service.add_comment(
                        session=session, share=share, application_id=self.application_id,
                        text=text, now=NOW,
                    ).id  # fmt: skip
            except NotFoundError:
                assert self.shared is None
                return
            assert self.shared is not None
            self.comments[made] = (text, False)

        @precondition(lambda self: bool(self.comments))
        @rule(
            data=st.data(),
            coach=st.sampled_from([CORA, NELL]),
            text=st.sampled_from(["Lead with the demo", "Mention the migration", None]),
        )
        def change(self, data: st.DataObject, coach: str, text: str | None) -> None:
            """An edit (text) or a delete (None), by the author or by a coach of nobody."""
            comment_id = data.draw(st.sampled_from(sorted(self.comments)))
            try:
                with self._coach(coach) as (session, share):
                    if text is None:
                        service.delete_comment(session=session, share=share, comment_id=comment_id)
                    else:
                        service.edit_comment(
                            session=session, share=share, comment_id=comment_id, text=text,
                            now=NOW,
                        )  # fmt: skip
            except NotFoundError:
                assert coach == NELL or self.shared is None
                return
            assert coach == CORA and self.shared is not None
            if text is None:
                del self.comments[comment_id]
            else:
                old, edited = self.comments[comment_id]
                self.comments[comment_id] = (text, edited or text != old)

        @precondition(lambda self: bool(self.comments) and self.shared is None)
        @rule()
        def change_directly_without_a_share(self) -> None:
            """Cora skips the application's checks: the policy alone finds nothing to change."""
            with acting_as(self.ids[CORA]), viewing(self.ids[ANA]), session_scope(url) as s:
                changed: Any = s.execute(sa.update(CoachComment).values(text="planted"))
                gone: Any = s.execute(sa.delete(CoachComment))
                assert changed.rowcount == 0 and gone.rowcount == 0

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

        @invariant()
        def comments_change_only_by_their_author_while_shared(self) -> None:
            with self._as_ana() as ws:
                seen = {
                    line.id: (line.text, line.edited_at is not None)
                    for line in service.comments_for(session=ws.session, user_id=ws.user_id)
                }
            assert seen == self.comments

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
