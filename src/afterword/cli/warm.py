"""The warm process: an afterword that has imported everything once and forks a child per
command (the client is cli.warm_client, which says why and how).

    python -P -m afterword.cli.warm SOCKET KEY READY_FD     (started by the client)

The server imports the heavy modules but reads no settings, opens no database and starts
no thread, so each fork starts from a clean state: the child takes on the client's
environment, working directory, umask and standard streams, runs the command line
(cli.app.run) and reports its exit code and CPU time. Whatever a command caches dies with
its child. The server answers only its own user (SO_PEERCRED), and stops after
IDLE_SECONDS without a command, when its socket is removed or replaced, or when the code
it runs no longer matches the installation (an upgrade, an edited source file).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import marshal
import os
import resource
import select
import signal
import socket
import struct
import sys
import time

from afterword.cli import warm_client

IDLE_SECONDS = 600.0
TICK_SECONDS = 5.0  # how often an idle server looks at its socket
KEY_CHECK_SECONDS = 30.0  # how often it compares its code with the installation's

# What a write, the agenda and the overview import beyond the command modules (found by
# listing sys.modules after running them). A module missing here is imported by the child,
# which costs time, not correctness.
PRELOAD = (
    "sqlalchemy.orm",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "holidays.countries",  # business days: every re-plan counts them
    "dateutil.parser",
    "email.parser",
    "pydantic_settings",
    "afterword.settings",
    "afterword.storage.models",
    "afterword.storage.session",
    "afterword.storage.migrate",
    "afterword.pipeline.applications",
    "afterword.pipeline.outcomes",
    "afterword.pipeline.history",
    "afterword.pipeline.interviews",
    "afterword.pipeline.contacts",
    "afterword.pipeline.listing",
    "afterword.playbook.service",
    "afterword.playbook.fact_loading",
    "afterword.profile.service",
    "afterword.offers.service",
    "afterword.reflection.service",
    "afterword.reflection.encouragement_service",
    "afterword.reflection.game_plan",
    "afterword.workspace",
    "afterword.demo.workspace",
    "afterword.cli.application_list",
    "afterword.cli.agenda_text",
    "afterword.cli.overview_text",
    "afterword.cli.table",
    "afterword.cli.output",
    "afterword.cli.json_text",
    "afterword.cli.workspace",
    "afterword.reflection.goals",
)


def preload() -> None:
    """Imports the command modules and what the common commands use; runs none of them."""
    from afterword.cli import app

    for name in app.COMMAND_NAMES:
        try:
            app.build_commands(name)
        except Exception:  # noqa: BLE001 - the child meets (and reports) the same error
            continue
    for module in PRELOAD:
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - a module renamed since: the child imports it
            continue
    # The ORM's mappers are configured on first use, from the classes alone (~50 ms): once
    # here rather than in every child.
    try:
        from sqlalchemy.orm import configure_mappers

        configure_mappers()
    except Exception:  # noqa: BLE001 - the child meets (and reports) the same error
        pass


class _Server:
    def __init__(self, path: str, key: str) -> None:
        self.path = path
        self.key = key
        self.started = time.time()
        self.served = 0
        self.children: set[int] = set()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        # Bound under a temporary name, then renamed: a client never finds a socket that
        # does not listen yet, and of two servers started at once the later one wins (the
        # other sees its socket replaced and stops).
        temporary = f"{path}.{os.getpid()}.tmp"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        self.listener.bind(temporary)
        self.listener.listen(32)
        os.rename(temporary, path)
        self.inode = os.stat(path).st_ino

    def owns_socket(self) -> bool:
        try:
            return os.stat(self.path).st_ino == self.inode
        except OSError:
            return False

    def serve(self) -> None:
        last_used = last_key_check = time.monotonic()
        while True:
            self.reap()
            readable, _, _ = select.select([self.listener], [], [], TICK_SECONDS)
            now = time.monotonic()
            if not readable:
                if now - last_used > IDLE_SECONDS or not self.owns_socket():
                    return
                if now - last_key_check > KEY_CHECK_SECONDS:
                    last_key_check = now
                    if warm_client.installation_key() != self.key:
                        return
                continue
            last_used = now
            try:
                connection, _ = self.listener.accept()
            except OSError:
                continue
            try:
                if self.handle(connection) == "stop":
                    return
            except Exception:  # noqa: BLE001 - one bad request must not end the server
                pass
            finally:
                connection.close()

    def reap(self) -> None:
        for child in list(self.children):
            try:
                done, _ = os.waitpid(child, os.WNOHANG)
            except ChildProcessError:
                done = child
            if done:
                self.children.discard(child)

    def handle(self, connection: socket.socket) -> str | None:
        credentials = connection.getsockopt(
            socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")
        )
        _pid, uid, _gid = struct.unpack("3i", credentials)
        if uid != os.getuid():
            return None  # the folder is private; this is the second lock
        connection.settimeout(2.0)
        message, fds = _receive(connection)
        try:
            kind = message.get("kind")
            if kind == "status":
                connection.sendall(marshal.dumps(self.status()))
                return None
            if kind == "stop":
                connection.sendall(marshal.dumps({"stopped": os.getpid()}))
                return "stop"
            if kind != "run" or len(fds) != 3:
                return None
            if message.get("key") != self.key:
                return "stop"  # stale: the client falls back, and starts a server of its own
            self.fork(connection, message, fds)
            return None
        finally:
            for fd in fds:
                os.close(fd)

    def status(self) -> dict[str, object]:
        return {
            "pid": os.getpid(),
            "started": self.started,
            "served": self.served,
            "running": len(self.children),
            "cpu_ms": _cpu_ms(),  # its own: the imports, then accepting and forking
            "key": self.key,
            "current": warm_client.installation_key() == self.key,
            "python": sys.executable,
            "package": warm_client.package_dir(),
        }

    def fork(self, connection: socket.socket, message: dict, fds: list[int]) -> None:  # type: ignore[type-arg]
        before = _cpu_ms()
        reader, writer = os.pipe()
        child = os.fork()
        if child == 0:
            os.close(writer)
            self.listener.close()
            _child(connection, message, fds, reader)  # never returns
        os.close(reader)
        self.children.add(child)
        self.served += 1
        # The child reports this process's share too (accepting and forking), for the bench.
        os.write(writer, f"{_cpu_ms() - before:.3f}".encode())
        os.close(writer)


def _receive(connection: socket.socket) -> tuple[dict, list[int]]:  # type: ignore[type-arg]
    data, fds, _flags, _address = socket.recv_fds(connection, 65536, 3)
    while len(data) < 4 or len(data) < 4 + int.from_bytes(data[:4], "big"):
        chunk = connection.recv(65536)
        if not chunk:
            break
        data += chunk
    size = int.from_bytes(data[:4], "big")
    message = marshal.loads(data[4 : 4 + size]) if len(data) >= 4 + size else {}
    return (message if isinstance(message, dict) else {}), list(fds)


def _cpu_ms() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return (usage.ru_utime + usage.ru_stime) * 1000


def _child(connection: socket.socket, message: dict, fds: list[int], reader: int) -> None:  # type: ignore[type-arg]
    """Becomes the client's process, runs its command, reports, and exits."""
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
            signal.signal(signum, signal.SIG_DFL)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        os.environ.clear()
        os.environ.update(message["env"])
        os.chdir(message["cwd"])
        os.umask(message["umask"])
        time.tzset()
        _set_locale()
        sys.argv = [message["argv0"], *message["argv"]]
        _rebuild_streams(message["streams"])
        _forget_process_state()
        _die_with_client(connection)
        connection.settimeout(None)
        connection.sendall(f"A {os.getpid()}\n".encode())
    except BaseException:  # noqa: BLE001 - not accepted: the client runs the command itself
        os._exit(1)
    code = 70
    try:
        from afterword.cli.app import run

        code = run(list(message["argv"]))
    except KeyboardInterrupt:
        code = 130
    except BaseException:  # noqa: BLE001 - run() reports its own errors; this is a last guard
        code = 70
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # a closed pipe: as an exiting interpreter
                stream.flush()
    try:
        server_ms = os.read(reader, 64).decode() or "0"
        connection.sendall(f"R {code} {_cpu_ms():.3f} {server_ms}\n".encode())
    finally:
        os._exit(0)


