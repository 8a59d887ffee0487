"""A mail file uploaded through the Inbox page: copied to disk, and refused unless it is mail.

The browser says what a file is called but not what it holds, so the first bytes are
sniffed: an .mbox starts with a "From " line, an .eml with a header line. A file that
is neither is refused with a sentence the user can act on, before any of it is read.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import UploadFile

from afterword.errors import InvalidInputError
from afterword.inbox.message import RawMessage

# A bigger export is better read with `afterword inbox import PATH`: no copy, no waiting page.
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)
ACCEPTED_SUFFIXES = (".eml", ".mbox")
# A header line as RFC 5322 writes it: printable characters other than the colon, then one.
_HEADER_LINE = re.compile(rb"^[!-9;-~]{1,76}:")


async def read_upload(request: Request) -> UploadFile | None:
    """The uploaded mail file, if the form carried one."""
    form = await request.form()
    item = form.get("mail")
    return item if isinstance(item, UploadFile) else None


UploadDep = Annotated[UploadFile | None, Depends(read_upload)]


def _file_name(upload: UploadFile) -> str:
    # Only the last part of what the browser sent: some send a whole Windows path.
    name = Path((upload.filename or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:200] or "upload"


def checked_copy(upload: UploadFile | None, target_dir: Path) -> tuple[Path, str]:
    """Copies the upload to a file afterword can read; refuses what is not an .eml or .mbox."""
    if upload is None or not (upload.filename or "").strip():
        raise InvalidInputError("choose a file first: a single email (.eml) or an .mbox export")
    name = _file_name(upload)
    suffix = Path(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise InvalidInputError(
            f"the file {name} is not a mail file afterword can read: choose an .eml (one email) "
            "or an .mbox (an export of many)"
        )
    path = target_dir / f"upload{suffix}"
    with path.open("wb") as copy:
        size = 0
        while chunk := upload.file.read(1024 * 1024):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                raise InvalidInputError(
                    f"the file {name} is larger than {MAX_UPLOAD_MB} MB; for a big export use the "
                    "command line instead: afterword inbox import PATH"
                )
            copy.write(chunk)
    if size == 0:
        raise InvalidInputError(f"the file {name} is empty: there is nothing in it to read")
    with path.open("rb") as stream:
        # A byte order mark and blank lines before the first line are tolerated, as on import.
        start = stream.read(4096).removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n")
    looks_like_mail = start.startswith(b"From ") or _HEADER_LINE.match(start)
    if b"\x00" in start or not looks_like_mail:
        raise InvalidInputError(
            f"the file {name} does not look like email: an .eml starts with headers such as "
            "From: and Subject:, and an .mbox with a line beginning “From ”"
        )
    return path, name


def renamed(messages: Iterable[RawMessage], path: Path, name: str) -> Iterator[RawMessage]:
    """The messages with the uploaded file's name as their location, not the temporary copy's."""
    for message in messages:
        location = message.location.replace(str(path), name, 1)
        yield dataclasses.replace(message, location=f"upload: {location}")
