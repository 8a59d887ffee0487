"""The client of the warm process: hands a command to an afterword that has already
imported everything, instead of importing it all again (about a second of CPU per write).

How it works (the server is cli.warm): a process of this installation keeps the heavy
modules (SQLAlchemy, the models, the services, the command modules) imported and listens
on a unix socket only its user can reach. For each command the client sends its
arguments, environment, working directory and umask, and passes its own stdin, stdout and
stderr (SCM_RIGHTS), so prompts, pipes, `--password-stdin`, TTY detection and colours
behave as in-process. The server forks a child that takes on all of that, runs the
command line and reports its exit code. Nothing leaves the machine.

Standard library only, and only its cheapest modules (`_socket` rather than `socket`,
`_signal` rather than `signal`, `marshal` rather than `json`): this runs before every
command that the fast paths decline. Any failure before the child has accepted the
command returns None, and the caller runs the command in-process; once accepted, the
client waits for the child's answer, so a write is never run twice or lost.

AFTERWORD_DAEMON=off turns it off. It is never used on Windows, in server mode, or for
the commands listed in _IN_PROCESS.
"""

from __future__ import annotations

import os
import sys

import afterword

# Long-running commands (they own their process and its signals), the warm process's own
# controls, and the accounts commands (server mode; their password prompt reads /dev/tty,
# which a child of the warm process does not have) always run in-process.
_IN_PROCESS = frozenset({"serve", "worker", "daemon", "accounts"})
_OFF = frozenset({"off", "0", "no", "false"})
STARTUP_SECONDS = 15.0  # how long a first call waits for a new server before running itself
ACCEPT_SECONDS = 5.0  # how long an accepted-or-not answer may take from a live server


def enabled(argv: list[str]) -> bool:
    """Whether this command may go through the warm process."""
    if os.environ.get("AFTERWORD_DAEMON", "").strip().lower() in _OFF:
        return False
    if os.name != "posix" or sys.platform == "win32":
        return False
    if argv[:1] and argv[0] in _IN_PROCESS:
        return False
    return not _server_mode()


def _server_mode() -> bool:
    # The same sources as the settings, in their order: the environment, then the config file.
    mode = os.environ.get("AFTERWORD_MODE")
    if mode is not None:
        return mode.strip().lower() != "local"
    from afterword import paths

    config_file = paths.config_file()
    if not os.path.exists(config_file):
        return False
    import tomllib

    try:
        with open(config_file, "rb") as handle:
            mode = tomllib.load(handle).get("mode", "local")
    except (OSError, tomllib.TOMLDecodeError):
        return True  # unsure: in-process, where the settings report the problem
    return bool(mode != "local")


def package_dir() -> str:
    return os.path.dirname(os.path.abspath(afterword.__file__))


def installation_key() -> str:
    """What the running code depends on: the interpreter, the package's place, version and
    source files (an edit in an editable install changes a file's mtime), and the module
    folders on the path (installing or upgrading a dependency changes their mtime).

    Stat'ing the ~275 source files takes about 3 ms; a server whose key differs is never
    asked (the socket's name carries the key) and stops itself."""
    parts = [sys.executable, sys.version, afterword.__version__, package_dir()]
    # sys.path[0] is the script's folder, or the working directory under -m: not the code's.
    for folder_on_path in sys.path[0 if sys.flags.safe_path else 1 :]:
        try:
            parts.append(f"{folder_on_path}:{os.stat(folder_on_path or '.').st_mtime_ns}")
        except OSError:
            parts.append(folder_on_path)
    pending = [package_dir()]
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py"):
                stat = entry.stat()
                parts.append(f"{entry.path}:{stat.st_mtime_ns}:{stat.st_size}")
            elif entry.name != "__pycache__" and entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
    return _digest("\n".join(parts))


