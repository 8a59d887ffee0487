"""Benchmark of feedback themes: the cue lexicon alone (before) against the classifier (after).

Both are scored on the held-out statements in tests/reflection/data, which the classifier
never trains on: `feedback_statements_holdout.tsv` (written after the lexicon was tuned) and
`feedback_statements_holdout2.tsv` (written before the classifier was built). Per theme
accuracy, overall theme accuracy, and strength-versus-gap accuracy (neutral statements
left out of the latter). Also the classifier's 5-fold cross-validated theme accuracy on its
own training statements -- the figure its settings were chosen by -- and how long training
takes (it happens once per process, on first use).

Run: .venv/bin/python bench/themes.py
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from afterword.reflection import feedback_themes as ft

DATA = Path(__file__).resolve().parent.parent / "tests" / "reflection" / "data"
HELD_OUT = ("feedback_statements_holdout.tsv", "feedback_statements_holdout2.tsv")


def labelled(name: str) -> list[tuple[str, str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]
    return [(text, theme, polarity) for text, theme, polarity in rows[1:]]


def score(
    rows: list[tuple[str, str, str]], theme_of: Callable[[str], str]
) -> tuple[dict[str, tuple[int, int]], float, float]:
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    polar = polar_right = 0
    for text, theme, polarity in rows:
        found = theme_of(text)
        total[theme] += 1
        right[theme] += found == theme
        if polarity != "neutral":
            polar += 1
            polar_right += ft.classify_polarity(text, found).value == polarity
    per_theme = {theme: (right[theme], total[theme]) for theme in sorted(total)}
    return per_theme, sum(right.values()) / len(rows), polar_right / polar


def cross_validated() -> float:
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

    rows = ft.training_statements()
    themes = [theme for _, theme, _ in rows]
    right = 0
    for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(rows, themes):
        model = ft.build_theme_model([rows[i] for i in train])
        predicted = model.predict([rows[i][0] for i in test])
        right += sum(p == rows[i][1] for p, i in zip(predicted, test, strict=True))
    return right / len(rows)


def main() -> None:
    started = time.perf_counter()
    ft.classify_theme("warm-up: trains the model")
    trained = time.perf_counter() - started
    print(
        f"training statements: {len(ft.training_statements())}; first use (import + train) {trained:.2f} s"
    )
    print(
        f"classifier, 5-fold cross-validated theme accuracy on its training statements: {cross_validated():.1%}"
    )
    for name in HELD_OUT:
        rows = labelled(name)
        before = score(rows, lambda text: ft.lexicon_theme(text)[0])
        after = score(rows, lambda text: ft.classify_theme(text)[0])
        print(f"\n{name} ({len(rows)} statements)")
        print(f"  {'theme':<18} {'lexicon':>9} {'classifier':>11}")
        for theme, (right, total) in before[0].items():
            right_after, _ = after[0][theme]
            print(f"  {theme:<18} {right:>4}/{total:<4} {right_after:>5}/{total:<4}")
        print(f"  {'theme accuracy':<18} {before[1]:>9.1%} {after[1]:>11.1%}")
        print(f"  {'strength vs gap':<18} {before[2]:>9.1%} {after[2]:>11.1%}")
    started = time.perf_counter()
    for _ in range(5):
        for text, _, _ in labelled(HELD_OUT[1]):
            ft.classify(text)
    each = (time.perf_counter() - started) / (5 * len(labelled(HELD_OUT[1])))
    print(f"\nclassifying one statement alone (theme and polarity): {each * 1000:.2f} ms")
    texts = [text for text, _, _ in labelled(HELD_OUT[1])]
    started = time.perf_counter()
    for _ in range(5):
        ft.classify_all(texts)
    each = (time.perf_counter() - started) / (5 * len(texts))
    print(f"classifying a page's statements in one batch: {each * 1000:.2f} ms each")


if __name__ == "__main__":
    main()
