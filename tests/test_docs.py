"""Documentation that cannot drift from the code."""

from __future__ import annotations

from pathlib import Path

from afterword.settings import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_cli_reference_matches_the_commands_help() -> None:
    from afterword.cli.reference import render

    committed = (DOCS / "cli-reference.md").read_text(encoding="utf-8")
    assert committed == render(), (
        "regenerate: python -m afterword.cli.reference > docs/cli-reference.md"
    )


def test_every_setting_is_documented() -> None:
    settings_doc = (DOCS / "settings.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`{name}`" in settings_doc, f"docs/settings.md does not describe `{name}`"
        assert f"AFTERWORD_{name.upper()}" in settings_doc, name


def test_every_playbook_timing_is_documented_with_its_default() -> None:
    from afterword.settings.playbook import PlaybookTimings

    settings_doc = (DOCS / "settings.md").read_text(encoding="utf-8")
    for name, field in PlaybookTimings.model_fields.items():
        default = field.default
        shown = ", ".join(map(str, default)) if isinstance(default, tuple) else str(default)
        row = f"| `{name}` | `AFTERWORD_PLAYBOOK__{name.upper()}` | {shown} |"
        assert row in settings_doc, f"docs/settings.md lacks an up-to-date row for `{name}`"
