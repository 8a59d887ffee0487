"""The newest reply and the sentences of a text come out as the plain loops made them.

latest_reply passes over lines whose first character cannot start quoted history, and the
classifier's sentence spans skip blank stretches without stripping them; both are compared
with the reference (every line checked by every pattern; .strip() on every stretch) on
generated text full of attributions, forwarded headers, rules, quotes and odd spaces.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from afterword.inbox import body_text, classify

LINES = (
    "On Tue, 3 Mar 2026 at 10:12, Ada <ada@x.example> wrote:", "on monday", "wrote:",
    "Am 3. März schrieb Jonas:", "Le 3 mars, Hélène a écrit :", "El lunes, Rosa escribió:",
    "Op maandag schreef Sven:", "-----Original Message-----", "--", "-- ", "__________",
    "From: Dana <dana@x.example>", "*From:* Dana", "Von: Jonas", "De: Rosa", "Sent: Monday",
    "Date: today", "Gesendet: heute", "> quoted", "  > deeper", "Thanks, see you Thursday.",
    "\u017fome text", "\u212aelvin", "\u00a0On Monday, Kai wrote:", "\u2003From: x", "", "   ",
    "Ön Monday", "İnterview tomorrow. Great!  Bring notes?\tYes.", "A.\n\nB", "x. \u3000 y",
)  # fmt: skip
bodies = (
    st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=30)), max_size=25)
    .map(lambda lines: st.sampled_from(("\n", "\r\n", "\r")).map(lambda end: end.join(lines)))
    .flatmap(lambda inner: inner)
)


def _latest_reply_every_line_checked(body: str) -> str:
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if body_text._SIGNATURE_SEPARATOR.match(line) or body_text._starts_quoted_history(
            lines, index
        ):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return body_text._BLANK_RUNS.sub("\n\n", "\n".join(kept)).strip()


def _sentence_spans_stripped(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.compile(r"(?<=[.!?])\s+|\n+").finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


@settings(max_examples=500, deadline=None)
@given(body=bodies)
def test_latest_reply_is_what_checking_every_line_gives(body: str) -> None:
    assert body_text.latest_reply(body) == _latest_reply_every_line_checked(body)


@settings(max_examples=500, deadline=None)
@given(text=bodies)
def test_sentence_spans_are_what_stripping_every_stretch_gives(text: str) -> None:
    assert classify._sentence_spans(text) == _sentence_spans_stripped(text)


def test_a_reply_keeps_only_the_answer_above_the_attribution() -> None:
    body = "Thursday works.\n\nOn Mon, 7 Dec 2026, Dana wrote:\n> Would Thursday suit?\n"
    assert body_text.latest_reply(body) == "Thursday works."
