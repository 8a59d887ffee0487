"""Reading the application page's forms into the models and values the services take.

Each reader returns a FormState: the model when everything is valid, otherwise every
value as typed and each problem keyed by the field it belongs to.
"""

from __future__ import annotations

import datetime as dt
from email.utils import parseaddr
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ValidationError

from afterword.dates import parse_datetime
from afterword.errors import InvalidInputError
from afterword.offers.schemas import OfferTerms
from afterword.offers.terms import parse_amount, parse_bonus
from afterword.pipeline.models import ContactRole
from afterword.pipeline.schemas import (
    ApplicationFields,
    ContactFields,
    DebriefFields,
    InterviewFields,
    QuestionFields,
)
from afterword.validation import plain_message
from afterword.web.forms import FORM, FormState, parse_form

M = TypeVar("M", bound=BaseModel)

# The debrief's question rows arrive as parallel lists, one entry per row.
QUESTION_LISTS = ("question_text", "question_result", "question_notes")
YES_NO = {"yes": True, "no": False}


def read_model(model: type[M], values: dict[str, Any], **extra: Any) -> FormState[M]:
    """Validates the fields `model` knows (buttons and other extras are ignored)."""
    known = {name: value for name, value in values.items() if name in model.model_fields}
    state = parse_form(model, known, **extra)
    for name in state.errors:
        # An error on a field left blank can only mean the field is needed.
        if name in known and (known[name] is None or not str(known[name]).strip()):
            state.errors[name] = "is required"
    state.values = dict(values)
    return state


