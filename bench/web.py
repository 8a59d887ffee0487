"""How fast do Today, Pipeline, an application and Numbers answer with 5,000 applications?

Builds a workspace of 5,000 applications (through the real services, with interviews,
offers and a planned agenda), starts `afterword serve` on loopback, and drives each page
with 20 concurrent keep-alive clients for a fixed time. For each page, two rows side by
side: as a person reloading it sees it (for Today and Pipeline the server reuses a page
while the data behind it is unchanged; an application and Numbers are built every time
either way), then built from the database on every request. Each row gives requests per
second, p50/p90/p99/max latency and the server's CPU time per request (user + system, read
from /proc, all server processes). Then the same clients against a bare FastAPI + Jinja page
of 50 rows (bench/bare_page.py) in the same venv and run, and the ratio.
Targets: p99 under 100 ms; built every time, Today and Pipeline at most 5 ms of CPU a
request and Numbers 20 ms. Figures only; nothing here asserts.

    .venv/bin/python bench/web.py [--seconds 10] [--clients 20] [--workers 1 2] [--data DIR]

--data keeps the built workspace in DIR and reuses it on the next run.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from cli_startup import APPLICATIONS, build_database

VENV_BIN = os.path.dirname(sys.executable)
HERE = os.path.dirname(os.path.abspath(__file__))
PAGES = ("/", "/pipeline", "/applications/{interviewing}", "/numbers")
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (uvicorn's workers), from /proc."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                # The command may hold spaces: the fields after it start past the last ')'.
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def enrich(url: str) -> None:
    """Adds interviews (with debriefs and timelines) and two offers, then plans the agenda."""
    from afterword import clock
    from afterword.offers.schemas import OfferTerms
    from afterword.offers.service import record_offer
    from afterword.pipeline.applications import list_applications
    from afterword.pipeline.interviews import log_interview
    from afterword.pipeline.schemas import InterviewFields
    from afterword.pipeline.status import Status
    from afterword.settings import load_settings
    from afterword.workspace import workspace_scope

    rng = random.Random(7)
    settings = load_settings(database_url=url)
    with workspace_scope(settings) as ws:
        interviewing = [
            app
            for app in list_applications(session=ws.session, user_id=ws.user_id)
            if app.status is Status.INTERVIEWING
        ]
        for app in interviewing[:400]:
            when = clock.now() - dt.timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 8))
            log_interview(
                session=ws.session,
                user_id=ws.user_id,
                application_id=app.id,
                fields=InterviewFields(scheduled_at=when, duration_minutes=45),
                now=ws.now,
            )
        for app in interviewing[400:402]:
            record_offer(
                session=ws.session,
                user_id=ws.user_id,
                application_id=app.id,
                terms=OfferTerms(
                    base_salary=90_000, currency="GBP", deadline=ws.today + dt.timedelta(days=6)
                ),
                received_on=ws.today,
                now=ws.now,
            )
        summary = ws.replan()
        print(f"agenda planned: {summary}")


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(
    env: dict[str, str], port: int, workers: int, *, bare: bool = False
) -> subprocess.Popen[bytes]:
    """Starts `afterword serve` (or the bare page, with the same uvicorn options) and waits
    until it answers."""
    if bare:
        command = [
            os.path.join(VENV_BIN, "uvicorn"),
            "bare_page:app",
            "--app-dir",
            HERE,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-server-header",
        ]
    else:
        command = [
            os.path.join(VENV_BIN, "afterword"),
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ]
    server = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            probe = "/" if bare else "/static/css/app.css"
            urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}", timeout=1)
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(
                    server.stderr.read().decode() if server.stderr else "no output"
                ) from None
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start in 60 s")


async def _client(
    port: int,
    path: str,
    stop_at: float,
    latencies: list[float],
    errors: list[str],
    *,
    uncached: bool = False,
) -> None:
    """One keep-alive HTTP/1.1 client issuing GETs back to back until `stop_at`."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    number = 0
    try:
        while time.perf_counter() < stop_at:
            number += 1
            # An ignored query parameter that never repeats: the server cannot reuse a page
            # it built before, so this measures building the page every time.
            target = f"{path}?bench={id(writer)}-{number}" if uncached else path
            request = (
                f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/html\r\n\r\n"
            ).encode()
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = head.split(b" ", 2)[1]
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if status != b"200":
                errors.append(status.decode())
    finally:
        writer.close()


