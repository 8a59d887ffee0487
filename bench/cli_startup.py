"""How fast does the command line answer where people feel it?

On a search of 5,000 applications and on one of 200, prints the wall-time median of
each command next to a stdlib-`sqlite3` script doing the same read (or write), and the
ratio between them:

- `applications list`;
- `today`, `plan` and `overview` with a fresh agenda (planned today, nothing changed);
- `today` when a re-plan is due (the agenda was planned another day);
- `applications add` and `outcomes add` (a write and its re-plan).

Each command runs in-process ("this", AFTERWORD_DAEMON=off) and through the warm process
("warm", see cli/warm_client.py): its CPU time is the client's plus what the warm process
reports for the command (the forked child's and the server's accepting and forking), so
nothing done elsewhere is left out. Per size, "first call" rows time the call that finds
no warm process and starts one: its CPU adds the server's own (all its imports).

With `--before PYTHON` (the interpreter of another checkout's virtualenv, e.g. main's),
every command also runs there, on a database that checkout built itself, alternating run
by run with this checkout's, so both columns come from the same minutes of the machine.
Targets (issue 15): `today` fresh within 4x its floor at both sizes; writes at 5,000
applications within 10x. Figures only; nothing here asserts a duration.

    .venv/bin/python bench/cli_startup.py [--runs 7] [--before ../main/.venv/bin/python]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

APPLICATIONS = 5_000
SIZES = (5_000, 200)


def build_database(url: str, applications: int = APPLICATIONS) -> None:
    """Fills a database with applications in mixed states, through the real services."""
    from afterword.pipeline.applications import add_application
    from afterword.pipeline.history import record_status
    from afterword.pipeline.schemas import ApplicationFields
    from afterword.pipeline.status import Status
    from afterword.profile.service import get_or_create_user
    from afterword.storage.migrate import upgrade
    from afterword.storage.session import session_scope

    upgrade(url)
    rng = random.Random(5000)
    statuses = [
        Status.APPLIED,
        Status.INTERVIEWING,
        Status.REJECTED,
        Status.GHOSTED,
        Status.WITHDRAWN,
    ]
    now = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)
    with session_scope(url) as session:
        user = get_or_create_user(
            session=session, handle="me", timezone="UTC", country="GB", now=now
        )
        for number in range(applications):
            fields = ApplicationFields(
                company=f"Company {number:04d}",
                role=rng.choice(["Data Engineer", "Backend Engineer", "Product Analyst", "SRE"]),
                source=rng.choice(["referral", "LinkedIn", "company site", None]),
                interest=rng.randint(1, 5),
                applied_on=now.date() - dt.timedelta(days=rng.randint(0, 365)),
                tags=rng.sample(
                    ["remote", "hybrid", "dream job", "startup", "fintech"], k=rng.randint(0, 2)
                ),
            )
            application = add_application(session=session, user_id=user.id, fields=fields, now=now)
            status = rng.choice(statuses)
            if status is not Status.APPLIED:
                record_status(
                    session=session, application=application, status=status, cause="bench", now=now
                )


# The floors: what a bare Python script with the standard library's sqlite3 takes to do the
# same read (or write) and print it. The interpreter start is part of both sides.
FLOOR_LIST = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute("SELECT a.id, a.company, a.role, a.status, a.applied_on, a.interest, "
    "(SELECT group_concat(t.name, ', ') FROM application_tags t WHERE t.application_id = a.id) "
    "FROM applications a JOIN users u ON u.id = a.user_id WHERE u.handle = 'me' ORDER BY a.id")
sys.stdout.write("\\n".join("  ".join(str(v or "") for v in row) for row in rows) + "\\n")
"""
FLOOR_AGENDA = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute("SELECT a.id, a.kind, a.due, a.snoozed_until, a.priority, a.reason, p.company, "
    "p.role FROM actions a JOIN users u ON u.id = a.user_id LEFT JOIN applications p "
    "ON p.id = a.application_id WHERE u.handle = 'me' AND a.state = 'open' "
    "ORDER BY a.due, a.priority, a.id")
