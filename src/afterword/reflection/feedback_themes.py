"""Recurring themes across feedback (pure): plain keyword grouping, explained by its matches.

One piece of feedback says little; the same point from several companies is
worth acting on. This is deliberately simple -- word stems per theme -- so the
page can say exactly which words put a comment under a theme.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Theme name -> the word stems that suggest it (matched at word starts, any case).
THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Technical depth",
        (
            "technical",
            "coding",
            "algorithm",
            "data structure",
            "system design",
            "architecture",
            "depth",
            "scal",
        ),
    ),
    ("Communication", ("communicat", "explain", "clarity", "clear", "articulat", "concise")),
    ("Experience and level", ("experience", "senior", "junior", "years", "level", "domain")),
    ("Team and culture fit", ("culture", "team fit", "values", "collaborat", "fit")),
    (
        "Other candidates",
        ("other candidate", "another candidate", "stronger candidate", "closer match", "competit"),
    ),
    ("The role itself changed", ("filled", "freeze", "budget", "internal", "on hold", "closed")),
)


@dataclass(frozen=True)
class Theme:
    """A theme found in feedback: which companies raised it, and the words that matched."""

    name: str
    companies: tuple[str, ...]
    words: tuple[str, ...]

    @property
    def recurring(self) -> bool:
        """Whether more than one company raised it: the kind worth acting on."""
        return len(self.companies) > 1


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [
        (name, re.compile(r"\b(" + "|".join(re.escape(stem) for stem in stems) + r")", re.I))
        for name, stems in THEMES
    ]


_COMPILED = _patterns()


def feedback_themes(feedback: Iterable[tuple[str, str]]) -> tuple[Theme, ...]:
    """Groups (company, text) feedback into themes, the most widely raised first."""
    companies: dict[str, dict[str, None]] = {name: {} for name, _ in THEMES}
    words: dict[str, dict[str, None]] = {name: {} for name, _ in THEMES}
    for company, text in feedback:
        for name, pattern in _COMPILED:
            found = [match.group(1).lower() for match in pattern.finditer(text)]
            if found:
                companies[name].setdefault(company, None)
                for word in found:
                    words[name].setdefault(word, None)
    themes = [
        Theme(name=name, companies=tuple(companies[name]), words=tuple(words[name]))
        for name, _ in THEMES
        if companies[name]
    ]
    return tuple(sorted(themes, key=lambda theme: -len(theme.companies)))
