"""The fast path for `overview` prints exactly what the full command prints.

Generated searches (applications, interviews with promised decisions, news, actions done,
dismissed and snoozed, moods) check that whenever the fast path answers, its answer is the
full command's, byte for byte; and that it answers whenever the agenda is current.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from afterword.cli.fast import try_fast_path
from afterword.cli.fast_overview import DEMO_TABLES
from afterword.demo.workspace import _DEMO_ROWS
from tests.cli.conftest import Cli
from tests.cli.test_fast_agenda import (
    STEPS,
    _day,
    _fast,
    _full,
    fresh_database,
    run_step,
)


def _same_overview(capsys: pytest.CaptureFixture[str], day: str) -> None:
    code, full = _full(capsys, "--as-of", day, "overview")
    assert code == 0
    fast_code, fast = _fast(capsys, "--as-of", day, "overview")
    if fast_code is None and "No applications yet" in full:
        return  # nothing to plan: the full command plans nothing, so no plan is current
    assert fast_code == 0, "the agenda is current for this day: the fast path should answer"
    assert fast == full


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_the_fast_overview_is_always_the_full_commands_answer(
    steps: list[tuple[object, ...]],
    _sqlite_template: Path,
    cli: Cli,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with fresh_database(_sqlite_template):
        day = _day(0)
        for step in steps:
            if step[0] == "look":
                _, _look, offset = step
                _same_overview(capsys, _day(int(str(offset))))
            else:
                day = run_step(cli, step, day)
        _same_overview(capsys, day)
        # Days later, before any re-plan, the fast path leaves the overview to the full one.
        later = (dt.date.fromisoformat(day) + dt.timedelta(days=3)).isoformat()
        assert _fast(capsys, "--as-of", later, "overview")[0] is None
        _same_overview(capsys, later)


def test_the_overview_of_an_empty_search_is_the_same_either_way(
    cli: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    cli("--as-of", "2026-12-03", "today")  # creates the user and plans nothing
    _same_overview(capsys, "2026-12-03")


def test_the_fast_overview_leaves_the_demo_workspace_to_the_full_command(
    cli: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("demo", "load").code == 0
    day = cli("today").out.splitlines()[0]
    assert day
    assert _fast(capsys, "overview")[0] is None
    assert "This is the demo workspace" in cli("overview").out


def test_the_fast_overview_looks_for_demo_rows_in_every_table_the_demo_fills() -> None:
    assert set(DEMO_TABLES) == {model.__tablename__ for model, _uids in _DEMO_ROWS}
    # The demo's uids are name-based (version 5); the fast path recognises them by that.
    assert all(uid[14] == "5" for _model, uids in _DEMO_ROWS for uid in uids)


@pytest.mark.parametrize("argv", [["overview", "--json"], ["overview", "extra"]])
def test_the_fast_overview_declines_what_it_does_not_know(cli: Cli, argv: list[str]) -> None:
    cli("--as-of", "2026-12-03", "applications", "add", "Northwind", "Engineer")
    assert try_fast_path(argv) is None