sys.stdout.write("\\n".join("  ".join(str(v or "") for v in row) for row in rows) + "\\n")
"""
FLOOR_WRITE = """
import sqlite3, sys, uuid
c = sqlite3.connect(sys.argv[1])
with c:
    user = c.execute("SELECT id FROM users WHERE handle = 'me'").fetchone()[0]
    now = "2026-12-07 12:00:00.000000"
    cur = c.execute("INSERT INTO applications (uid, user_id, company, role, status, applied_on, "
        "created_at, updated_at) VALUES (?, ?, 'Floor Co', 'Engineer', 'applied', '2026-12-07', "
        "?, ?)", (str(uuid.uuid4()), user, now, now))
    c.execute("INSERT INTO status_changes (uid, user_id, application_id, from_status, to_status, "
        "at, cause) VALUES (?, ?, ?, NULL, 'applied', ?, 'floor')",
        (str(uuid.uuid4()), user, cur.lastrowid, now))
print("Added", cur.lastrowid)
"""


class Side:
    """One checkout: its interpreter and the databases it built."""

    warm = False

    def __init__(self, name: str, python: str, workdir: str) -> None:
        self.name = name
        self.python = python
        self.bin = os.path.dirname(python)
        self.workdir = workdir
        self.paths: dict[int, str] = {}
        self.to_reject: dict[int, list[int]] = {}

    def env(self, size: int) -> dict[str, str]:
        return {
            **os.environ,
            "AFTERWORD_DATABASE_URL": f"sqlite:///{self.paths[size]}",
            "AFTERWORD_CONFIG_DIR": self.workdir,
            "AFTERWORD_DATA_DIR": self.workdir,
            "AFTERWORD_DAEMON": "off",
        }

    def build(self, size: int) -> None:
        path = os.path.join(self.workdir, f"afterword-{size}.sqlite3")
        code = (
            "import sys; sys.path.insert(0, sys.argv[1]); import cli_startup; "
            "cli_startup.build_database('sqlite:///' + sys.argv[2], int(sys.argv[3]))"
        )
        bench_dir = os.path.dirname(os.path.abspath(__file__))
        subprocess.run([self.python, "-c", code, bench_dir, path, str(size)], check=True)
        self.paths[size] = path
        # Plan the agenda once (as the first `today` of the day does), then keep a list of
        # applied processes for `outcomes add` to reject, one per run.
        self.run(size, ["today"])
        with sqlite3.connect(path) as connection:
            self.to_reject[size] = [
                row[0]
                for row in connection.execute(
                    "SELECT id FROM applications WHERE status = 'applied' ORDER BY id DESC"
                )
            ]

    def run(self, size: int, args: list[str], setup: str | None = None) -> tuple[float, float]:
        if setup:
            with sqlite3.connect(self.paths[size]) as connection:
                connection.execute(setup)
        if args and args[0] == "outcomes":
            args = ["outcomes", "add", str(self.to_reject[size].pop()), "rejection"]
        return _timed([os.path.join(self.bin, "afterword"), *args], self.env(size))

    def floor(self, size: int, script: str) -> tuple[float, float]:
        # The floor runs with this side's interpreter: the same start-up as the command.
        return _timed([self.python, "-c", script, self.paths[size]], None)


class WarmSide(Side):
    """This checkout through the warm process, on the same databases as its in-process side."""

    warm = True

    def __init__(self, cold: Side) -> None:
        super().__init__("warm", cold.python, cold.workdir)
        self.paths = cold.paths
        self.to_reject = cold.to_reject
        self.runtime = os.path.join(os.path.dirname(cold.workdir), "run")
        self.report = os.path.join(os.path.dirname(cold.workdir), "warm-report")
        os.makedirs(self.runtime, mode=0o700, exist_ok=True)

    def env(self, size: int) -> dict[str, str]:
        env = super().env(size)
        del env["AFTERWORD_DAEMON"]
        env.update(XDG_RUNTIME_DIR=self.runtime, AFTERWORD_DAEMON_REPORT=self.report)
        return env

    def run(self, size: int, args: list[str], setup: str | None = None) -> tuple[float, float]:
        if os.path.exists(self.report):
            os.unlink(self.report)
        wall, cpu = super().run(size, args, setup)
        if os.path.exists(self.report):  # absent when a fast path answered in the client
            with open(self.report, encoding="utf-8") as report:
                cpu += sum(float(value) for value in report.read().split())
        return wall, cpu

    def server_cpu(self, size: int) -> float:
        """The CPU time the running warm processes have used themselves (their imports)."""
        code = (
            "from afterword.cli import warm_client as w\n"
            "print(sum(w.request(p, 'status')['cpu_ms'] for p in w.installation_sockets()))"
        )
        found = subprocess.run(
            [self.python, "-c", code], env=self.env(size), capture_output=True, text=True
        )
        return float(found.stdout or 0)

    def stop(self, size: int) -> None:
        subprocess.run(
            [os.path.join(self.bin, "afterword"), "daemon", "stop"],
            env=self.env(size),
            stdout=subprocess.DEVNULL,
            check=True,
        )

    def first_call(self, size: int, args: list[str]) -> tuple[float, float]:
        """A call that finds no warm process: it starts one, which then runs the command."""
        self.stop(size)
        time.sleep(0.2)  # let the stopped server go
        wall, cpu = self.run(size, args)
        return wall, cpu + self.server_cpu(size)


def _timed(command: list[str], env: dict[str, str] | None) -> tuple[float, float]:
    """Runs `command`; returns its wall time and its CPU time (user + system), in ms.

    CPU time is shown beside the wall time because this machine is shared: when other work
    holds the cores, wall times stretch while CPU times stay close to the truth.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
    return wall, cpu


