"""Server mode under load: many accounts on one PostgreSQL, two web processes, a worker.

1. Starts a throwaway PostgreSQL on loopback (tests/postgres_server.py), migrates it as the
   owner and creates an ordinary app role (server mode refuses a superuser).
2. Seeds N accounts with M applications each through a BULK PATH: PostgreSQL's COPY, writing
   the same rows the services write (`users` and `accounts` as accounts.service.add_account
   makes them, one shared argon2id hash; each application as pipeline.applications
   add_application makes it, in status 'applied' with its `status_changes` row). The
   services would take hours for 2M applications; COPY takes a minute or two.
3. The daily sweep: one `afterword worker` runs for --sweep-seconds; reports people
   re-planned per second by that one worker (from the worker's ledger).
4. The pages: the simulated people are planned for today first (as the sweep would have),
   then --clients of them sign in over HTTP to two `afterword serve` processes and each
   loads Today, Pipeline or one of their application pages every --interval seconds for
   --seconds. Reports p50, p99, max and errors.

Targets (issue 17): p99 <= 100 ms with 0 errors; sweep >= 20 people/s per worker.
Loopback only, bounded in time; figures only, nothing here asserts and no test runs it.

    .venv/bin/python bench/server.py --accounts 500 --applications 200      # reduced
    nice -n 10 .venv/bin/python bench/server.py --accounts 10000             # full (2M)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import httpx  # noqa: E402
import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from tests.postgres_server import find_bindir, running_server  # noqa: E402

PASSWORD = "a long enough passphrase"
ZONES = ("Europe/London", "Europe/Berlin", "America/New_York", "Asia/Tokyo")
APP_ROLE = "afterword_bench_app"
AFTERWORD = [sys.executable, "-m", "afterword"]


def conninfo(url: str) -> str:
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


INTERVIEWING = 5  # one process in this many is at the interview stage


def _status(application_id: int) -> str:
    return "interviewing" if application_id % INTERVIEWING == 0 else "applied"


def seed(owner_url: str, accounts: int, applications: int) -> float:
    """COPYs the accounts and their applications; returns the seconds it took."""
    from afterword.accounts.service import hash_password

    started = time.perf_counter()
    password_hash = hash_password(PASSWORD)
    now = dt.datetime.now(dt.UTC)
    companies = [f"Company {n}" for n in range(997)]
    roles = ("Analyst", "Engineer", "Designer", "Product manager", "Data scientist")
    with psycopg.connect(conninfo(owner_url)) as connection, connection.cursor() as cursor:
        with cursor.copy(
            "COPY users (id, uid, handle, timezone, country, created_at, revision) FROM STDIN"
        ) as copy:
            for user_id in range(1, accounts + 1):
                copy.write_row((user_id, str(uuid.uuid4()), f"seeker{user_id}",
                                ZONES[user_id % len(ZONES)], "GB", now, 0))  # fmt: skip
        with cursor.copy(
            "COPY accounts (id, user_id, email, role, password_hash, created_at) FROM STDIN"
        ) as copy:
            for user_id in range(1, accounts + 1):
                copy.write_row((user_id, user_id, f"seeker{user_id}@example.org", "seeker",
                                password_hash, now))  # fmt: skip
        with cursor.copy(
            "COPY applications (id, uid, user_id, company, role, status, applied_on, "
            "created_at, updated_at) FROM STDIN"
        ) as copy:
            application_id = 0
            for user_id in range(1, accounts + 1):
                for n in range(applications):
                    application_id += 1
                    applied = (now - dt.timedelta(days=(application_id * 7) % 90)).date()
                    copy.write_row((application_id, str(uuid.uuid4()), user_id,
                                    companies[application_id % len(companies)],
                                    roles[n % len(roles)], _status(application_id), applied,
                                    now, now))  # fmt: skip
        with cursor.copy(
            "COPY status_changes (uid, user_id, application_id, from_status, to_status, at, "
            "cause) FROM STDIN"
        ) as copy:
            application_id = 0
            for user_id in range(1, accounts + 1):
                for _ in range(applications):
                    application_id += 1
                    copy.write_row((str(uuid.uuid4()), user_id, application_id, None,
                                    _status(application_id), now, "application added"))  # fmt: skip
        # Every INTERVIEWING-th process had an interview, held 1-21 days ago without a debrief:
        # the playbook then asks for a debrief, a thank-you and a follow-up, so a first plan
        # creates actions as a real search's would (applications alone call for none).
        with cursor.copy(
            "COPY interviews (uid, user_id, application_id, round, kind, scheduled_at, "
            "created_at) FROM STDIN"
        ) as copy:
            application_id = 0
            for user_id in range(1, accounts + 1):
                for _ in range(applications):
                    application_id += 1
                    if _status(application_id) == "interviewing":
                        held = now - dt.timedelta(days=1 + application_id % 21)
                        copy.write_row((str(uuid.uuid4()), user_id, application_id, 1,
                                        "technical", held, held))  # fmt: skip
        for table in ("users", "accounts", "applications"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far (Linux /proc), gone ones as 0."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def postgres_pids(owner_url: str) -> list[int]:
    """The bench's PostgreSQL server and its backends (children of its postmaster)."""
    with psycopg.connect(conninfo(owner_url), autocommit=True) as connection:
        row = connection.execute("SHOW data_directory").fetchone()
    assert row is not None
    with open(os.path.join(str(row[0]), "postmaster.pid")) as pidfile:
        postmaster = int(pidfile.readline())
    found = [postmaster]
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if parent == postmaster:
            found.append(int(name))
    return found


