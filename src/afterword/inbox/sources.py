"""Where mail comes from: mbox files, Maildir folders, single .eml files and IMAP folders.

Every source yields RawMessage values lazily, one message in memory at a time, so
a 50,000-message mbox streams. IMAP is strictly read-only: folders are opened
with EXAMINE and bodies fetched with BODY.PEEK, so nothing is ever marked read.
"""

from __future__ import annotations

import imaplib
import mmap
import os
import re
import ssl
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Protocol

from afterword.errors import AfterwordError, InvalidInputError
from afterword.inbox.message import RawMessage, SourceKind
from afterword.settings.mail import MailAccount

# --- files ---------------------------------------------------------------------------------------

# A byte order mark: some Windows tools start every text file they write with one.
_BOM = b"\xef\xbb\xbf"
# How far into a file its kind is sniffed (past a BOM and blank lines).
_SNIFF_BYTES = 4096


@dataclass(frozen=True)
class SkippedFile:
    """A file in a folder that was not read as mail, and why."""

    location: str
    reason: str


def _starts_like_mbox(path: Path) -> bool:
    """Whether a file's first line, after a BOM and blank lines, is an mbox "From " line."""
    with path.open("rb") as stream:
        start = stream.read(_SNIFF_BYTES)
    return start.removeprefix(_BOM).lstrip(b"\r\n").startswith(b"From ")


def read_eml(path: Path | str) -> Iterator[RawMessage]:
    """Yields the one message in an .eml file."""
    file = Path(path)
    yield RawMessage(location=str(file), raw=file.read_bytes(), kind=SourceKind.EML)


def read_mbox(path: Path | str) -> Iterator[RawMessage]:
    """Yields each message of an mbox file, streaming (locations are "path#1", "path#2", ...).

    A separator is a "From " line at the start or after a blank line (a line of nothing but
    whitespace); a body's own "From " lines are escaped (">From ") by well-behaved writers,
    and this rule spares the rest. The blank line before a separator belongs to the format,
    not the message. The file is mapped into memory and searched for separators, rather
    than read line by line in Python (an attachment is thousands of lines): the operating
    system pages it in as it is read, so a huge mbox still streams.
    """
    file = Path(path)
    with file.open("rb") as stream:
        if os.fstat(stream.fileno()).st_size == 0:
            return
        with mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as data:
            for number, raw in enumerate(_mbox_messages(data), start=1):
                yield RawMessage(location=f"{file}#{number}", raw=raw, kind=SourceKind.MBOX)


def _mbox_messages(data: mmap.mmap | bytes) -> Iterator[bytes]:
    """The messages' bytes, split at separators (see read_mbox)."""
    first = len(_BOM) if data[: len(_BOM)] == _BOM else 0
    body: int | None = None  # where the current message's bytes begin
    for line in _from_lines(data, first):
        if body is not None:
            yield _without_last_blank_line(data, body, line)
        end = data.find(b"\n", line)
        body = end + 1 if end >= 0 else len(data)
    if body is not None:
        yield _without_last_blank_line(data, body, len(data))


def _from_lines(data: mmap.mmap | bytes, first: int) -> Iterator[int]:
    """Where each separator line starts: a "From " line first or after a blank line."""
    if data[first : first + 5] == b"From ":
        yield first
    found = data.find(b"\nFrom ", first)
    while found >= 0:
        line = found + 1
        previous = data.rfind(b"\n", first, found) + 1 or first
        if not data[previous:line].strip():
            yield line
        found = data.find(b"\nFrom ", line)


def _without_last_blank_line(data: mmap.mmap | bytes, start: int, end: int) -> bytes:
    """data[start:end], less its last line when that is blank."""
    if start < end:
        last = data.rfind(b"\n", start, end - 1) + 1 or start
        if not data[last:end].strip():
            end = last
    return bytes(data[start:end])


