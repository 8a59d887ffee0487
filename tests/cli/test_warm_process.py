"""The warm process (cli.warm, cli.warm_client) answers exactly as the command line does
in-process, keeps no state from one command to the next, and never loses a command.

Real processes throughout: the `afterword` executable of this virtualenv, a real server
started by the client, real sockets and forks. Each test gets its own runtime folder and
stops every server it started.
"""

from __future__ import annotations

import os
import pty
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

AFTERWORD = str(Path(sys.executable).with_name("afterword"))
DAY = ["--as-of", "2026-11-04"]
# Rows get random uids: the only bytes two identical stories may differ by.
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass
class Workspace:
    env: dict[str, str]
    report: Path  # one line per command the warm process ran (see warm_client._report)

    def run(self, *args: str, stdin: str = "", **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [AFTERWORD, *args],
            env={**self.env, **extra},
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def served(self) -> int:
        return len(self.report.read_text().splitlines()) if self.report.exists() else 0

    def servers(self) -> list[int]:
        """The pids of the warm processes answering in this workspace's runtime folder."""
        code = (
            "from afterword.cli import warm_client as w\n"
            "for p in w.installation_sockets():\n"
            "    a = w.request(p, 'status')\n"
            "    if a: print(a['pid'])\n"
        )
        found = subprocess.run(
            [sys.executable, "-c", code], env=self.env, capture_output=True, text=True, check=True
        )
        return [int(pid) for pid in found.stdout.split()]


def _workspace(root: Path, runtime: str, *, warm: bool) -> Workspace:
    env = {**os.environ}
    env.pop("AFTERWORD_NO_FAST_PATH", None)
    env.update(
        AFTERWORD_DATA_DIR=str(root / "data"),
        AFTERWORD_CONFIG_DIR=str(root / "config"),
        AFTERWORD_DAEMON_REPORT=str(root / "served"),
        XDG_RUNTIME_DIR=runtime,
    )
    if warm:
        env.pop("AFTERWORD_DAEMON", None)
    else:
        env["AFTERWORD_DAEMON"] = "off"
    return Workspace(env=env, report=root / "served")


@pytest.fixture
def runtime() -> Iterator[str]:
    # Short: a unix socket's path must fit in 108 bytes, which pytest's tmp_path may not.
    folder = tempfile.mkdtemp(prefix="aw-")
    yield folder
    env = {**os.environ, "XDG_RUNTIME_DIR": folder}
    env.pop("AFTERWORD_DAEMON", None)
    stopper = Workspace(env=env, report=Path(folder) / "none")
    pids = stopper.servers()
    subprocess.run([AFTERWORD, "daemon", "stop"], env=env, capture_output=True, check=False)
    for pid in pids:  # a server that did not answer `stop` is ended all the same
        _wait_gone(pid)
    shutil.rmtree(folder, ignore_errors=True)


def _wait_gone(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    return False


@pytest.fixture
def warm(tmp_path: Path, runtime: str) -> Workspace:
    return _workspace(tmp_path / "warm", runtime, warm=True)


@pytest.fixture
def cold(tmp_path: Path, runtime: str) -> Workspace:
    return _workspace(tmp_path / "cold", runtime, warm=False)


# A story run twice, once through the warm process and once in-process. The full path of
# `today` and `overview` is forced (AFTERWORD_NO_FAST_PATH) so that they go through it too.
STORY: list[tuple[list[str], dict[str, str]]] = [
    ([*DAY, "applications", "add", "Northwind", "Data Engineer", "--tag", "remote"], {}),
    ([*DAY, "applications", "add", "Zoë & Co — Ltd", "Ingénieure données"], {}),
    (["--as-of", "2026-11-09", "outcomes", "add", "2", "rejection"], {}),
    (["--as-of", "2026-11-10", "today"], {"AFTERWORD_NO_FAST_PATH": "1"}),
    (["--as-of", "2026-11-10", "overview"], {"AFTERWORD_NO_FAST_PATH": "1"}),
    (["--as-of", "2026-11-10", "today", "--json"], {"AFTERWORD_NO_FAST_PATH": "1"}),
    (["outcomes", "add", "999", "rejection"], {}),  # a one-line error, exit 1
    (["applications", "add", "Only a company"], {}),  # a usage error, exit 2
    (["--as-of", "someday", "today"], {"AFTERWORD_NO_FAST_PATH": "1"}),
    (["applications", "delete", "1"], {}),  # stdin is a pipe: asks for --yes
    (["applications", "list", "--json"], {"AFTERWORD_NO_FAST_PATH": "1"}),
    (["applications", "frobnicate"], {}),
]


def test_every_answer_through_the_warm_process_equals_the_in_process_answer(
    warm: Workspace, cold: Workspace
) -> None:
    for args, extra in STORY:
        through_warm = warm.run(*args, **extra)
        in_process = cold.run(*args, **extra)
        assert (
            UUID.sub("<uid>", through_warm.stdout),
            through_warm.stderr,
            through_warm.returncode,
        ) == (
            UUID.sub("<uid>", in_process.stdout),
            in_process.stderr,
            in_process.returncode,
        ), args
    assert warm.served() == len(STORY)  # every command went through the warm process
    assert cold.served() == 0


def test_a_write_through_the_warm_process_is_stored_and_can_be_undone(warm: Workspace) -> None:
    warm.run(*DAY, "applications", "add", "Northwind", "Data Engineer")
    added = warm.run(*DAY, "applications", "add", "Contoso", "Analyst")
    assert added.returncode == 0 and warm.served() == 2
    database = Path(warm.env["AFTERWORD_DATA_DIR"]) / "afterword.sqlite3"
    with sqlite3.connect(database) as connection:
        companies = [row[0] for row in connection.execute("SELECT company FROM applications")]
    assert companies == ["Northwind", "Contoso"]
    # The re-plan after a rejection is stored too: an action to undo once marked done.
    rejected = warm.run("--as-of", "2026-11-09", "outcomes", "add", "2", "rejection")
    assert rejected.returncode == 0, rejected.stderr
    done = warm.run("--as-of", "2026-11-09", "actions", "done", "1")
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(database) as connection:
        state = connection.execute("SELECT state FROM actions WHERE id = 1").fetchone()[0]
    assert state == "done"
    undone = warm.run("--as-of", "2026-11-09", "actions", "undo", "1")
    assert undone.returncode == 0, undone.stderr
    with sqlite3.connect(database) as connection:
        state = connection.execute("SELECT state FROM actions WHERE id = 1").fetchone()[0]
    assert state == "open"
    assert warm.served() == 5


def test_no_state_leaks_from_one_command_to_the_next(tmp_path: Path, warm: Workspace) -> None:
    first = warm.run(*DAY, "applications", "add", "Northwind", "Data Engineer")
    assert first.returncode == 0
    # Another data folder: another database, created on first use.
    elsewhere = {"AFTERWORD_DATA_DIR": str(tmp_path / "elsewhere")}
    second = warm.run("applications", "add", "Contoso", "Analyst", **elsewhere)
    assert "Added application 1" in second.stdout
    listed = warm.run("applications", "list", "--json", AFTERWORD_NO_FAST_PATH="1", **elsewhere)
    assert "Contoso" in listed.stdout and "Northwind" not in listed.stdout
    # The pinned day of one command is not the next one's.
    pinned = warm.run("--as-of", "2026-11-20", "today", "--json", AFTERWORD_NO_FAST_PATH="1")
    unpinned = warm.run("today", "--json", AFTERWORD_NO_FAST_PATH="1")
    assert '"2026-11-20"' in pinned.stdout
    assert '"2026-11-20"' not in unpinned.stdout
    # A setting given in the environment applies to that command only.
    zoned = warm.run("profile", "show", AFTERWORD_DEFAULT_TIMEZONE="Asia/Tokyo")
    plain = warm.run("profile", "show")
    assert zoned.returncode == plain.returncode == 0
    assert warm.served() == 7


def test_a_server_whose_code_is_outdated_is_replaced(warm: Workspace) -> None:
    warm.run("applications", "add", "Northwind", "Data Engineer")
    [first] = warm.servers()
    # An edited source file (as in an editable install) makes another key.
    source = Path(__file__).parents[2] / "src" / "afterword" / "cli" / "warm.py"
    before = source.stat()
    try:
        os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
        second_run = warm.run("applications", "add", "Contoso", "Analyst")
        assert second_run.returncode == 0
        servers = warm.servers()
        assert len(servers) == 2 and first in servers  # the old one stops on its own, later
        assert "outdated code" in warm.run("daemon", "status").stdout
    finally:
        os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert warm.served() == 2


def test_daemon_stop_ends_the_server(warm: Workspace) -> None:
    assert "no warm process is running" in warm.run("daemon", "status").stdout
    warm.run("applications", "add", "Northwind", "Data Engineer")
    [pid] = warm.servers()
    assert f"warm process {pid}" in warm.run("daemon", "status").stdout
    assert warm.run("daemon", "stop").stdout == "stopped 1 warm process\n"
    assert _wait_gone(pid)
    assert warm.servers() == []


def test_a_killed_server_means_running_in_process_then_a_new_server(warm: Workspace) -> None:
    warm.run("applications", "add", "Northwind", "Data Engineer")
    [pid] = warm.servers()
    os.kill(pid, signal.SIGKILL)
    _wait_gone(pid)
    # Its socket file is still there, but nobody answers: the client starts a fresh server.
    after = warm.run("applications", "add", "Contoso", "Analyst")
    assert (after.returncode, after.stderr) == (0, "")
    assert "Added application 2: Contoso" in after.stdout
    [fresh] = warm.servers()
    assert fresh != pid


def test_a_server_that_cannot_start_means_running_in_process(tmp_path: Path) -> None:
    # A runtime folder anyone may open is refused: no server, the command still runs.
    runtime = tempfile.mkdtemp(prefix="aw-")
    try:
        os.chmod(runtime, 0o700)
        os.mkdir(os.path.join(runtime, "afterword"), 0o777)
        os.chmod(os.path.join(runtime, "afterword"), 0o777)
        shared = _workspace(tmp_path, runtime, warm=True)
        result = shared.run("applications", "add", "Northwind", "Data Engineer")
        assert (result.returncode, result.stderr) == (0, "")
        assert shared.served() == 0
        assert os.listdir(os.path.join(runtime, "afterword")) == []
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def test_a_prompt_through_the_warm_process_reads_the_terminal(
    warm: Workspace, cold: Workspace
) -> None:
    def delete_on_a_terminal(workspace: Workspace, answer: bytes) -> tuple[int, bytes]:
        workspace.run(*DAY, "applications", "add", "Northwind", "Data Engineer")
        controller, terminal = pty.openpty()
        process = subprocess.Popen(
            [AFTERWORD, "applications", "delete", "1"],
            env=workspace.env,
            stdin=terminal,
            stdout=terminal,
            stderr=terminal,
        )
        os.close(terminal)
        seen = b""
        # The whole prompt, its last space included (click writes it last), or the
        # terminal's echo of the answer could come before it.
        while b"[y/N]: " not in seen:
            seen += os.read(controller, 1024)
        os.write(controller, answer)
        assert process.wait(timeout=60) is not None
        try:
            while chunk := os.read(controller, 1024):
                seen += chunk
        except OSError:  # the terminal's last reader is gone
            pass
        os.close(controller)
        return process.returncode, seen

    assert delete_on_a_terminal(warm, b"y\n") == delete_on_a_terminal(cold, b"y\n")
    assert warm.served() == 2


def test_interrupting_the_client_interrupts_the_command(warm: Workspace) -> None:
    warm.run("applications", "add", "Northwind", "Data Engineer")
    controller, terminal = pty.openpty()
    # A prompt waits for an answer that does not come; Ctrl-C goes to the client only.
    process = subprocess.Popen(
        [AFTERWORD, "applications", "delete", "1"],
        env=warm.env,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
    )
    seen = b""
    while b"[y/N]" not in seen:
        seen += os.read(controller, 1024)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 1
    os.close(terminal)
    seen += os.read(controller, 4096)
    os.close(controller)
    assert b"cancelled; nothing was changed" in seen
    listed = warm.run("applications", "list")
    assert "Northwind" in listed.stdout


def test_a_client_killed_outright_takes_its_command_with_it(warm: Workspace) -> None:
    warm.run("applications", "add", "Northwind", "Data Engineer")
    controller, terminal = pty.openpty()
    # The command waits at its prompt in the warm process's child when its client dies.
    process = subprocess.Popen(
        [AFTERWORD, "applications", "delete", "1"],
        env=warm.env,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
    )
    seen = b""
    while b"[y/N]" not in seen:
        seen += os.read(controller, 1024)
    assert _commands_running(warm) == 1
    process.kill()
    process.wait(timeout=60)
    # The terminal stays open: the prompt would wait on it for ever.
    deadline = time.monotonic() + 30
    while _commands_running(warm) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _commands_running(warm) == 0
    os.close(terminal)
    os.close(controller)
    assert "Northwind" in warm.run("applications", "list").stdout


def _commands_running(workspace: Workspace) -> int:
    code = (
        "from afterword.cli import warm_client as w\n"
        "print(sum(w.request(p, 'status')['running'] for p in w.installation_sockets()))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], env=workspace.env, capture_output=True, text=True, check=True
    )
    return int(found.stdout)


def test_two_clients_at_once_each_get_their_own_command(warm: Workspace) -> None:
    warm.run("applications", "add", "Northwind", "Data Engineer")  # starts the server
    clients = [
        subprocess.Popen(
            [AFTERWORD, "applications", "add", company, "Analyst"],
            env=warm.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for company in ("Contoso", "Fabrikam")
    ]
    answers = [client.communicate(timeout=120) for client in clients]
    assert [client.returncode for client in clients] == [0, 0]
    assert "Contoso" in answers[0][0] and "Fabrikam" in answers[1][0]
    assert warm.served() == 3
    listed = warm.run("applications", "list").stdout
    assert all(company in listed for company in ("Northwind", "Contoso", "Fabrikam"))


def test_the_client_loads_none_of_the_heavy_modules(warm: Workspace) -> None:
    code = (
        "import sys\n"
        "from afterword.cli.warm_client import try_warm\n"
        "answer = try_warm(['applications', 'add', 'Northwind', 'Data Engineer'])\n"
        "heavy = ('sqlalchemy', 'pydantic', 'typer', 'afterword.storage', 'afterword.settings')\n"
        "print(answer, sorted(name for name in heavy if name in sys.modules), file=sys.stderr)\n"
    )
    client = subprocess.run(
        [sys.executable, "-c", code], env=warm.env, capture_output=True, text=True, check=True
    )
    assert client.stdout == "Added application 1: Northwind -- Data Engineer.\n"
    assert client.stderr == "0 []\n"
    assert warm.served() == 1
