"""`make fuzz`: every fuzz target, round after round, for as long as it is given.

    python -m tests.fuzz.run --minutes 10

Each round runs a target with fresh random inputs (hypothesis, no fixed seed). An exception
is a crash: hypothesis shrinks it to a minimal input, which is printed and kept in its
example database (.hypothesis/) so that the next run of the test suite tries it first; make
it a regression test. An input that takes longer than --hang-seconds is a hang. The figures
are printed at the end: inputs, crashes, hangs, per target and in total.
"""

from __future__ import annotations

import argparse
import time
import traceback
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings

from tests.fuzz.targets import TARGETS, Target

ROUND = 200  # inputs per target before moving to the next


def _round(target: Target, inputs: Counter[str], slow: list[str], hang_seconds: float) -> None:
    @given(target.inputs)
    @settings(
        max_examples=ROUND,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(value: Any) -> None:
        started = time.monotonic()
        target.check(value)
        took = time.monotonic() - started
        inputs[target.name] += 1
        if took > hang_seconds:
            slow.append(f"{target.name}: {took:.1f} s for {value!r:.200}")

    fuzz()


def main() -> int:
    """Runs the targets until the time is up; returns 1 if anything crashed or hung."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--hang-seconds", type=float, default=10.0)
    options = parser.parse_args()
    end = time.monotonic() + options.minutes * 60
    inputs: Counter[str] = Counter()
    crashes: Counter[str] = Counter()
    slow: list[str] = []
    while time.monotonic() < end:
        for target in TARGETS:
            if time.monotonic() >= end:
                break
            try:
                _round(target, inputs, slow, options.hang_seconds)
            except Exception:  # noqa: BLE001 - a crash is reported, and the run goes on
                crashes[target.name] += 1
                print(f"CRASH in {target.name}:\n{traceback.format_exc()}", flush=True)
    print(f"\n{'target':<20} {'inputs':>10} {'crashes':>8} {'hangs':>6}")
    for target in TARGETS:
        hangs = sum(line.startswith(target.name + ":") for line in slow)
        print(f"{target.name:<20} {inputs[target.name]:>10,} {crashes[target.name]:>8} {hangs:>6}")
    total = sum(inputs.values())
    print(f"{'total':<20} {total:>10,} {sum(crashes.values()):>8} {len(slow):>6}")
    for line in slow:
        print("HANG", line)
    return 1 if crashes or slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
