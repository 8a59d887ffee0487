"""Recurring themes across feedback (pure): statements, each a strength or a gap, grouped by theme.

Feedback -- a company's, or the user's own reflection -- is split into statements ("Strong
coding, but the design round was weak" is two). Each statement gets one theme (system design,
communication, ...) and a polarity: a strength to keep, a gap to work on, or a circumstance
out of the user's hands (an internal hire, a freeze). The page shows the quotes behind each
theme, so the user can see why it is there.

The theme comes from a small linear classifier (scikit-learn's LinearSVC) trained, on first
use, on about 300 labelled statements written for afterword (data/theme_statements.tsv):
word and character n-grams, plus the hits of the cue lexicon below as features. The lexicon
alone knows the words it was written with and misses the rest ("You confused processes and
threads" names no cue); the classifier generalises from its examples, and the lexicon keeps
its say where a cue is present. Training takes a fraction of a second and needs no download;
no model file is kept. The polarity stays with the lexicon and VADER: negation ("not clear",
"did not ask") flips a praise cue, and a contrast ("but", "however") starts a new statement.
Measured on held-out statements in tests/reflection/data (see
tests/reflection/test_feedback_themes.py and bench/themes.py).
"""

from __future__ import annotations

import csv
import enum
import functools
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


class Polarity(enum.StrEnum):
    """What a statement says about the candidate."""

    STRENGTH = "strength"
    GAP = "gap"
    NEUTRAL = "neutral"  # a circumstance, not about the candidate


# Theme id -> (name shown, cue patterns). Patterns are regular expressions matched at word
# starts, case-insensitively; the theme with the most cue hits wins, ties go to the earlier.
THEMES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "circumstances",
        "Out of your hands",
        (
            r"another candidate",
            r"other candidate",
            r"one other person",
            r"closer match",
            r"(?:filled|hire[ds]?) internally",
            r"internal (?:transfer|candidate|hire)",
            r"freeze",
            r"on hold",
            r"budget",
            r"headcount",
            r"reorgani[sz]",
            r"opening closed",
            r"pool of (?:applicants|candidates)",
            r"different profile",
            r"start sooner",
            r"close decision",
            r"requirements of the role changed",
            r"someone who can",
        ),
    ),
    (
        "system_design",
        "System design",
        (
            r"system design",
            r"design(?!ing large)",
            r"architect",
            r"scal(?:e|ing|abl)(?! beyond)",
            r"trade-?offs? between",
            r"distributed",
            r"caching",
            r"partition",
            r"data modell?ing",
            r"failure modes",
            r"bottleneck",
            r"queue",
            r"storage schema",
            r"read traffic",
            r"monitoring",
            r"consistency",
            r"components",
            r"requirements",
        ),
    ),
    (
        "coding",
        "Coding and problem solving",
        (
            r"cod(?:e|ing)",
            r"algorithm",
            r"data structures",
            r"implementation",
            r"bugs?",
            r"debugg",
            r"solution",
            r"problem solving",
            r"edge cases",
            r"recursion",
            r"time complexity",
            r"take-home",
            r"coding exercise",
            r"functions",
            r"tests\b",
            r"graph traversal",
            r"compiled",
            r"hints",
            r"refactor",
        ),
    ),
    (
        "technical_depth",
        "Technical depth",
        (
            r"depth in",
            r"knowledge of",
            r"understanding of",
            r"grasp of the fundamentals",
            r"fundamentals",
            r"internals",
            r"concurrency",
            r"networking",
            r"garbage collection",
            r"memory management",
            r"technical (?:knowledge|background)",
            r"security",
            r"familiarity with",
            r"statistics",
            r"framework",
            r"machine learning",
            r"query plans",
        ),
    ),
    (
        "communication",
        "Communication",
        (
            r"communicat",
            r"explain",
            r"explanation",
            r"articulate",
            r"concise",
            r"rambl",
            r"hard to follow",
            r"clarifying questions",
            r"thought out loud",
            r"out loud",
            r"listen",
            r"spoke over",
            r"structured? (?:communication|the)",
            r"lacked structure",
            r"stories",
            r"presentation",
            r"presented",
            r"your (?:thinking|reasoning)",
            r"descriptions",
            r"vague",
            r"went quiet",
            r"easy to talk",
            r"nervous",
            r"train of thought",
            r"under pressure",
            r"walking us through",
            r"engage with the interviewers",
            r"situation, task",
            r"plain words",
        ),
    ),
    (
        "experience_level",
        "Experience and level",
        (
            r"experience(?! with production)?",
            r"senior",
            r"junior",
            r"years",
            r"track record",
            r"level(?! of)",
            r"lead(?:ing|ership)",
            r"owned",
            r"ownership",
            r"mentoring",
            r"staff-level",
            r"scope",
            r"background in",
            r"domain knowledge",
            r"worked at the scale",
            r"production incidents",
        ),
    ),
    (
        "culture_fit",
        "Culture and motivation",
        (
            r"culture",
            r"values?\b",
            r"team player",
            r"fit in",
            r"enjoy(?:ed)? meeting",
            r"enjoy our",
            r"collaborat",
            r"enthusias",
            r"mission",
            r"motivation",
            r"attitude",
            r"disagreement",
            r"conflict",
            r"working style",
            r"curiosity",
            r"humble",
            r"open to feedback",
            r"interested in",
            r"happy in",
            r"warm",
            r"care about",
        ),
    ),
    (
        "preparation",
        "Preparation and research",
        (
            r"researched",
            r"prepar",
            r"know much about our",
            r"knew our",
            r"job description",
            r"questions (?:for us|about our)",
            r"no questions",
            r"homework",
            r"competitors",
            r"materials",
            r"case study",
            r"product strategy",
            r"our industry",
        ),
    ),
)
NAMES = {theme_id: name for theme_id, name, _ in THEMES}
OTHER = "other"
NAMES[OTHER] = "Other"

