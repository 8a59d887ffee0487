"""Turns a DraftContext into a ready email draft (pure: no I/O but reading templates).

Templates are plain-text Jinja files next to this module, one per name in
`TEMPLATES`; the first line is `Subject: ...`, then a blank line, then the body.
A user may replace any of them with a file of the same name in their own
templates directory; a broken replacement falls back to the built-in one with a
warning that names the file and line.

What templates receive: every DraftContext field (strings trimmed, blanks as
None), plus a few ready-made phrases so that no template has to re-solve the
same wording -- `greeting`, `formal_greeting`, `first_name`, `role_noun`,
`interview`, `interviewers`, `topics` (the debrief's questions, quoted),
`discussed_phrase` ("your question “...”"), `feedback_quote`, `correction` -- the
`day` filter for dates, and `sign_off("Best regards,")` for the closing lines.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list

from afterword.drafts.context import TEMPLATES, DraftContext
from afterword.playbook.wording import interview_label

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_SUFFIX = ".txt.j2"
FALLBACK_LOCALE = "en_GB"
# A quoted piece of feedback longer than this is referred to, not repeated.
MAX_QUOTE_LENGTH = 240
# Dates further than this from today, in another year, carry their year.
YEAR_SHOWN_AFTER_DAYS = 92


@dataclass(frozen=True)
class Draft:
    """A rendered email, ready for the user to review and send."""

    template: str
    subject: str
    body: str
    to_name: str | None
    to_email: str | None
    # Plain phrases of what the user should fill in ("the recruiter's email address").
    missing: tuple[str, ...]
    # Problems worth telling the user about, e.g. a broken override (file, line, error).
    warnings: tuple[str, ...]


def render_draft(
    context: DraftContext, *, override_dir: str | None = None, own_text: str | None = None
) -> Draft:
    """Renders the context's template (or the user's override of it) into a draft.

    The override is a file in `override_dir` (the single-user app), or its text given as
    `own_text` (server mode, where each person's versions are kept in the database)."""
    if context.template not in TEMPLATES:
        raise ValueError(
            f"unknown template '{context.template}'; expected one of: {', '.join(TEMPLATES)}"
        )
    variables = template_variables(context)
    file_name = context.template + TEMPLATE_SUFFIX
    warnings: list[str] = []
    rendered: tuple[str, str] | None = None
    if own_text is not None:
        rendered, warning = _render_own(own_text, file_name, variables)
        if warning:
            warnings.append(warning)
    elif override_dir:
        rendered, warning = _render_override(override_dir, file_name, variables)
        if warning:
            warnings.append(warning)
    if rendered is None:
        text = _builtin_environment().get_template(file_name).render(variables)
        rendered = _split_subject(text)
        if rendered is None:
            raise RuntimeError(f"built-in template {file_name} has no 'Subject:' first line")
    subject, body = rendered
    return Draft(
        template=context.template,
        subject=subject,
        body=body,
        to_name=variables["recipient_name"],
        to_email=variables["recipient_email"],
        missing=missing_facts(context),
        warnings=tuple(warnings),
    )


def format_day(day: dt.date, locale: str, *, today: dt.date | None = None) -> str:
    """Formats a date with its weekday in the user's locale ('Thursday 3 December').

    Unknown locales fall back to en_GB. The year is added only when `today` is
    given and the date lies in another year, more than about three months away.
    """
    show_year = (
        today is not None
        and day.year != today.year
        and abs((day - today).days) > YEAR_SHOWN_AFTER_DAYS
    )
    return _formatted_day(day, locale, show_year)


# Pages show the same few dozen days again and again, and Babel takes tens of microseconds
# for each: the words for a day never change, so they are kept.
@lru_cache(maxsize=4096)
def _formatted_day(day: dt.date, locale: str, show_year: bool) -> str:
    known = _locale(locale)
    return format_date(day, _day_pattern(known, with_year=show_year), locale=known)


def template_variables(context: DraftContext) -> dict[str, Any]:
    """Returns what templates see: the cleaned context fields and the ready-made phrases."""
    values: dict[str, Any] = {f.name: _clean(getattr(context, f.name)) for f in fields(context)}
    values["locale"] = str(_locale(context.locale))
    recipient = values["recipient_name"]
    first = _first_name(recipient)
    values["first_name"] = first
    values["greeting"] = f"Hi {first}," if first else "Hello,"
    values["formal_greeting"] = f"Dear {first}," if first else "Hello,"
    values["role_noun"] = _role_noun(values["role"])
    values["interview"] = interview_label(values["interview_kind"])
    others = [name for name in values["interviewer_names"] if name != recipient]
    values["interviewers"] = _join_names(others, values["locale"]) if others else None
    values["topics"] = tuple(_quoted(item) for item in values["discussed"])
    values["discussed_phrase"] = _questions_phrase(values["topics"])
    # Quoted on one line, and only when short enough to read as a quote.
    feedback = " ".join(values["feedback_text"].split()) if values["feedback_text"] else None
    values["feedback_quote"] = feedback if feedback and len(feedback) <= MAX_QUOTE_LENGTH else None
    values["correction"] = _clean(values["extra"].get("correction"))
    values["sign_off"] = _sign_off_for(values["signature"], values["sender_name"])
    return values


def missing_facts(context: DraftContext) -> tuple[str, ...]:
    """Lists, as plain phrases, the facts this template wants but the context lacks."""
    who = _recipient_label(context)
    values = {f.name: _clean(getattr(context, f.name)) for f in fields(context)}
    values["correction"] = _clean(context.extra.get("correction"))
    phrases = {
        "recipient_email": f"the {who}'s email address",
        "recipient_name": f"the {who}'s name, for the greeting",
        **_FACT_PHRASES,
        **_TEMPLATE_PHRASES.get(context.template, {}),
    }
    wanted = ("recipient_email", "recipient_name", *_NEEDS.get(context.template, ()))
    missing = [phrases[name] for name in wanted if not values[name]]
    # A signature signs the email by itself; only without both is a name missing.
    if not values["sender_name"] and not values["signature"]:
        missing.append("your name (afterword profile set --name ...)")
    return tuple(missing)


# ---------------------------------------------------------------- what each template needs

# Beyond the recipient's address and name (always wanted) and the sender's name.
_NEEDS: dict[str, tuple[str, ...]] = {
    "thank_recruiter": ("interview_on",),
    "thank_interviewer": ("interview_on", "discussed"),
    "follow_up": ("interview_on",),
    "second_follow_up": ("followed_up_on",),
    "clarification": ("feedback_text", "correction"),
    "extension_request": ("offer_deadline", "proposed_deadline"),
    "offer_notice": ("offer_company", "offer_deadline"),
}
_FACT_PHRASES = {
    "interview_on": "the interview date",
    "discussed": "something you discussed in the interview (from your debrief)",
    "followed_up_on": "the date of your first follow-up",
    "feedback_text": "the feedback you are answering",
    "correction": "the correction itself: the facts, in a sentence or two (extra 'correction')",
    "offer_deadline": "the offer's current deadline",
    "proposed_deadline": "the new deadline you want to ask for",
    "offer_company": "which company made the other offer",
}
_TEMPLATE_PHRASES = {"offer_notice": {"offer_deadline": "when the other offer expires"}}
# Who usually reads each email, when the contact's role is not recorded.
_DEFAULT_RECIPIENT = {"thank_interviewer": "interviewer"}


def _recipient_label(context: DraftContext) -> str:
    role = _clean(context.recipient_role)
    if isinstance(role, str):
        # A contact recorded as 'other' has no role worth naming.
        return "contact" if role.lower() == "other" else role.replace("_", " ")
    return _DEFAULT_RECIPIENT.get(context.template, "recruiter")


# ---------------------------------------------------------------- Jinja environments


@lru_cache(maxsize=1)
def _builtin_environment() -> jinja2.Environment:
    """The environment for the packaged templates (compiled templates are cached)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        # A typo in a template must fail loudly, never print nothing.
        undefined=jinja2.StrictUndefined,
        # Plain text: escaping would put '&amp;' into emails.
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        finalize=_refuse_none,
    )
    environment.filters["day"] = _day_filter
    return environment


def _refuse_none(value: Any) -> Any:
    """Makes a missing value an error instead of the word 'None' in an email."""
    if value is None:
        raise ValueError("a missing value (None) reached the text; guard it with {% if ... %}")
    return value


@jinja2.pass_context
def _day_filter(context: jinja2.runtime.Context, value: Any) -> str:
    if not isinstance(value, dt.date):
        raise ValueError(f"the 'day' filter needs a date, got {value!r}; guard it with {{% if %}}")
    today = context.get("today")
    return format_day(
        value,
        str(context.get("locale") or FALLBACK_LOCALE),
        today=today if isinstance(today, dt.date) else None,
    )


# In a user's template, a repeated string or list may be at most this long, and a power at
# most this high: '{{ "x" * 10**9 }}' must not take the machine's memory.
_MAX_REPEAT = 100_000
_MAX_EXPONENT = 64


class _OverrideSandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """Jinja's sandbox for the user's own templates: they read the draft's values and call its
    helpers, but cannot reach Python's internals ('cycler.__init__.__globals__.os'), change a
    value, or build a huge string."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        """Multiplies and raises to a power within bounds; anything larger is refused."""
        if operator == "**" and isinstance(right, int) and abs(right) > _MAX_EXPONENT:
            raise jinja2.exceptions.SecurityError(f"a power above {_MAX_EXPONENT} is not allowed")
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if (
                    isinstance(sequence, str | list | tuple)
                    and isinstance(times, int)
                    and len(sequence) * times > _MAX_REPEAT
                ):
                    raise jinja2.exceptions.SecurityError(
                        f"a text or list longer than {_MAX_REPEAT:,} is not allowed"
                    )
        return super().call_binop(context, operator, left, right)


def _override_environment(loader: jinja2.BaseLoader) -> jinja2.Environment:
    """The sandboxed environment a user's template renders in: the built-in one's options
    and filters, reading templates from the user's directory or the text given."""
    builtin = _builtin_environment()
    environment = _OverrideSandbox(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        finalize=_refuse_none,
    )
    environment.filters.update(builtin.filters)
    return environment


def _render_override(
    override_dir: str, file_name: str, variables: dict[str, Any]
) -> tuple[tuple[str, str] | None, str | None]:
    """Renders the user's override if there is one; returns (subject and body, warning)."""
    path = os.path.join(override_dir, file_name)
    if not os.path.isfile(path):
        return None, None
    return _render_with(jinja2.FileSystemLoader(override_dir), file_name, path, variables)


# How a person's own version (server mode) is named in warnings and tracebacks: there is
# no file, and a name that is not a path keeps Jinja's line mapping apart from any file.
OWN_LABEL = "<your version of {name}>"


def _render_own(
    text: str, file_name: str, variables: dict[str, Any]
) -> tuple[tuple[str, str] | None, str | None]:
    """Renders a person's own version given as text; returns (subject and body, warning)."""
    label = OWN_LABEL.format(name=file_name.removesuffix(TEMPLATE_SUFFIX))
    # Only the template itself: an include of any other name is not found.
    loader = jinja2.FunctionLoader(
        lambda name: (text, label, lambda: True) if name == file_name else None
    )
    return _render_with(loader, file_name, label, variables)


def _render_with(
    loader: jinja2.BaseLoader, file_name: str, where: str, variables: dict[str, Any]
) -> tuple[tuple[str, str] | None, str | None]:
    environment = _override_environment(loader)
    path = where
    try:
        template = environment.get_template(file_name)
    except jinja2.TemplateSyntaxError as error:
        return None, _override_warning(path, error.lineno, f"syntax error: {error.message}")
    except (OSError, UnicodeDecodeError) as error:
        return None, _override_warning(path, None, f"cannot be read: {error}")
    try:
        text = template.render(variables)
    # A user's template may fail in any way; it must never stop the draft from being written.
    except Exception as error:  # noqa: BLE001
        line = _template_line(error, template.filename or path)
        return None, _override_warning(path, line, f"{type(error).__name__}: {error}")
    rendered = _split_subject(text)
    if rendered is None:
        return None, _override_warning(path, 1, "the first line must be 'Subject: ...'")
    return rendered, None


def _template_line(error: BaseException, filename: str) -> int | None:
    """Finds the template line a rendering error came from (Jinja maps frames to lines)."""
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if os.path.abspath(frame.filename) == os.path.abspath(filename):
            line = frame.lineno
    return line


def _override_warning(path: str, line: int | None, problem: str) -> str:
    where = f"{path}:{line}" if line else path
    problem = " ".join(problem.split()).rstrip(". ")
    return f"{where}: {problem}; used the built-in template instead"


# ---------------------------------------------------------------- output


def _split_subject(text: str) -> tuple[str, str] | None:
    """Splits 'Subject: ...' from the body and tidies both; None without a subject line."""
    first, _, rest = text.lstrip("\n").partition("\n")
    label, colon, subject = first.partition(":")
    subject = " ".join(subject.split())
    if label.strip().lower() != "subject" or not colon or not subject:
        return None
    return subject, _tidy_body(rest)


def _tidy_body(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row, one final newline."""
    # '-- ' (with its space) is the conventional signature separator: keep it intact.
    lines = [line if line == "-- " else line.rstrip() for line in text.split("\n")]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return body + "\n"


# ---------------------------------------------------------------- phrases


def _clean(value: Any) -> Any:
    """Trims text (inner runs of spaces too), turns blanks into None, cleans tuples."""
    if isinstance(value, str):
        if "\n" in value:
            # Multi-line text (a signature) keeps its lines.
            lines = [line.rstrip() for line in value.strip("\n").split("\n")]
            text = "\n".join(lines).strip()
        else:
            text = " ".join(value.split())
        return text or None
    if isinstance(value, tuple):
        return tuple(item for item in (_clean(part) for part in value) if item)
    return value


_TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor"})


def _first_name(name: str | None) -> str | None:
    """The name to greet with: the first name, or 'Dr Rao' when a title leads."""
    if not name:
        return None
    words = name.split()
    if words[0].rstrip(".").lower() in _TITLES:
        return " ".join(words) if len(words) < 3 else f"{words[0]} {words[-1]}"
    return words[0]


def _role_noun(role: str | None) -> str:
    """'Backend Engineer' -> 'Backend Engineer role'; a role already naming itself stays."""
    if not role:
        return "role"
    last = role.split()[-1].lower()
    if last in {"role", "position", "job", "opening", "internship", "apprenticeship"}:
        return role
    return f"{role} role"


def _join_names(names: list[str], locale: str) -> str:
    """'Priya, Sam and Lee' -- in English, as the emails are (en_US adds its serial comma)."""
    language_locale = locale if locale.split("_")[0] == "en" else FALLBACK_LOCALE
    return format_list(names, locale=language_locale)


def _quoted(item: str) -> str:
    """A question from the debrief, quoted: '“Tell me about a migration you led”'.

    Debrief entries are what the interviewer asked, often in the imperative ("Design a
    rate limiter"): pasted into a sentence they read as nonsense, quoted they read as what
    they are.
    """
    text = item.strip().rstrip(" .;:,!").strip("“”\"'")
    return f"“{text}”"


def _questions_phrase(quoted: tuple[str, ...]) -> str | None:
    """'your question “A”' or 'your questions “A” and “B”' (at most two), or None."""
    if not quoted:
        return None
    if len(quoted) == 1:
        return f"your question {quoted[0]}"
    return f"your questions {quoted[0]} and {quoted[1]}"


_CLOSING_WORDS = frozenset(
    {"best", "regards", "kind", "warm", "warmly", "thanks", "thank", "cheers", "sincerely"}
    | {"yours", "many", "with", "all"}
)


def _sign_off_for(signature: str | None, name: str | None) -> Callable[[str], str]:
    """Returns the template's `sign_off(closing)`: the closing, then signature or name."""

    def sign_off(closing: str) -> str:
        if signature:
            first_line = signature.split("\n")[0].strip()
            words = first_line.split()
            # A signature that starts with its own closing ("Best,") replaces ours.
            if first_line.endswith(",") and words[0].lower().strip(",") in _CLOSING_WORDS:
                return signature
            return f"{closing}\n{signature}"
        return f"{closing}\n{name}" if name else closing

    return sign_off


# ---------------------------------------------------------------- locale dates


def _locale(name: str | None) -> Locale:
    """The babel locale for a name like 'en_GB' or 'en-US'; en_GB when babel lacks it."""
    try:
        return Locale.parse((name or FALLBACK_LOCALE).replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse(FALLBACK_LOCALE)


# The year field with the literal glued to it: " 'de' y" (es), "y年" (ja), " y 'г'." (ru).
_YEAR = re.compile(
    r"[\s,]*(?:'[^']*'\s*)?(?<![A-Za-z])y+(?![A-Za-z])\.?(?:\s*'[^']*'|[^\sA-Za-z',]+)?\.?"
)


@lru_cache(maxsize=64)
def _day_pattern(locale: Locale, *, with_year: bool) -> str:
    """The locale's weekday-day-month pattern, with or without the year."""
    skeleton = "yMMMMEEEEd" if with_year else "MMMMEEEEd"
    skeletons = locale.datetime_skeletons
    if skeleton in skeletons:
        return str(skeletons[skeleton])
    full = str(locale.date_formats["full"].pattern)
    if with_year:
        return full
    # No skeleton for it: take the full date pattern and drop its year.
    without = _YEAR.sub("", full).strip(" ,")
    return without if "d" in without and "M" in without else full
