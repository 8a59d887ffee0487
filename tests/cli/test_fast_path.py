"""The fast path for `applications list` must print exactly what the full command line prints."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from afterword.cli.fast import try_fast_path
from tests.cli.conftest import Cli


@pytest.fixture
def populated(cli: Cli) -> Cli:
    cli(
        "--as-of",
        "2026-11-02",
        "applications",
        "add",
        "Northwind",
        "Data Engineer",
        "--tag",
        "remote",
        "--interest",
        "5",
    )
    cli(
        "--as-of",
        "2026-11-03",
        "applications",
        "add",
        "Zoë & Co — Ltd",
        "Ingénieure données",
        "--tag",
        "paris",
    )
    cli(
        "applications", "add", "Contoso", "Backend Engineer", "--tag", "remote", "--tag", "referral"
    )
    cli("outcomes", "add", "3", "rejection")
    return cli


ARGUMENT_SETS = [
    [],
    ["--json"],
    ["--status", "applied"],
    ["--status=rejected", "--json"],
    ["--status", "applied", "--status", "rejected"],
    ["--tag", "remote"],
    ["--tag=Remote", "--json"],
    ["--open"],
    ["--open", "--status", "rejected", "--status", "applied", "--json"],
    ["--tag", "nothing-has-this"],
]


@pytest.mark.parametrize("arguments", ARGUMENT_SETS, ids=lambda a: " ".join(a) or "plain")
def test_fast_and_full_paths_print_the_same(
    populated: Cli,
    arguments: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    capsys.readouterr()
    assert try_fast_path(["applications", "list", *arguments]) == 0, (
        "the fast path should take this"
    )
    fast = capsys.readouterr().out
    monkeypatch.setenv("AFTERWORD_NO_FAST_PATH", "1")
    full = populated("applications", "list", *arguments)
    assert full.code == 0
    assert fast == full.out


@pytest.mark.parametrize(
    "argv",
    [
        ["applications", "show", "1"],
        ["applications", "list", "--status", "pending"],
        ["applications", "list", "--limit", "3"],
        ["applications", "list", "--tag"],
        ["applications", "list", "--help"],
        ["--as-of", "2026-11-01", "applications", "list"],
    ],
)
def test_fast_path_declines_what_it_does_not_fully_understand(
    populated: Cli, argv: list[str]
) -> None:
    assert try_fast_path(argv) is None


def test_fast_path_declines_when_the_schema_is_behind(populated: Cli, sqlite_url: str) -> None:
    path = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'older'")
    assert try_fast_path(["applications", "list"]) is None


def test_fast_path_never_creates_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "nowhere" / "afterword.sqlite3"
    monkeypatch.setenv("AFTERWORD_DATABASE_URL", f"sqlite:///{missing}")
    assert try_fast_path(["applications", "list"]) is None
    assert not missing.exists()


def test_fast_path_reads_the_database_named_in_the_config_file(
    populated: Cli,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("AFTERWORD_DATABASE_URL")
    config_dir = Path(os.environ["AFTERWORD_CONFIG_DIR"])
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text(f'database_url = "{sqlite_url}"\n', encoding="utf-8")
    capsys.readouterr()
    assert try_fast_path(["applications", "list", "--json"]) == 0
    assert '"company": "Northwind"' in capsys.readouterr().out


def test_fast_path_skips_other_users(
    populated: Cli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AFTERWORD_USER", "someone-else")
    capsys.readouterr()
    assert try_fast_path(["applications", "list", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"