# Polarity cues: (pattern, weight). Positive weights praise, negative ones name a gap.
_PRAISE = (
    r"strong(?:ly)?",
    r"great",
    r"excellent",
    r"impress",
    r"solid",
    r"good",
    r"nice(?:ly)?",
    r"well\b",
    r"clear(?:ly)?",
    r"clean",
    r"liked",
    r"enjoyed",
    r"appreciated",
    r"confident",
    r"thoughtful",
    r"sensible",
    r"reasonable",
    r"sound",
    r"calm",
    r"readable",
    r"stood out",
    r"exactly",
    r"real strength",
    r"sharp",
    r"articulate",
    r"specific",
    r"friendly",
    r"warm",
    r"kind",
    r"obvious",
    r"genuine",
    r"inside out",
    r"methodical",
    r"quickly",
    r"in detail",
    r"real depth",
    r"very well",
    r"instincts",
    r"matches",
    r"line up",
    r"showed",
    r"humble",
    r"care about",
)
_GAP = (
    r"lack",
    r"lacked",
    r"more depth",
    r"more (?:on|concise|experience|familiarity|senior|efficient|direct)",
    r"deeper",
    r"wanted more",
    r"would have liked",
    r"would have helped",
    r"hoping for",
    r"expected (?:a |more)",
    r"not enough",
    r"struggl",
    r"weak",
    r"miss(?:ed|ing)",
    r"could be",
    r"unclear",
    r"unsure",
    r"not sure",
    r"hard to",
    r"limited",
    r"shallow",
    r"superficial",
    r"shaky",
    r"thin\b",
    r"below the bar",
    r"short of",
    r"too\b",
    r"concern",
    r"worried",
    r"rambl",
    r"vague",
    r"rush",
    r"nervous",
    r"lost",
    r"went quiet",
    r"spoke over",
    r"needed several",
    r"long time",
    r"bugs",
    r"benefit from",
    r"less\b",
    r"not yet",
    r"better fit at",
    r"needs someone",
    r"looking for someone",
    r"not (?:ready|convinced|a match|comfortable|prepared)",
    r"did not|didn't|had not|have not|no questions|not very",
    r"jumped",
    r"brute-force",
    r"better preparation",
)
_NEGATION = re.compile(r"\b(?:not|no|never|hardly|without|n't)\b", re.I)
_CONTRAST = re.compile(r"\s*(?:,?\s*\bbut\b|;|\bhowever\b,?|\balthough\b|,\s*though\b)\s*", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+|\s*[•·]\s*|^\s*[-*]\s+", re.M)


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")", re.I)


