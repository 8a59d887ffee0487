"""The deployment of compose.yaml, started directly: two `afterword serve` processes and one
`afterword worker` on one PostgreSQL, used over real HTTP."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from afterword.accounts.daily import REPLAN
from tests.server.test_worker import queue_url  # noqa: F401
from tests.server.worker_support import (
    add_people,
    afterword_command,
    ledger,
    revisions,
    wait_for,
    worker_process,
)

pytestmark = pytest.mark.postgres

PASSWORD = "a long enough passphrase"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def web_process(url: str, log: Path) -> Iterator[str]:
    """`afterword serve` in server mode on a free loopback port; yields its address."""
    port = _free_port()
    environment = {
        **os.environ, "AFTERWORD_MODE": "server", "AFTERWORD_DATABASE_URL": url,
        "AFTERWORD_WEB__SECRET": "0123456789abcdef" * 4,
    }  # fmt: skip
    with log.open("ab") as output:
        process = subprocess.Popen(
            [*afterword_command(), "serve", "--port", str(port)],
            env=environment, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    address = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(address), seconds=60, what=f"the web app at {address}", log=log)
        yield address
    finally:
        process.terminate()
        process.wait(timeout=30)


def _answers(address: str) -> bool:
    try:
        return httpx.get(f"{address}/login", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _sign_in(client: httpx.Client, email: str) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None, page.text
    answer = client.post("/login", data={"csrf_token": token.group(1), "email": email,
                                         "password": PASSWORD})  # fmt: skip
    assert answer.status_code == 303, answer.text


def test_two_web_processes_and_a_worker_share_one_database(
    queue_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    people = add_people(queue_url, 12, applications=2)
    log = tmp_path / "processes.log"
    with ExitStack() as stack:
        first = stack.enter_context(web_process(queue_url, log))
        second = stack.enter_context(web_process(queue_url, log))
        stack.enter_context(worker_process(queue_url, log))
        # The worker's sweep re-plans everyone for their local day, before anyone signs in.
        wait_for(
            lambda: len(ledger(queue_url, REPLAN)) == len(people),
            seconds=120, what="the worker's sweep", log=log,
        )  # fmt: skip
        user_id, email = next(iter(people.items()))
        with httpx.Client(base_url=first, timeout=30) as browser:
            _sign_in(browser, email)
            today = browser.get("/")
            assert today.status_code == 200
            assert "Firm 0" in today.text  # the follow-up the worker's plan proposed
            # The session lives in PostgreSQL: the other web process knows it too.
            cookies = dict(browser.cookies)
        with httpx.Client(base_url=second, timeout=30, cookies=cookies) as same_person:
            pipeline = same_person.get("/pipeline", follow_redirects=False)
            assert pipeline.status_code == 200
            assert "Firm 1" in pipeline.text
        with httpx.Client(base_url=second, timeout=30) as stranger:
            assert stranger.get("/", follow_redirects=False).status_code in (302, 303, 307)
        time.sleep(2)  # more sweeps: the day stays planned once
    # The pages used the worker's plan: nobody was re-planned a second time.
    assert set(revisions(queue_url).values()) == {1}
    assert len(ledger(queue_url, REPLAN)) == len(people)
    del user_id
