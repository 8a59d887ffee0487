"""`afterword calendar export` and `afterword calendar link`."""

from __future__ import annotations

import os
from pathlib import Path

import icalendar
import pytest

from afterword import paths
from afterword.settings import get_settings
from tests.cli.conftest import Cli, assert_one_line_error


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    """An application with an interview on Wednesday afternoon, London time."""
    assert cli("applications", "add", "Acme", "Data Analyst").code == 0
    result = cli(
        "interviews",
        "add",
        "1",
        "--kind",
        "technical",
        "--at",
        "2026-11-25 14:00",
        "--where",
        "Video call",
    )
    assert result.code == 0, result
    return cli


def _summaries(data: bytes) -> set[str]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}


def test_export_prints_the_calendar_to_standard_output(seeded: Cli) -> None:
    result = seeded("--as-of", "2026-11-23", "calendar", "export")
    assert result.code == 0, result
    assert result.out.startswith("BEGIN:VCALENDAR\r\n")
    assert result.out.rstrip().endswith("END:VCALENDAR")
    summaries = _summaries(result.out.encode())
    assert "Technical interview: Acme" in summaries
    assert result.err == ""


def test_export_writes_a_file_and_says_where(seeded: Cli, tmp_path: Path) -> None:
    target = tmp_path / "afterword.ics"
    result = seeded("--as-of", "2026-11-23", "calendar", "export", "--output", str(target))
    assert result.code == 0, result
    assert result.out.strip() == f"Calendar written to {target}."
    assert "Technical interview: Acme" in _summaries(target.read_bytes())


def test_export_to_an_impossible_place_is_one_line(cli: Cli, tmp_path: Path) -> None:
    result = cli("calendar", "export", "--output", str(tmp_path / "missing" / "x.ics"))
    assert_one_line_error(result, "cannot write", "x.ics")


def test_export_links_events_to_the_configured_address(seeded: Cli) -> None:
    os.makedirs(paths.config_dir(), exist_ok=True)
    with open(paths.config_file(), "w", encoding="utf-8") as file:
        file.write("[web]\nport = 9100\n")
    get_settings.cache_clear()  # settings are read once per process, as in real use
    result = seeded("--as-of", "2026-11-23", "calendar", "export")
    assert "http://localhost:9100/applications/1" in result.out.replace("\r\n ", "")


def test_link_prints_the_subscription_url_and_keeps_it(cli: Cli) -> None:
    first = cli("calendar", "link")
    assert first.code == 0, first
    url = first.out.strip()
    assert url.startswith("http://localhost:8765/calendar/")
    assert url.endswith(".ics")
    assert cli("calendar", "link").out.strip() == url


def test_link_new_replaces_the_token(cli: Cli) -> None:
    old = cli("calendar", "link").out.strip()
    new = cli("calendar", "link", "--new").out.strip()
    assert new != old
    assert cli("calendar", "link").out.strip() == new


def test_help_gives_an_example(cli: Cli) -> None:
    for command in ("export", "link"):
        result = cli("calendar", command, "--help")
        assert result.code == 0
        assert "Example: afterword calendar " + command in result.out
