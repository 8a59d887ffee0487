"""Classifying a received email into a MailClass, with the sentence and rules that decided it.

Pure: plain values in, a Classification out. The model is a logistic regression per class
over TF-IDF word n-grams (subject, text, and the message's gist: its first sentences once
the greeting and the courtesies every class shares are set aside) and character n-grams,
plus transparent rule features (see rules.py). The sender counts only through those rules
(applicant-tracking system, no-reply, careers mailbox, newsletter): words of the sender's
name or domain made the model learn companies and people (macro-F1 0.82 -> 0.76).

Real mail taught three more things (issue 14, measured on a set of published real emails):
mail-merge fields left in templates ("{first_name}", "[Company Name]") are noise, not words;
function words ("your", "been", "you for") carried no meaning but decided classes; and the
courteous opening shared by every class ("Thank you for your interest in ...") hid the
sentence that says what a message is. So placeholders are removed, unigrams skip function
words (pairs keep them: "not to" still counts), and the gist starts after the courtesies.

Because the model is linear, every decision can be explained as coefficient x feature; the
reasons name the rules that fired and quote the sentence whose words weighed most. The
packaged model is built ahead of time and loaded by classifier_store.py, which imports this
module and never the other way round.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from afterword.inbox.labels import MailClass
from afterword.inbox.rules import FEATURE_RULES, prefilter_not_job, rule_vector

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

# Bump when features or training change: the cached model is keyed on it.
MODEL_VERSION = "5"
# Precision wanted on what is acted on without asking; below the threshold a message goes to review.
TARGET_PRECISION = 0.98
# Classes whose automatic handling changes the pipeline for good, hence the strict thresholds.
GUARDED = (MailClass.REJECTION, MailClass.OFFER)
# Other classes are acted on (e.g. filed) above this probability.
DEFAULT_THRESHOLD = 0.6
# Never act on a guarded class below this, however clean the held-out data looked: small
# samples make thresholds look safer than they are.
MIN_GUARDED_THRESHOLD = 0.7
# How far above the surest held-out mistake a guarded threshold stays.
SAFETY_MARGIN = 0.05
# How much more a user's own correction counts than a packaged example.
CORRECTION_WEIGHT = 5.0
# Rule features are 0/1 in a space of small TF-IDF values: scaled so they can matter without
# drowning the words (chosen by cross-validation on other splits than the benchmark's: 0.3).
RULE_SCALE = 0.3
# Only the newest part of a long text matters; capping it bounds the cost of a runaway body.
MAX_TEXT_CHARS = 6000
# Character n-grams are the costliest features: they read only the opening, where job mail
# says what it is (measured: no loss of macro-F1 on the corpus, twice the speed).
CHAR_TEXT_CHARS = 700
# What a message is for is nearly always said in its first sentences after the greeting and
# the courtesies: they get word features of their own (cross-validated macro-F1 +0.03; weighted
# 1.0 rather than 1.5 since the courtesies are skipped: real mail 0.68 -> 0.70, see issue 14).
OPENING_CHARS = 200
OPENING_WEIGHT = 1.0
# Reasons shown: the rules that fired and the sentence that weighed most.
REASON_RULES = 3
REASON_FEATURES = 16
QUOTE_CHARS = 140
# Feature names are "<block>\x1f<text>"; the block says where the words were found.
SUBJECT, TEXT, CHARS, OPENING, RULE = "subject", "text", "chars", "opening", "rule"
# Inverse regularisation strength of each per-class logistic regression.
REGULARIZATION = 20.0
CHAR_NGRAMS = (3, 4)

_SPACES = re.compile(r"\s+")
# Mail-merge fields a template left unfilled: "{first_name}", "{{ job.title }}", "%{name}",
# "${FIRST_NAME}", "<%= @name %>", "|*name*|", "%CANDNAME%", "[Company Name]". Real ATS templates
# are full of them and they name a slot, not what the message says.
_PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|<%=?.*?%>|[$%]\{[^}\n]{0,80}\}|\{[^{}\n]{1,60}\}"
    r"|\[[^\[\]\n]{1,60}\]|\|\*[^*|\n]{1,60}\*\||%[A-Z][A-Z_]{2,40}%",
    re.DOTALL,
)
# Words that carry no meaning alone: skipped as unigrams, kept inside pairs ("not to", "with
# other"). Negations are not among them.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "so",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "onto",
        "to",
        "with",
        "about",
        "above",
        "after",
        "before",
        "i",
        "me",
        "my",
        "mine",
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "yours",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "it",
        "its",
        "they",
        "them",
        "their",
        "theirs",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "done",
        "doing",
        "have",
        "has",
        "had",
        "having",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "each",
        "both",
        "few",
        "more",
        "most",
        "some",
        "such",
        "than",
        "too",
        "very",
        "just",
        "also",
        "only",
        "own",
        "same",
        "s",
        "t",
        "ll",
        "ve",
        "re",
        "d",
        "m",
        "o",
        "y",
        "up",
        "down",
        "out",
        "off",
        "over",
        "under",
        "again",
        "then",
        "once",
    ]
)
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
# Openings every class shares: thanks for the interest or the application, hopes, pleasantries.
_COURTESY = re.compile(
    r"^\W*(?:(?:many\s+|again\s+)?thanks?(?:\s+you)?(?:\s+(?:so|very)\s+much)?(?:\s+again)?\s+for\s+"
    r"(?:your\s+(?:interest|time|application|patience|message|email|note|reply|submission|enquiry"
    r"|recent)|applying|taking|considering|submitting|the\s+time|reaching\s+out|giving|getting"
    r"\s+back|exploring|inquiring)|we\s+(?:really\s+|truly\s+|sincerely\s+|greatly\s+)?appreciate"
    r"|i\s+(?:really\s+)?appreciate|(?:i\s+|we\s+)?hope\s+(?:you|this|all|your|that)|it\s+was\s+"
    r"(?:a\s+pleasure|great|nice|lovely|good)|(?:we\s+)?wish\s+you|please\s+(?:do\s+not|don't)\s+"
    r"hesitate|(?:please\s+)?feel\s+free|if\s+you\s+have\s+any\s+questions|greetings"
    r"|good\s+(?:morning|afternoon|evening)"
    # The auto-reply banners of applicant-tracking systems, which every class shares.
    r"|\W*(?:this\s+is\s+an?\s+)?(?:auto(?:mated|matic|-generated)|generated\s+automatically)|please\s+do\s+not\s+"
    r"(?:reply|respond)|do\s+not\s+reply|this\s+is\s+a\s+no-reply)",
    re.IGNORECASE,
)
# "Dear Ms Okafor," / "Hi Sam!" / "hey Marcus –": a salutation says nothing about the message.
_GREETING = re.compile(
    r"^\s*(?:dear|hi|hello|hey|hiya|morning|good\s+(?:morning|afternoon|evening))\b[^\n]{0,40}\n",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Example:
    """A labelled message for training; a user's correction carries a higher weight."""

    subject: str
    sender: str
    text: str
    label: MailClass
    weight: float = 1.0


