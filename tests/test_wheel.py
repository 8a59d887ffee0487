"""The package anyone can install: the wheel, installed into a fresh virtualenv outside the
checkout, loads the demo, answers `today`, shows a guide and serves pages and its assets.

Everything comes from uv's local cache (offline): the dependencies at the versions of
uv.lock, as `make run` installs them, and the wheel built from this checkout.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _uv() -> list[str]:
    if shutil.which("uv"):
        return ["uv"]
    probe = subprocess.run([sys.executable, "-m", "uv", "--version"], capture_output=True)
    if probe.returncode == 0:
        return [sys.executable, "-m", "uv"]
    if os.environ.get("CI") == "true":
        pytest.fail("uv is needed to build and install the wheel")
    pytest.skip("uv is not installed")


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `bin` folder of a fresh virtualenv with the freshly built wheel installed."""
    uv = _uv()
    work = tmp_path_factory.mktemp("wheel")
    env = {**os.environ, "UV_OFFLINE": "1", "UV_PYTHON_DOWNLOADS": "never"}
    env.pop("VIRTUAL_ENV", None)
    _run([*uv, "build", "--wheel", "--out-dir", str(work / "dist")], cwd=ROOT, env=env)
    [wheel] = (work / "dist").glob("afterword-*.whl")
    venv = work / "venv"
    _run([*uv, "venv", "--python", sys.executable, str(venv)], cwd=work, env=env)
    # The dependencies exactly as uv.lock pins them (what `make run` installs), then the wheel.
    _run(
        [*uv, "sync", "--frozen", "--no-dev", "--no-install-project", "--inexact"],
        cwd=ROOT,
        env={**env, "UV_PROJECT_ENVIRONMENT": str(venv)},
    )
    _run(
        [*uv, "pip", "install", "--no-deps", "--python", str(venv / "bin" / "python"), str(wheel)],
        cwd=work,
        env=env,
    )
    return venv / "bin"


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """An environment for the installed afterword: its own data and settings, far from here."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AFTERWORD_", "VIRTUAL_ENV", "PYTHONPATH"))
    }
    env.update(
        AFTERWORD_DATA_DIR=str(tmp_path / "data"),
        AFTERWORD_CONFIG_DIR=str(tmp_path / "config"),
        AFTERWORD_DEFAULT_TIMEZONE="Europe/London",
        AFTERWORD_DEFAULT_COUNTRY="GB",
        AFTERWORD_DAEMON="off",  # no warm process left behind by a test
    )
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _serving(afterword: str, env: dict[str, str], cwd: Path) -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(
        [afterword, "serve", "--port", str(port)],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "the installed server did not answer"
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_installed_wheel_runs_outside_the_checkout(
    installed: Path, home: dict[str, str], tmp_path: Path
) -> None:
    afterword = str(installed / "afterword")
    where = {"cwd": tmp_path, "env": home}
    _run([afterword, "demo", "load"], **where)
    today = _run([afterword, "today"], **where).stdout
    assert "afterword actions done ID" in today or "Nothing to do" in today
    assert "Setting up mail" in _run([afterword, "help", "mail-setup"], **where).stdout
    with _serving(afterword, home, tmp_path) as url:
        for path in ("/", "/pipeline", "/static/vendor/htmx.min.js", "/api/docs"):
            with urllib.request.urlopen(url + path, timeout=30) as response:
                assert response.status == 200, path
        with urllib.request.urlopen(url + "/api/docs", timeout=30) as response:
            docs = response.read().decode()
        assert "/static/vendor/swagger-ui-bundle.js" in docs
        assert "cdn" not in docs.lower()
