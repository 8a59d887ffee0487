"""classify.tfidf builds exactly the matrix scikit-learn's own transform does, for every one
of the classifier's vectorizers (word grams and character n-grams)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterword.inbox.classifier_store import corpus_rows, default_classifier
from afterword.inbox.classify import Classifier, tfidf

VECTORIZERS = ("subject_words", "text_words", "text_chars", "opening_words")


@pytest.fixture(scope="module")
def model() -> Classifier:
    return default_classifier()


def _same_matrix(vectorizer: object, documents: list[str]) -> None:
    expected = vectorizer.transform(documents)  # type: ignore[attr-defined]
    found = tfidf(vectorizer, documents)
    assert type(found) is type(expected)
    assert found.shape == expected.shape
    assert found.dtype == expected.dtype
    assert np.array_equal(found.indptr, expected.indptr)
    assert np.array_equal(found.indices, expected.indices)
    assert np.array_equal(found.data, expected.data)  # bit for bit, not approximately


@pytest.mark.parametrize("name", VECTORIZERS)
def test_tfidf_of_the_corpus_is_scikit_learns_matrix_bit_for_bit(
    model: Classifier, name: str
) -> None:
    documents = [f"{row.get('subject', '')}\n{row.get('body', '')}" for row in corpus_rows()]
    _same_matrix(getattr(model, name), documents)


WORDS = st.sampled_from(
    ["interview", "Offer", "we", "the", "a", "I", "résumé", "ÉCOLE", "x", "to", "next", "steps",
     "straße", "İstanbul", "can't", "e-mail", "2026", "_", "a1", "ΣΊΣΥΦΟΣ", "ﬁnal"]
)  # fmt: skip
SPACES = st.sampled_from([" ", " ", "  ", "\n", "\t", "\xa0", "\u2009", "\r\n", ""])


@st.composite
def documents(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(WORDS, SPACES), max_size=30))
    return "".join(word + space for word, space in parts)


@settings(max_examples=150, deadline=None)
@given(batch=st.lists(documents(), min_size=1, max_size=5))
def test_tfidf_of_any_text_is_scikit_learns_matrix_bit_for_bit(
    model: Classifier, batch: list[str]
) -> None:
    for name in VECTORIZERS:
        _same_matrix(getattr(model, name), batch)