_THEME_PATTERNS = [(theme_id, _compile(cues)) for theme_id, _name, cues in THEMES]
_PRAISE_PATTERN = _compile(_PRAISE)
_GAP_PATTERN = _compile(_GAP)
# "Not a concern" and "no doubt" are praise in disguise: the negation cancels the worry.
_CANCELLED_WORRY = re.compile(r"\b(?:not a concern|no concerns?|no doubt)\b", re.I)


@dataclass(frozen=True)
class Statement:
    """One statement from a piece of feedback, with its theme, polarity and what decided them."""

    text: str
    theme: str  # a theme id from THEMES, or OTHER
    polarity: Polarity
    cue: str  # the words that decided the theme, shown as the reason

    @property
    def theme_name(self) -> str:
        """The theme as shown, e.g. 'System design'."""
        return NAMES[self.theme]


def split_statements(text: str) -> list[str]:
    """Splits feedback into statements: sentences, then clauses joined by a contrast."""
    pieces: list[str] = []
    for sentence in _SENTENCE.split(text):
        for clause in _CONTRAST.split(sentence or ""):
            cleaned = clause.strip(" \t.,;:!-–—")
            if len(cleaned.split()) >= 2 or (cleaned and _theme_hit(cleaned)):
                pieces.append(cleaned)
    return pieces


def _theme_hit(text: str) -> bool:
    return any(pattern.search(text) for _id, pattern in _THEME_PATTERNS)


def lexicon_theme(text: str) -> tuple[str, str]:
    """The theme with the most cue hits and its first cue ('other', '' when none fits).

    The lexicon alone, before the classifier: kept to measure against (bench/themes.py).
    """
    best: tuple[int, int, str, str] | None = None
    for order, (theme_id, pattern) in enumerate(_THEME_PATTERNS):
        hits = [match.group(0) for match in pattern.finditer(text)]
        if hits and (best is None or len(hits) > best[0]):
            best = (len(hits), order, theme_id, hits[0].lower())
    return (OTHER, "") if best is None else (best[2], best[3])


def training_statements() -> list[tuple[str, str, str]]:
    """The labelled statements the classifier learns from: (statement, theme, polarity)."""
    text = resources.files("afterword.reflection").joinpath("data/theme_statements.tsv")
    with text.open(encoding="utf-8") as handle:
        rows = [
            row for row in csv.reader(handle, delimiter="\t") if row and not row[0].startswith("#")
        ]
    return [(statement, theme, polarity) for statement, theme, polarity in rows[1:]]


# How much a lexicon hit counts next to the n-grams; chosen by cross-validation on the
# training statements only (bench/themes.py prints it), never on the held-out ones.
_LEXICON_WEIGHT = 0.5


def _lexicon_features(texts: Iterable[str]) -> Any:
    """One column per theme: how many of its cues the statement holds."""
    import numpy as np

    return _LEXICON_WEIGHT * np.array(
        [[len(pattern.findall(text)) for _id, pattern in _THEME_PATTERNS] for text in texts],
        dtype=float,
    )


