"""Shared field types for validated input, and turning validation errors into one line.

The same pydantic models check what the command line, the web forms, the JSON
API and the importers receive, so a value is judged the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from afterword.control_chars import strip_control_characters
from afterword.dates import EARLIEST, LATEST, implausible
from afterword.errors import InvalidInputError


def _blank_to_none(value: object) -> object:
    """Treats an empty or whitespace-only string as 'not given'."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _currency(value: str) -> str:
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValueError(f"'{value}' is not a three-letter currency code such as USD, EUR or GBP")
    return code


def _email(value: str) -> str:
    address = value.strip()
    # Deliberately loose: the mail server is the real judge; this catches typos like a missing @.
    if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>.]+", address):
        raise ValueError(f"'{value}' is not an email address")
    return address


def _url(value: str) -> str:
    link = value.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", link, flags=re.IGNORECASE):
        link = "https://" + link  # people paste 'jobs.example.com/123' without the scheme
    # A host with at least one dot: job postings never live on bare names like 'hello'.
    if not re.fullmatch(
        r"https?://[\w-]+(?:\.[\w-]+)+(?::\d+)?(?:[/?#]\S*)?", link, flags=re.IGNORECASE
    ):
        raise ValueError(f"'{value}' is not a web address")
    return link


# NUL is refused, by name: PostgreSQL cannot store it in text and no person types it, so it
# means a broken paste or a probe. Every adapter (form, API, import, command line) gets this
# one message through the field types below.
NUL_MESSAGE = "contains a NUL character, which cannot be stored"


def refuse_nul(value: Any) -> Any:
    """The value unchanged, unless a string in it (at any depth) holds NUL: ValueError."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(NUL_MESSAGE)
    elif isinstance(value, dict):
        for item in value.values():
            refuse_nul(item)
    elif isinstance(value, list | tuple):
        for item in value:
            refuse_nul(item)
    return value


# Other control characters are taken out after the length checks (so the limits mean what the
# API's schema says they mean): ESC or BEL typed or pasted into a name is never meant, and
# would act on the terminal that later shows it.


def _clean_line(value: str | None) -> str | None:
    """One line of text without control characters; None when nothing is left."""
    if value is None:
        return None
    return strip_control_characters(value, keep_nul=True).strip() or None


def _clean_lines(value: str | None) -> str | None:
    """Text without control characters but tabs and line breaks; None when nothing is left."""
    if value is None:
        return None
    cleaned = strip_control_characters(value, multiline=True, keep_nul=True)
    return cleaned if cleaned.strip() else None


def _required(clean: Any) -> Any:
    def check(value: str) -> str:
        cleaned = clean(value)
        if cleaned is None:
            raise ValueError("must not be empty")
        return str(cleaned).strip()

    return check


def _tag(value: str) -> str:
    tag = " ".join(strip_control_characters(value, keep_nul=True).lower().split())
    if not tag:
        raise ValueError("must not be empty")
    return tag


# The ISO forms the JSON API and the importers take; a number is never a date (JSON 0 is not
# 1970-01-01), and a date and time needs its time.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}.*", re.DOTALL)
# The same bounds as dates.EARLIEST..LATEST, written for the OpenAPI schema (with format:
# date, a regular expression can say which days exist; it only needs to bound the year).
_YEARS = f"(?:19[7-9]\\d|2[01]\\d\\d|{LATEST.year})"
assert EARLIEST.year == 1970 and dt.date(2200, 12, 31) == LATEST  # what _YEARS spells out


def _day_text(value: object) -> object:
    if isinstance(value, str) and not _ISO_DAY.fullmatch(value):
        raise ValueError(f"'{value[:40]}' is not a valid date (use YYYY-MM-DD)")
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"{value!r} is not a valid date (use YYYY-MM-DD)")
    return value


def _moment_text(value: object) -> object:
    if isinstance(value, str) and not _ISO_MOMENT.fullmatch(value):
        raise ValueError(f"'{value[:40]}' is not a valid date and time (use YYYY-MM-DDTHH:MM)")
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"{value!r} is not a valid date and time (use YYYY-MM-DDTHH:MM)")
    return value


def _plausible_day(value: dt.date) -> dt.date:
    problem = implausible(value)
    if problem:
        raise ValueError(problem)
    return value


def _plausible_moment(value: dt.datetime) -> dt.datetime:
    _plausible_day(value.date())
    return value


# Dates and times people give (typed, in a form, through the API, in an import): plausible
# ones only (dates.EARLIEST to LATEST), the same everywhere.
Day = Annotated[
    dt.date,
    BeforeValidator(_day_text),
    AfterValidator(_plausible_day),
    Field(json_schema_extra={"pattern": f"^{_YEARS}-"}),
]
Moment = Annotated[
    dt.datetime,
    BeforeValidator(_moment_text),
    AfterValidator(_plausible_moment),
    Field(json_schema_extra={"pattern": f"^{_YEARS}-"}),
]

RequiredText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    BeforeValidator(refuse_nul),
    AfterValidator(_required(_clean_line)),
]
# Optional fields: a blank value means "not given"; constraints apply only to real text.
ShortText = Annotated[
    Annotated[str, StringConstraints(max_length=200)] | None,
    BeforeValidator(_blank_to_none),
    BeforeValidator(refuse_nul),
    AfterValidator(_clean_line),
]
LongText = Annotated[
    Annotated[str, StringConstraints(max_length=100_000)] | None,
    BeforeValidator(_blank_to_none),
    BeforeValidator(refuse_nul),
    AfterValidator(_clean_lines),
]
RequiredLongText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100_000),
    BeforeValidator(refuse_nul),
    AfterValidator(_required(_clean_lines)),
]
Currency = Annotated[
    Annotated[str, AfterValidator(_currency)] | None,
    BeforeValidator(_blank_to_none),
    BeforeValidator(refuse_nul),
]
Email = Annotated[
    Annotated[str, StringConstraints(max_length=320), AfterValidator(_email)] | None,
    BeforeValidator(_blank_to_none),
    BeforeValidator(refuse_nul),
]
Url = Annotated[
    Annotated[str, StringConstraints(max_length=2000), AfterValidator(_url)] | None,
    BeforeValidator(_blank_to_none),
    BeforeValidator(refuse_nul),
]
# Stripped before the length check, so a whitespace-only tag is refused instead of stored as ''.
Tag = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64),
    BeforeValidator(refuse_nul),
    AfterValidator(_tag),
]
Rating = Annotated[int | None, Field(ge=1, le=5)]


def known_country(code: str) -> bool:
    """Whether `code` is a two-letter country the holidays package knows (so its public
    holidays can be skipped when counting business days)."""
    from holidays import registry

    return code.upper() in {entry[1] for entry in registry.COUNTRIES.values()}


def is_timezone(name: str) -> bool:
    """Tells whether `name` is a known IANA time zone."""
    try:
        ZoneInfo(name)
    # "Europe" is a directory and an overlong name is refused by the OS: neither is a zone.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _timezone(value: str) -> str:
    name = value.strip()
    if not is_timezone(name):
        raise ValueError(f"'{value}' is not an IANA time zone such as Europe/London")
    return name


def _country(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 2 or not code.isalpha():
        raise ValueError(f"'{value}' is not a two-letter country code such as GB or US")
    # Its public holidays are skipped when counting business days: it must be one known.
    if not known_country(code):
        raise ValueError(f"'{value}' is not a country afterword knows the holidays of")
    return code


# The user's zone and country, as the profile, the settings, the API and imports take them.
Timezone = Annotated[str, StringConstraints(max_length=64), AfterValidator(_timezone)]
Country = Annotated[str, StringConstraints(max_length=8), AfterValidator(_country)]


class InputModel(BaseModel):
    """Strict input: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