async def _load(
    port: int, path: str, clients: int, seconds: float, uncached: bool
) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    stop_at = time.perf_counter() + seconds
    await asyncio.gather(
        *(
            _client(port, path, stop_at, latencies, errors, uncached=uncached)
            for _ in range(clients)
        )
    )
    return latencies, errors


def measure(
    server: subprocess.Popen[bytes],
    port: int,
    path: str,
    clients: int,
    seconds: float,
    uncached: bool = False,
    label: str | None = None,
) -> tuple[str, float]:
    """Warms up, then loads `path` with `clients` concurrent clients for `seconds`; returns
    the printed row and the requests per second."""
    asyncio.run(_load(port, path, clients, min(2.0, seconds), uncached))
    cpu_before = cpu_seconds(server.pid)
    latencies, errors = asyncio.run(_load(port, path, clients, seconds, uncached))
    cpu = cpu_seconds(server.pid) - cpu_before
    latencies.sort()
    count = len(latencies)

    def pick(share: float) -> float:
        return latencies[min(count - 1, int(count * share))] * 1000

    name = label or (path + ("  built every time" if uncached else "  reloaded"))
    row = (
        f"{name:<36} {count / seconds:6.0f} req/s   p50 {statistics.median(latencies) * 1000:6.1f}"
        f"   p90 {pick(0.90):6.1f}   p99 {pick(0.99):6.1f}   max {latencies[-1] * 1000:6.1f} ms"
        f"   CPU {cpu / count * 1000:5.2f} ms/req   ({count:,} requests, {len(errors)} not 200)"
    )
    return row, count / seconds


def interviewing_application(url: str) -> int:
    """An application in interviews with a logged interview: the fullest application page."""
    import sqlite3

    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        row = connection.execute(
            "SELECT a.id FROM applications a JOIN interviews i ON i.application_id = a.id "
            "ORDER BY a.id LIMIT 1"
        ).fetchone()
    return int(row[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--data", help="keep the built workspace here and reuse it next time")
    options = parser.parse_args()
    workdir = options.data or tempfile.mkdtemp(prefix="afterword-bench-web-")
    os.makedirs(workdir, exist_ok=True)
    try:
        url = f"sqlite:///{workdir}/afterword.sqlite3"
        env = {
            **os.environ,
            "AFTERWORD_DATABASE_URL": url,
            "AFTERWORD_DATA_DIR": workdir,
            "AFTERWORD_CONFIG_DIR": workdir,
            "AFTERWORD_DEFAULT_TIMEZONE": "UTC",
        }
        os.environ.update(env)
        started = time.perf_counter()
        if not os.path.exists(f"{workdir}/built"):
            build_database(url)
            enrich(url)
            open(f"{workdir}/built", "w").close()
            print(f"built {APPLICATIONS:,} applications in {time.perf_counter() - started:.1f} s")
        else:
            print(f"reusing the {APPLICATIONS:,} applications built in {workdir}")
        pages = [page.format(interviewing=interviewing_application(url)) for page in PAGES]
        print(
            f"{options.clients} concurrent keep-alive clients, {options.seconds:g} s per row, loopback"
        )
        for workers in options.workers:
            plural = "s" if workers > 1 else ""
            port = free_port()
            server = start_server(env, port, workers)
            try:
                print(f"uvicorn, {workers} worker{plural}:")
                today_rate = 0.0
                for path in pages:
                    for uncached in (False, True):
                        row, rate = measure(
                            server, port, path, options.clients, options.seconds, uncached
                        )
                        if path == "/" and not uncached:
                            today_rate = rate
                        print("  " + row, flush=True)
            finally:
                server.terminate()
                server.wait(timeout=20)
            port = free_port()
            bare = start_server(env, port, workers, bare=True)
            try:
                row, bare_rate = measure(
                    bare,
                    port,
                    "/",
                    options.clients,
                    options.seconds,
                    label="bare FastAPI + Jinja, 50 rows",
                )
                print("  " + row, flush=True)
            finally:
                bare.terminate()
                bare.wait(timeout=20)
            print(
                f"  Today reloaded: {today_rate / bare_rate:.0%} of the bare page's requests "
                f"per second ({workers} worker{plural}, same run)"
            )
    finally:
        if not options.data:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
