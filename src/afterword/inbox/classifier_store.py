"""The packaged training corpus, the packaged model built from it, and personal models.

The I/O around classify.py (which never imports this module: imports flow one way). The
packaged model is built ahead of time, by `make install` (and before a wheel is built), with
`python -m afterword.inbox.classifier_store build`: it is written into the package beside a
stamp holding the hash of the corpus and the model version it was built from. Loading checks
that stamp, so a model older than the corpus is never used. Only when it is missing or stale
(a corpus edited in a checkout, another scikit-learn) is a model trained on first use and
cached in the data directory, as before. A user's corrections make a personal model, trained
from the corpus plus those corrections and cached on disk by a hash of both. Nothing is ever
downloaded.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import sys
import tempfile
import threading
from importlib import resources
from pathlib import Path
from typing import Any

from afterword.inbox.classify import MODEL_VERSION, Classifier, Example, train
from afterword.inbox.labels import MailClass
from afterword.paths import data_dir

CORPUS_PACKAGE = "afterword.inbox"
CORPUS_FOLDER = "corpus"

_lock = threading.Lock()
_loaded: dict[str, Classifier] = {}
_by_stamp: dict[tuple[tuple[str, int, int], ...], Classifier] = {}
_personal: dict[str, tuple[str, Classifier]] = {}  # owner -> (corrections key, model)


def corpus_files() -> list[Any]:
    """The packaged corpus files (*.jsonl), in a stable order."""
    folder = resources.files(CORPUS_PACKAGE) / CORPUS_FOLDER
    return sorted((f for f in folder.iterdir() if f.name.endswith(".jsonl")), key=lambda f: f.name)


def corpus_rows() -> list[dict[str, Any]]:
    """Every message of the packaged corpus as its JSON object (blank lines skipped)."""
    rows: list[dict[str, Any]] = []
    for file in corpus_files():
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def row_example(row: dict[str, Any]) -> Example:
    """A corpus row as a training example (subject, From header, newest text, label)."""
    from afterword.inbox.body_text import latest_reply

    return Example(
        subject=row.get("subject") or "",
        sender=row.get("from") or "",
        text=latest_reply(row.get("body") or ""),
        label=MailClass(row["label"]),
    )


def corpus_key() -> str:
    """A hash of the corpus files' bytes and the model version: the cache key."""
    import sklearn  # type: ignore[import-untyped]

    digest = hashlib.sha256(f"{MODEL_VERSION}|{sklearn.__version__}".encode())
    for file in corpus_files():
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:24]


DEFAULT_PREFIX = "mail-classifier-default-"


def _personal_prefix(owner: str) -> str:
    return f"mail-classifier-user-{owner}-"


def _cache_path(name: str) -> Path:
    return Path(data_dir()) / "models" / f"{name}.joblib"


def _save(classifier: Classifier, path: Path, prefix: str) -> None:
    """Writes the model and deletes the older ones of the same kind (files named prefix*)."""
    import joblib  # type: ignore[import-untyped]

    # Written to a temporary file and renamed, so a crash never leaves half a model behind.
    with contextlib.suppress(OSError):
        # A personal model is learnt from the user's own mail: kept as private as the mail.
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.close(handle)
        try:
            joblib.dump(classifier, temporary)
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        for old in path.parent.glob(f"{prefix}*.joblib"):
            if old != path:
                old.unlink(missing_ok=True)


def _load(path: Path) -> Classifier | None:
    import joblib

    try:
        loaded = joblib.load(path)
    except Exception:  # noqa: BLE001 -- a damaged or incompatible file of any kind is rebuilt
        return None
    return loaded if isinstance(loaded, Classifier) and loaded.version == MODEL_VERSION else None


