"""The game plan's vocabulary and what it shows when revisited (pure).

After a rejection the guides offer three moves: present the same skills differently, build
the skill that was missing, or keep the approach and aim it at roles that fit better. The
user chooses one or more; each has concrete dated steps.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from afterword.reflection.encouragement import count_words


class Move(enum.StrEnum):
    """One of the three moves of a game plan."""

    PRESENT_DIFFERENTLY = "present_differently"
    BUILD_SKILL = "build_skill"
    TARGET_ROLES = "target_roles"

    @property
    def label(self) -> str:
        """The move in a few words, e.g. 'Build a skill'."""
        return _LABELS[self]

    @property
    def explanation(self) -> str:
        """What choosing it means, in one sentence."""
        return _EXPLANATIONS[self]


_LABELS = {
    Move.PRESENT_DIFFERENTLY: "Present it differently",
    Move.BUILD_SKILL: "Build a skill",
    Move.TARGET_ROLES: "Target different roles",
}
_EXPLANATIONS = {
    Move.PRESENT_DIFFERENTLY: "Same skills, told better: stories, examples, how you explain "
    "your work.",
    Move.BUILD_SKILL: "Close a gap the feedback named, with practice you can point to.",
    Move.TARGET_ROLES: "Keep your approach and aim it at roles and sources that answer you.",
}


def parse_move(text: str) -> Move:
    """Reads a move the user typed: its value, its label, or a short word (present, build,
    target); raises ValueError naming the choices."""
    cleaned = text.strip().lower().replace("-", "_").replace(" ", "_")
    for move in Move:
        if cleaned in (move.value, move.label.lower().replace(" ", "_"), move.value.split("_")[0]):
            return move
    choices = ", ".join(move.value.split("_")[0] for move in Move)
    raise ValueError(f"'{text}' is not a move; choose one of: {choices}")


@dataclass(frozen=True)
class SourceResponse:
    """How often applications from one source (or for one kind of role) got an answer."""

    name: str
    applications: int
    responses: int  # answered with an interview or an offer

    @property
    def rate(self) -> float:
        """The share that got a response, 0 to 1."""
        return self.responses / self.applications if self.applications else 0.0


def best_responses(
    rows: Iterable[tuple[str | None, bool]], *, at_least: int = 2, limit: int = 3
) -> list[SourceResponse]:
    """From (source or role, got a response?) pairs, the best-answered ones first.

    A source needs `at_least` applications to count: one lucky reply is not a pattern.
    """
    counts: dict[str, list[int]] = {}
    for name, responded in rows:
        key = (name or "").strip() or "not recorded"
        entry = counts.setdefault(key, [0, 0])
        entry[0] += 1
        entry[1] += int(responded)
    found = [
        SourceResponse(name=name, applications=total, responses=answered)
        for name, (total, answered) in counts.items()
        if total >= at_least
    ]
    found.sort(key=lambda item: (-item.rate, -item.applications, item.name))
    return found[:limit]


@dataclass(frozen=True)
class PlanChange:
    """What changed since the plan was chosen, for its revisit."""

    since: dt.date
    steps_done: int
    steps_total: int
    rejections_since: int
    interviews_since: int
    offers_since: int
    practice_since: int

    def sentence(self) -> str:
        """One honest line: what the plan has led to so far."""
        parts = [
            f"{self.steps_done} of {count_words(self.steps_total, 'step')} done",
            count_words(self.practice_since, "practice session"),
            count_words(self.interviews_since, "interview"),
            count_words(self.offers_since, "offer"),
            count_words(self.rejections_since, "rejection"),
        ]
        return f"Since {self.since.isoformat()}: " + ", ".join(parts) + "."
