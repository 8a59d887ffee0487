"""The boundaries a message declares are found the same with the lower-cased search as with a
case-insensitive pattern, and kept as written (a boundary's case matters)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from afterword.inbox.parse import _declared_boundaries

_CASE_INSENSITIVE = re.compile(
    rb'boundary[ \t]*=[ \t]*(?:"(?P<quoted>[^"\r\n]*)"|(?P<bare>[^\s;"]+))', re.IGNORECASE
)


def _reference(data: bytes) -> frozenset[bytes]:
    return frozenset(
        match["quoted"] if match["quoted"] is not None else match["bare"]
        for match in _CASE_INSENSITIVE.finditer(data)
    )


PIECES = st.sampled_from(
    [b"boundary", b"BOUNDARY", b"Boundary", b"bOuNdArY", b"=", b" ", b"\t", b'"', b";", b"\r\n",
     b"\n", b"AbC-123", b"==_Part_9", b"\xc3\xa9", b"\xff", b"K", b"multipart/mixed; "]
)  # fmt: skip


@settings(max_examples=500)
@given(st.lists(PIECES, max_size=30).map(b"".join))
def test_declared_boundaries_are_those_a_case_insensitive_search_finds(data: bytes) -> None:
    assert _declared_boundaries(data) == _reference(data)


def test_a_boundary_keeps_the_case_it_was_written_in() -> None:
    data = b'Content-Type: multipart/mixed; BOUNDARY="AbC"\n\n--AbC\n'
    assert _declared_boundaries(data) == frozenset({b"AbC"})