class CpuMeter:
    """CPU used by given processes plus the bench's PostgreSQL (its backends come and go, so
    they are listed again at the end; a backend that ended in between is not counted)."""

    def __init__(self, owner_url: str, pids: list[int]) -> None:
        self.owner_url, self.pids = owner_url, pids
        self.before = {pid: cpu_seconds([pid]) for pid in pids + postgres_pids(owner_url)}

    def used(self) -> tuple[float, float]:
        """(CPU seconds of the processes, CPU seconds of PostgreSQL) since the start."""
        mine = sum(cpu_seconds([pid]) - self.before.get(pid, 0.0) for pid in self.pids)
        database = sum(
            cpu_seconds([pid]) - self.before.get(pid, 0.0) for pid in postgres_pids(self.owner_url)
        )
        return mine, database


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} cores"


def app_role_url(owner_url: str) -> str:
    """An ordinary role with the rights docs/server.md gives the app."""
    with psycopg.connect(conninfo(owner_url), autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {APP_ROLE} LOGIN PASSWORD 'bench'")
        connection.execute(
            f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}; "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}; "
            f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}"
        )
    url = sa.make_url(owner_url).set(username=APP_ROLE, password="bench")
    return url.render_as_string(hide_password=False)


def environment(url: str) -> dict[str, str]:
    return {**os.environ, "AFTERWORD_MODE": "server", "AFTERWORD_DATABASE_URL": url,
            "AFTERWORD_WEB__SECRET": "bench-" + "0" * 58}  # fmt: skip


def replanned(url: str) -> int:
    with psycopg.connect(conninfo(url)) as connection:
        row = connection.execute("SELECT count(*) FROM daily_runs WHERE kind = 'replan'").fetchone()
    return int(row[0]) if row else 0


