"""Importing a job-tracker spreadsheet saved as CSV: each good row becomes an application.

The whole file is read and every row judged first (the cell parsers are pure, in
csv_columns). Each good row is then written inside its own SAVEPOINT, so a row is
imported whole or not at all, and a bad row is reported by its line without
stopping the others. Services only flush: the caller commits. A row whose
company, role and application date are already recorded is counted as a
duplicate, so importing the same file twice adds nothing the second time.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ParamSpec, TypeVar
from zoneinfo import ZoneInfoNotFoundError

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from afterword import localtime
from afterword.errors import AfterwordError, InvalidInputError
from afterword.localtime import day_first
from afterword.offers.models import Offer
from afterword.pipeline.applications import add_application
from afterword.pipeline.history import record_status
from afterword.pipeline.models import Application, Contact, ContactRole, Feedback, Outcome
from afterword.pipeline.schemas import (
    ApplicationFields,
    ContactFields,
    FeedbackFields,
    OutcomeFields,
)
from afterword.pipeline.status import OfferDecision, OutcomeKind, Status
from afterword.profile.models import User
from afterword.transfer.csv_columns import (
    REQUIRED_FIELDS,
    Column,
    ColumnPlan,
    CurrencyContext,
    Person,
    Salary,
    cell_text,
    check_field_name,
    date_order_evidence,
    is_blank,
    normalise_header,
    parse_currency,
    parse_date,
    parse_email,
    parse_flag,
    parse_interest,
    parse_link,
    parse_people,
    parse_remote,
    parse_salary,
    parse_status,
    parse_tags,
    plan_columns,
    quote,
)
from afterword.validation import describe_validation_error


@dataclass(frozen=True)
class CsvOptions:
    """How to read the file: column overrides, date order, default currency, dry run."""

    mapping: dict[str, str] = field(default_factory=dict)  # header -> field, or "" / "ignore"
    dayfirst: bool | None = None  # None: from the headers, the file's dates, then the country
    default_currency: str | None = None
    dry_run: bool = False


@dataclass(frozen=True)
class RowProblem:
    """Why one row of the file was not imported."""

    line: int  # the physical line in the file; the header is usually line 1
    reason: str  # one sentence naming the column and value


@dataclass
class CsvReport:
    """What an import did (or, on a dry run, would do)."""

    columns: dict[str, str]
    ignored_columns: list[str]
    imported: list[int]
    would_import: int
    duplicates: list[int]
    problems: list[RowProblem]


def import_csv(
    *,
    session: Session,
    user_id: int,
    path: str,
    country: str,
    now: dt.datetime,
    options: CsvOptions = CsvOptions(),  # frozen, and never mutated here
) -> CsvReport:
    """Imports a spreadsheet's rows as applications; bad rows are reported, never half-written."""
    records = read_records(path)
    header_at, plan = _find_header(records, options.mapping, path)
    header = records[header_at]
    rows = records[header_at + 1 :]
    context = _Context(
        plan=plan,
        width=len(header.cells),
        filename=Path(path).name,
        today=_local_today(session, user_id, now),
        currencies=_currencies(options.default_currency, country),
        dayfirst=_date_order(options.dayfirst, plan, rows, country),
    )
    report = CsvReport(
        columns={column.header: column.field for column in plan.columns},
        ignored_columns=list(plan.ignored) + _unnamed_columns(header, rows),
        imported=[],
        would_import=0,
        duplicates=[],
        problems=[],
    )
    run = _Run(
        session=session,
        user_id=user_id,
        now=now,
        context=context,
        dry_run=options.dry_run,
        seen=_existing_keys(session, user_id),
        report=report,
    )
    for record in rows:
        run.add(record)
    report.problems.sort(key=lambda problem: problem.line)
    return report