@dataclass(frozen=True)
class Classification:
    """A label, how sure the model is, what drove it, and the probability of every class."""

    label: MailClass
    confidence: float
    reasons: tuple[str, ...]
    scores: dict[str, float] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class Classifier:
    """A fitted model: the vectorizers, one logistic regression per class, and action thresholds."""

    subject_words: TfidfVectorizer
    text_words: TfidfVectorizer
    text_chars: TfidfVectorizer
    opening_words: TfidfVectorizer
    class_names: list[str]
    coefficients: Any  # ndarray (classes x features): one-vs-rest logistic regressions
    intercepts: Any  # ndarray (classes,)
    thresholds: dict[str, float]
    feature_names: list[str]
    version: str = MODEL_VERSION

    @functools.cached_property
    def classes(self) -> list[MailClass]:
        """The classes in the order of the model's columns."""
        return [MailClass(name) for name in self.class_names]

    def probabilities(self, matrix: csr_matrix) -> Any:
        """Each class's one-vs-rest probability, normalised to sum to one per message."""
        scores = matrix @ self.coefficients.T + self.intercepts
        odds = 1.0 / (1.0 + np.exp(-np.asarray(scores)))
        return odds / odds.sum(axis=1, keepdims=True)

    def features(self, items: Sequence[tuple[str, str, str]]) -> csr_matrix:
        """The feature matrix for (subject, sender, text) triples."""
        return _features(self, items)

    def classify_many(self, items: Sequence[tuple[str, str, str]]) -> list[Classification]:
        """Classifies (subject, sender, text) triples in one batch (much faster than one by one)."""
        results: list[Classification | None] = [None] * len(items)
        pending: list[int] = []
        for index, (subject, sender, text) in enumerate(items):
            reason = prefilter_not_job(subject, sender, text)
            if reason is not None:
                results[index] = self._certain_not_job(reason)
            else:
                pending.append(index)
        if pending:
            matrix = self.features([items[i] for i in pending])
            probabilities = self.probabilities(matrix)
            for row, index in enumerate(pending):
                results[index] = self._explain(matrix, row, probabilities[row], items[index])
        return [result for result in results if result is not None]

    def _certain_not_job(self, reason: str) -> Classification:
        scores = {str(label): 0.0 for label in self.classes}
        scores[MailClass.NOT_JOB] = 1.0
        return Classification(MailClass.NOT_JOB, 1.0, (reason,), scores, self.thresholds)

    def _explain(
        self, matrix: csr_matrix, row: int, probabilities: Any, item: tuple[str, str, str]
    ) -> Classification:
        best = int(np.argmax(probabilities))
        label = self.classes[best]
        scores = {
            str(c): round(float(p), 4) for c, p in zip(self.classes, probabilities, strict=True)
        }
        reasons = _reasons(self, matrix, row, best, item)
        return Classification(label, float(probabilities[best]), reasons, scores, self.thresholds)


