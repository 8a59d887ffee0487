"""The standard-library word tables (for the fast path) say what the playbook's enums say."""

from __future__ import annotations

from afterword.playbook import wording
from afterword.playbook.actions import ActionKind
from afterword.playbook.effects import Effect, effect_of, preview


def test_every_kind_has_a_headline_and_nothing_else_does() -> None:
    assert set(wording.HEADLINES) == {kind.value for kind in ActionKind}
    assert set(wording.HEADLINES) >= wording.EMAIL_KINDS


def test_a_preview_is_shown_exactly_for_the_kinds_whose_done_changes_the_record() -> None:
    for kind in ActionKind:
        changes_the_record = effect_of(kind) is not Effect.NONE
        assert (preview(kind, "Northwind") is not None) == changes_the_record, kind
        # A step of the game plan belongs to the plan, not to one process: no company named.
        if changes_the_record and effect_of(kind) is not Effect.PLAN_STEP_DONE:
            assert "Northwind" in str(preview(kind, "Northwind"))
            assert "this process" in str(preview(kind, None))
