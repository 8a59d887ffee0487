"""A write re-plans only what it changed, and the agenda is exactly what a whole re-plan makes.

Generated stories -- applications, rounds with promised decisions and tough questions,
news, offers decided, moods, journal entries, reflections, feedback, salary research, the
game plan chosen, ticked off and revisited, practice, contacts, interest, deletions, actions
done, dismissed, snoozed and undone -- run twice, step by step, on two copies of one
database: once as afterword runs (partial re-plans where they are safe), once with every
re-plan whole. After every step the two stored agendas (every column of every action) and
the plan's marks on the user (day, version, words, revision) are the same, and so is what
the command printed. Most steps fall on the same few days, so most re-plans are partial.

Along the way, the lean loader of the facts reads what a load through the ORM objects
reads (tests/playbook/reference_facts.py), on every state of every story.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st

from afterword.cli.entry import main
from afterword.db import base
from afterword.playbook import fact_loading, service
from afterword.playbook.models import PlannedAction
from afterword.profile.service import find_user
from afterword.settings import get_settings
from afterword.storage.session import dispose_engines, session_scope
from tests.playbook import reference_facts

FIRST_DAY = dt.date(2026, 11, 2)
_ACTION_COLUMNS = [column.name for column in PlannedAction.__table__.columns]
_PLAN_MARKS = "id, handle, revision, planned_on, planned_with, planned_words"


def _day(offset: int) -> str:
    return (FIRST_DAY + dt.timedelta(days=offset)).isoformat()


@contextmanager
def _two_databases(template: Path) -> Iterator[tuple[str, str]]:
    folder = tempfile.mkdtemp(prefix="afterword-partial-")
    paths = (str(Path(folder) / "partial.sqlite3"), str(Path(folder) / "whole.sqlite3"))
    for path in paths:
        shutil.copy(template, path)
    before = os.environ.get("AFTERWORD_DATABASE_URL")
    try:
        yield paths
    finally:
        dispose_engines()
        if before is None:
            os.environ.pop("AFTERWORD_DATABASE_URL", None)
        else:
            os.environ["AFTERWORD_DATABASE_URL"] = before
        get_settings.cache_clear()
        shutil.rmtree(folder, ignore_errors=True)


class _Uids:
    """uuid4 for afterword.db.base: the same sequence in each database, so that the keys of
    actions (which name uids) can be compared across the two."""

    def __init__(self) -> None:
        self.counters: dict[str, itertools.count[int]] = {}
        self.path = ""

    def uuid4(self) -> uuid.UUID:
        number = next(self.counters.setdefault(self.path, itertools.count(1)))
        return uuid.UUID(int=number)


_UIDS = _Uids()


def _run(
    path: str, argv: list[str], capsys: pytest.CaptureFixture[str], *, partial: bool
) -> tuple[int, str]:
    """Runs `afterword ARGV` on the database at `path`, re-planning partially or not."""
    _UIDS.path = path
    os.environ["AFTERWORD_DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["AFTERWORD_NO_FAST_PATH"] = "1"
    get_settings.cache_clear()
    service.PARTIAL_REPLAN = partial
    try:
        capsys.readouterr()
        code = main(argv)
        return code, capsys.readouterr().out
    finally:
        service.PARTIAL_REPLAN = True
        del os.environ["AFTERWORD_NO_FAST_PATH"]


@contextmanager
def _same_uids() -> Iterator[None]:
    real = base.uuid
    base.uuid = _UIDS  # type: ignore[assignment]
    try:
        yield
    finally:
        base.uuid = real


def _stored(path: str) -> tuple[list[Any], list[Any]]:
    with sqlite3.connect(path) as connection:
        actions = connection.execute(
            f"SELECT {', '.join(_ACTION_COLUMNS)} FROM actions ORDER BY id"
        ).fetchall()
        marks = connection.execute(f"SELECT {_PLAN_MARKS} FROM users ORDER BY id").fetchall()
    return actions, marks


def _lean_facts_are_the_objects_facts(path: str) -> None:
    url = f"sqlite:///{path}"
    with session_scope(url) as session:
        user = find_user(session=session, handle="me")
        if user is None:
            return
        lean = fact_loading.load_facts(session=session, user_id=user.id, timezone=user.timezone)
        session.expire_all()
        assert lean == reference_facts.load_facts(
            session=session, user_id=user.id, timezone=user.timezone
        )


APP = st.integers(1, 4)
DAY = st.one_of(st.integers(0, 2), st.integers(0, 2), st.integers(3, 30))
TIMELINE = st.sampled_from(["within 3 business days", "within 2 weeks", "by 2026-11-20"])
NEWS = st.sampled_from(
    ["rejection", "ghosted", "withdrawn", "offer", "more_interviews", "hiring_manager_chat"]
)


def _commands(step: tuple[Any, ...]) -> list[list[str]]:
    """The command lines of one generated step (all on its day)."""
    kind, offset, *rest = step
    day = ["--as-of", _day(offset)]
    if kind == "apply":
        company, interest = rest
        return [[*day, "applications", "add", company, "Data Engineer", "--interest", interest]]
    if kind == "interview":
        app, timeline, tough = rest
        debrief = [*day, "interviews", "debrief", "LAST", "--decision", timeline]
        if tough:
            debrief += ["--tough-question", "Design a rate limiter"]
        return [
            [
                *day,
                "interviews",
                "add",
                app,
                "--kind",
                "technical",
                "--at",
                f"{_day(offset)} 10:00",
            ],
            debrief,
        ]
    app = rest[0] if rest else "1"
    simple = {
        "news": lambda: [[*day, "outcomes", "add", app, rest[1]]],
        "mood": lambda: [[*day, "mood", "add", "3", "--application", app]],
        "journal": lambda: [[*day, "journal", "add", "Thinking it over.", "-a", app]],
        "reflect": lambda: [[*day, "reflect", "add", app, "--went-well", "The story landed"]],
        "feedback": lambda: [[*day, "feedback", "add", app, "More depth on design, please."]],
        "target": lambda: [[*day, "offers", "target", app, "--low", "90k", "--high", "105k"]],
        "contact": lambda: [
            [*day, "contacts", "add", app, "--name", "Priya Shah", "--email", "p@example.com"]
        ],
        "interest": lambda: [[*day, "applications", "edit", app, "--interest", rest[1]]],
        "decide": lambda: [[*day, "offers", "decide", app, rest[1]]],
        "delete": lambda: [[*day, "applications", "delete", app, "--yes"]],
        "plan": lambda: [
            [*day, "game-plan", "choose", "build", "-s", f"Practise@{_day(offset + 3)}"]
        ],
        "step-done": lambda: [[*day, "game-plan", "done", app]],
        "revisit": lambda: [[*day, "game-plan", "revisit", "--note", "Keep going"]],
        "practice": lambda: [[*day, "questions", "practice", app, "--rating", "3"]],
        "settle": lambda: [[*day, "actions", rest[1], "ACTION"]],
        "snooze": lambda: [[*day, "actions", "snooze", "ACTION", "--until", _day(offset + 3)]],
        "look": lambda: [[*day, "today"]],
    }
    return simple[kind]()


STEP = st.one_of(
    st.tuples(
        st.just("apply"),
        DAY,
        st.sampled_from(["Northwind", "Contoso", "Initech"]),
        st.sampled_from(["2", "5"]),
    ),
    st.tuples(st.just("interview"), DAY, APP.map(str), TIMELINE, st.booleans()),
    st.tuples(st.just("news"), DAY, APP.map(str), NEWS),
    st.tuples(
        st.sampled_from(
            [
                "mood",
                "journal",
                "reflect",
                "feedback",
                "target",
                "contact",
                "delete",
                "step-done",
                "practice",
            ]
        ),
        DAY,
        APP.map(str),
    ),
    st.tuples(st.just("interest"), DAY, APP.map(str), st.sampled_from(["1", "4"])),
    st.tuples(st.just("decide"), DAY, APP.map(str), st.sampled_from(["accepted", "declined"])),
    st.tuples(st.sampled_from(["plan", "revisit", "look"]), DAY),
    st.tuples(
        st.just("settle"),
        DAY,
        st.integers(0, 9).map(str),
        st.sampled_from(["done", "dismiss", "undo"]),
    ),
    st.tuples(st.just("snooze"), DAY, st.integers(0, 9).map(str)),
)


# One story with every kind of write, mostly on one day, so each is seen re-planned partially.
EVERY_KIND_OF_WRITE: list[tuple[Any, ...]] = [
    ("apply", 0, "Northwind", "5"),
    ("apply", 0, "Contoso", "2"),
    ("apply", 0, "Initech", "5"),
    ("interview", 0, "1", "within 3 business days", True),
    ("interview", 0, "2", "by 2026-11-20", False),
    ("news", 1, "2", "rejection"),
    ("mood", 1, "2"),
    ("journal", 1, "2"),
    ("reflect", 1, "2"),
    ("feedback", 1, "2"),
    ("plan", 1),
    ("target", 1, "1"),
    ("contact", 1, "1"),
    ("interest", 1, "1", "1"),
    ("step-done", 1, "1"),
    ("revisit", 1),
    ("practice", 1, "1"),
    ("settle", 1, "3", "done"),
    ("settle", 1, "4", "dismiss"),
    ("snooze", 1, "5"),
    ("settle", 1, "3", "undo"),
    ("news", 1, "3", "more_interviews"),
    ("delete", 1, "3"),
    ("news", 1, "1", "offer"),
    ("decide", 1, "1", "accepted"),
    ("look", 2),
]


def _resolve(argv: list[str], path: str, pick: str) -> list[str]:
    """Fills in the latest interview, or an action chosen by index, from the database."""
    with sqlite3.connect(path) as connection:
        if "LAST" in argv:
            row = connection.execute("SELECT max(id) FROM interviews").fetchone()
            argv = [str(row[0] or 1) if arg == "LAST" else arg for arg in argv]
        if "ACTION" in argv:
            ids = [row[0] for row in connection.execute("SELECT id FROM actions ORDER BY id")]
            chosen = ids[int(pick) % len(ids)] if ids else 1
            argv = [str(chosen) if arg == "ACTION" else arg for arg in argv]
    return argv


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEP, min_size=1, max_size=12))
@example(steps=EVERY_KIND_OF_WRITE)
def test_a_partial_replan_stores_exactly_the_agenda_a_whole_replan_stores(
    steps: list[tuple[Any, ...]],
    _sqlite_template: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with _two_databases(_sqlite_template) as (partial, whole), _same_uids():
        for step in steps:
            pick = str(step[2]) if step[0] in ("settle", "snooze") else "0"
            for argv in _commands(step):
                argv = _resolve(argv, partial, pick)
                note(" ".join(argv))
                done_partially = _run(partial, argv, capsys, partial=True)
                done_wholly = _run(whole, argv, capsys, partial=False)
                assert done_partially == done_wholly, argv
                assert _stored(partial) == _stored(whole), argv
            _lean_facts_are_the_objects_facts(partial)


def test_a_write_about_one_application_reads_only_that_application(
    sqlite_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sqlite_url.removeprefix("sqlite:///")
    day = ["--as-of", _day(0)]
    for company in ("Northwind", "Contoso", "Initech"):
        assert (
            _run(path, [*day, "applications", "add", company, "Engineer"], capsys, partial=True)[0]
            == 0
        )
    asked: list[object] = []
    real = fact_loading.load_facts

    def spy(**kwargs: Any) -> Any:
        asked.append(kwargs.get("only"))
        return real(**kwargs)

    monkeypatch.setattr(service, "load_facts", spy)
    assert (
        _run(path, [*day, "mood", "add", "2", "--application", "2"], capsys, partial=True)[0] == 0
    )
    assert asked == [{2}]
    # A new day re-plans the whole search.
    asked.clear()
    assert (
        _run(
            path,
            ["--as-of", _day(1), "mood", "add", "2", "--application", "2"],
            capsys,
            partial=True,
        )[0]
        == 0
    )
    assert asked == [None]