@dataclass
class _Run:
    """One import in progress: where it writes, and what it has seen and reported so far."""

    session: Session
    user_id: int
    now: dt.datetime
    context: _Context
    dry_run: bool
    seen: set[_Key]
    report: CsvReport

    def add(self, record: Record) -> None:
        """Judges one record, then writes it unless it is bad, a duplicate, or a dry run."""
        try:
            row = _interpret(record, self.context)
        except _RowError as error:
            self.report.problems.append(RowProblem(record.line, str(error)))
            return
        if row.key in self.seen:
            self.report.duplicates.append(record.line)
            return
        if not self.dry_run:
            application_id = self._save(row)
            if application_id is None:
                return
            self.report.imported.append(application_id)
        self.seen.add(row.key)
        self.report.would_import += 1

    def _save(self, row: _Row) -> int | None:
        try:
            with self.session.begin_nested():
                application = _write(
                    session=self.session,
                    user_id=self.user_id,
                    row=row,
                    context=self.context,
                    now=self.now,
                )
        except (SQLAlchemyError, AfterwordError) as error:
            # The savepoint is rolled back: nothing of this row remains, the others stay.
            cause = getattr(error, "orig", None) or error
            reason = (str(cause).splitlines() or [type(cause).__name__])[0]
            self.report.problems.append(RowProblem(row.line, f"could not be saved: {reason}"))
            return None
        return application.id


# ---------------------------------------------------------------------------
# Reading the file
# ---------------------------------------------------------------------------

_WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # xlsx/ods/numbers (zip), old xls
_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_LINES = 50
_HEADER_SEARCH = 10  # rows above the header (a title, a blank line) that are skipped


@dataclass(frozen=True)
class Record:
    """One CSV record: the physical line it starts on and its cells (trailing blanks dropped)."""

    line: int
    cells: list[str]


def read_records(path: str) -> list[Record]:
    """Reads a CSV file's non-empty records, or raises InvalidInputError saying why it cannot."""
    text = _decode(_read_bytes(path), path)
    text, delimiter = _excel_separator_line(text)
    delimiter = delimiter or _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    records: list[Record] = []
    start = 1
    try:
        for cells in reader:
            trimmed = _trim([cell.replace("\v", "\n") for cell in cells])
            if any(cell.strip() for cell in trimmed):
                records.append(Record(start, trimmed))
            start = reader.line_num + 1
    except csv.Error as error:
        raise InvalidInputError(
            f"cannot import {path}: line {reader.line_num} is not valid CSV ({error})"
        ) from None
    if not records:
        raise InvalidInputError(f"cannot import {path}: the file is empty")
    return records


def _read_bytes(path: str) -> bytes:
    location = Path(path)
    if location.is_dir():
        raise InvalidInputError(f"cannot import {path}: it is a folder, not a CSV file")
    try:
        data = location.read_bytes()
    except FileNotFoundError:
        raise InvalidInputError(f"cannot import {path}: there is no such file") from None
    except OSError as error:
        raise InvalidInputError(f"cannot import {path}: {error.strerror or error}") from None
    if not data.strip():
        raise InvalidInputError(f"cannot import {path}: the file is empty")
    if data.startswith(_WORKBOOK_SIGNATURES):
        raise InvalidInputError(
            f"cannot import {path}: it is a spreadsheet workbook, not CSV; save it as CSV first "
            "(Excel: File > Save As > CSV UTF-8; Google Sheets: File > Download > CSV)"
        )
    return data


