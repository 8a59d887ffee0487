"""The command line builds only the command it runs, yet looks and answers exactly the same."""

from __future__ import annotations

import contextlib
import io

import typer
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st

from afterword.cli import app as app_module
from afterword.cli import output
from tests.cli.conftest import Cli


def _registered_root_names() -> list[str]:
    """The root's command names as the modules themselves register them, in table order: a
    command a module adds (or drops) without the table knowing shows up here."""
    names: list[str] = []
    for name in app_module.COMMAND_NAMES:
        names += [n for n in app_module.build_commands(name) if n not in names]
    return names


def test_the_lazy_table_names_every_command_its_modules_register_in_help_order() -> None:
    assert _registered_root_names() == list(app_module.COMMAND_NAMES)
    assert len(set(app_module.COMMAND_NAMES)) == len(app_module.COMMAND_NAMES)


def test_running_one_command_builds_only_that_command() -> None:
    root = typer.main.get_command(app_module.app)
    commands = root.commands  # type: ignore[attr-defined]
    with contextlib.redirect_stdout(io.StringIO()):
        root.main(args=["applications", "--help"], prog_name="afterword", standalone_mode=False)
    built = set(commands._built)
    assert "applications" in built
    assert "overview" not in built and "accounts" not in built


def test_help_lists_every_command_and_unknown_names_get_suggestions(cli: Cli) -> None:
    listed = cli("--help").out
    for name in app_module.COMMAND_NAMES:
        assert f"\n  {name} " in listed
    result = cli("aplications", "list")
    assert result.code == 2
    assert "Did you mean 'applications'" in result.err


def _printed(action: object) -> str:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        action()  # type: ignore[operator]
    return buffer.getvalue()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"ab :[]/\\\t\n\x1b-é日", ":smile:", "[bold]", "50%", "Added 5:"]),
        max_size=15,
    ).map("".join)
)
def test_a_message_is_printed_as_typed_exactly_as_the_rich_console_prints_it(
    message: str,
) -> None:
    # `say` skips importing Rich; the console it stands in for reads no markup either, so the
    # two agree on every message, brackets and emoji codes included (never an error).
    with_rich = _printed(lambda: output.console().print(message))
    assert _printed(lambda: output.say(message)) == with_rich
