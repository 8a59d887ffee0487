"""A user's own template can shape the words of a draft, never run code (issue 13, finding 5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from afterword.drafts.context import DraftContext
from afterword.drafts.overrides import override_path, save_override
from afterword.drafts.render import TEMPLATE_SUFFIX, render_draft

TEMPLATE = "thank_recruiter"


def payloads(marker: Path) -> list[str]:
    """Ways out of a Jinja template into Python, each trying to create `marker`."""
    command = f"touch {marker}"
    return [
        f"{{{{ cycler.__init__.__globals__.os.popen('{command}').read() }}}}",
        f"{{{{ joiner.__init__.__globals__.os.system('{command}') }}}}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        f"{{{{ lipsum.__globals__['os'].popen('{command}').read() }}}}",
        f"{{{{ sign_off.__globals__['os'].system('{command}') }}}}",
        "{{ 'x' * 1000000000 }}",
        "{% for i in range(10**9) %}{% endfor %}",
    ]


def context() -> DraftContext:
    return DraftContext(
        template=TEMPLATE, company="Acme", role="Analyst", today=dt.date(2026, 12, 3)
    )


@pytest.mark.parametrize("index", range(7))
def test_a_template_reaching_into_python_is_refused_when_saved_and_runs_nothing(
    tmp_path: Path, index: int
) -> None:
    marker = tmp_path / "ran"
    text = f"Subject: Thank you\n\nHello {payloads(marker)[index]}\n"
    check = save_override(TEMPLATE, text, str(tmp_path / "templates"))
    assert check.error is not None
    assert (
        not (tmp_path / "templates").exists()
        or not Path(override_path(TEMPLATE, str(tmp_path / "templates"))).exists()
    )
    assert not marker.exists()


@pytest.mark.parametrize("index", range(7))
def test_a_hostile_template_already_on_disk_falls_back_to_the_built_in_one(
    tmp_path: Path, index: int
) -> None:
    # Written by hand (or by an older afterword): every draft still renders, and nothing runs.
    marker = tmp_path / "ran"
    directory = tmp_path / "templates"
    directory.mkdir()
    (directory / (TEMPLATE + TEMPLATE_SUFFIX)).write_text(
        f"Subject: Thank you\n\nHello {payloads(marker)[index]}\n"
    )
    draft = render_draft(context(), override_dir=str(directory))
    assert draft.warnings and "used the built-in template instead" in draft.warnings[0]
    assert "Acme" in draft.body or "Acme" in draft.subject
    assert not marker.exists()


def test_a_plain_user_template_still_renders_with_the_drafts_helpers(tmp_path: Path) -> None:
    text = "Subject: Thanks, {{ company }}\n\n{{ greeting }}\n\nIt was great.\n\n{{ sign_off('Best,') }}\n"
    check = save_override(TEMPLATE, text, str(tmp_path))
    assert check.error is None
    draft = render_draft(context(), override_dir=str(tmp_path))
    assert draft.warnings == ()
    assert draft.subject == "Thanks, Acme"