def _die_with_client(connection: socket.socket) -> None:
    """Ends this child the way the client ended, when the client is killed outright (kill -9
    cannot be forwarded): the socket signals SIGIO when its other end closes, and the child
    then kills itself, as an in-process command would have been killed. The database's
    transaction makes that safe, as it does in-process."""
    import fcntl

    def on_io(_signum: int, _frame: object) -> None:
        readable, _, _ = select.select([connection], [], [], 0)
        try:
            gone = bool(readable) and connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            gone = True
        if gone:
            os.kill(os.getpid(), signal.SIGKILL)

    signal.signal(signal.SIGIO, on_io)
    fcntl.fcntl(connection.fileno(), fcntl.F_SETOWN, os.getpid())
    flags = fcntl.fcntl(connection.fileno(), fcntl.F_GETFL)
    fcntl.fcntl(connection.fileno(), fcntl.F_SETFL, flags | os.O_ASYNC)


def _set_locale() -> None:
    import locale

    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_CTYPE, "")


def _rebuild_streams(streams: list[tuple[str, str, bool, bool]]) -> None:
    """Opens sys.stdin, stdout and stderr on the client's descriptors, set up as the
    client's interpreter set up its own (encoding, errors, buffering)."""
    built: list[io.TextIOWrapper] = []
    for fd, (encoding, errors, line_buffering, write_through) in enumerate(streams):
        binary: io.BufferedIOBase
        if fd == 0:
            binary = io.BufferedReader(io.FileIO(fd, "rb", closefd=False))
        else:
            binary = io.BufferedWriter(io.FileIO(fd, "wb", closefd=False))
        built.append(
            io.TextIOWrapper(
                binary,
                encoding=encoding,
                errors=errors,
                line_buffering=line_buffering,
                write_through=write_through,
            )
        )
    sys.stdin, sys.stdout, sys.stderr = built
    # The originals too: some libraries (click's terminal checks) look at them.
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = built  # type: ignore[misc]


def _forget_process_state() -> None:
    """Empties every cache that depends on the environment or the configuration. The server
    fills none of them (it reads no settings); this makes sure of it."""
    from afterword import clock
    from afterword.cli import state
    from afterword.settings import get_settings
    from afterword.storage import session

    get_settings.cache_clear()
    session._engines.clear()  # created per database URL: none in the server
    clock.pin(None)
    state.as_of = None


def main(argv: list[str]) -> int:
    path, key, ready = argv[0], argv[1], int(argv[2])
    with contextlib.suppress(OSError):  # already a session leader (start_new_session)
        os.setsid()
    preload()
    # Objects created so far are never freed: keeping the collector off them keeps their
    # memory pages shared with every child instead of copied on the first collection.
    gc.collect()
    gc.freeze()
    server = _Server(path, key)
    os.write(ready, b"1")
    os.close(ready)
    try:
        server.serve()
    finally:
        if server.owns_socket():
            with contextlib.suppress(OSError):
                os.unlink(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