def _digest(text: str) -> str:
    try:
        from _blake2 import blake2b  # hashlib would load OpenSSL: ~10 ms
    except ImportError:  # pragma: no cover - CPython always has it
        from hashlib import blake2b
    return blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def runtime_dir() -> str:
    """A folder only this user can open: $XDG_RUNTIME_DIR/afterword or /tmp/afterword-UID.

    Raises OSError when it exists with another owner or wider permissions."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    if base and os.path.isabs(base) and os.path.isdir(base):
        folder = os.path.join(base, "afterword")
    else:
        folder = os.path.join("/tmp", f"afterword-{os.getuid()}")
    try:  # noqa: SIM105 - contextlib is one import more on every command's path
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    stat = os.lstat(folder)
    import stat as stat_module

    if not stat_module.S_ISDIR(stat.st_mode) or stat.st_uid != os.getuid() or stat.st_mode & 0o077:
        raise PermissionError(f"{folder} is not a private folder of this user")
    return folder


def installation_prefix() -> str:
    """The start of the socket names of this installation (whatever its code's state)."""
    return "warm-" + _digest(f"{sys.executable}\n{package_dir()}")[:8] + "-"


def socket_path(key: str) -> str:
    return os.path.join(runtime_dir(), f"{installation_prefix()}{key[:12]}.sock")


def installation_sockets() -> list[str]:
    """The sockets of this installation's warm processes, current or stale."""
    folder = runtime_dir()
    prefix = installation_prefix()
    return sorted(
        os.path.join(folder, name)
        for name in os.listdir(folder)
        if name.startswith(prefix) and name.endswith(".sock")
    )


def _connect(path: str):  # type: ignore[no-untyped-def]  # an _socket.socket, or None
    import _socket

    connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    connection.settimeout(ACCEPT_SECONDS)
    try:
        connection.connect(path)
    except OSError:
        connection.close()
        return None
    return connection


def _send(connection, message: dict, fds: list[int] | None = None) -> None:  # type: ignore[no-untyped-def, type-arg]
    import _socket
    import marshal
    from array import array

    payload = marshal.dumps(message)
    data = len(payload).to_bytes(4, "big") + payload
    ancillary = []
    if fds:
        ancillary = [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, array("i", fds))]
    sent = connection.sendmsg([data], ancillary)
    if sent < len(data):
        connection.sendall(data[sent:])


class _Lines:
    """The server's answer, read line by line."""

    def __init__(self, connection) -> None:  # type: ignore[no-untyped-def]
        self.connection = connection
        self.buffer = b""

    def next(self) -> str | None:
        while b"\n" not in self.buffer:
            chunk = self.connection.recv(4096)
            if not chunk:
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()


def request(path: str, kind: str) -> dict | None:  # type: ignore[type-arg]
    """Asks the server at `path` for its `status`, or to `stop`; None if none answers."""
    import marshal

    connection = _connect(path)
    if connection is None:
        return None
    try:
        _send(connection, {"kind": kind})
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
        answer = marshal.loads(data) if data else None
        return answer if isinstance(answer, dict) else None
    except (OSError, ValueError, EOFError, TypeError):
        return None
    finally:
        connection.close()


def try_warm(argv: list[str]) -> int | None:
    """Runs `argv` in the warm process and returns its exit code; None to run in-process."""
    if not enabled(argv):
        return None
    try:
        key = installation_key()
        path = socket_path(key)
        connection = _connect(path)
        if connection is None:
            if not _start(path, key):
                return None
            connection = _connect(path)
            if connection is None:
                return None
    except KeyboardInterrupt:  # Ctrl-C while a first server starts: as in-process
        return _interrupted()
    except Exception:  # noqa: BLE001 - whatever went wrong, in-process still works
        return None
    try:
        return _run(connection, key, argv)
    finally:
        connection.close()


def _interrupted() -> int:
    sys.stderr.write("error: interrupted; nothing was changed\n")  # as cli.app.run says it
    return 130


