"""Control characters: kept out of stored text, and shown harmlessly on a terminal.

Pure and standard-library only (the command line's fast path prints through it). A control
character in a company name or an email subject is never meant as text, and on a terminal
ESC, BEL or CR can retitle the window, rewrite what was printed or hide a line.
"""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls. Tab and line feed are text in multi-line fields.
_CONTROL = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
_STRIP_ALL = dict.fromkeys(_CONTROL)
_STRIP_KEEPING_LINES = {code: None for code in _CONTROL if chr(code) not in "\t\n"}
# Input checks refuse NUL with a message of their own (PostgreSQL cannot store it).
_STRIP_ALL_BUT_NUL = {code: None for code in _CONTROL if code}
_STRIP_LINES_BUT_NUL = {code: None for code in _STRIP_KEEPING_LINES if code}
# Bidirectional overrides and isolates reorder what a terminal shows ("Trojan Source"); they
# stay in stored text (right-to-left names may need them) but are shown escaped.
_BIDI = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_ESCAPES = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" for code in _CONTROL + _BIDI
}
_ESCAPES_KEEPING_LINES = {code: text for code, text in _ESCAPES.items() if chr(code) not in "\n"}
# Whether there is anything to strip at all, found by a scan in C: str.translate looks every
# character up in a dict, which is slow on a long mail body that holds nothing to strip.
_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_ANY_CONTROL_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control_characters(text: str, *, multiline: bool = False, keep_nul: bool = False) -> str:
    """The text without control characters; with `multiline`, tabs and line breaks stay
    (a CR or CRLF becomes a line feed); with `keep_nul`, NUL too, for a check to refuse."""
    if text.isprintable():
        return text  # the common case, checked in C
    if multiline:
        if not _ANY_CONTROL_BUT_LINES.search(text):
            return text  # text with line breaks and tabs only: nothing to strip
        table = _STRIP_LINES_BUT_NUL if keep_nul else _STRIP_KEEPING_LINES
        return text.replace("\r\n", "\n").replace("\r", "\n").translate(table)
    if not _ANY_CONTROL.search(text):
        return text
    return text.translate(_STRIP_ALL_BUT_NUL if keep_nul else _STRIP_ALL)


def escape_control_characters(text: str, *, multiline: bool = False) -> str:
    """The text with every control character written out ('\\x1b'), safe to print; with
    `multiline`, line feeds stay."""
    if text.isprintable():
        return text
    return text.translate(_ESCAPES_KEEPING_LINES if multiline else _ESCAPES)
