"""The user's own wording for an email: reading, checking, saving and removing an override.

An override is a file of the same name as a built-in template in the user's templates
directory (see `drafts.service.override_dir`), or in server mode a row of the person's own
(drafts.own). Before one is saved it is rendered twice:
with every fact known, where any failure refuses it, and with only the company and role
known, where a failure is saved but reported (drafts then fall back to the built-in text).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from afterword.drafts.context import TEMPLATES, DraftContext
from afterword.drafts.render import OWN_LABEL, TEMPLATE_DIR, TEMPLATE_SUFFIX, render_draft
from afterword.errors import InvalidInputError, NotFoundError

# The longest override accepted: an email, not a novel.
MAX_TEMPLATE_LENGTH = 20_000
_SAMPLE_DAY = dt.date(2026, 11, 23)


@dataclass(frozen=True)
class TemplateProblem:
    """Why a template does not render, and where."""

    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line else self.reason


@dataclass(frozen=True)
class TemplateCheck:
    """The outcome of checking a template: a refusal, or a caution worth showing."""

    error: TemplateProblem | None = None
    caution: TemplateProblem | None = None


def check_name(name: str) -> str:
    """The template name, or NotFoundError when there is no such template."""
    if name not in TEMPLATES:
        raise NotFoundError(f"there is no email template called '{name}'")
    return name


def builtin_text(name: str) -> str:
    """The packaged text of a template."""
    path = TEMPLATE_DIR / (check_name(name) + TEMPLATE_SUFFIX)
    return path.read_text(encoding="utf-8")


def override_path(name: str, directory: str) -> str:
    """Where the user's version of a template lives."""
    return os.path.join(directory, check_name(name) + TEMPLATE_SUFFIX)


def override_text(name: str, directory: str) -> str | None:
    """The user's version of a template, if they have one."""
    try:
        with open(override_path(name, directory), encoding="utf-8") as file:
            return file.read()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInputError(f"cannot read {override_path(name, directory)}: {error}") from None


def _full_context(name: str) -> DraftContext:
    return DraftContext(
        template=name,
        company="Acme",
        role="Data Analyst",
        today=_SAMPLE_DAY,
        sender_name="Sam Rivera",
        sender_email="sam@example.com",
        signature="Sam Rivera\n+44 20 7946 0000",
        recipient_name="Priya Shah",
        recipient_email="priya@example.com",
        recipient_role="recruiter",
        interview_on=_SAMPLE_DAY - dt.timedelta(days=3),
        interview_kind="technical",
        interviewer_names=("Priya Shah", "Tom Lee"),
        recipient_was_there=True,
        discussed=("How would you test a data pipeline?",),
        timeline_known=True,
        decision_promised_by=_SAMPLE_DAY + dt.timedelta(days=4),
        expected_decision_on=_SAMPLE_DAY + dt.timedelta(days=4),
        followed_up_on=_SAMPLE_DAY - dt.timedelta(days=1),
        offer_company="Globex",
        offer_deadline=_SAMPLE_DAY + dt.timedelta(days=10),
        proposed_deadline=_SAMPLE_DAY + dt.timedelta(days=17),
        start_date=_SAMPLE_DAY + dt.timedelta(days=40),
        accepted_company="Globex",
        interest=4,
        feedback_text="We were looking for more experience with dashboards.",
        extra={"correction": "I led the dashboard work at my last job."},
    )


def _sparse_context(name: str) -> DraftContext:
    return DraftContext(template=name, company="Acme", role="Data Analyst", today=_SAMPLE_DAY)


def _render_problem(name: str, text: str, context: DraftContext) -> TemplateProblem | None:
    """Renders `text` as the override of `name`; returns what went wrong, if anything."""
    draft = render_draft(context, own_text=text)
    if not draft.warnings:
        return None
    # Warnings read "<label>[:<line>]: <problem>; used the built-in template instead".
    warning = draft.warnings[0].removeprefix(OWN_LABEL.format(name=name))
    warning = warning.removesuffix("; used the built-in template instead")
    line: int | None = None
    head, _, rest = warning.removeprefix(":").partition(": ")
    if head.isdigit():
        line, warning = int(head), rest
    else:
        warning = warning.removeprefix(": ")
    return TemplateProblem(line=line, reason=warning)


def check_template(name: str, text: str, *, strict: bool = False) -> TemplateCheck:
    """Checks that the text renders as template `name` (see the module's note). `strict`
    (server mode) refuses also a text that fails when the record lacks a fact it states:
    there a saved version is every draft's, with no file to fix by hand."""
    check_name(name)
    if not text.strip():
        return TemplateCheck(error=TemplateProblem(None, "the template is empty"))
    if len(text) > MAX_TEMPLATE_LENGTH:
        reason = f"the template is longer than {MAX_TEMPLATE_LENGTH:,} characters"
        return TemplateCheck(error=TemplateProblem(None, reason))
    error = _render_problem(name, text, _full_context(name))
    if error is not None:
        return TemplateCheck(error=error)
    caution = _render_problem(name, text, _sparse_context(name))
    if strict and caution is not None:
        return TemplateCheck(
            error=TemplateProblem(
                caution.line,
                f"when the record lacks that fact, {caution.reason}",
            )
        )
    return TemplateCheck(caution=caution)


def save_override(name: str, text: str, directory: str) -> TemplateCheck:
    """Saves the user's version after checking it; a refused one is not written."""
    check = check_template(name, text)
    if check.error is not None:
        return check
    os.makedirs(directory, exist_ok=True)
    normalised = text.replace("\r\n", "\n")
    with open(override_path(name, directory), "w", encoding="utf-8") as file:
        file.write(normalised if normalised.endswith("\n") else normalised + "\n")
    return check


def remove_override(name: str, directory: str) -> bool:
    """Deletes the user's version so the built-in text is used; whether there was one."""
    try:
        os.remove(override_path(name, directory))
    except FileNotFoundError:
        return False
    return True
