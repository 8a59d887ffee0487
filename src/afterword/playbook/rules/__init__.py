"""The playbook's rules, one module per stage of a process (pure).

A rule reads facts and returns the actions that should exist now, each with
its due date and a one-sentence reason. `RULES` maps each rule's id to what it
is about, for `afterword why`.
"""

from __future__ import annotations

from afterword.playbook.rules import after_interview, offers, reflection_loop, rejection, waiting

APPLICATION_RULES = (
    *after_interview.RULES,
    *waiting.RULES,
    *rejection.RULES,
    *offers.RULES,
    *reflection_loop.RULES,
)
SEARCH_RULES = (*rejection.SEARCH_RULES, *offers.SEARCH_RULES, *reflection_loop.SEARCH_RULES)
# What the record shows the user already did (see playbook.actions.Fulfilled). The reflection
# loop comes first: its notes name the reflection, not a journal entry, when both exist.
APPLICATION_FULFILMENTS = (
    *reflection_loop.FULFILMENTS,
    *after_interview.FULFILMENTS,
    *waiting.FULFILMENTS,
    *rejection.FULFILMENTS,
    *offers.FULFILMENTS,
)
SEARCH_FULFILMENTS = (*rejection.SEARCH_FULFILMENTS, *reflection_loop.SEARCH_FULFILMENTS)

RULES: dict[str, str] = {
    **after_interview.DESCRIPTIONS,
    **waiting.DESCRIPTIONS,
    **rejection.DESCRIPTIONS,
    **offers.DESCRIPTIONS,
    **reflection_loop.DESCRIPTIONS,
}
