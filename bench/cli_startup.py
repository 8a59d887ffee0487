"""How fast does `afterword applications list` answer on 5,000 applications?

Prints the wall time of the listing next to a bare interpreter start, both run
the same way (through the project's virtualenv), plus the full command line
without the fast path for comparison. Target: within 4x of the bare interpreter.
Figures only; nothing here asserts a duration.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

APPLICATIONS = 5_000
RUNS = int(os.environ.get("BENCH_RUNS", "21"))
VENV_BIN = os.path.dirname(sys.executable)


def build_database(url: str) -> None:
    """Fills a database with 5,000 applications in mixed states, through the real services."""
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
        for number in range(APPLICATIONS):
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


def timed(command: list[str], env: dict[str, str]) -> list[float]:
    """Runs `command` RUNS times (after one warm-up) and returns wall times in milliseconds."""
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="afterword-bench-")
    try:
        url = f"sqlite:///{workdir}/afterword.sqlite3"
        started = time.perf_counter()
        build_database(url)
        print(f"built {APPLICATIONS:,} applications in {time.perf_counter() - started:.1f} s")
        env = {**os.environ, "AFTERWORD_DATABASE_URL": url, "AFTERWORD_CONFIG_DIR": workdir}
        full_env = {**env, "AFTERWORD_NO_FAST_PATH": "1"}
        python = os.path.join(VENV_BIN, "python")
        afterword = os.path.join(VENV_BIN, "afterword")
        cases = [
            ("venv python -c pass (floor)", [python, "-c", "pass"], env),
            ("afterword applications list", [afterword, "applications", "list"], env),
            (
                "afterword applications list --json",
                [afterword, "applications", "list", "--json"],
                env,
            ),
            (
                "  same, full command line (no fast path)",
                [afterword, "applications", "list"],
                full_env,
            ),
            ("afterword --version (Typer start-up)", [afterword, "--version"], full_env),
            (
                "afterword applications add (write + re-plan)",
                [afterword, "applications", "add", "Bench Co", "Engineer"],
                env,
            ),
        ]
        if shutil.which("python3"):
            cases.insert(1, ("python3 -c pass (PATH, pyenv shim)", ["python3", "-c", "pass"], env))
        print(
            f"{RUNS} runs each, wall time in ms (median / p90 / min), ratio = median / floor median"
        )
        floor = None
        for label, command, case_env in cases:
            times = sorted(timed(command, case_env))
            median = statistics.median(times)
            floor = floor or median
            p90 = times[int(len(times) * 0.9) - 1]
            print(
                f"  {label:<44} {median:7.1f} / {p90:7.1f} / {times[0]:7.1f}   x{median / floor:4.1f}"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