def build_theme_model(rows: Iterable[tuple[str, str, str]]) -> Any:
    """A fitted classifier from (statement, theme, polarity) rows."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
    from sklearn.pipeline import make_pipeline, make_union  # type: ignore[import-untyped]
    from sklearn.preprocessing import FunctionTransformer  # type: ignore[import-untyped]
    from sklearn.svm import LinearSVC  # type: ignore[import-untyped]

    pairs = [(statement, theme) for statement, theme, _polarity in rows]
    model = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
            FunctionTransformer(_lexicon_features),
        ),
        LinearSVC(C=1.0),
    )
    model.fit([text for text, _ in pairs], [theme for _, theme in pairs])
    return model


_MODEL: list[Any] = []  # the trained classifier, once there is one
_MODEL_LOCK = threading.Lock()


def _theme_model() -> Any:
    """The classifier, trained once per process on the packaged statements.

    Under a lock: a page that needs it while the web app's warm-up (warm_up) is training it
    waits for that model rather than training a second one.
    """
    with _MODEL_LOCK:
        if not _MODEL:
            _MODEL.append(build_theme_model(training_statements()))
        return _MODEL[0]


def warm_up() -> None:
    """Trains the classifier now (importing scikit-learn takes most of the time), so that
    the first page showing themes does not wait for it."""
    _theme_model()


def _strongest_words(model: Any, text: str, theme: str) -> str:
    """The words of `text` that weigh most for `theme` in the model: the cue shown."""
    union, classifier = model[0], model[-1]
    words = union.transformer_list[0][1]
    analyse = words.build_analyzer()
    row = list(classifier.classes_).index(theme)
    weights = classifier.coef_[row]
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    scored = [
        (weights[index], term)
        for term in set(analyse(text))
        if (index := words.vocabulary_.get(term)) is not None
        and weights[index] > 0
        # "the" or "you could" may weigh, but explain nothing to a person.
        and not set(term.split()) <= ENGLISH_STOP_WORDS
    ]
    return max(scored)[1] if scored else ""


def classify_themes(texts: list[str], model: Any = None) -> list[tuple[str, str]]:
    """Each statement's theme id and the cue that decided it ('other', '' when none fits).

    One call for many statements: the model's fixed cost is paid once. The cue is the
    lexicon's when one of the chosen theme's cues is in the text, else the words that
    weighed most for it.
    """
    wanted = [text for text in texts if text.strip()]
    if not wanted:
        return [(OTHER, "") for _ in texts]
    model = model if model is not None else _theme_model()
    predicted = dict(zip(wanted, (str(theme) for theme in model.predict(wanted)), strict=True))
    patterns = dict(_THEME_PATTERNS)
    found: list[tuple[str, str]] = []
    for text in texts:
        theme = predicted.get(text, OTHER)
        if theme not in patterns:  # OTHER, or a label the lexicon does not name
            found.append((OTHER, ""))
            continue
        hit = patterns[theme].search(text)
        found.append((theme, hit.group(0).lower() if hit else _strongest_words(model, text, theme)))
    return found


def classify_theme(text: str, model: Any = None) -> tuple[str, str]:
    """One statement's theme id and cue (see classify_themes)."""
    return classify_themes([text], model)[0]


def _negated(text: str, start: int) -> bool:
    """Whether a negation sits in the three words before position `start`."""
    before = text[:start].split()[-3:]
    return bool(_NEGATION.search(" ".join(before)))