def _corpus_stamp() -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the corpus files: cheap to check on every call."""
    stamp = []
    for file in corpus_files():
        info = os.stat(str(file))
        stamp.append((file.name, info.st_size, info.st_mtime_ns))
    return tuple(stamp)


# The packaged model and its stamp, inside the package (ignored by git, put in the wheel).
PACKAGED_MODEL = Path(__file__).resolve().parent / "model" / "mail-classifier.joblib"


def _stamp_path(model: Path) -> Path:
    return model.with_suffix(".json")


def build_packaged(path: Path | None = None) -> Classifier:
    """Trains the packaged model on the corpus and writes it, with its stamp, to `path`.

    Deterministic: the same corpus, code and scikit-learn give the same bytes.
    """
    import joblib

    path = path or PACKAGED_MODEL
    classifier = train(row_example(row) for row in corpus_rows())
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    try:
        joblib.dump(classifier, temporary)
        os.chmod(temporary, 0o644)  # a package file, readable by whoever runs the app
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    stamp = {"corpus_key": corpus_key(), "model_version": MODEL_VERSION}
    _stamp_path(path).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    return classifier


def packaged_model_state(path: Path | None = None) -> str:
    """'current', 'stale' (built from another corpus, code or scikit-learn) or 'missing'."""
    path = path or PACKAGED_MODEL
    stamp_file = _stamp_path(path)
    if not path.exists() or not stamp_file.exists():
        return "missing"
    try:
        stamp = json.loads(stamp_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "stale"
    return "current" if stamp.get("corpus_key") == corpus_key() else "stale"


def _load_packaged() -> Classifier | None:
    return _load(PACKAGED_MODEL) if packaged_model_state(PACKAGED_MODEL) == "current" else None


def default_classifier() -> Classifier:
    """The model of the packaged corpus: from memory, the package, the disk cache, or trained
    now (only when the packaged model is missing or older than the corpus)."""
    stamp = _corpus_stamp()
    if stamp in _by_stamp:
        return _by_stamp[stamp]  # the common case: no hashing, no lock
    key = corpus_key()
    with _lock:
        if key in _loaded:
            return _loaded[key]
        classifier = _load_packaged()
        path = _cache_path(DEFAULT_PREFIX + key)
        if classifier is None and path.exists():
            classifier = _load(path)
        if classifier is None:
            classifier = train(row_example(row) for row in corpus_rows())
            _save(classifier, path, DEFAULT_PREFIX)
        _loaded.clear()
        _loaded[key] = classifier
        _by_stamp.clear()
        _by_stamp[stamp] = classifier
        return classifier


def personal_classifier(corrections: list[Example], owner: str) -> Classifier:
    """The packaged corpus plus one user's corrections: cached on disk by a hash of both.

    Training takes seconds, so it happens on the next import after a correction, never while
    the user is answering the review queue. `owner` (the user's uid) keeps each user's model
    apart on a server hosting many.
    """
    digest = hashlib.sha256(corpus_key().encode())
    for e in corrections:
        digest.update(f"{e.subject}\x1f{e.sender}\x1f{e.text}\x1f{e.label}\x1e".encode())
    key = digest.hexdigest()[:24]
    base = default_classifier()  # before taking the lock, which it takes itself
    with _lock:
        cached = _personal.get(owner)
        if cached is not None and cached[0] == key:
            return cached[1]
        path = _cache_path(_personal_prefix(owner) + key)
        classifier = _load(path) if path.exists() else None
        if classifier is None:
            # The packaged model's thresholds: a handful of corrections cannot re-estimate
            # 98% precision, and reusing them makes learning several times faster.
            classifier = train(
                (row_example(row) for row in corpus_rows()),
                extra=corrections,
                thresholds=base.thresholds,
            )
            _save(classifier, path, _personal_prefix(owner))
        _personal[owner] = (key, classifier)
        return classifier


def main(argv: list[str] | None = None) -> int:
    """`python -m afterword.inbox.classifier_store build|check [--path PATH]`."""
    parser = argparse.ArgumentParser(
        prog="python -m afterword.inbox.classifier_store",
        description="Builds or checks the packaged mail classifier.",
    )
    parser.add_argument("command", choices=("build", "check"))
    parser.add_argument("--path", type=Path, default=None)
    parser.add_argument(
        "--if-stale", action="store_true", help="build only when missing or older than the corpus"
    )
    args = parser.parse_args(argv)
    args.path = args.path or PACKAGED_MODEL
    state = packaged_model_state(args.path)
    if args.command == "check":
        print(f"packaged mail classifier at {args.path}: {state}")
        return 0 if state == "current" else 1
    if args.if_stale and state == "current":
        print(f"packaged mail classifier is current: {args.path}")
        return 0
    build_packaged(args.path)
    print(f"built the packaged mail classifier: {args.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
