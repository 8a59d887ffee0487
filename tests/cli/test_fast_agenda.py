"""The fast path for `today` and `plan` prints exactly what the full commands print.

The full commands re-plan, then print; the fast path prints the stored agenda when it is
current (same local day, same version, default timings) and declines otherwise. Generated
searches -- applications, interviews with promised decisions, news, actions done,
dismissed and snoozed, looked at on various days -- check that whenever the fast path
answers, its answer is the full command's, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterword.cli.entry import main
from afterword.cli.fast import try_fast_path
from afterword.playbook.freshness import plan_fingerprint
from afterword.playbook.service import timings_fingerprint
from afterword.settings import get_settings
from afterword.settings.playbook import PlaybookTimings
from afterword.storage.session import dispose_engines
from tests.cli.conftest import Cli

FIRST_DAY = dt.date(2026, 11, 2)


def _day(offset: int) -> str:
    return (FIRST_DAY + dt.timedelta(days=offset)).isoformat()


def _full(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Runs the full command line (no fast path) and returns its exit code and output."""
    os.environ["AFTERWORD_NO_FAST_PATH"] = "1"
    try:
        capsys.readouterr()
        code = main(list(args))
        return code, capsys.readouterr().out
    finally:
        del os.environ["AFTERWORD_NO_FAST_PATH"]


def _fast(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int | None, str]:
    capsys.readouterr()
    code = try_fast_path(list(args))
    return code, capsys.readouterr().out


def _same_answer(capsys: pytest.CaptureFixture[str], *args: str) -> None:
    """The full command answers; right after, the fast path answers too, identically --
    except for --json, whose read schemas come from the full command."""
    code, full = _full(capsys, *args)
    assert code == 0
    fast_code, fast = _fast(capsys, *args)
    if "--json" in args:
        assert fast_code is None, "--json is left to the full command"
        return
    assert fast_code == 0, "the agenda was just planned for this day: the fast path should answer"
    assert fast == full


@contextmanager
def fresh_database(template: Path) -> Iterator[str]:
    """A migrated SQLite database of its own for one generated search."""
    folder = tempfile.mkdtemp(prefix="afterword-fast-agenda-")
    path = Path(folder) / "afterword.sqlite3"
    shutil.copy(template, path)
    before = os.environ.get("AFTERWORD_DATABASE_URL")
    os.environ["AFTERWORD_DATABASE_URL"] = f"sqlite:///{path}"
    get_settings.cache_clear()  # the settings name the database: read them again
    try:
        yield str(path)
    finally:
        dispose_engines()
        if before is None:
            del os.environ["AFTERWORD_DATABASE_URL"]
        else:
            os.environ["AFTERWORD_DATABASE_URL"] = before
        get_settings.cache_clear()
        shutil.rmtree(folder, ignore_errors=True)


COMPANIES = st.sampled_from(["Northwind", "Contoso", "Zoë & Co — Ltd", "Fabrikam", "Initech"])
ROLES = st.sampled_from(["Data Engineer", "Backend Engineer", "Ingénieure données"])
DAYS = st.integers(min_value=0, max_value=40)
TIMELINES = st.sampled_from(
    ["within 3 business days", "within 2 weeks", "by 2026-12-04", "within a month"]
)
NEWS = st.sampled_from(["rejection", "ghosted", "withdrawn", "offer", "more_interviews"])
LOOKS = st.sampled_from([("today",), ("today", "--json"), ("plan",), ("plan", "--json")])


def story_steps(days: st.SearchStrategy[int]) -> st.SearchStrategy[list[tuple[object, ...]]]:
    """Generated stories: what a person records and does, each on a day `days` offsets."""
    return st.lists(
        st.one_of(
            st.tuples(st.just("apply"), COMPANIES, ROLES, days),
            st.tuples(st.just("interview"), st.integers(1, 4), days, TIMELINES),
            st.tuples(st.just("news"), st.integers(1, 4), NEWS, days),
            st.tuples(
                st.just("settle"), st.sampled_from(["done", "dismiss", "snooze"]), st.integers(0, 9)
            ),
            st.tuples(st.just("mood"), st.integers(1, 4), days),
            st.tuples(st.just("look"), LOOKS, days),
        ),
        min_size=1,
        max_size=10,
    )


