"""compose.yaml and the Containerfile agree with the command line and with docs/server.md.

There is no container engine on the test machines; these checks catch the usual drift
(a renamed command or option, an undocumented variable). tests/server/test_topology.py
starts the same processes directly on PostgreSQL.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml

from afterword.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
CONTAINERFILE = (ROOT / "Containerfile").read_text()
SERVER_DOC = (ROOT / "docs" / "server.md").read_text()


def _parses(argv: list[str]) -> None:
    """Parses `afterword ARGV...` as the command line would, without running it: an unknown
    command or option, or a bad value, raises click's usage error."""
    assert argv[0] == "afterword", argv
    # Typer carries its own copy of click: its classes are reached through the commands.
    command: Any = typer.main.get_command(app)
    context = command.make_context("afterword", list(argv[1:]))
    while hasattr(command, "resolve_command"):  # a group: the next word names a command
        words = [*getattr(context, "_protected_args", []), *context.args]
        name, command, args = command.resolve_command(context, words)
        context = command.make_context(name or "", list(args), parent=context)


def _services() -> dict[str, dict[str, Any]]:
    services: dict[str, dict[str, Any]] = COMPOSE["services"]
    return services


def test_compose_runs_postgresql_the_web_app_and_the_worker() -> None:
    services = _services()
    assert {"postgres", "web", "worker"} <= set(services)
    assert services["web"]["command"][:2] == ["afterword", "serve"]
    assert services["worker"]["command"][:2] == ["afterword", "worker"]
    assert services["migrate"]["command"] == ["afterword", "db", "upgrade"]


@pytest.mark.parametrize("name", ["migrate", "web", "worker"])
def test_every_compose_command_is_one_the_command_line_accepts(name: str) -> None:
    _parses(_services()[name]["command"])


def test_the_containerfile_installs_the_wheel_and_its_command_is_accepted() -> None:
    assert re.search(r"^COPY dist/afterword-\*\.whl ", CONTAINERFILE, re.MULTILINE)
    cmd = re.search(r"^CMD (\[.*\])$", CONTAINERFILE, re.MULTILINE)
    assert cmd is not None
    _parses(json.loads(cmd.group(1)))


def test_the_app_services_run_in_server_mode_as_the_app_role_and_migrate_as_the_owner() -> None:
    services = _services()
    for name in ("web", "worker"):
        environment = services[name]["environment"]
        assert environment["AFTERWORD_MODE"] == "server"
        assert "afterword_app:" in environment["AFTERWORD_DATABASE_URL"]
    assert "afterword_owner:" in services["migrate"]["environment"]["AFTERWORD_DATABASE_URL"]
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_every_variable_compose_sets_for_afterword_is_documented() -> None:
    names = {
        name
        for service in _services().values()
        for name in service.get("environment", {})
        if name.startswith("AFTERWORD_")
    }
    assert names
    undocumented = sorted(name for name in names if f"`{name}" not in SERVER_DOC)
    assert not undocumented, undocumented


@pytest.mark.parametrize(
    "argv", [["afterword", "worker", "--no-such-option"], ["afterword", "no-such-command"]]
)
def test_the_check_itself_refuses_what_the_command_line_refuses(argv: list[str]) -> None:
    with pytest.raises(Exception) as refused:
        _parses(argv)
    assert getattr(refused.value, "exit_code", None) == 2  # click's usage error
