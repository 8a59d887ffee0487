"""After a write, re-planning only what changed leaves the agenda a whole re-plan would.

Writes re-plan the applications they touched plus the search-wide rules (when the agenda
was current and no offer is in play). Generated stories -- mostly on the same few days, so
that most re-plans are partial -- check after every write that a whole re-plan of a copy
of the database finds nothing to change, and that the lean loader of the facts reads what
a load through the ORM objects reads.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from afterword.playbook.fact_loading import load_facts
from afterword.playbook.models import PlannedAction
from afterword.playbook.service import replan
from afterword.playbook.timings import PlaybookTimings
from afterword.profile.service import find_user
from afterword.settings import get_settings
from afterword.storage.session import dispose_engines, session_scope
from tests.cli.conftest import Cli
from tests.cli.test_fast_agenda import fresh_database, run_step, story_steps
from tests.playbook import reference_facts

_COMPARED = [
    column.name for column in PlannedAction.__table__.columns if column.name != "updated_at"
]


def _agenda(path: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            f"SELECT {', '.join(_COMPARED)} FROM actions ORDER BY id"
        ).fetchall()


def _whole_replan_changes_nothing(path: str) -> None:
    """Copies the database, re-plans the copy whole for the day the agenda was planned for
    (a step that failed planned nothing), and compares the agendas."""
    with sqlite3.connect(path) as connection:
        [(day,)] = connection.execute("SELECT planned_on FROM users").fetchall()
    with tempfile.TemporaryDirectory() as folder:
        copy = str(Path(folder) / "copy.sqlite3")
        with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
            source.backup(target)
        url = f"sqlite:///{copy}"
        with session_scope(url) as session:  # no watch_changes: nothing says what changed
            user = find_user(session=session, handle="me")
            assert user is not None
            summary = replan(
                session=session,
                user=user,
                today=dt.date.fromisoformat(day),
                now=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
                timings=PlaybookTimings(),
            )
        dispose_engines()
        assert (summary.created, summary.updated, summary.withdrawn) == (0, 0, 0)
        assert _agenda(copy) == _agenda(path)


def _lean_facts_are_the_objects_facts() -> None:
    """The lean loader reads the same facts as a load through the ORM objects."""
    with session_scope(get_settings().database_url) as session:
        user = find_user(session=session, handle="me")
        if user is None:
            return
        lean = load_facts(session=session, user_id=user.id, timezone=user.timezone)
        session.expire_all()
        assert lean == reference_facts.load_facts(
            session=session, user_id=user.id, timezone=user.timezone
        )


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=story_steps(st.integers(min_value=0, max_value=2)))
def test_a_partial_replan_leaves_the_agenda_a_whole_replan_would(
    steps: list[tuple[object, ...]],
    _sqlite_template: Path,
    cli: Cli,
    capsys: pytest.CaptureFixture[str],
) -> None:
    note(f"story: {steps}")
    with fresh_database(_sqlite_template) as path:
        day = "2026-11-02"
        for step in steps:
            if step[0] == "look":
                continue
            day = run_step(cli, step, day)
            _lean_facts_are_the_objects_facts()
            if _agenda(path):
                _whole_replan_changes_nothing(path)