def word_grams(text: str) -> list[str]:
    """Words (function words left out) and word pairs: the word features' analyzer."""
    words = _TOKEN.findall(text.lower())
    grams = [w for w in words if w not in STOP_WORDS]
    grams += [
        f"{a} {b}"
        for a, b in itertools.pairwise(words)
        if a not in STOP_WORDS or b not in STOP_WORDS
    ]
    return grams


def _clean(text: str) -> str:
    return _SPACES.sub(" ", _PLACEHOLDER.sub(" ", text[:MAX_TEXT_CHARS])).strip()


def _opening(text: str) -> str:
    """The gist: the first OPENING_CHARS characters after the greeting and the courtesies."""
    body = _GREETING.sub("", text.strip()[:1500], count=1)
    parts = [part for part in _SENTENCE.split(body) if part.strip()]
    kept = [part for part in parts if not _COURTESY.match(part)] or parts
    return _clean(" ".join(kept))[:OPENING_CHARS]


def _features(clf: Classifier, items: Sequence[tuple[str, str, str]]) -> csr_matrix:
    from scipy.sparse import csr_matrix, hstack

    subjects = [_clean(subject) for subject, _, _ in items]
    texts = [_clean(text) for _, _, text in items]
    both = [f"{s} . {t[:CHAR_TEXT_CHARS]}" for s, t in zip(subjects, texts, strict=True)]
    openings = [_opening(text) for _, _, text in items]
    rules = np.array([rule_vector(s, f, t) for s, f, t in items], dtype=np.float64) * RULE_SCALE
    blocks = [
        tfidf(clf.subject_words, subjects),
        tfidf(clf.text_words, texts),
        tfidf(clf.text_chars, both),
        tfidf(clf.opening_words, openings) * OPENING_WEIGHT,
        csr_matrix(rules),
    ]
    return hstack(blocks, format="csr")


def tfidf(vectorizer: TfidfVectorizer, documents: Sequence[str]) -> csr_matrix:
    """`vectorizer.transform(documents)`, the same matrix, with the terms counted faster.

    scikit-learn counts a document's terms in a Python loop, one dictionary update per term
    (thousands in a long message); here Counter counts them in C and only the distinct terms
    are looked up (character n-grams: once per distinct word). The counts, their matrix and
    the tf-idf weighting that follows (the vectorizer's own) are otherwise as scikit-learn
    builds them (tests compare the two).
    """
    from scipy.sparse import csr_matrix

    count_columns = _column_counter(vectorizer)
    columns: list[int] = []
    counts: list[int] = []
    starts = [0]
    for document in documents:
        found = count_columns(document)
        columns.extend(found)
        counts.extend(found.values())
        starts.append(len(columns))
    matrix = csr_matrix(
        (
            np.asarray(counts, dtype=np.intc),
            np.asarray(columns, dtype=np.int32),
            np.asarray(starts, dtype=np.int32),
        ),
        shape=(len(documents), len(vectorizer.vocabulary_)),
        dtype=vectorizer.dtype,
    )
    matrix.sort_indices()
    if vectorizer.binary:
        matrix.data.fill(1)
    return vectorizer._tfidf.transform(matrix, copy=False)


