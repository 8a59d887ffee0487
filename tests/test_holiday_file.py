"""Public holidays kept in a file between commands answer exactly as the package does."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterword import localtime
from afterword.localtime import BusinessCalendar, keep_holidays_in


@pytest.fixture
def holiday_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "holidays.json"
    keep_holidays_in(str(path))
    yield path
    keep_holidays_in(None)


def _holidays(country: str, subdivision: str | None, year: int) -> dict[dt.date, str]:
    calendar = BusinessCalendar(country, subdivision)
    days = [dt.date(year, 1, 1) + dt.timedelta(days=n) for n in range(366)]
    return {day: name for day in days if day.year == year and (name := calendar.holiday(day))}


def _as_a_new_command(path: Path) -> None:
    keep_holidays_in(None)
    keep_holidays_in(str(path))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    place=st.sampled_from(
        [
            ("US", None),
            ("US", "CA"),
            ("GB", None),
            ("DE", "BY"),
            ("JP", None),
            ("IN", None),
            ("BR", None),
            ("ZZ", None),
        ]
    ),
    year=st.integers(min_value=1990, max_value=2060),
)
def test_a_kept_year_answers_as_the_package_does(
    holiday_file: Path, place: tuple[str, str | None], year: int
) -> None:
    country, subdivision = place
    keep_holidays_in(None)
    from_package = _holidays(country, subdivision, year)
    _as_a_new_command(holiday_file)
    assert _holidays(country, subdivision, year) == from_package  # computed, then kept
    _as_a_new_command(holiday_file)
    assert _holidays(country, subdivision, year) == from_package  # read back from the file


def test_the_next_command_reads_the_year_from_the_file(holiday_file: Path) -> None:
    _holidays("US", None, 2026)
    stored = json.loads(holiday_file.read_text())
    stored["years"]["US//2026"]["2026-03-03"] = "A day only the file knows"
    holiday_file.write_text(json.dumps(stored))
    _as_a_new_command(holiday_file)
    assert BusinessCalendar("US").holiday(dt.date(2026, 3, 3)) == "A day only the file knows"


@pytest.mark.parametrize(
    "content",
    ["not json", "[]", '{"holidays": "0.0.1", "years": {"US//2026": {"2026-03-03": "Stale"}}}'],
)
def test_a_damaged_or_outdated_file_is_ignored_and_rewritten(
    holiday_file: Path, content: str
) -> None:
    holiday_file.write_text(content)
    _as_a_new_command(holiday_file)
    assert BusinessCalendar("US").holiday(dt.date(2026, 3, 3)) is None
    assert BusinessCalendar("US").holiday(dt.date(2026, 12, 25)) == "Christmas Day"
    assert "US//2026" in json.loads(holiday_file.read_text())["years"]


def test_the_file_is_its_owners_alone(holiday_file: Path) -> None:
    _holidays("GB", None, 2026)
    assert stat.S_IMODE(os.stat(holiday_file).st_mode) == 0o600


def test_without_a_file_nothing_is_written(tmp_path: Path) -> None:
    keep_holidays_in(None)
    assert BusinessCalendar("US").holiday(dt.date(2026, 7, 3)) == localtime._computed_year(
        "US", None, 2026
    ).get("2026-07-03")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_costs_time_not_an_answer(tmp_path: Path) -> None:
    keep_holidays_in(str(tmp_path / "missing" / "holidays.json"))
    try:
        assert BusinessCalendar("US").holiday(dt.date(2026, 12, 25)) == "Christmas Day"
    finally:
        keep_holidays_in(None)
    assert list(tmp_path.iterdir()) == []