def _decode(data: bytes, path: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")  # Excel's "Unicode text" export
    elif b"\x00" in data:
        raise InvalidInputError(f"cannot import {path}: it is not a text file; export it as CSV")
    else:
        text = _decode_text(data)
    # Binary data decoded as cp1252 is full of control characters; text has a stray few at most
    # (Mac Excel writes a vertical tab for a line break inside a cell).
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\r\n\v")
    if controls > max(8, len(text) // 20):
        raise InvalidInputError(f"cannot import {path}: it is not a text file; export it as CSV")
    return text


def _decode_text(data: bytes) -> str:
    # UTF-8 (with or without Excel's BOM) first; then Windows' Western encoding, which older
    # Excel uses for CSV in Europe; Latin-1 decodes anything, as a last resort.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _excel_separator_line(text: str) -> tuple[str, str | None]:
    """Excel's optional first line 'sep=;' names the delimiter; blank it but keep numbering."""
    first, newline, rest = text.partition("\n")
    match = re.fullmatch(r"\s*sep=(.)\s*", first, flags=re.IGNORECASE)
    if match is None:
        return text, None
    return newline + rest, match[1]


def _sniff_delimiter(text: str) -> str:
    """Picks the delimiter that splits the most rows into a consistent number of cells."""
    sample = "\n".join(text.splitlines()[:_SNIFF_LINES])
    scores = {delimiter: _delimiter_score(sample, delimiter) for delimiter in _DELIMITERS}
    return max(_DELIMITERS, key=lambda delimiter: scores[delimiter])  # ties: earliest wins


def _delimiter_score(sample: str, delimiter: str) -> tuple[bool, int, int]:
    try:
        rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
    except csv.Error:
        return (False, 0, 0)
    filled = [_trim(row) for row in rows if any(cell.strip() for cell in row)]
    widths = [len(row) for row in filled]
    wide = [width for width in widths if width > 1]
    if not wide:
        return (False, 0, 0)
    usual = max(Counter(wide).most_common(), key=lambda pair: (pair[1], pair[0]))[0]
    fitting = sum(1 for width in widths if 2 <= width <= usual)
    # The header row names the columns and rarely holds stray punctuation: a delimiter that
    # splits it wins over one that merely splits many data rows (cells full of ';', say).
    splits_header = widths[0] > 1
    return (splits_header, fitting, usual)


def _trim(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


# ---------------------------------------------------------------------------
# The header
# ---------------------------------------------------------------------------


def _overrides(mapping: dict[str, str]) -> dict[str, str | None]:
    overrides: dict[str, str | None] = {}
    for header, name in mapping.items():
        try:
            overrides[normalise_header(header)] = check_field_name(name)
        except ValueError as error:
            raise InvalidInputError(f"column mapping for '{header}': {error}") from None
    return overrides


def _find_header(
    records: list[Record], mapping: dict[str, str], path: str
) -> tuple[int, ColumnPlan]:
    """Finds the row naming the columns: the first one with a company and a role column."""
    overrides = _overrides(mapping)
    for index, record in enumerate(records[:_HEADER_SEARCH]):
        plan = plan_columns(record.cells, overrides)
        if set(REQUIRED_FIELDS) <= plan.fields():
            _check_mapping_keys(record, overrides, path)
            return index, plan
    first = records[0]
    found = plan_columns(first.cells, overrides).fields()
    missing = " or the ".join(name for name in REQUIRED_FIELDS if name not in found)
    preview = ", ".join(cell.strip() for cell in first.cells if cell.strip())
    raise InvalidInputError(
        f"cannot import {path}: found no column for the {missing} (the first row reads: "
        f"{quote(preview, limit=80)}); the first row should name the columns, e.g. Company and Role"
    )


def _check_mapping_keys(header: Record, overrides: dict[str, str | None], path: str) -> None:
    present = {normalise_header(cell) for cell in header.cells}
    unknown = [key for key in overrides if key not in present]
    if unknown:
        columns = ", ".join(cell.strip() for cell in header.cells if cell.strip())
        raise InvalidInputError(
            f"the column mapping names '{unknown[0]}', but {path} has no such column "
            f"(its columns are: {columns})"
        )


def _unnamed_columns(header: Record, rows: list[Record]) -> list[str]:
    """Columns with data but no header, so that the user hears they were skipped."""
    blank = [index for index, cell in enumerate(header.cells) if not cell.strip()]
    used = [
        index
        for index in blank
        if any(index < len(row.cells) and row.cells[index].strip() for row in rows)
    ]
    return [f"column {index + 1} (no header)" for index in used]


# ---------------------------------------------------------------------------
# Judging a row
# ---------------------------------------------------------------------------

_Key = tuple[str, str, dt.date | None]
_DATE_FIELDS = ("applied_on", "responded_on")
_CONTACT_GROUPS = (
    (ContactRole.RECRUITER, "recruiter", "recruiter_email", "recruiter_phone"),
    (ContactRole.HIRING_MANAGER, "hiring_manager", "hiring_manager_email", "hiring_manager_phone"),
)
# The columns to blame when ApplicationFields rejects one of its fields.
_BLAME = {
    "company": ("company",),
    "role": ("role",),
    "link": ("link",),
    "source": ("source",),
    "location": ("location", "remote"),
    "salary_min": ("salary_min", "salary"),
    "salary_max": ("salary_max", "salary"),
    "salary_currency": ("currency", "salary", "salary_min", "salary_max"),
    "salary_period": ("salary",),
    "interest": ("interest",),
    "notes": ("notes", "feedback"),
    "applied_on": ("applied_on",),
    "tags": ("tags",),
}
# News an imported status implies; 'interviewing' implies none (no interview rounds are known).
_OUTCOME_OF = {
    Status.HIRING_MANAGER_CHAT: OutcomeKind.HIRING_MANAGER_CHAT,
    Status.OFFER: OutcomeKind.OFFER,
    Status.ACCEPTED: OutcomeKind.OFFER,
    Status.DECLINED: OutcomeKind.OFFER,
    Status.OFFER_EXPIRED: OutcomeKind.OFFER,
    Status.OFFER_RESCINDED: OutcomeKind.OFFER,
    Status.REJECTED: OutcomeKind.REJECTION,
    Status.GHOSTED: OutcomeKind.GHOSTED,
    Status.WITHDRAWN: OutcomeKind.WITHDRAWN,
}
# Every offer status needs an offer row in the matching state.
_DECISION_OF = {
    Status.OFFER: OfferDecision.PENDING,
    Status.ACCEPTED: OfferDecision.ACCEPTED,
    Status.DECLINED: OfferDecision.DECLINED,
    Status.OFFER_EXPIRED: OfferDecision.EXPIRED,
    Status.OFFER_RESCINDED: OfferDecision.RESCINDED,
}
_T = TypeVar("_T")
_P = ParamSpec("_P")


class _RowError(Exception):
    """A row cannot be imported; the message names the column and the value."""


@dataclass(frozen=True)
class _Context:
    plan: ColumnPlan
    width: int
    filename: str
    today: dt.date
    currencies: CurrencyContext
    dayfirst: Callable[[Column], bool]


@dataclass(frozen=True)
class _Row:
    line: int
    fields: ApplicationFields
    status: Status
    status_text: str
    people: list[ContactFields]
    feedback: FeedbackFields | None
    news_on: dt.date  # when the imported status's news arrived, as far as the file tells
    # Whether the file said when (a response date); without one the news is old news.
    news_dated: bool = True

    @property
    def key(self) -> _Key:
        return (
            _same_name(self.fields.company),
            _same_name(self.fields.role),
            self.fields.applied_on,
        )


def _same_name(text: str) -> str:
    # 'Acme, Inc.' and 'acme inc' are the same company for spotting duplicates.
    return " ".join(re.findall(r"\w+", text.casefold()))


class _Cells:
    """The cells of one row, looked up by field."""

    def __init__(self, record: Record, plan: ColumnPlan) -> None:
        self.record = record
        self.plan = plan

    def raw(self, column: Column) -> str:
        cells = self.record.cells
        return cells[column.index] if column.index < len(cells) else ""

    def all(self, name: str) -> list[tuple[Column, str]]:
        """Every non-empty cell feeding field `name`, as (column, shown text)."""
        found = [(column, cell_text(self.raw(column))) for column in self.plan.of(name)]
        return [(column, text) for column, text in found if text]

    def first(self, name: str) -> tuple[Column, str] | None:
        """The first non-empty cell feeding field `name`."""
        found = self.all(name)
        return found[0] if found else None

    def header(self, *names: str) -> str | None:
        """The header of the first column feeding any of `names`."""
        for name in names:
            columns = self.plan.of(name)
            if columns:
                return columns[0].header
        return None


def _parsed(cell: tuple[Column, str] | None, parse: Callable[[Column, str], _T]) -> _T | None:
    """Parses a cell, turning a parser's ValueError into a reason naming the column."""
    if cell is None:
        return None
    column, text = cell
    try:
        return parse(column, text)
    except ValueError as error:
        raise _RowError(f"{column.header}: {error}") from None


class _Findings:
    """Collects every problem of a row, so that one pass fixes the whole row."""

    def __init__(self) -> None:
        self.reasons: list[str] = []

    def get(self, step: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T | None:
        """Runs one step of judging a row; a problem is noted and the step gives None."""
        try:
            return step(*args, **kwargs)
        except _RowError as error:
            self.reasons.append(str(error))
            return None


def _interpret(record: Record, context: _Context) -> _Row:
    """Turns one record into validated fields, or raises _RowError naming every problem."""
    if len(record.cells) > context.width:
        raise _RowError(
            f"the row has {len(record.cells)} cells but the header names {context.width} columns; "
            "a value containing the delimiter may be missing its quotes"
        )
    cells = _Cells(record, context.plan)
    found = _Findings()
    company = found.get(_required, cells, "company")
    role = found.get(_required, cells, "role")
    status, status_text = found.get(_status, cells) or (Status.APPLIED, "")
    applied_on = found.get(_applied_on, cells, context)
    responded_on = found.get(_responded_on, cells, context)
    news_on = found.get(_news_on, cells, applied_on, responded_on, context.today)
    feedback, extra_notes = found.get(_feedback, cells, status, news_on) or (None, [])
    people, phone_notes = found.get(_people, cells) or ([], [])
    values = {
        "company": company,
        "role": role,
        "link": found.get(_link, cells),
        "source": _text(cells, "source"),
        "location": _location(cells),
        **(found.get(_salary, cells, context.currencies) or {}),
        "interest": found.get(_interest, cells),
        "notes": _notes(cells, extra_notes + phone_notes),
        "applied_on": applied_on,
        "tags": [tag for _column, text in cells.all("tags") for tag in parse_tags(text)],
    }
    fields = None if found.reasons else found.get(_validated_application, values, cells)
    if fields is None or news_on is None:
        raise _RowError("; ".join(found.reasons))
    return _Row(
        line=record.line,
        fields=fields,
        status=status,
        status_text=status_text,
        people=people,
        feedback=feedback,
        news_on=news_on,
        news_dated=responded_on is not None,
    )


def _required(cells: _Cells, name: str) -> str:
    cell = cells.first(name)
    if cell is None or is_blank(cell[1]):
        header = cells.header(name) or name
        raise _RowError(f"{header} is empty, and every application needs a {name}")
    return cell[1]


def _text(cells: _Cells, name: str) -> str | None:
    cell = cells.first(name)
    return cell[1] if cell else None


def _status(cells: _Cells) -> tuple[Status, str]:
    cell = cells.first("status")
    status = _parsed(cell, lambda _column, text: parse_status(text))
    return (status or Status.APPLIED), (cell[1] if cell else "")


def _link(cells: _Cells) -> str | None:
    # The raw cell, because a HYPERLINK formula shows its label but links to its target.
    return _parsed(cells.first("link"), lambda column, _text: parse_link(cells.raw(column)))


def _interest(cells: _Cells) -> int | None:
    return _parsed(cells.first("interest"), lambda _column, text: parse_interest(text))


def _responded_on(cells: _Cells, context: _Context) -> dt.date | None:
    def parse(column: Column, text: str) -> dt.date | None:
        return parse_date(text, dayfirst=context.dayfirst(column), today=context.today)

    return _parsed(cells.first("responded_on"), parse)


def _applied_on(cells: _Cells, context: _Context) -> dt.date | None:
    cell = cells.first("applied_on")
    if cell is None:
        return None
    column, text = cell
    try:
        return parse_date(text, dayfirst=context.dayfirst(column), today=context.today)
    except ValueError as error:
        # An 'Applied?' column of ticks: yes means applied on an unknown day.
        flag = parse_flag(text)
        if flag is True:
            return None
        if flag is False:
            raise _RowError(
                f"{column.header}: {quote(text)} means you have not applied yet; afterword "
                "imports applications you have sent, so this row was left out"
            ) from None
        raise _RowError(f"{column.header}: {error}") from None


def _news_on(
    cells: _Cells, applied_on: dt.date | None, responded_on: dt.date | None, today: dt.date
) -> dt.date:
    if responded_on is not None:
        if applied_on is not None and responded_on < applied_on:
            raise _RowError(
                f"{cells.header('responded_on')}: {responded_on.isoformat()} is before the "
                f"application date {applied_on.isoformat()}"
            )
        return responded_on
    # The file does not say when the news came; the import date is the first day afterword
    # knows of it (the application date would claim the company answered at once).
    return max(today, applied_on) if applied_on else today


def _feedback(
    cells: _Cells, status: Status, news_on: dt.date | None
) -> tuple[FeedbackFields | None, list[tuple[str, str]]]:
    cell = cells.first("feedback")
    if cell is None:
        return None, []
    column, text = cell
    if status is not Status.REJECTED or news_on is None:
        return None, [(column.header, text)]  # kept in the notes rather than lost
    try:
        return FeedbackFields(received_on=news_on, text=text), []
    except ValidationError as error:
        raise _blame(column.header, error) from None


def _location(cells: _Cells) -> str | None:
    places: list[str] = []
    for _column, text in cells.all("location"):
        if not is_blank(text) and text.casefold() not in (place.casefold() for place in places):
            places.append(text)
    location = ", ".join(places) or None
    remote = _text(cells, "remote")
    mode = parse_remote(remote) if remote else None
    if mode is None:
        return location
    if location is None:
        return mode
    return location if mode.casefold() in location.casefold() else f"{location} ({mode})"


def _notes(cells: _Cells, extra: list[tuple[str, str]]) -> str | None:
    parts = [(column.header, text) for column, text in cells.all("notes")] + extra
    if not parts:
        return None
    if len(parts) == 1 and not extra:
        return parts[0][1]
    # Several note-like columns: keep each under its header so nothing reads out of context.
    return "\n".join(f"{header}: {text}" for header, text in parts)


def _salary(cells: _Cells, currencies: CurrencyContext) -> dict[str, object]:
    def parse(column: Column, text: str) -> Salary | None:
        return parse_salary(text, currencies=currencies, hint=column.hint)

    both = _parsed(cells.first("salary"), parse)
    low_cell, high_cell = cells.first("salary_min"), cells.first("salary_max")
    low_end, high_end = _parsed(low_cell, parse), _parsed(high_cell, parse)
    low = _end(low_end, "low") if low_end else (both.low if both else None)
    high = _end(high_end, "high") if high_end else (both.high if both else None)
    read = [salary for salary in (both, low_end, high_end) if salary is not None]
    if low is not None and high is not None and low > high:
        header = cells.header("salary_min", "salary")
        raise _RowError(f"{header}: the salary range starts above where it ends ({low} > {high})")
    return {
        "salary_min": low,
        "salary_max": high,
        "salary_currency": _salary_currency(cells, read, currencies, has_figure=bool(read)),
        "salary_period": _one_of({salary.period for salary in read}, cells, "salary period"),
    }


def _end(salary: Salary, which: str) -> int | None:
    # A min column holding '120k' gives its figure; one holding a range gives its own end.
    if which == "low":
        return salary.low if salary.low is not None else salary.high
    return salary.high if salary.high is not None else salary.low


def _salary_currency(
    cells: _Cells, read: list[Salary], currencies: CurrencyContext, *, has_figure: bool
) -> str | None:
    mentioned = _one_of({salary.currency for salary in read}, cells, "currency")
    cell = cells.first("currency")
    explicit = _parsed(cell, lambda _column, text: parse_currency(text, currencies=currencies))
    if cell and explicit and mentioned and explicit != mentioned:
        raise _RowError(
            f"{cell[0].header}: {quote(cell[1])} disagrees with {cells.header('salary', 'salary_min')}, "
            f"which is in {mentioned}"
        )
    if explicit or mentioned:
        return explicit or mentioned
    return currencies.default if has_figure else None


def _one_of(values: set[_T | None], cells: _Cells, what: str) -> _T | None:
    known = {value for value in values if value is not None}
    if len(known) > 1:
        header = cells.header("salary", "salary_min", "salary_max")
        raise _RowError(f"{header}: the salary columns give more than one {what}")
    return known.pop() if known else None


def _people(cells: _Cells) -> tuple[list[ContactFields], list[tuple[str, str]]]:
    """The row's contacts, and phone numbers that have no person to attach to (kept as notes)."""
    people: list[ContactFields] = []
    leftover: list[tuple[str, str]] = []
    for role, name_field, email_field, phone_field in _CONTACT_GROUPS:
        group = _group(cells, name_field, email_field)
        phone = cells.first(phone_field)
        if phone and not group:
            leftover.append((phone[0].header, phone[1]))
        for index, person in enumerate(group):
            number = phone[1] if phone and index == 0 else None
            contact = _contact(cells, person, role, number, (name_field, email_field, phone_field))
            if not any(_same_person(contact, other) for other in people):
                people.append(contact)
    return people, leftover


def _same_person(one: ContactFields, other: ContactFields) -> bool:
    # As the pipeline's find_or_add_contact judges it: same address, else same name.
    if one.email or other.email:
        return bool(one.email and other.email and one.email.casefold() == other.email.casefold())
    return bool(one.name and other.name and one.name.casefold() == other.name.casefold())


def _group(cells: _Cells, name_field: str, email_field: str) -> list[Person]:
    people = _parsed(cells.first(name_field), lambda _column, text: parse_people(text)) or []
    email = _parsed(cells.first(email_field), lambda _column, text: parse_email(text))
    if email is None:
        return people
    if not people:
        return [Person(name=None, email=email)]
    first = people[0]
    if first.email is None:
        return [Person(first.name, email, first.role), *people[1:]]
    if first.email.casefold() != email.casefold():
        return [*people, Person(name=None, email=email)]
    return people


def _contact(
    cells: _Cells,
    person: Person,
    role: ContactRole,
    phone: str | None,
    sources: tuple[str, str, str],
) -> ContactFields:
    name_field, email_field, phone_field = sources
    blame = {"email": (email_field, name_field), "phone": (phone_field,)}
    try:
        fields = ContactFields(
            name=person.name, email=person.email, phone=phone, role=person.role or role
        )
    except ValidationError as error:
        culprit = str(error.errors()[0]["loc"][0]) if error.errors()[0]["loc"] else "name"
        raise _blame(cells.header(*blame.get(culprit, (name_field,))), error) from None
    _check_lengths(
        Contact, fields.model_dump(), lambda name: cells.header(*blame.get(name, (name_field,)))
    )
    return fields


def _validated_application(values: dict[str, object], cells: _Cells) -> ApplicationFields:
    try:
        fields = ApplicationFields.model_validate(values)
    except ValidationError as error:
        loc = error.errors()[0]["loc"]
        name = str(loc[0]) if loc else ""
        raise _blame(cells.header(*_BLAME.get(name, ())), error) from None
    _check_lengths(
        Application, fields.model_dump(), lambda name: cells.header(*_BLAME.get(name, ()))
    )
    return fields


def _check_lengths(
    model: type[Application] | type[Contact],
    values: dict[str, object],
    header_of: Callable[[str], str | None],
) -> None:
    """Refuses text longer than its database column holds.

    A few input schemas allow more than their column (a 200-character source into 100);
    PostgreSQL would then refuse the row while SQLite kept it, so the import checks itself.
    """
    for name, value in values.items():
        column = model.__table__.columns.get(name)
        limit = getattr(column.type, "length", None) if column is not None else None
        if isinstance(value, str) and isinstance(limit, int) and len(value) > limit:
            raise _RowError(f"{header_of(name) or name} is too long (at most {limit} characters)")


def _blame(header: str | None, error: ValidationError) -> _RowError:
    """A row error naming the column that pydantic's first problem came from."""
    described = describe_validation_error(error)
    message = (described.partition(": ")[2] if error.errors()[0]["loc"] else "") or described
    if header is None:
        return _RowError(message)
    # 'is too long', 'must not be empty': a sentence about the column itself.
    joiner = " " if message.startswith(("is ", "must ")) else ": "
    return _RowError(f"{header}{joiner}{message}")


# ---------------------------------------------------------------------------
# Context: dates, money, duplicates
# ---------------------------------------------------------------------------


def _local_today(session: Session, user_id: int, now: dt.datetime) -> dt.date:
    """The import date in the user's time zone (yearless dates and news dates use it)."""
    user = session.get(User, user_id)
    try:
        zone = localtime.zone(user.timezone) if user is not None else dt.UTC
    except (ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    return now.astimezone(zone).date()


def _currencies(default: str | None, country: str) -> CurrencyContext:
    code = default.strip().upper() if default and default.strip() else None
    if code is not None and not re.fullmatch(r"[A-Z]{3}", code):
        raise InvalidInputError(
            f"'{default}' is not a three-letter currency code such as USD, EUR or GBP"
        )
    return CurrencyContext(default=code, country=country.strip().upper())


def _date_order(
    chosen: bool | None, plan: ColumnPlan, rows: list[Record], country: str
) -> Callable[[Column], bool]:
    """Whether a date column reads 03/12 as the 3rd of December.

    In order: the user's choice, the column's header ('dd/mm/yyyy'), dates in the file
    that can only be read one way (31/12 or 12/31), and last the user's country.
    """
    values = (
        row.cells[column.index]
        for name in _DATE_FIELDS
        for column in plan.of(name)
        for row in rows
        if column.index < len(row.cells)
    )
    evidence = date_order_evidence(values)
    fallback = evidence if evidence is not None else day_first(country)

    def dayfirst(column: Column) -> bool:
        if chosen is not None:
            return chosen
        return column.hint.dayfirst if column.hint.dayfirst is not None else fallback

    return dayfirst


def _existing_keys(session: Session, user_id: int) -> set[_Key]:
    rows = session.execute(
        sa.select(Application.company, Application.role, Application.applied_on).where(
            Application.user_id == user_id
        )
    )
    return {
        (_same_name(company), _same_name(role), applied_on) for company, role, applied_on in rows
    }


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _write(
    *, session: Session, user_id: int, row: _Row, context: _Context, now: dt.datetime
) -> Application:
    """Writes one judged row: the application, its history, news, offer, contacts, feedback."""
    origin = f"{context.filename} line {row.line}"
    application = add_application(
        session=session,
        user_id=user_id,
        fields=row.fields,
        now=now,
        cause=f"imported from {origin}",
    )
    if row.status is not Status.APPLIED:
        cause = f"imported as {row.status.label} from {origin}"
        if row.status_text and row.status_text.casefold() != row.status.label:
            cause += f" (status {quote(row.status_text)})"
        record_status(
            session=session, application=application, status=row.status, cause=cause, now=now
        )
    # Children are added by id rather than through the application's collections: those are
    # not loaded yet, and loading each one for a brand-new application would only cost time.
    owned = {"user_id": user_id, "application_id": application.id, "created_at": now}
    kind = _OUTCOME_OF.get(row.status)
    if kind is not None:
        news = OutcomeFields(
            kind=kind,
            occurred_on=row.news_on,
            note=f"imported from {origin}",
            date_known=row.news_dated,
        )
        session.add(Outcome(**owned, **news.model_dump()))
    decision = _DECISION_OF.get(row.status)
    if decision is not None:
        decided_on = None if decision is OfferDecision.PENDING else row.news_on
        session.add(
            Offer(
                **owned,
                updated_at=now,
                received_on=row.news_on,
                decision=decision,
                decided_on=decided_on,
            )
        )
    session.add_all(Contact(**owned, **person.model_dump()) for person in row.people)
    if row.feedback is not None:
        session.add(Feedback(**owned, **row.feedback.model_dump()))
    session.flush()
    return application
