"""read_mbox splits a file exactly as reading it line by line does (the rule it states:
a separator is a "From " line first or after a blank line; the blank line before one is
the format's), whatever the lines, blank lines, BOM, CRLF or missing final newline."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from afterword.inbox.sources import read_mbox

BOM = b"\xef\xbb\xbf"


def _split_line_by_line(data: bytes) -> list[bytes]:
    """The mbox rule applied one line at a time (how read_mbox read files before)."""
    messages: list[bytes] = []
    lines: list[bytes] = []
    started = False
    previous_blank = True
    for index, line in enumerate(io.BytesIO(data)):  # lines as a binary file yields them
        if index == 0:
            line = line.removeprefix(BOM)
        if line.startswith(b"From ") and previous_blank:
            if started:
                messages.append(_without_blank_end(lines))
            lines, started, previous_blank = [], True, False
            continue
        previous_blank = line.strip() == b""
        if started:
            lines.append(line)
    if started:
        messages.append(_without_blank_end(lines))
    return messages


def _without_blank_end(lines: list[bytes]) -> bytes:
    if lines and lines[-1].strip() == b"":
        lines.pop()
    return b"".join(lines)


LINES = st.sampled_from(
    [b"From sender@example.com Mon Dec  7 01:00:00 2026", b"From ", b"From", b">From x",
     b"", b" ", b"\t", b"\r", b"Subject: hello", b"body From here", b"From: a@b.c",
     b"\xef\xbb\xbfFrom x", b"\x0c", b"line"]
)  # fmt: skip
ENDS = st.sampled_from([b"\n", b"\r\n", b"\n"])


@st.composite
def mbox_files(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(st.tuples(LINES, ENDS), max_size=25))
    data = b"".join(line + end for line, end in lines)
    if draw(st.booleans()) and data.endswith(b"\n"):
        data = data[:-1]  # no final newline
    if draw(st.booleans()):
        data = BOM + data
    return data


@settings(max_examples=400, deadline=None)
@given(data=mbox_files())
def test_mbox_is_split_exactly_as_line_by_line(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path: Path = tmp_path_factory.mktemp("mbox") / "mail.mbox"
    path.write_bytes(data)
    found = [message.raw for message in read_mbox(path)]
    assert found == _split_line_by_line(data)
    assert [message.location for message in read_mbox(path)] == [
        f"{path}#{number}" for number in range(1, len(found) + 1)
    ]


def test_an_empty_file_holds_no_messages(tmp_path: Path) -> None:
    path = tmp_path / "empty.mbox"
    path.write_bytes(b"")
    assert list(read_mbox(path)) == []
