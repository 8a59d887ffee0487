"""A throwaway PostgreSQL server for the tests, started from the installed binaries.

Like pytest-postgresql, but it also works as root (PostgreSQL refuses to run
as root, so the server is started as the `postgres` system user) and needs no
configuration: `initdb` into a temporary directory, `pg_ctl start` on a free
loopback port, and `pg_ctl stop` at the end.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager


def find_bindir() -> str | None:
    """Returns the directory holding initdb and pg_ctl, or None when PostgreSQL is absent."""
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        )
        candidates.append(result.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(os.path.dirname(os.path.realpath(initdb)))
    for directory in candidates:
        if directory and os.path.exists(os.path.join(directory, "pg_ctl")):
            return directory
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(bindir: str) -> Iterator[str]:
    """Starts a server and yields the URL of an empty database on it; stops it afterwards."""
    as_root = os.geteuid() == 0
    workdir = tempfile.mkdtemp(prefix="afterword-pg-")
    datadir = os.path.join(workdir, "data")
    run_as: list[str] = []
    if as_root:
        postgres_user = pwd.getpwnam("postgres")
        os.chown(workdir, postgres_user.pw_uid, postgres_user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    port = _free_port()

    def run(*command: str) -> None:
        subprocess.run([*run_as, *command], check=True, capture_output=True, cwd=workdir)

    run(
        os.path.join(bindir, "initdb"),
        "-D",
        datadir,
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--no-sync",
    )
    options = f"-h 127.0.0.1 -p {port} -k {workdir} -F -c fsync=off -c full_page_writes=off"
    run(
        os.path.join(bindir, "pg_ctl"),
        "-D",
        datadir,
        "-o",
        options,
        "-l",
        os.path.join(workdir, "server.log"),
        "-w",
        "start",
    )
    try:
        run(
            os.path.join(bindir, "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "afterword_test",
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/afterword_test"
    finally:
        subprocess.run(
            [*run_as, os.path.join(bindir, "pg_ctl"), "-D", datadir, "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
            cwd=workdir,
        )
        shutil.rmtree(workdir, ignore_errors=True)
