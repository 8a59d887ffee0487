"""The fuzz suite, briefly, in every test run: each target for a fixed number of inputs.

`make fuzz` runs the same targets for as long as it is given (tests/fuzz/run.py).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz.targets import TARGETS, Target

# Enough to go through the known-hostile pieces many times over in well under a minute.
EXAMPLES = int(os.environ.get("AFTERWORD_FUZZ_INPUTS", "2000"))
# In CI the same inputs every time: a red build then means a change broke something, never
# that this run happened to find an old bug (which `make fuzz` is for).
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.mark.parametrize("target", TARGETS, ids=[target.name for target in TARGETS])
def test_no_input_crashes_afterword(target: Target) -> None:
    @given(target.inputs)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,  # no test asserts a duration; run.py reports the slow inputs
        derandomize=IN_CI,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    def fuzz(value: Any) -> None:
        target.check(value)

    fuzz()
