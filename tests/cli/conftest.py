"""Running the real command line in-process and capturing what a person would see."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from afterword.cli.entry import main


@dataclass
class Result:
    """What one command printed and returned."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """The standard output parsed as JSON."""
        return json.loads(self.out)


Cli = Callable[..., Result]


def _runner(capsys: pytest.CaptureFixture[str]) -> Cli:
    def run(*args: str) -> Result:
        capsys.readouterr()  # drop anything printed before this command
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return Result(code=code, out=captured.out, err=captured.err)

    return run


@pytest.fixture
def cli(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> Cli:
    """Runs `afterword ARGS...` on a fresh SQLite database."""
    return _runner(capsys)


@pytest.fixture
def cli_any_db(database_url: str, capsys: pytest.CaptureFixture[str]) -> Cli:
    """Runs `afterword ARGS...` on a fresh database, once on SQLite and once on PostgreSQL."""
    return _runner(capsys)


def assert_one_line_error(result: Result, *fragments: str) -> None:
    """The command failed with a single 'error: ...' line mentioning every fragment, no traceback."""
    assert result.code != 0, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error: "), result.err
    assert "Traceback" not in result.err + result.out
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