def _column_counter(vectorizer: TfidfVectorizer) -> Any:
    """How many times each of the vectorizer's terms occurs in a document, by its column."""
    vocabulary: dict[str, int] = vectorizer.vocabulary_
    char_wb = (
        vectorizer.analyzer == "char_wb"
        and vectorizer.input == "content"
        and vectorizer.preprocessor is None
        and vectorizer.strip_accents is None
        and vectorizer.lowercase
    )
    if vectorizer.analyzer is word_grams and vectorizer.input == "content":

        def count_word_grams(document: str) -> dict[int, int]:
            # word_grams' words and pairs, counted without making a string per pair: a pair
            # is named only once per distinct pair. (Words never hold a space, so a word and
            # a pair never share a name, nor do two pairs.)
            words = _TOKEN.findall(document.lower())
            found: dict[int, int] = {}
            for word, times in Counter(words).items():
                if word not in STOP_WORDS:
                    column = vocabulary.get(word)
                    if column is not None:
                        found[column] = times
            for (first, second), times in Counter(itertools.pairwise(words)).items():
                if first not in STOP_WORDS or second not in STOP_WORDS:
                    column = vocabulary.get(f"{first} {second}")
                    if column is not None:
                        found[column] = found.get(column, 0) + times
            return found

        return count_word_grams
    if not char_wb:
        analyze = vectorizer.build_analyzer()

        def count_terms(document: str) -> dict[int, int]:
            found: dict[int, int] = {}
            for term, count in Counter(analyze(document)).items():
                column = vocabulary.get(term)
                if column is not None:
                    found[column] = count
            return found

        return count_terms
    low, high = vectorizer.ngram_range
    known = _WORD_COLUMNS.setdefault(vectorizer, {})
    if len(known) > _WORD_COLUMNS_KEPT:
        known.clear()  # a bound on memory over a long import; refilled by the words in use

    def word_columns(word: str) -> tuple[tuple[int, int], ...]:
        """The columns of a word's n-grams, with how often each occurs in the word."""
        found = known.get(word)
        if found is None:
            grams = Counter(_word_char_grams(word, low, high))
            found = known[word] = tuple(
                (vocabulary[gram], count) for gram, count in grams.items() if gram in vocabulary
            )
        return found

    def count_grams(document: str) -> dict[int, int]:
        # scikit-learn's char_wb: the n-grams of each lower-cased word with a space either
        # side. A word's n-grams are the same wherever it occurs, so each distinct word's are
        # looked up once per batch and counted as often as the word occurs.
        found: dict[int, int] = {}
        for word, times in Counter(document.lower().split()).items():
            for column, count in word_columns(word):
                found[column] = found.get(column, 0) + count * times
        return found

    return count_grams


# Each character n-gram vectorizer's columns of the words met so far (most words of a mailbox
# recur from message to message), kept while the vectorizer lives.
_WORD_COLUMNS: weakref.WeakKeyDictionary[Any, dict[str, tuple[tuple[int, int], ...]]] = (
    weakref.WeakKeyDictionary()
)
_WORD_COLUMNS_KEPT = 200_000


def _word_char_grams(word: str, low: int, high: int) -> list[str]:
    """A word's char_wb n-grams as scikit-learn makes them (CountVectorizer._char_wb_ngrams):
    those of the word with a space either side; one shorter than n gives itself, once."""
    padded = f" {word} "
    grams: list[str] = []
    for size in range(low, high + 1):
        if len(padded) <= size:
            grams.append(padded)
            break
        grams.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    return grams