def _start(path: str, key: str) -> bool:
    """Starts a server for `path`, detached, and waits until it listens (or gives up)."""
    import select
    import subprocess

    try:  # noqa: SIM105 - see runtime_dir
        os.unlink(path)  # nobody answered on it: a server that died
    except FileNotFoundError:
        pass
    ready, ready_writer = os.pipe()
    try:
        subprocess.Popen(
            # -P: the working directory must not shadow a module of the server.
            [sys.executable, "-P", "-m", "afterword.cli.warm", path, key, str(ready_writer)],
            pass_fds=(ready_writer,),
            start_new_session=True,
            # It reads no settings: none of them (nor a password given in one) in its memory.
            env={name: value for name, value in os.environ.items() if "AFTERWORD" not in name},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd="/",
        )
        os.close(ready_writer)
        ready_writer = -1
        readable, _, _ = select.select([ready], [], [], STARTUP_SECONDS)
        return bool(readable) and os.read(ready, 1) == b"1"
    finally:
        os.close(ready)
        if ready_writer >= 0:
            os.close(ready_writer)


def _streams() -> list[tuple[str, str, bool, bool]]:
    """How this interpreter set up stdin, stdout and stderr for this environment (the
    child rebuilds its own the same way)."""
    streams = []
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        streams.append(
            (
                stream.encoding,
                stream.errors or "strict",
                bool(stream.line_buffering),
                bool(getattr(stream, "write_through", False)),
            )
        )
    return streams


def _run(connection, key: str, argv: list[str]) -> int | None:  # type: ignore[no-untyped-def]
    umask = os.umask(0o077)
    os.umask(umask)
    try:
        _send(
            connection,
            {
                "kind": "run",
                "key": key,
                "argv": list(argv),
                "argv0": sys.argv[0] if sys.argv else "afterword",
                "env": dict(os.environ),
                "cwd": os.getcwd(),
                "umask": umask,
                "streams": _streams(),
            },
            [0, 1, 2],
        )
        lines = _Lines(connection)
        accepted = lines.next()
        if accepted is None or not accepted.startswith("A "):
            return None  # declined, or gone before starting: nothing ran
        child = int(accepted[2:])
    except KeyboardInterrupt:
        # Before an answer: nothing ran, or the child dies with this process (cli.warm).
        return _interrupted()
    except Exception:  # noqa: BLE001 - nothing ran yet: in-process instead
        return None
    # From here on the command is running (or has run): wait for it, whatever happens.
    return _wait(connection, lines, child)


def _wait(connection, lines: _Lines, child: int) -> int:  # type: ignore[no-untyped-def]
    import _signal  # type: ignore[import-not-found]  # signal's enums cost ~3 ms

    forwarded: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        forwarded.append(signum)
        try:  # noqa: SIM105 - see runtime_dir
            os.kill(child, signum)
        except OSError:
            pass

    signals = (_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP)
    previous = {signum: _signal.signal(signum, forward) for signum in signals}
    try:
        connection.settimeout(None)
        line: str | None = None
        try:  # noqa: SIM105 - see runtime_dir
            line = lines.next()
        except OSError:
            pass
    finally:
        for signum, handler in previous.items():
            _signal.signal(signum, handler)
    if line and line.startswith("R "):
        fields = line.split()
        _report(fields[2:])
        return int(fields[1])
    if forwarded and forwarded[-1] != _signal.SIGINT:
        # The child died of the signal this process was sent: die of it too, as in-process.
        _signal.signal(forwarded[-1], _signal.SIG_DFL)
        os.kill(os.getpid(), forwarded[-1])
    sys.stderr.write(
        "error: the warm afterword process stopped before finishing the command; "
        "check with 'afterword daemon status' (AFTERWORD_DAEMON=off runs without it)\n"
    )
    return 130 if forwarded else 70


def _report(cpu: list[str]) -> None:
    """For bench/cli_startup.py: appends the child's and the server's CPU time (ms) to the
    file AFTERWORD_DAEMON_REPORT names, so that a bench counts all the work."""
    target = os.environ.get("AFTERWORD_DAEMON_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(" ".join(cpu) + "\n")
