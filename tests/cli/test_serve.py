"""`afterword serve` starts the web app, and says plainly when it cannot."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.cli.conftest import Cli, assert_one_line_error

AFTERWORD = Path(sys.executable).parent / "afterword"


def test_serve_on_a_busy_port_says_so_and_suggests_another(cli: Cli) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("serve", "--port", str(port))
    assert_one_line_error(result, f"127.0.0.1:{port} is already in use", "--port")


def test_serve_answers_on_loopback_and_refuses_other_hosts(sqlite_url: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "AFTERWORD_DATABASE_URL": sqlite_url}
    server = subprocess.Popen(
        [str(AFTERWORD), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        body = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not body:
            try:
                body = (
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
                )
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                time.sleep(0.2)
        assert "<title>" in body and "afterword" in body
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/", headers={"Host": "rebound.example"}
        )
        try:
            urllib.request.urlopen(request, timeout=5)
            status = 200
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == 400
    finally:
        server.terminate()
        out, _err = server.communicate(timeout=20)
    assert f"afterword is running at http://localhost:{port}" in out