def is_maildir(path: Path) -> bool:
    """Whether a directory is a Maildir (it has cur, new and tmp)."""
    return all((path / name).is_dir() for name in ("cur", "new", "tmp"))


def read_maildir(path: Path | str) -> Iterator[RawMessage]:
    """Yields the messages in a Maildir's cur and new (tmp holds deliveries still being written),
    then those of its Maildir++ subfolders ('.Jobs', '.Archive.2025', ...), each named as its folder.
    """
    root = Path(path)
    folders = [(root, None)] + [
        (sub, sub.name[1:])
        for sub in sorted(root.iterdir())
        if sub.name.startswith(".") and sub.is_dir() and is_maildir(sub)
    ]
    for folder, name in folders:
        for part in ("cur", "new"):
            for file in sorted((folder / part).iterdir()):
                if file.is_file() and not file.name.startswith("."):
                    yield RawMessage(
                        location=str(file),
                        raw=file.read_bytes(),
                        kind=SourceKind.MAILDIR,
                        folder=name,
                    )


def _read_folder(folder: Path, skipped: list[SkippedFile]) -> Iterator[RawMessage]:
    """Every mail file in a folder and its subfolders, in name order: .eml files (in any case),
    mbox files (.mbox, or anything starting with a "From " line) and Maildirs. What is not
    mail is added to `skipped`; hidden files (.DS_Store, a Maildir's index) are passed over.
    """
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if is_maildir(entry):
                yield from read_maildir(entry)
            else:
                yield from _read_folder(entry, skipped)
        elif not entry.is_file():
            skipped.append(SkippedFile(str(entry), "not a regular file"))
        elif entry.suffix.lower() == ".eml":
            yield from read_eml(entry)
        elif entry.suffix.lower() == ".mbox" or _starts_like_mbox(entry):
            yield from read_mbox(entry)
        else:
            skipped.append(SkippedFile(str(entry), "not an .eml or mbox file"))


def read_path(path: Path | str, skipped: list[SkippedFile] | None = None) -> Iterator[RawMessage]:
    """Reads a Maildir, a folder of mail files, an mbox (starts with "From ") or an .eml.

    Files in a folder that are not mail are added to `skipped` as the folder is read.
    """
    target = Path(path)
    # Checked now, not at the first message: a mistyped path is reported before any work.
    if not target.exists():
        raise InvalidInputError(f"{target} does not exist")
    if target.is_dir():
        if is_maildir(target):
            return read_maildir(target)
        return _read_folder(target, skipped if skipped is not None else [])
    return read_mbox(target) if _starts_like_mbox(target) else read_eml(target)


# --- IMAP ----------------------------------------------------------------------------------------

# Larger messages are read only this far (a partial fetch): the text comes first, attachments later.
MAX_FETCH_BYTES = 32 * 1024 * 1024
_UID = re.compile(rb"\bUID (\d+)")
_UIDVALIDITY = re.compile(rb"UIDVALIDITY (\d+)")


class MailSourceError(AfterwordError):
    """Mail could not be read from a server; the message says why in one plain line."""


@dataclass(frozen=True)
class ImapBatch:
    """Messages fetched together from one folder, in UID order, and the folder's UIDVALIDITY."""

    folder: str
    uidvalidity: int
    messages: tuple[RawMessage, ...]

    @property
    def last_uid(self) -> int:
        """The highest UID in the batch: what the caller records once the batch is saved."""
        return max(message.uid or 0 for message in self.messages)


class FolderSource(Protocol):
    """Something that reads a mail account's folders incrementally (ImapSource, or a test's fake)."""

    @property
    def name(self) -> str:
        """The account, as the ledger and the folder states name it."""
        ...

    def fetch(
        self, folder: str, *, uidvalidity: int | None = None, after_uid: int = 0
    ) -> Iterator[ImapBatch]:
        """Yields batches of the folder's messages newer than `after_uid`, oldest first."""
        ...


