"""Whether the stored agenda is still the plan: same local day, same rules, same timings (pure).

Every write re-plans in its own transaction (afterword.workspace), so between writes the
stored agenda can only fall behind in three ways: a new local day, a new version of
afterword (its rules may differ), or other playbook timings in the settings. The re-plan
stores the day in `users.planned_on` and the other two, as this fingerprint, in
`users.planned_with`; a reader that finds both equal to what it would plan with may show
the stored agenda as it is. Standard library only: the command line's fast path uses it.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def plan_fingerprint(changed_timings: dict[str, Any]) -> str:
    """The fingerprint of a plan made with these timings (only those not at their default)."""
    from afterword import __version__

    if not changed_timings:
        return f"{__version__}:defaults"
    import hashlib
    import json

    text = json.dumps(changed_timings, sort_keys=True, default=str)
    return f"{__version__}:{hashlib.sha256(text.encode()).hexdigest()[:32]}"