@functools.cache
def _vader() -> SentimentIntensityAnalyzer:
    """VADER's analyser, loaded once (it reads its lexicon file, about 10 ms)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def classify_polarity(text: str, theme: str) -> Polarity:
    """Strength, gap, or (for circumstances) neutral; praise is never read as a gap."""
    if theme == "circumstances":
        return Polarity.NEUTRAL
    if _CANCELLED_WORRY.search(text):
        return Polarity.STRENGTH
    score = 0
    # A named gap outweighs the polite padding around it.
    score -= 2 * sum(1 for _ in _GAP_PATTERN.finditer(text))
    for match in _PRAISE_PATTERN.finditer(text):
        score += -1 if _negated(text, match.start()) else 1
    # VADER's general lexicon knows the praise words ours does not ("tidy", "remarkable");
    # ours knows interview feedback's polite ways of naming a gap, which VADER reads as neutral.
    compound = _vader().polarity_scores(text)["compound"]
    if abs(compound) >= 0.3:
        score += 1 if compound > 0 else -1
    # No cue either way: plain feedback about a theme is usually a remark on what was missing.
    return Polarity.STRENGTH if score > 0 else Polarity.GAP


def classify(text: str) -> Statement:
    """Classifies one statement."""
    return classify_all([text])[0]


def classify_all(texts: list[str]) -> list[Statement]:
    """Classifies many statements at once."""
    return [
        Statement(text=text, theme=theme, polarity=classify_polarity(text, theme), cue=cue)
        for text, (theme, cue) in zip(texts, classify_themes(texts), strict=True)
    ]


def statements(text: str) -> list[Statement]:
    """Splits a piece of feedback into classified statements."""
    return classify_all(split_statements(text))


@dataclass(frozen=True)
class Quote:
    """A statement and where it came from."""

    source: str  # the company, or "your reflection (Company)"
    text: str


@dataclass(frozen=True)
class Theme:
    """A theme across all feedback: who raised it, and the quotes, strengths and gaps apart."""

    id: str
    name: str
    sources: tuple[str, ...]
    strengths: tuple[Quote, ...]
    gaps: tuple[Quote, ...]
    circumstances: tuple[Quote, ...] = ()

    @property
    def recurring(self) -> bool:
        """Whether more than one process raised a gap here: the kind worth acting on."""
        return len({quote.source for quote in self.gaps}) > 1

    @property
    def companies(self) -> tuple[str, ...]:
        """Who raised it (kept for the older name)."""
        return self.sources


def feedback_themes(
    feedback: Iterable[tuple[str, str]],
    own: Iterable[tuple[str, str, Polarity]] = (),
) -> tuple[Theme, ...]:
    """Groups (source, text) feedback into themes: the most widely raised gaps first.

    `own` holds the user's reflections as (source, text, polarity): there the prompt already
    says whether it is a strength ("what went well") or a gap ("what was tough"), so only the
    theme is read from the words.
    """
    found: dict[str, dict[str, list[Quote]]] = {}
    sources: dict[str, dict[str, None]] = {}
    # Every statement of every source in one batch for the classifier.
    theirs = [(source, piece) for source, text in feedback for piece in split_statements(text)]
    mine = [
        (source, piece, polarity)
        for source, text, polarity in own
        for piece in split_statements(text)
    ]
    themes_found = classify_themes([piece for _, piece in theirs] + [p for _, p, _ in mine])
    classified = [
        (source, Statement(piece, theme, classify_polarity(piece, theme), cue))
        for (source, piece), (theme, cue) in zip(theirs, themes_found, strict=False)
    ]
    for (source, piece, polarity), (theme, cue) in zip(
        mine, themes_found[len(theirs) :], strict=True
    ):
        classified.append((source, Statement(piece, theme, polarity, cue)))
    for source, statement in classified:
        if statement.theme == OTHER:
            continue
        bucket = found.setdefault(statement.theme, {p.value: [] for p in Polarity})
        bucket[statement.polarity.value].append(Quote(source, statement.text))
        sources.setdefault(statement.theme, {}).setdefault(source, None)
    themes = [
        Theme(
            id=theme_id,
            name=NAMES[theme_id],
            sources=tuple(sources[theme_id]),
            strengths=tuple(bucket[Polarity.STRENGTH.value]),
            gaps=tuple(bucket[Polarity.GAP.value]),
            circumstances=tuple(bucket[Polarity.NEUTRAL.value]),
        )
        for theme_id, bucket in found.items()
    ]
    return tuple(
        sorted(
            themes,
            key=lambda t: (-len({q.source for q in t.gaps}), -len(t.gaps), -len(t.sources), t.name),
        )
    )
