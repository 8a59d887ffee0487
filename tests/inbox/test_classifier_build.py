"""The packaged mail classifier is built ahead of time, deterministically, and never used stale.

Issue 15: no first import or demo load trains anything. `make install` builds the model from
the corpus (`python -m afterword.inbox.classifier_store build`); these tests check that the
build gives the same bytes and predictions every time, that a model older than its corpus is
detected and not used, that the one in this checkout matches the corpus, and that loading it
trains nothing. Issue 12: classify.py (the pure core) never imports the store.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from afterword.inbox import classifier_store
from afterword.inbox.classify import Classifier, classify, train
from afterword.inbox.labels import MailClass
from afterword.paths import data_dir
from tests.inbox.classify_training import ATS, training_examples

ROOT = Path(__file__).resolve().parents[2]
INBOX = ROOT / "src" / "afterword" / "inbox"

# Builds the packaged model from the small pinned corpus in argv[1] into argv[2]: the whole
# corpus would take half a minute per build, and determinism does not depend on its size.
BUILD_FROM = """
import sys
from pathlib import Path
from afterword.inbox import classifier_store
folder = Path(sys.argv[1])
classifier_store.corpus_files = lambda: sorted(folder.glob("*.jsonl"))
classifier_store.build_packaged(Path(sys.argv[2]))
"""


def _write_pinned_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        {
            "id": f"t-{i}",
            "label": str(e.label),
            "from": e.sender,
            "subject": e.subject,
            "body": e.text,
        }
        for i, e in enumerate(training_examples())
    ]
    (folder / "pinned.jsonl").write_text(
        "\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8"
    )
    return folder


def _build_in_a_fresh_process(corpus: Path, model: Path, hash_seed: str) -> bytes:
    # A different hash seed per process: any set or dict order leaking into the pickle shows.
    environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run(
        [sys.executable, "-c", BUILD_FROM, str(corpus), str(model)],
        check=True,
        env=environment,
        cwd=ROOT,
    )
    return model.read_bytes()


@pytest.fixture
def pinned_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The store pointed at a small pinned corpus and a packaged model path of the test's own."""
    corpus = _write_pinned_corpus(tmp_path / "corpus")
    monkeypatch.setattr(classifier_store, "corpus_files", lambda: sorted(corpus.glob("*.jsonl")))
    monkeypatch.setattr(classifier_store, "PACKAGED_MODEL", tmp_path / "model" / "m.joblib")
    monkeypatch.setattr(classifier_store, "_loaded", {})
    monkeypatch.setattr(classifier_store, "_by_stamp", {})
    return corpus


def test_building_twice_gives_the_same_bytes_and_the_same_predictions(tmp_path: Path) -> None:
    corpus = _write_pinned_corpus(tmp_path / "corpus")
    first = _build_in_a_fresh_process(corpus, tmp_path / "a" / "m.joblib", "1")
    second = _build_in_a_fresh_process(corpus, tmp_path / "b" / "m.joblib", "2")
    assert first == second
    import joblib  # type: ignore[import-untyped]

    one, two = joblib.load(tmp_path / "a" / "m.joblib"), joblib.load(tmp_path / "b" / "m.joblib")
    items = [(e.subject, e.sender, e.text) for e in training_examples()]
    assert [(r.label, r.scores) for r in one.classify_many(items)] == [
        (r.label, r.scores) for r in two.classify_many(items)
    ]
    stamps = [(tmp_path / side / "m.json").read_text(encoding="utf-8") for side in "ab"]
    assert stamps[0] == stamps[1]


def test_a_model_older_than_its_corpus_is_detected_and_not_used(
    pinned_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = classifier_store.build_packaged()
    assert classifier_store.packaged_model_state() == "current"
    with (pinned_corpus / "pinned.jsonl").open("a", encoding="utf-8") as corpus:
        row = {"id": "t-new", "label": "offer", "from": ATS, "subject": "Offer", "body": "Yes!"}
        corpus.write(json.dumps(row) + "\n")
    assert classifier_store.packaged_model_state() == "stale"
    assert classifier_store.main(["check", "--path", str(classifier_store.PACKAGED_MODEL)]) == 1

    retrained: list[int] = []
    real_train = train

    def counting_train(*args: object, **kwargs: object) -> Classifier:
        retrained.append(1)
        return real_train(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(classifier_store, "train", counting_train)
    fallback = classifier_store.default_classifier()
    assert retrained, "a stale packaged model must not be used"
    assert fallback is not built


def test_the_packaged_model_loads_without_training_anything(
    pinned_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = classifier_store.build_packaged()
    assert classifier_store.main(["check", "--path", str(classifier_store.PACKAGED_MODEL)]) == 0

    def no_training(*args: object, **kwargs: object) -> Classifier:
        raise AssertionError("the packaged model should have been loaded, not trained")

    monkeypatch.setattr(classifier_store, "train", no_training)
    loaded = classifier_store.default_classifier()
    assert loaded.thresholds == built.thresholds
    text = "We are delighted to offer you the role of Analyst, starting in May."
    assert classify("Offer", ATS, text, classifier=loaded).label == MailClass.OFFER
    # Nothing was written to the data directory's model cache either.
    assert not list(Path(data_dir(), "models").glob("mail-classifier-*"))


def test_a_user_s_corrections_still_make_a_personal_model_on_top_of_the_packaged_one(
    pinned_corpus: Path,
) -> None:
    classifier_store.build_packaged()
    subject, sender, text = "Quick note", ATS, "The panel have put you forward to the board."
    correction = [
        type(training_examples()[0])(subject, sender, text, MailClass.STATUS_UPDATE),
    ]
    personal = classifier_store.personal_classifier(correction, owner="u1")
    base = classifier_store.default_classifier()
    assert personal is not base
    assert personal.thresholds == base.thresholds
    assert classify(subject, sender, text, classifier=personal).label == MailClass.STATUS_UPDATE


def test_the_model_in_this_checkout_was_built_from_the_current_corpus() -> None:
    # `make install` builds it; a corpus or classifier change without a rebuild fails here.
    state = classifier_store.packaged_model_state()
    assert state == "current", (
        f"the packaged mail classifier is {state}: run `make install` "
        "(or python -m afterword.inbox.classifier_store build)"
    )


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_imports_flow_one_way_from_the_store_to_the_pure_classifier() -> None:
    classify_imports = _imported_modules(INBOX / "classify.py")
    store_imports = _imported_modules(INBOX / "classifier_store.py")
    assert "afterword.inbox.classify" in store_imports
    assert not {name for name in classify_imports if "classifier_store" in name}