def _reasons(
    clf: Classifier, matrix: csr_matrix, row: int, best: int, item: tuple[str, str, str]
) -> tuple[str, ...]:
    """What pushed hardest towards the chosen class, as a person reads it: the rules that
    fired ("says they are going ahead with other candidates") and the sentence whose words
    weighed most, quoted ("it says “We have decided to move forward with other candidates.”").
    """
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    indices = matrix.indices[start:end]
    contributions = clf.coefficients[best][indices] * matrix.data[start:end]
    # The strongest few decide the explanation; sorting all of a long message's features
    # would cost more than the rest of the explanation (explained for every message).
    strongest = (
        np.argpartition(-contributions, REASON_FEATURES - 1)[:REASON_FEATURES]
        if len(contributions) > REASON_FEATURES
        else np.arange(len(contributions))
    )
    strongest = strongest[np.argsort(-contributions[strongest])]
    rules: list[str] = []
    weights: dict[int, float] = {}  # sentence index (-1: the subject) -> weight
    subject, _, text = item
    lowered_text, lowered_subject = text.lower(), subject.lower()
    starts: list[int] | None = None
    spans: list[tuple[int, int]] = []
    for position in strongest:
        weight = float(contributions[position])
        if weight <= 0:
            break
        block, _, words = clf.feature_names[indices[position]].partition("\x1f")
        if block == RULE:
            if len(rules) < REASON_RULES:
                rules.append(words)
            continue
        if block == SUBJECT:
            if _find(lowered_subject, words) >= 0:
                weights[-1] = weights.get(-1, 0.0) + weight
            continue
        found = _find(lowered_text, words)
        if found >= 0:
            if starts is None:
                spans = _sentence_spans(text)
                starts = [s for s, _ in spans]
            sentence = bisect.bisect_right(starts, found) - 1
            if sentence >= 0:
                weights[sentence] = weights.get(sentence, 0.0) + weight
    reasons = list(rules)
    if weights:
        ranked = sorted(weights, key=lambda key: -weights[key])
        # The sentence a person would point at: not an auto-reply banner, a courtesy or a
        # signature line ("Please DO NOT reply", "Recruiter") even when their words weighed most.
        sentence = next(
            (key for key in ranked if key < 0 or _telling(text[slice(*spans[key])])), ranked[0]
        )
        if sentence < 0:
            reasons.append(f"the subject says {_quote(subject)}")
        else:
            s, e = spans[sentence]
            reasons.append(f"it says {_quote(text[s:e])}")
    return tuple(reasons) or ("no distinctive phrase; the most likely class overall",)


def _telling(sentence: str) -> bool:
    """Whether a sentence can explain a message: three words or more, and no courtesy."""
    words = _PLACEHOLDER.sub(" ", sentence).split()
    return len(words) >= 3 and not _COURTESY.match(" ".join(words))


def _find(lowered: str, gram: str) -> int:
    """Where a feature's words occur in lower-cased text (-1: nowhere, e.g. cut by cleaning)."""
    found = lowered.find(gram.strip())
    if found < 0 and " " in gram.strip():
        found = lowered.find(gram.split()[0])
    return found


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) of each sentence or line of the text."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE.finditer(text):
        end = match.start()
        # Not empty and not all spaces (what .strip() would leave non-empty), without a copy.
        if start < end and not text[start:end].isspace():
            spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _quote(sentence: str) -> str:
    """A sentence in quotation marks, shortened to QUOTE_CHARS at a word."""
    words = " ".join(_PLACEHOLDER.sub("…", sentence).split())
    if len(words) > QUOTE_CHARS:
        words = words[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
    return f"“{words}”"


def _vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer, TfidfVectorizer, TfidfVectorizer]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    words: dict[str, Any] = {"analyzer": word_grams, "sublinear_tf": True}
    return (
        TfidfVectorizer(min_df=1, **words),
        TfidfVectorizer(min_df=2, max_features=40_000, **words),
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=CHAR_NGRAMS,
            min_df=2,
            max_features=30_000,
            sublinear_tf=True,
        ),
        TfidfVectorizer(min_df=2, **words),
    )


