"""Generates the command-line reference (docs/cli-reference.md) from the commands' own help.

Run `python -m afterword.cli.reference > docs/cli-reference.md`; a test fails when
the committed file differs, so the reference cannot drift from the code.
"""

from __future__ import annotations

import contextlib
import io
import os
from typing import Any

import typer

from afterword.cli.app import app


def _help(path: list[str]) -> str:
    """The help text of `afterword PATH... --help`, exactly as a user would see it."""
    root = typer.main.get_command(app)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        root.main(args=[*path, "--help"], prog_name="afterword", standalone_mode=False)
    return buffer.getvalue().rstrip()


def _walk(command: Any, path: list[str]) -> list[str]:
    title = " ".join(["afterword", *path])
    lines = [f"{'#' * min(len(path) + 2, 4)} `{title}`", "", "```text", _help(path), "```", ""]
    for name, sub in getattr(command, "commands", {}).items():
        if not getattr(sub, "hidden", False):
            lines += _walk(sub, [*path, name])
    return lines


def render() -> str:
    """The whole reference as Markdown, at a fixed width so it does not depend on the terminal."""
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        body = _walk(typer.main.get_command(app), [])
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous
    header = [
        "# Command-line reference",
        "",
        "Generated from the commands' `--help` by `python -m afterword.cli.reference`; "
        "do not edit by hand.",
        "",
    ]
    return "\n".join(header + body).rstrip() + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(render())