STEPS = story_steps(DAYS)


def run_step(cli: Cli, step: tuple[object, ...], day: str) -> str:
    """Runs one generated step; returns the day it was done on (the agenda is planned for it)."""
    kind = step[0]
    if kind == "apply":
        _, company, role, offset = step
        day = _day(int(str(offset)))
        cli("--as-of", day, "applications", "add", str(company), str(role))
    elif kind == "interview":
        _, app, offset, timeline = step
        day = _day(int(str(offset)))
        added = cli(
            "--as-of",
            day,
            "interviews",
            "add",
            str(app),
            "--kind",
            "technical",
            "--at",
            f"{day} 10:00",
        )
        if added.code == 0:  # "Logged interview 3: ..."
            interview_id = added.out.split()[2].rstrip(":")
            debriefed = cli(
                "--as-of", day, "interviews", "debrief", interview_id, "--decision", str(timeline)
            )
            assert debriefed.code == 0, debriefed.err
    elif kind == "news":
        _, app, news, offset = step
        day = _day(int(str(offset)))
        cli("--as-of", day, "outcomes", "add", str(app), str(news))
    elif kind == "settle":
        _, how, index = step
        actions = cli("--as-of", day, "plan", "--json")
        open_ids = [action["id"] for action in actions.json()] if actions.code == 0 else []
        if open_ids:
            action_id = str(open_ids[int(str(index)) % len(open_ids)])
            if how == "snooze":
                later = (dt.date.fromisoformat(day) + dt.timedelta(days=3)).isoformat()
                cli("--as-of", day, "actions", "snooze", action_id, "--until", later)
            else:
                cli("--as-of", day, "actions", str(how), action_id)
    elif kind == "mood":
        _, app, offset = step
        day = _day(int(str(offset)))
        cli("--as-of", day, "mood", "add", "3", "--application", str(app))
    return day


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_the_fast_agenda_is_always_the_full_commands_answer(
    steps: list[tuple[object, ...]],
    _sqlite_template: Path,
    cli: Cli,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with fresh_database(_sqlite_template):
        day = _day(0)
        for step in steps:
            if step[0] == "look":
                _, look, offset = step
                _same_answer(capsys, "--as-of", _day(int(str(offset))), *look)  # type: ignore[misc]
            else:
                day = run_step(cli, step, day)
        # After the last write the agenda is planned for its day: every view agrees.
        for look in (("today",), ("today", "--json"), ("plan",), ("plan", "--json")):
            _same_answer(capsys, "--as-of", day, *look)


@pytest.fixture
def planned(cli: Cli) -> Cli:
    cli("--as-of", "2026-11-20", "applications", "add", "Northwind", "Data Engineer")
    cli("--as-of", "2026-12-03", "interviews", "add", "1", "--at", "2026-12-03 14:00")
    return cli


def test_the_fast_path_declines_when_the_day_has_changed_and_answers_once_replanned(
    planned: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _fast(capsys, "--as-of", "2026-12-04", "today")[0] is None
    _same_answer(capsys, "--as-of", "2026-12-04", "today")


def test_the_fast_path_declines_when_the_plan_was_made_by_another_version(
    planned: Cli, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as connection:
        connection.execute("UPDATE users SET planned_with = '0.0.1:defaults'")
    assert _fast(capsys, "--as-of", "2026-12-03", "today")[0] is None


def test_the_fast_path_leaves_changed_timings_to_the_full_command(
    planned: Cli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _fast(capsys, "--as-of", "2026-12-03", "plan")[0] == 0
    monkeypatch.setenv("AFTERWORD_PLAYBOOK__DEBRIEF_BUSINESS_DAYS", "2")
    assert _fast(capsys, "--as-of", "2026-12-03", "plan")[0] is None
    monkeypatch.delenv("AFTERWORD_PLAYBOOK__DEBRIEF_BUSINESS_DAYS")
    config_dir = Path(os.environ["AFTERWORD_CONFIG_DIR"])
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text("[playbook]\ndebrief_business_days = 2\n")
    assert _fast(capsys, "--as-of", "2026-12-03", "plan")[0] is None


def test_a_plan_made_with_changed_timings_is_not_current_for_the_defaults(
    planned: Cli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AFTERWORD_PLAYBOOK__DEBRIEF_BUSINESS_DAYS", "2")
    get_settings.cache_clear()
    assert planned("--as-of", "2026-12-03", "plan").code == 0
    monkeypatch.delenv("AFTERWORD_PLAYBOOK__DEBRIEF_BUSINESS_DAYS")
    get_settings.cache_clear()
    assert _fast(capsys, "--as-of", "2026-12-03", "plan")[0] is None
    _same_answer(capsys, "--as-of", "2026-12-03", "plan")


@pytest.mark.parametrize(
    "argv",
    [
        ["today", "--verbose"],
        ["plan", "extra"],
        ["--as-of", "not-a-date", "today"],
        ["--as-of", "2026-12-03", "applications", "list"],
        ["why", "1"],
    ],
)
def test_the_fast_path_declines_what_it_does_not_fully_understand(
    planned: Cli, argv: list[str]
) -> None:
    assert try_fast_path(argv) is None


def test_the_default_fingerprint_is_what_the_full_path_stores_for_default_timings() -> None:
    assert timings_fingerprint(PlaybookTimings()) == plan_fingerprint({})
    assert timings_fingerprint(PlaybookTimings(debrief_business_days=2)) != plan_fingerprint({})


def test_overview_on_a_current_agenda_says_what_it_says_after_a_replan(
    planned: Cli, sqlite_url: str
) -> None:
    planned("--as-of", "2026-12-01", "outcomes", "add", "1", "more_interviews")
    planned("--as-of", "2026-12-03", "today")
    current = planned("--as-of", "2026-12-03", "overview")
    assert current.code == 0
    assert "To do" in current.out and "Northwind" in current.out
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as connection:
        connection.execute("UPDATE users SET planned_with = 'another version'")
    assert planned("--as-of", "2026-12-03", "overview").out == current.out


ARGUMENT_WORDS = st.sampled_from(
    [
        "today",
        "plan",
        "--json",
        "--as-of",
        "--as-of=2026-12-03",
        "2026-12-03",
        "applications",
        "list",
        "-h",
        "",
    ]
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(argv=st.lists(ARGUMENT_WORDS | st.text(max_size=12), max_size=5))
def test_the_fast_path_answers_or_declines_and_never_fails(
    planned: Cli, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert try_fast_path(argv) in (None, 0)
    capsys.readouterr()


def test_the_fast_path_declines_a_time_zone_it_does_not_know(
    planned: Cli, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as connection:
        connection.execute("UPDATE users SET timezone = 'Nowhere/Atlantis'")
    assert _fast(capsys, "today")[0] is None


def test_after_a_rejection_the_fast_today_says_the_same_words_about_it(
    planned: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    rejected = planned("--as-of", "2026-12-07", "outcomes", "add", "1", "rejection")
    assert rejected.code == 0, rejected.err
    code, full = _full(capsys, "--as-of", "2026-12-07", "today")
    assert code == 0 and "A next step, whenever it suits you" in full
    _same_answer(capsys, "--as-of", "2026-12-07", "today")
    # A fortnight later the news is old: both paths are quiet about it.
    _full(capsys, "--as-of", "2026-12-22", "today")
    _same_answer(capsys, "--as-of", "2026-12-22", "today")
    assert (
        "A next step, whenever it suits you"
        not in _fast(capsys, "--as-of", "2026-12-22", "today")[1]
    )