def _fit(examples: Sequence[Example]) -> Classifier:
    """Fits the vectorizers and one regression per class on the examples (no thresholds yet)."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    subject_words, text_words, text_chars, opening_words = _vectorizers()
    subjects = [_clean(e.subject) for e in examples]
    texts = [_clean(e.text) for e in examples]
    subject_words.fit(subjects)
    text_words.fit(texts)
    text_chars.fit([f"{s} . {t[:CHAR_TEXT_CHARS]}" for s, t in zip(subjects, texts, strict=True)])
    opening_words.fit([_opening(e.text) for e in examples])
    for vectorizer in (subject_words, text_words, text_chars, opening_words):
        # The terms cut by min_df or max_features: not needed to transform, a set (its pickled
        # order changes from run to run) and most of the model's bytes.
        if hasattr(vectorizer, "stop_words_"):
            del vectorizer.stop_words_
    names = (
        [f"{SUBJECT}\x1f{n}" for n in subject_words.get_feature_names_out()]
        + [f"{TEXT}\x1f{n}" for n in text_words.get_feature_names_out()]
        + [f"{CHARS}\x1f{n}" for n in text_chars.get_feature_names_out()]
        + [f"{OPENING}\x1f{n}" for n in opening_words.get_feature_names_out()]
        + [f"{RULE}\x1f{rule.description}" for rule in FEATURE_RULES]
    )
    present = {str(e.label) for e in examples}
    labels = [str(label) for label in MailClass if label in present]
    clf = Classifier(
        subject_words, text_words, text_chars, opening_words, labels, None, None, {}, names
    )
    matrix = clf.features([(e.subject, e.sender, e.text) for e in examples])
    weights = np.array([e.weight for e in examples])
    truth = np.array([str(e.label) for e in examples])
    coefficients, intercepts = [], []
    # One binary regression per class (liblinear): several times faster to train than a
    # multinomial one here, as accurate on the corpus, and each class's weights read on their own.
    for label in labels:
        # A fixed random_state: liblinear shuffles, and the packaged model must come out the
        # same every time it is built (tests/inbox/test_classifier_build.py).
        binary = LogisticRegression(
            C=REGULARIZATION, solver="liblinear", class_weight="balanced", random_state=0
        )
        binary.fit(matrix, truth == label, sample_weight=weights)
        coefficients.append(binary.coef_[0])
        intercepts.append(binary.intercept_[0])
    clf.coefficients = np.vstack(coefficients)
    clf.intercepts = np.array(intercepts)
    return clf


def choose_threshold(
    confidences: Sequence[float], correct: Sequence[bool], target: float = TARGET_PRECISION
) -> float:
    """The lowest confidence above which every cut keeps precision >= target (1.01: never act)."""
    pairs = sorted(zip(confidences, correct, strict=True), reverse=True)
    threshold = 1.01
    hits = 0
    for count, (confidence, ok) in enumerate(pairs, start=1):
        hits += ok
        if hits / count < target:
            break  # any lower cut includes this mistake at a precision below the target
        threshold = confidence
    return threshold


def _held_out_thresholds(examples: Sequence[Example], folds: int = 4) -> dict[str, float]:
    """Per-class thresholds from out-of-fold predictions, so they are set on unseen messages."""
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

    labels = [str(e.label) for e in examples]
    smallest = min(labels.count(label) for label in set(labels))
    folds = max(2, min(folds, smallest))
    predicted: list[tuple[str, float, bool]] = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=7)
    for train_index, test_index in splitter.split(labels, labels):
        clf = _fit([examples[i] for i in train_index])
        items = [(examples[i].subject, examples[i].sender, examples[i].text) for i in test_index]
        for i, result in zip(test_index, clf.classify_many(items), strict=True):
            predicted.append(
                (str(result.label), result.confidence, result.label == examples[i].label)
            )
    thresholds: dict[str, float] = {}
    for label in MailClass:
        mine = [(conf, ok) for pred, conf, ok in predicted if pred == label]
        if label in GUARDED:
            chosen = choose_threshold([c for c, _ in mine], [ok for _, ok in mine])
            # A few hundred examples cannot pin down 98% precision: keep a margin above the
            # surest held-out mistake too, since the next unseen one may be a little surer.
            surest_mistake = max((c for c, ok in mine if not ok), default=0.0)
            thresholds[label] = max(chosen, surest_mistake + SAFETY_MARGIN, MIN_GUARDED_THRESHOLD)
        else:
            thresholds[label] = DEFAULT_THRESHOLD
    return thresholds


def train(
    examples: Iterable[Example],
    extra: Iterable[Example] = (),
    *,
    thresholds: dict[str, float] | None = None,
) -> Classifier:
    """Trains a classifier; `extra` (a user's corrections) counts CORRECTION_WEIGHT times more.

    The action thresholds come from held-out folds (four more fits) unless given: a user's
    model reuses the packaged model's, so learning from corrections costs one fit, not five.
    """
    base = list(examples)
    corrections = [
        Example(e.subject, e.sender, e.text, e.label, e.weight * CORRECTION_WEIGHT) for e in extra
    ]
    everything = base + corrections
    if len({e.label for e in everything}) < 2:
        raise ValueError("training needs examples of at least two classes")
    chosen = dict(thresholds) if thresholds is not None else _held_out_thresholds(everything)
    clf = _fit(everything)
    clf.thresholds = chosen
    return clf


def act_automatically(classification: Classification) -> bool:
    """Whether the label is sure enough to act on without asking the user."""
    threshold = classification.thresholds.get(classification.label, DEFAULT_THRESHOLD)
    return classification.confidence >= threshold


def classify(subject: str, sender: str, text: str, *, classifier: Classifier) -> Classification:
    """Classifies one message (its subject, From header and newest text) with its reasons.

    The model is always given: this module is the pure core, and classifier_store.py (which
    imports it) supplies the packaged or personal model, so imports flow one way only.
    """
    return classifier.classify_many([(subject, sender, text)])[0]
