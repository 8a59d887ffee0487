"""A time budget per message: reading or triaging one message stops when it runs too long.

Every stage of reading mail is meant to be linear in the message's size, but mail is written
by anyone, and one hostile message must never stall an import. The service opens a budget
around each message (`within_budget`); the loops that could run long call `check()`, which
raises TooSlow once the budget is spent. The message is then recorded as too slow to read
and the import goes on.

The budget is held in a context variable, so the pure functions that check it keep their
signatures and stay usable without one (no budget: `check()` does nothing). It measures
elapsed time with a monotonic counter: it bounds work, it never decides a result.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterator

# What a message may take to be read, and again to be triaged, unless the settings say otherwise.
DEFAULT_SECONDS = 5.0

_deadline: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar(
    "afterword_message_deadline", default=None
)


class TooSlow(Exception):
    """A message took longer than its budget; `seconds` is the budget it exceeded."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"too slow to read (over the {seconds:g} s allowed for one message)")
        self.seconds = seconds


@contextlib.contextmanager
def within_budget(seconds: float | None) -> Iterator[None]:
    """Runs the block with a budget of `seconds` (None: no budget)."""
    token = _deadline.set(None if seconds is None else (time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def check() -> None:
    """Raises TooSlow when the current message's budget is spent."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline[0]:
        raise TooSlow(deadline[1])