def _quote(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ImapSource:
    """Reads an account's IMAP folders incrementally and read-only; use it as a context manager."""

    def __init__(
        self,
        account: MailAccount,
        *,
        password: str,
        ssl_context: ssl.SSLContext | None = None,
        batch_size: int = 100,
    ) -> None:
        if not account.imap_host:
            raise MailSourceError(
                "could not read mail: no IMAP server is set (imap_host under [mail] in config.toml)"
            )
        self.account = account
        self.host: str = account.imap_host
        self.port = account.imap_port
        self.batch_size = batch_size
        self._password = password
        self._ssl_context = ssl_context
        self._connection: imaplib.IMAP4 | None = None

    @property
    def name(self) -> str:
        """The account as the ledger names it: user@host."""
        return f"{self.account.imap_username or self.account.address}@{self.host}"

    # -- connecting --

    def _problem(self, error: BaseException) -> MailSourceError:
        """One plain line, naming the server, for anything that went wrong talking to it."""
        # Imported here: delivery pulls in smtplib and the composer, which reading mail never
        # needs. The wording of network and server errors is shared with sending.
        from afterword.mail.delivery import imap_error_text, network_problem

        network = network_problem(
            error,
            host=self.host,
            port=self.port,
            timeout=self.account.timeout_seconds,
            security=self.account.imap_security,
            setting="imap_security",
        )
        if network is not None:
            # Once connected, a socket error means the line dropped, not that connecting failed.
            if self._connection is not None and network.startswith("could not connect to "):
                network = "lost the connection to " + network.removeprefix("could not connect to ")
            return MailSourceError(network)
        if isinstance(error, imaplib.IMAP4.abort):
            return MailSourceError(f"{self.host}:{self.port} closed the connection unexpectedly")
        return MailSourceError(
            f"could not read mail from {self.host}:{self.port}: {imap_error_text(error)}"
        )

    def open(self) -> None:
        """Connects and logs in."""
        context = self._ssl_context or ssl.create_default_context()
        timeout = self.account.timeout_seconds
        try:
            connection: imaplib.IMAP4
            if self.account.imap_security == "tls":
                connection = imaplib.IMAP4_SSL(
                    self.host, self.port, ssl_context=context, timeout=timeout
                )
            else:
                connection = imaplib.IMAP4(self.host, self.port, timeout=timeout)
            self._connection = connection
            if self.account.imap_security == "starttls":
                if "STARTTLS" not in connection.capabilities:
                    raise MailSourceError(
                        f"could not read mail: {self.host}:{self.port} does not offer STARTTLS"
                    )
                connection.starttls(ssl_context=context)
            user = self.account.imap_username or self.account.address
            try:
                if "AUTH=PLAIN" in connection.capabilities:
                    credentials = f"\0{user}\0{self._password}".encode()
                    connection.authenticate("PLAIN", lambda _challenge: credentials)
                else:
                    connection.login(user, self._password)
            except imaplib.IMAP4.abort:
                raise
            except (imaplib.IMAP4.error, UnicodeError):
                raise MailSourceError(
                    f"could not read mail: {self.host}:{self.port} refused the user name or password"
                ) from None
        except MailSourceError:
            self.close()
            raise
        except (OSError, imaplib.IMAP4.error) as error:
            self.close()
            raise self._problem(error) from None

    def close(self) -> None:
        """Logs out (quietly: the connection may already be gone)."""
        connection, self._connection = self._connection, None
        if connection is not None:
            with suppress(OSError, imaplib.IMAP4.error):
                connection.logout()
            with suppress(OSError):
                connection.shutdown()

    def __enter__(self) -> ImapSource:
        self.open()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _live(self) -> imaplib.IMAP4:
        if self._connection is None:
            raise MailSourceError(f"could not read mail: not connected to {self.host}:{self.port}")
        return self._connection

    # -- reading --

    def _examine(self, folder: str) -> int:
        """Opens a folder read-only (EXAMINE) and returns its UIDVALIDITY."""
        from afterword.mail.delivery import encode_folder_name

        connection = self._live()
        status, data = connection.select(_quote(encode_folder_name(folder)), readonly=True)
        if status != "OK":
            raise MailSourceError(
                f'could not read mail: {self.host}:{self.port} has no folder "{folder}"'
            )
        _, values = connection.response("UIDVALIDITY")
        for value in values:
            if isinstance(value, bytes) and value.strip().isdigit():
                return int(value)
        # Some servers only put it in the OK line's response code.
        for value in data:
            match = _UIDVALIDITY.search(value) if isinstance(value, bytes) else None
            if match:
                return int(match.group(1))
        raise MailSourceError(
            f'could not read mail: {self.host}:{self.port} gave no UIDVALIDITY for "{folder}"'
        )

    def uidvalidity(self, folder: str) -> int:
        """The folder's current UIDVALIDITY."""
        try:
            return self._examine(folder)
        except (OSError, imaplib.IMAP4.error) as error:
            raise self._problem(error) from None

    def fetch(
        self, folder: str, *, uidvalidity: int | None = None, after_uid: int = 0
    ) -> Iterator[ImapBatch]:
        """Yields batches of the folder's messages newer than `after_uid`, oldest first.

        When the folder's UIDVALIDITY differs from the one given, its UIDs mean something
        else now: every message is read again (the ledger recognises those it has seen).
        """
        try:
            yield from self._fetch(folder, uidvalidity=uidvalidity, after_uid=after_uid)
        except (OSError, imaplib.IMAP4.error) as error:
            raise self._problem(error) from None

    def _fetch(
        self, folder: str, *, uidvalidity: int | None, after_uid: int
    ) -> Iterator[ImapBatch]:
        current = self._examine(folder)
        if uidvalidity is not None and uidvalidity != current:
            after_uid = 0
        connection = self._live()
        status, data = connection.uid("SEARCH", f"UID {after_uid + 1}:*")
        if status != "OK":
            raise MailSourceError(f"could not read mail: {self.host} could not search {folder!r}")
        # "n:*" always includes the highest UID, even one below n: filter on our side.
        uids = sorted(int(uid) for uid in (data[0] or b"").split() if int(uid) > after_uid)
        for start in range(0, len(uids), self.batch_size):
            wanted = uids[start : start + self.batch_size]
            messages = self._fetch_uids(folder, current, wanted)
            if messages:
                yield ImapBatch(folder=folder, uidvalidity=current, messages=messages)

    def _fetch_uids(self, folder: str, uidvalidity: int, uids: list[int]) -> tuple[RawMessage, ...]:
        connection = self._live()
        # BODY.PEEK leaves \Seen alone; the partial range bounds a giant message's cost.
        status, data = connection.uid(
            "FETCH", ",".join(map(str, uids)), f"(UID BODY.PEEK[]<0.{MAX_FETCH_BYTES}>)"
        )
        if status != "OK":
            raise MailSourceError(
                f"could not read mail: {self.host} could not fetch from {folder!r}"
            )
        found: list[RawMessage] = []
        for index, item in enumerate(data):
            if not isinstance(item, tuple):
                continue  # the closing ")" of each response
            # Servers may send the UID before the body's literal or after it.
            after = data[index + 1] if index + 1 < len(data) else b""
            match = _UID.search(item[0]) or _UID.search(after if isinstance(after, bytes) else b"")
            if match is None:
                continue
            uid = int(match.group(1))
            found.append(
                RawMessage(
                    location=f"{folder};UIDVALIDITY={uidvalidity};UID={uid}",
                    raw=item[1],
                    kind=SourceKind.IMAP,
                    account=self.name,
                    folder=folder,
                    uidvalidity=uidvalidity,
                    uid=uid,
                )
            )
        return tuple(sorted(found, key=lambda message: message.uid or 0))