STALE = "UPDATE users SET planned_on = '2000-01-01'"
CASES = [
    ("applications list", ["applications", "list"], None, FLOOR_LIST),
    ("today (fresh agenda)", ["today"], None, FLOOR_AGENDA),
    ("plan (fresh agenda)", ["plan"], None, FLOOR_AGENDA),
    ("overview (fresh agenda)", ["overview"], None, FLOOR_AGENDA),
    ("today (re-plan due)", ["today"], STALE, FLOOR_AGENDA),
    ("applications add", ["applications", "add", "Bench Co", "Engineer"], None, FLOOR_WRITE),
    ("outcomes add (rejection)", ["outcomes"], None, FLOOR_WRITE),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "7")))
    parser.add_argument("--before", help="another checkout's virtualenv python (e.g. main's)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    options = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="afterword-bench-")
    try:
        this = Side("this", sys.executable, os.path.join(workdir, "this"))
        sides = [this]
        if options.before:
            sides.insert(0, Side("before", options.before, os.path.join(workdir, "before")))
        for side in sides:
            os.makedirs(side.workdir)
            for size in options.sizes:
                started = time.perf_counter()
                side.build(size)
                print(
                    f"{side.name}: built {size:,} applications in "
                    f"{time.perf_counter() - started:.1f} s"
                )
        warm = WarmSide(this)
        sides.append(warm)
        print(
            f"\n{options.runs} runs each (after one warm-up), medians in ms, wall time then CPU "
            "time; x = the command's median / the floor's median (a stdlib-sqlite3 script "
            "doing the same work), wall and CPU"
        )
        header = "".join(
            f" | {side.name + ' wall':>11} {'x':>6} {'cpu':>7} {'x':>6}" for side in sides
        )
        for size in options.sizes:
            print(f"\n{size:,} applications{'':<20}{'floor wall':>11}{'cpu':>7}{header}")
            for label, args, setup, script in CASES:
                floors: list[tuple[float, float]] = []
                times: dict[str, list[tuple[float, float]]] = {side.name: [] for side in sides}
                for side in sides:
                    side.run(size, args, setup)  # warm-up
                for _ in range(options.runs):
                    floors.append(sides[-1].floor(size, script))
                    for side in sides:
                        times[side.name].append(side.run(size, args, setup))
                floor_wall = statistics.median(wall for wall, _cpu in floors)
                floor_cpu = statistics.median(cpu for _wall, cpu in floors)
                cells = ""
                for side in sides:
                    wall = statistics.median(w for w, _c in times[side.name])
                    cpu = statistics.median(c for _w, c in times[side.name])
                    cells += (
                        f" | {wall:11.1f} {wall / floor_wall:5.1f}x"
                        f" {cpu:7.1f} {cpu / floor_cpu:5.1f}x"
                    )
                print(f"  {label:<32}{floor_wall:11.1f}{floor_cpu:7.1f}{cells}", flush=True)
            _first_calls(warm, size, options.runs, floor_wall, floor_cpu)
        warm.stop(options.sizes[0])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _first_calls(warm: WarmSide, size: int, runs: int, floor_wall: float, floor_cpu: float) -> None:
    """The call that starts the warm process, against the last case's floor (a write)."""
    times = [
        warm.first_call(size, ["applications", "add", "Bench Co", "Engineer"]) for _ in range(runs)
    ]
    wall = statistics.median(w for w, _c in times)
    cpu = statistics.median(c for _w, c in times)
    print(
        f"  first call, which starts the warm process (applications add): wall {wall:.1f} ms "
        f"({wall / floor_wall:.1f}x the floor), CPU {cpu:.1f} ms ({cpu / floor_cpu:.1f}x) "
        "including the server's imports",
        flush=True,
    )


if __name__ == "__main__":
    main()