def split_tags(text: str | None) -> list[str]:
    """Tags typed as 'remote, dream job' -> ['remote', 'dream job']."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def read_application(values: dict[str, Any]) -> FormState[ApplicationFields]:
    """The quick-add or edit form of an application."""
    state = read_model(ApplicationFields, values, tags=split_tags(values.get("tags")))
    if "tags" in state.errors:
        state.errors["tags"] = "each tag: " + state.errors["tags"]
    return state


def read_contact(values: dict[str, Any]) -> FormState[ContactFields]:
    """The form of a person: the name-or-address rule is shown by the name."""
    state = read_model(ContactFields, values)
    if FORM in state.errors:
        state.errors.setdefault("name", state.errors.pop(FORM))
    return state


def read_people(text: str | None) -> list[ContactFields]:
    """Interviewers typed one per line as 'Name <address>', a name, or an address."""
    people = []
    for line in (text or "").splitlines():
        entry = line.strip()
        if not entry:
            continue
        name, address = parseaddr(entry)
        if not address or "@" not in address:
            name, address = ("", entry) if "@" in entry else (entry, "")
        try:
            people.append(
                ContactFields(
                    name=name or None, email=address or None, role=ContactRole.INTERVIEWER
                )
            )
        except ValidationError as error:
            raise InvalidInputError(f"'{entry}': {plain_message(error.errors()[0])}") from None
    return people


def read_interview(
    values: dict[str, Any], *, default_zone: str, today: dt.date
) -> tuple[FormState[InterviewFields], list[ContactFields]]:
    """The 'log an interview' form: a local day and time in a zone, and the interviewers."""
    problems: dict[str, str] = {}
    zone = (values.get("timezone") or "").strip() or default_zone
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        problems["timezone"] = f"'{zone}' is not a time zone (e.g. Europe/London)"
        zone = default_zone
    day = (values.get("scheduled_on") or "").strip()
    time = (values.get("scheduled_time") or "").strip()
    scheduled_at = None
    if day:
        try:
            scheduled_at = parse_datetime(
                f"{day} {time or '09:00'}", default_zone=zone, today=today, what="the time"
            )
        except InvalidInputError as error:
            problems["scheduled_on"] = str(error)
    elif time:
        problems["scheduled_on"] = "give the day as well as the time"
    people: list[ContactFields] = []
    try:
        people = read_people(values.get("interviewers"))
    except InvalidInputError as error:
        problems["interviewers"] = str(error)
    data = {
        "kind": values.get("kind") or "other",
        "scheduled_at": scheduled_at,
        "timezone": zone if scheduled_at else None,
        "duration_minutes": values.get("duration_minutes"),
        "location": values.get("location"),
    }
    state = read_model(InterviewFields, data)
    state.values = dict(values)
    for name, message in problems.items():
        state.errors.setdefault(name, message)
    return state, people


def _rows(values: dict[str, Any]) -> list[tuple[str, str, str]]:
    lists = [values.get(name) or [] for name in QUESTION_LISTS]
    lists = [item if isinstance(item, list) else [item] for item in lists]
    count = max((len(item) for item in lists), default=0)
    padded = [list(item) + [""] * (count - len(item)) for item in lists]
    return list(zip(*padded, strict=True))


def read_debrief(values: dict[str, Any]) -> tuple[FormState[DebriefFields], list[QuestionFields]]:
    """The debrief form: how it went, the promised timeline, and new question rows."""
    data: dict[str, Any] = {
        name: values.get(name)
        for name in DebriefFields.model_fields
        if name not in ("questions", "further_round_expected", "still_interested")
    }
    for name in ("further_round_expected", "still_interested"):
        data[name] = YES_NO.get(str(values.get(name) or ""))
    if not str(data.get("decision_within") or "").strip():
        # The unit list always sends a unit; without a number it means nothing.
        data["decision_within_unit"] = None
    state = read_model(DebriefFields, data)
    state.values = dict(values)
    if FORM in state.errors:
        # The only rules across fields are the timeline's: show them by the span's fields.
        unit_missing = data.get("decision_within") and not data.get("decision_within_unit")
        state.errors["decision_within_unit" if unit_missing else "decision_within"] = (
            state.errors.pop(FORM)
        )
    questions: list[QuestionFields] = []
    for index, (text, result, notes) in enumerate(_rows(values)):
        if not text.strip():
            if result or notes.strip():
                state.errors.setdefault(f"question-{index}", "write the question itself too")
            continue
        try:
            questions.append(
                QuestionFields(
                    text=text,
                    went_well={"well": True, "tough": False}.get(result),
                    answer_notes=notes or None,
                )
            )
        except ValidationError as error:
            state.errors.setdefault(f"question-{index}", plain_message(error.errors()[0]))
    return state, questions


def question_rows(values: dict[str, Any], *, minimum: int = 3) -> list[tuple[str, str, str]]:
    """The question rows to show: those typed, then blank ones up to `minimum` (+1 if asked)."""
    rows = _rows(values)
    # Only trailing blank rows go: a blank row between two typed ones keeps its place, so an
    # error keyed by a row's position ("question-1") stays on the row it is about.
    while rows and not any(part.strip() for part in rows[-1]):
        rows.pop()
    wanted = max(minimum, len(rows) + (1 if values.get("add_row") else 0))
    return rows + [("", "", "")] * (wanted - len(rows))


_AMOUNTS = ("base_salary", "sign_on", "equity_value")
_OFFER_FIELDS = tuple(name for name in OfferTerms.model_fields if name not in ("bonus_amount",))


def read_offer(values: dict[str, Any]) -> FormState[OfferTerms]:
    """The offer form: amounts as people type them (185k, 185,000), a bonus as 20k or 15%."""
    problems: dict[str, str] = {}
    data: dict[str, Any] = {
        name: values.get(name) for name in _OFFER_FIELDS if name != "bonus_percent"
    }
    for name in _AMOUNTS:
        raw = (values.get(name) or "").strip()
        try:
            data[name] = parse_amount(raw) if raw else None
        except ValueError as error:
            problems[name] = str(error)
    bonus = (values.get("bonus") or "").strip()
    try:
        data["bonus_amount"], data["bonus_percent"] = parse_bonus(bonus) if bonus else (None, None)
    except ValueError as error:
        problems["bonus"] = str(error)
    state = read_model(OfferTerms, data)
    state.values = dict(values)
    for name in ("bonus_amount", "bonus_percent"):
        if name in state.errors:
            state.errors.setdefault("bonus", state.errors.pop(name))
    for name, message in problems.items():
        state.errors[name] = message
    if state.errors:
        state.model = None
    return state


def offer_values(offer: Any) -> dict[str, Any]:
    """An offer's terms as the form shows them."""
    values: dict[str, Any] = {}
    for name in OfferTerms.model_fields:
        value = getattr(offer, name)
        values[name] = "" if value is None else str(value)
    if offer.bonus_percent is not None:
        values["bonus"] = f"{offer.bonus_percent:g}%"
    elif offer.bonus_amount is not None:
        values["bonus"] = str(offer.bonus_amount)
    return values