Money = Annotated[int | None, Field(ge=0, le=1_000_000_000_000)]


def plain_message(problem: Any) -> str:
    """Pydantic's message, reworded where the stock wording is unclear to non-programmers."""
    kind = problem["type"]
    context = problem.get("ctx") or {}
    given = problem.get("input")
    if kind == "string_too_short" and context.get("min_length") == 1:
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {context.get('max_length')} characters)"
    if kind == "missing":
        return "is required"
    if kind in ("int_parsing", "int_from_float"):
        return f"'{given}' is not a whole number"
    if kind == "greater_than_equal":
        return f"must be at least {context.get('ge')} (got {given})"
    if kind == "less_than_equal":
        return f"must be at most {context.get('le')} (got {given})"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"'{given}' is not a valid date (use YYYY-MM-DD)"
    if kind == "enum":
        return f"'{given}' is not one of: {context.get('expected', '')}"
    if kind == "extra_forbidden":
        return "is not a known field"
    message = str(problem["msg"]).removeprefix("Value error, ")
    return message[0].lower() + message[1:] if message else message


def describe_validation_error(error: ValidationError, *, prefix: str = "") -> str:
    """Turns the first problem pydantic found into 'field: what is wrong'."""
    first = error.errors()[0]
    location = ".".join(
        f"[{part}]" if isinstance(part, int) else str(part)
        for part in first["loc"]
        if not str(part).startswith("function-")
    ).replace(".[", "[")
    field = f"{prefix}{location}" if location else prefix.rstrip(". ")
    message = plain_message(first)
    return f"{field}: {message}" if field else message


def invalid_input(error: ValidationError, *, prefix: str = "") -> InvalidInputError:
    """Wraps a pydantic error as the user-facing InvalidInputError."""
    return InvalidInputError(describe_validation_error(error, prefix=prefix))