def sweep(url: str, owner_url: str, seconds: float, log: str) -> tuple[int, float, float, float]:
    """One worker for `seconds` (after its first re-plan); returns (people, seconds, worker
    CPU seconds, PostgreSQL CPU seconds) over that time."""
    with open(log, "ab") as output:
        worker = subprocess.Popen([*AFTERWORD, "worker", "--sweep-every", "5"],
                                  env=environment(url), stdout=output, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while replanned(url) == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        start_count, start = replanned(url), time.monotonic()
        meter = CpuMeter(owner_url, [worker.pid])
        print(f"  sweep starts: {load_average()}")
        time.sleep(seconds)
        worker_cpu, database_cpu = meter.used()
        people, elapsed = replanned(url) - start_count, time.monotonic() - start
        print(f"  sweep ends: {load_average()}")
        return people, elapsed, worker_cpu, database_cpu
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()


def plan_people(url: str, user_ids: list[int]) -> None:
    """Plans today for the people the load uses (what the sweep does for everyone)."""
    from afterword import clock
    from afterword.settings import load_settings
    from afterword.storage.session import dispose_engines
    from afterword.worker.daily import replan_day

    settings = load_settings(mode="server", database_url=url)
    with psycopg.connect(conninfo(url)) as connection:
        zones: dict[int, str] = dict(
            connection.execute("SELECT id, timezone FROM users").fetchall()
        )
    from concurrent.futures import ThreadPoolExecutor

    def plan(user_id: int) -> None:
        replan_day(settings=settings, user_id=user_id, local_date=clock.today(zones[user_id]))

    with ThreadPoolExecutor(4) as pool:  # as a worker does (--concurrency 4)
        list(pool.map(plan, user_ids))
    dispose_engines()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_web(url: str, log: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    with open(log, "ab") as output:
        process = subprocess.Popen([*AFTERWORD, "serve", "--port", str(port)],
                                   env=environment(url), stdout=output, stderr=subprocess.STDOUT)  # fmt: skip
    address = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{address}/login", timeout=2).status_code == 200:
                return process, address
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"the web app at {address} did not start; see {log}")


async def sign_in(client: httpx.AsyncClient, email: str) -> None:
    page = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    if token is None:
        raise SystemExit("no form token on /login")
    answer = await client.post("/login", data={"csrf_token": token.group(1), "email": email,
                                               "password": PASSWORD})  # fmt: skip
    if answer.status_code != 303:
        raise SystemExit(f"signing in as {email} failed: {answer.status_code}")


@dataclass
class LoadResult:
    """What the page load measured."""

    latencies: list[float] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    web_cpu: float = 0.0  # the two web processes
    database_cpu: float = 0.0  # PostgreSQL
    client_cpu: float = 0.0  # this process, which plays all the people
    load_before: str = ""
    load_after: str = ""


TIMEOUT = 10.0  # seconds before a request counts as an error (a timeout)


async def load(
    addresses: list[str],
    people: dict[int, list[int]],
    seconds: float,
    interval: float,
    meter: CpuMeter,
) -> LoadResult:
    """Each person loads a page every `interval` seconds, for `seconds`."""
    result = LoadResult()
    kinds: Counter[str] = Counter()  # what the errors were: an HTTP status, or a timeout
    clients = []
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    for n, (user_id, _) in enumerate(people.items()):
        client = httpx.AsyncClient(base_url=addresses[n % len(addresses)], timeout=TIMEOUT,
                                   limits=limits)  # fmt: skip
        clients.append((client, user_id))
    gate = asyncio.Semaphore(8)  # argon2 makes sign-in slow on purpose: not all at once

    async def signed_in(client: httpx.AsyncClient, user_id: int) -> None:
        async with gate:
            await sign_in(client, f"seeker{user_id}@example.org")

    await asyncio.gather(*(signed_in(client, user_id) for client, user_id in clients))
    # Measured from here: the sign-ins (argon2, slow on purpose) are not page loads.
    meter = CpuMeter(meter.owner_url, meter.pids)
    client_start = time.process_time()
    result.load_before = load_average()
    end = time.monotonic() + seconds

    async def person(client: httpx.AsyncClient, user_id: int) -> None:
        await asyncio.sleep(random.uniform(0, interval))
        while time.monotonic() < end:
            tick = time.monotonic()
            kind = random.choice(("/", "/pipeline", "application"))
            page = (
                kind if kind != "application" else f"/applications/{random.choice(people[user_id])}"
            )
            try:
                response = await client.get(page)
                if response.status_code != 200:
                    result.errors += 1
                    kinds[f"HTTP {response.status_code}"] += 1
            except httpx.HTTPError as error:  # a timeout is one
                result.errors += 1
                kinds[type(error).__name__] += 1
            took = time.monotonic() - tick
            result.latencies.append(took)
            result.by_page.setdefault(
                "/applications/N" if kind == "application" else kind, []
            ).append(took)
            await asyncio.sleep(max(0.0, interval - (time.monotonic() - tick)))

    await asyncio.gather(*(person(client, user_id) for client, user_id in clients))
    result.client_cpu = time.process_time() - client_start
    result.web_cpu, result.database_cpu = meter.used()
    result.load_after = load_average()
    for client, _ in clients:
        await client.aclose()
    if kinds:
        print("  errors: " + ", ".join(f"{count} {kind}" for kind, count in kinds.most_common()))
    return result


def application_ids(url: str, user_ids: list[int]) -> dict[int, list[int]]:
    with psycopg.connect(conninfo(url)) as connection:
        rows = connection.execute(
            "SELECT user_id, id FROM applications WHERE user_id = ANY(%s)", (user_ids,)
        ).fetchall()
    found: dict[int, list[int]] = {user_id: [] for user_id in user_ids}
    for user_id, application_id in rows:
        found[user_id].append(application_id)
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=500)
    parser.add_argument("--applications", type=int, default=200)
    parser.add_argument("--clients", type=int, default=200, help="simulated signed-in people")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between pages")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the page load")
    parser.add_argument("--sweep-seconds", type=float, default=30.0)
    args = parser.parse_args()
    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL is not installed (make system-packages installs it)")
    from afterword.storage.migrate import upgrade
    from afterword.storage.session import dispose_engines

    log = os.path.join(os.environ.get("TMPDIR", "/tmp"), "afterword-bench-server.log")
    with running_server(bindir) as owner_url:
        upgrade(owner_url)
        dispose_engines()
        url = app_role_url(owner_url)
        took = seed(owner_url, args.accounts, args.applications)
        total = args.accounts * args.applications
        print(f"seeded {args.accounts:,} accounts x {args.applications} applications "
              f"= {total:,} applications by COPY in {took:.1f} s")  # fmt: skip

        people, elapsed, worker_cpu, database_cpu = sweep(url, owner_url, args.sweep_seconds, log)
        print(f"daily sweep, 1 worker: {people} people re-planned in {elapsed:.1f} s "
              f"= {people / elapsed:.1f} people/s per worker (target >= 20)")  # fmt: skip
        if replanned(url) >= args.accounts:
            print("  (every account was re-planned before the time was up: the rate is a lower "
                  "bound; use more --accounts or fewer --sweep-seconds)")  # fmt: skip
        if people:
            print(f"  CPU per person re-planned: worker {worker_cpu / people * 1000:.1f} ms, "
                  f"PostgreSQL {database_cpu / people * 1000:.1f} ms "
                  f"(worker at {worker_cpu / elapsed:.0%} of a core)")  # fmt: skip

        chosen = random.Random(7).sample(
            range(1, args.accounts + 1), min(args.clients, args.accounts)
        )
        plan_people(url, chosen)
        webs = [start_web(url, log) for _ in range(2)]
        try:
            result = asyncio.run(
                load([address for _, address in webs], application_ids(owner_url, chosen),
                     args.seconds, args.interval, CpuMeter(owner_url, [p.pid for p, _ in webs]))
            )  # fmt: skip
        finally:
            for process, _ in webs:
                process.terminate()
                process.wait(timeout=30)
        latencies, errors, requests = result.latencies, result.errors, len(result.latencies)
        print(f"pages, {len(chosen)} signed-in people, one page each every {args.interval:g} s, "
              f"2 web processes, {args.seconds:g} s: {requests} requests, {errors} errors "
              f"(timeouts after {TIMEOUT:g} s count as errors)")  # fmt: skip
        if latencies:
            print(f"  p50 {statistics.median(latencies) * 1000:.1f} ms, "
                  f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms, "
                  f"max {max(latencies) * 1000:.1f} ms (target p99 <= 100 ms, 0 errors)")  # fmt: skip
            for page, times in sorted(result.by_page.items()):
                print(f"    {page}: {len(times)} requests, p50 "
                      f"{statistics.median(times) * 1000:.1f} ms, p99 "
                      f"{percentile(times, 0.99) * 1000:.1f} ms")  # fmt: skip
            print(f"  CPU per request: web {result.web_cpu / requests * 1000:.1f} ms, PostgreSQL "
                  f"{result.database_cpu / requests * 1000:.1f} ms; the client used "
                  f"{result.client_cpu / args.seconds:.0%} of a core "
                  f"({result.client_cpu / requests * 1000:.2f} ms per request)")  # fmt: skip
            print(f"  {result.load_before} at the start, {result.load_after} at the end")
        print(f"({load_average()} at the end; logs in {log})")


if __name__ == "__main__":
    main()
