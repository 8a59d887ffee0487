"""The spreadsheet import, run against real files on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError
from afterword.offers.models import Offer
from afterword.pipeline.models import (
    Application,
    Contact,
    ContactRole,
    Feedback,
    Outcome,
    SalaryPeriod,
    StatusChange,
)
from afterword.pipeline.status import OfferDecision, OutcomeKind, Status
from afterword.profile.service import get_or_create_user
from afterword.storage.session import session_scope
from afterword.transfer import csv_import
from afterword.transfer.csv_import import CsvOptions, CsvReport, import_csv, read_records


def write(tmp_path: Path, text: str, *, name: str = "tracker.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(
    session: Session,
    user_id: int,
    now: dt.datetime,
    path: str,
    *,
    country: str = "GB",
    **options: object,
) -> CsvReport:
    return import_csv(
        session=session,
        user_id=user_id,
        path=path,
        country=country,
        now=now,
        options=CsvOptions(**options),  # type: ignore[arg-type]
    )


def applications(session: Session, user_id: int) -> list[Application]:
    query = sa.select(Application).where(Application.user_id == user_id).order_by(Application.id)
    return list(session.scalars(query))


def count(session: Session, model: type) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


GOOGLE_SHEET = """\
Company,Job Title,Date Applied,Status,Salary Range,Job Link,Location,Remote?,Recruiter,Recruiter Email,Interest,Tags,Notes,Follow-up Date
Acme Corp,Senior Backend Engineer,2026-11-02,Applied,"$120k - $150k",https://jobs.acme.com/123,"Austin, TX",Yes,Jane Doe,jane@acme.com,4,"python, fintech",Referred by Sam,2026-11-09
Globex,Platform Engineer,11/05/2026,Phone Screen,"150,000 USD",jobs.globex.com/9,New York,No,,,★★★☆☆,,"Asked about
on-call rotation",
Initech,Staff Engineer,2026-10-20,Rejected,$160k+,,Remote,,Bob Smith (Hiring Manager),,high,remote | staff,,
"""


def test_google_sheets_tracker_imports_every_row_with_its_fields(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    report = run(session, user_id, now, write(tmp_path, GOOGLE_SHEET), country="US")

    assert report.problems == []
    assert report.would_import == 3 and len(report.imported) == 3
    assert report.columns["Job Title"] == "role"
    assert report.columns["Remote?"] == "remote"
    assert report.ignored_columns == ["Follow-up Date"]
    acme, globex, initech = applications(session, user_id)
    assert (acme.company, acme.role, acme.applied_on) == (
        "Acme Corp",
        "Senior Backend Engineer",
        dt.date(2026, 11, 2),
    )
    assert (acme.salary_min, acme.salary_max, acme.salary_currency) == (120_000, 150_000, "USD")
    assert acme.link == "https://jobs.acme.com/123"
    assert acme.location == "Austin, TX (Remote)"
    assert acme.interest == 4
    assert acme.tag_names == ["fintech", "python"]
    assert acme.notes == "Referred by Sam"
    assert [(c.name, c.email, c.role) for c in acme.contacts] == [
        ("Jane Doe", "jane@acme.com", ContactRole.RECRUITER)
    ]
    assert acme.status is Status.APPLIED
    # US dates are month first: 11/05 is the 5th of November.
    assert globex.applied_on == dt.date(2026, 11, 5)
    assert globex.status is Status.INTERVIEWING
    assert (globex.salary_min, globex.salary_max) == (150_000, 150_000)
    assert globex.link == "https://jobs.globex.com/9"
    assert globex.location == "New York"
    assert globex.interest == 3
    assert globex.notes == "Asked about\non-call rotation"
    assert initech.status is Status.REJECTED
    assert (initech.salary_min, initech.salary_max) == (160_000, None)
    assert [(c.name, c.role) for c in initech.contacts] == [
        ("Bob Smith", ContactRole.HIRING_MANAGER)
    ]
    assert initech.tag_names == ["remote", "staff"]


def test_history_names_the_file_and_line_of_each_imported_row(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    run(session, user_id, now, write(tmp_path, GOOGLE_SHEET), country="US")

    initech = applications(session, user_id)[2]
    history = [(change.from_status, change.to_status, change.cause) for change in initech.history]
    # The quoted note of the Globex row spans lines 3-4, so Initech starts on line 5.
    assert history == [
        (None, Status.APPLIED, "imported from tracker.csv line 5"),
        (Status.APPLIED, Status.REJECTED, "imported as rejected from tracker.csv line 5"),
    ]
    assert [(o.kind, o.occurred_on) for o in initech.outcomes] == [
        (OutcomeKind.REJECTION, dt.date(2026, 12, 3))
    ]


EUROPEAN = (
    "Firma;Position;Datum;Gehalt;Status;Ort;Bemerkungen\r\n"
    "Müller GmbH;Entwickler;03.11.2026;€60.000 - €70.000;Beworben;München;Größe: 50\r\n"
    "Zürich Versicherung;Data Engineer;25.11.2026;85.000 €;Vorstellungsgespräch;Zürich;\r\n"
)


def test_european_semicolon_file_with_dot_thousands_reads_salary_range(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    path = write(tmp_path, EUROPEAN, encoding="cp1252")

    report = run(session, user_id, now, path, country="DE")

    assert report.problems == []
    muller, zurich = applications(session, user_id)
    assert (muller.company, muller.location, muller.notes) == (
        "Müller GmbH",
        "München",
        "Größe: 50",
    )
    assert (muller.salary_min, muller.salary_max, muller.salary_currency) == (60_000, 70_000, "EUR")
    assert muller.applied_on == dt.date(2026, 11, 3)  # German dates are day first
    assert muller.status is Status.APPLIED
    assert (zurich.salary_min, zurich.salary_max) == (85_000, 85_000)
    assert zurich.status is Status.INTERVIEWING


def test_utf8_file_with_byte_order_mark_reads_the_first_header(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    path = write(tmp_path, "Company,Role\nAcme,Engineer\n", encoding="utf-8-sig")

    report = run(session, user_id, now, path)

    assert report.columns == {"Company": "company", "Role": "role"}
    assert [a.company for a in applications(session, user_id)] == ["Acme"]


BAD_ROWS = """\
Company,Role,Date Applied,Salary,Status,Recruiter,Recruiter Email
Good One,Engineer,2026-11-01,£50k,Applied,Ann,ann@good.example
Bad Date,Engineer,31/31/2026,,Applied,Ben,ben@bad.example
Bad Salary,Engineer,2026-11-02,lots of money,Applied,Cid,cid@bad.example
Bad Status,Engineer,2026-11-03,,Limbo,Dee,dee@bad.example
Bad Email,Engineer,2026-11-04,,Applied,Eve,eve-at-example
,Engineer,2026-11-05,,Applied,,
Good Two,Designer,2026-11-06,,Offer,Fay,fay@good.example
"""


def test_bad_cells_are_reported_by_line_and_nothing_of_those_rows_is_written(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    report = run(session, user_id, now, write(tmp_path, BAD_ROWS))

    assert [(p.line, p.reason.split(":")[0]) for p in report.problems] == [
        (3, "Date Applied"),
        (4, "Salary"),
        (5, "Status"),
        (6, "Recruiter Email"),
        (7, "Company is empty, and every application needs a company"),
    ]
    reasons = [problem.reason for problem in report.problems]
    assert reasons[0] == "Date Applied: '31/31/2026' is not a date"
    assert reasons[1] == "Salary: 'lots of money' is not an amount"
    assert "'Limbo' is not a status" in reasons[2] and "ghosted" in reasons[2]
    assert reasons[3] == "Recruiter Email: 'eve-at-example' is not an email address"
    assert [a.company for a in applications(session, user_id)] == ["Good One", "Good Two"]
    # Nothing of the bad rows was written: no stray contacts, history or offers.
    assert count(session, Contact) == 2
    assert count(session, StatusChange) == 3  # two 'applied' entries and one move to offer
    assert count(session, Offer) == 1


def test_every_bad_cell_of_a_row_is_named_in_one_reason(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    text = "Company,Role,Date Applied,Salary,Interest\n,Engineer,someday,lots,11\n"

    report = run(session, user_id, now, write(tmp_path, text))

    assert [(p.line, p.reason) for p in report.problems] == [
        (
            2,
            "Company is empty, and every application needs a company; "
            "Date Applied: 'someday' is not a date; Salary: 'lots' is not an amount; "
            "Interest: '11' is not a rating from 1 to 5",
        )
    ]


def test_text_too_long_for_a_field_is_reported_under_its_header(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    text = f"Employer,Position,Where Found\nAcme,Engineer,{'x' * 201}\n"

    report = run(session, user_id, now, write(tmp_path, text))

    (problem,) = report.problems
    assert problem.reason.startswith("Where Found ")
    assert "200" in problem.reason


def test_the_same_person_in_two_contact_columns_becomes_one_contact(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    text = (
        "Company,Role,Recruiter,Recruiter Email,Hiring Manager,Hiring Manager Email,Recruiter Phone\n"
        "Acme,Engineer,Jane Doe,jane@acme.com,Jane D.,JANE@acme.com,+44 20 7946 0000\n"
        "Globex,Engineer,,,Sam Lee <sam@globex.com>,,\n"
    )

    run(session, user_id, now, write(tmp_path, text))

    acme, globex = applications(session, user_id)
    assert [(c.name, c.email, c.phone, c.role) for c in acme.contacts] == [
        ("Jane Doe", "jane@acme.com", "+44 20 7946 0000", ContactRole.RECRUITER)
    ]
    assert [(c.name, c.email, c.role) for c in globex.contacts] == [
        ("Sam Lee", "sam@globex.com", ContactRole.HIRING_MANAGER)
    ]


def test_importing_the_same_file_again_adds_nothing(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    path = write(tmp_path, GOOGLE_SHEET)
    first = run(session, user_id, now, path, country="US")

    second = run(session, user_id, now, path, country="US")

    assert len(first.imported) == 3
    assert second.imported == [] and second.would_import == 0
    assert second.duplicates == [2, 3, 5]
    assert len(applications(session, user_id)) == 3
    assert count(session, Contact) == 2


def test_a_row_repeated_in_the_file_is_imported_once(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    text = "Company,Role,Applied\nAcme,Engineer,2026-11-01\n ACME ,engineer,2026-11-01\nAcme,Engineer,2026-11-20\n"

    report = run(session, user_id, now, write(tmp_path, text))

    assert report.duplicates == [3]
    assert len(report.imported) == 2  # another application date is another application


def test_dry_run_reports_what_would_happen_and_writes_nothing(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    report = run(session, user_id, now, write(tmp_path, BAD_ROWS), dry_run=True)

    assert report.imported == []
    assert report.would_import == 2
    assert len(report.problems) == 5
    assert applications(session, user_id) == []
    assert count(session, Contact) == 0


def test_offer_statuses_create_an_offer_in_the_matching_state(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    text = (
        "Company,Role,Status,Date Applied,Response Date\n"
        "A,Engineer,Offer,2026-10-01,\n"
        "B,Engineer,Offer accepted,2026-10-01,2026-11-15\n"
        "C,Engineer,Declined offer,2026-10-01,2026-11-16\n"
        "D,Engineer,Hiring manager chat,2026-10-01,\n"
    )

    report = run(session, user_id, now, write(tmp_path, text))

    assert report.problems == []
    a, b, c, d = applications(session, user_id)
    assert [(a.status, [(o.decision, o.decided_on) for o in a.offers])] == [
        (Status.OFFER, [(OfferDecision.PENDING, None)])
    ]
    assert b.status is Status.ACCEPTED
    assert [(o.decision, o.decided_on) for o in b.offers] == [
        (OfferDecision.ACCEPTED, dt.date(2026, 11, 15))
    ]
    assert [(o.kind, o.occurred_on) for o in b.outcomes] == [
        (OutcomeKind.OFFER, dt.date(2026, 11, 15))
    ]
    assert c.status is Status.DECLINED
    assert [o.decision for o in c.offers] == [OfferDecision.DECLINED]
    assert d.status is Status.HIRING_MANAGER_CHAT and d.offers == []
    # Every accepted or declined application has an offer, as the pipeline requires.
    for application in (a, b, c):
        assert len(application.offers) == 1


def test_rejection_feedback_is_kept_as_feedback_and_other_feedback_as_notes(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    text = (
        "Company,Role,Status,Feedback,Notes\n"
        "A,Engineer,Rejected,Wanted more Kubernetes,\n"
        "B,Engineer,Interviewing,Liked the take-home,Second round next week\n"
    )

    run(session, user_id, now, write(tmp_path, text))

    a, b = applications(session, user_id)
    assert [(f.text, f.received_on) for f in a.feedback] == [
        ("Wanted more Kubernetes", dt.date(2026, 12, 3))
    ]
    assert b.feedback == []
    assert b.notes == "Notes: Second round next week\nFeedback: Liked the take-home"
    assert count(session, Feedback) == 1


@pytest.mark.parametrize(
    ("country", "dates", "expected"),
    [
        ("US", ["03/12/2026"], dt.date(2026, 3, 12)),
        ("GB", ["03/12/2026"], dt.date(2026, 12, 3)),
        # One date that can only be day-first decides the order of the whole file.
        ("US", ["03/12/2026", "25/11/2026"], dt.date(2026, 12, 3)),
        ("GB", ["03/12/2026", "11/25/2026"], dt.date(2026, 3, 12)),
    ],
)
def test_ambiguous_dates_follow_the_file_then_the_country(
    session: Session,
    user_id: int,
    now: dt.datetime,
    tmp_path: Path,
    country: str,
    dates: list[str],
    expected: dt.date,
) -> None:
    rows = "".join(f"Co{index},Engineer,{date}\n" for index, date in enumerate(dates))

    run(session, user_id, now, write(tmp_path, "Company,Role,Date\n" + rows), country=country)

    assert applications(session, user_id)[0].applied_on == expected


def test_dayfirst_option_and_date_format_in_header_override_the_country(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    hinted = write(
        tmp_path, "Company,Role,Applied (DD/MM/YYYY)\nA,Engineer,03/12/2026\n", name="a.csv"
    )
    chosen = write(tmp_path, "Company,Role,Applied\nB,Engineer,03/12/2026\n", name="b.csv")

    run(session, user_id, now, hinted, country="US")
    run(session, user_id, now, chosen, country="GB", dayfirst=False)

    assert [a.applied_on for a in applications(session, user_id)] == [
        dt.date(2026, 12, 3),
        dt.date(2026, 3, 12),
    ]


def test_user_mapping_names_and_ignores_columns(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    text = "Org,What,Date,Status\nAcme,Engineer,2026-11-01,Whatever\n"

    report = run(
        session,
        user_id,
        now,
        write(tmp_path, text),
        mapping={"org": "company", "What": "role", "Status": "ignore"},
    )

    assert report.problems == []
    assert report.columns == {"Org": "company", "What": "role", "Date": "applied_on"}
    assert report.ignored_columns == ["Status"]
    assert applications(session, user_id)[0].status is Status.APPLIED


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"Company": "employer"}, "'employer' is not a field"),
        ({"Nope": "company"}, "has no such column"),
    ],
)
def test_a_bad_mapping_is_refused_before_anything_is_read(
    session: Session,
    user_id: int,
    now: dt.datetime,
    tmp_path: Path,
    mapping: dict[str, str],
    message: str,
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        run(session, user_id, now, write(tmp_path, "Company,Role\nA,B\n"), mapping=mapping)


def test_default_currency_applies_to_figures_without_a_sign(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    text = "Company,Role,Salary\nA,Engineer,85000\nB,Engineer,£400/day\nC,Engineer,\n"

    run(session, user_id, now, write(tmp_path, text), default_currency="eur")

    a, b, c = applications(session, user_id)
    assert (a.salary_min, a.salary_currency) == (85_000, "EUR")
    assert (b.salary_min, b.salary_currency, b.salary_period) == (400, "GBP", SalaryPeriod.DAY)
    assert c.salary_currency is None


def test_separate_min_and_max_columns_make_one_range(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    text = "Company,Role,Salary Min,Salary Max,Currency\nA,Engineer,90k,110k,CAD\nB,Engineer,120k,100k,USD\n"

    report = run(session, user_id, now, write(tmp_path, text))

    (a,) = applications(session, user_id)
    assert (a.salary_min, a.salary_max, a.salary_currency) == (90_000, 110_000, "CAD")
    assert report.problems[0].line == 3
    assert "starts above where it ends" in report.problems[0].reason


def test_wishlist_rows_are_reported_rather_than_imported_as_applied(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    text = "Company,Role,Status\nA,Engineer,Wishlist\nB,Engineer,Applied\n"

    report = run(session, user_id, now, write(tmp_path, text))

    assert [p.line for p in report.problems] == [2]
    assert "not applied yet" in report.problems[0].reason
    assert [a.company for a in applications(session, user_id)] == ["B"]


def test_a_row_with_more_cells_than_the_header_is_a_problem(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    text = "Company,Role,Salary\nAcme,Engineer,60,000\nGlobex,Engineer,70000,,\n"

    report = run(session, user_id, now, write(tmp_path, text))

    assert [p.line for p in report.problems] == [2]
    assert "missing its quotes" in report.problems[0].reason
    assert [a.company for a in applications(session, user_id)] == ["Globex"]


def test_title_rows_blank_lines_and_excel_separator_line_are_skipped(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    text = "sep=;\nMy job search 2026\n\nCompany;Role;;\n\nAcme;Engineer;;\n;;;\nGlobex;Designer\n"

    report = run(session, user_id, now, write(tmp_path, text))

    assert report.problems == []
    assert [a.company for a in applications(session, user_id)] == ["Acme", "Globex"]
    assert report.imported and report.duplicates == []


def test_tab_separated_utf16_export_from_excel_is_read(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    path = write(
        tmp_path, "Company\tPosition\tPay\nÅngström AB\tEngineer\t50 000 kr\n", encoding="utf-16"
    )

    run(session, user_id, now, path, country="SE")

    (app,) = applications(session, user_id)
    assert (app.company, app.salary_min, app.salary_currency) == ("Ångström AB", 50_000, "SEK")


def test_pipe_delimited_file_is_read(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    run(session, user_id, now, write(tmp_path, "Company|Role|Tags\nAcme|Engineer|a, b\n"))

    assert applications(session, user_id)[0].tag_names == ["a", "b"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\n\n  \n", "empty"),
        (b"PK\x03\x04\x14\x00\x06\x00rest-of-a-workbook", "save it as CSV"),
        (b"\x00\x01\x02\x03binary\x00data", "not a text file"),
        (b"Acme,Engineer,2026-11-01\nGlobex,Designer,2026-11-02\n", "no column for the company"),
        (b"Company,Date\nAcme,2026-11-01\n", "no column for the role"),
    ],
)
def test_an_unreadable_file_raises_and_writes_nothing(
    session: Session,
    user_id: int,
    now: dt.datetime,
    tmp_path: Path,
    content: bytes | None,
    message: str,
) -> None:
    path = tmp_path / "tracker.csv"
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(InvalidInputError, match=message) as raised:
        run(session, user_id, now, str(path))

    assert "\n" not in str(raised.value)
    assert applications(session, user_id) == []


def test_a_folder_is_not_a_csv_file(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInputError, match="folder"):
        run(session, user_id, now, str(tmp_path))


def test_a_database_failure_in_one_row_leaves_nothing_of_that_row(
    session: Session,
    user_id: int,
    now: dt.datetime,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = csv_import.record_status

    def failing(**kwargs: Any) -> StatusChange:
        # Fails after the application itself was flushed, to prove the savepoint undoes it.
        if "line 3" in kwargs["cause"]:
            raise sa.exc.IntegrityError("INSERT INTO status_changes", {}, Exception("simulated"))
        return real(**kwargs)

    monkeypatch.setattr(csv_import, "record_status", failing)
    text = (
        "Company,Role,Status,Recruiter\n"
        "A,Engineer,Rejected,Ann\n"
        "B,Engineer,Rejected,Bea\n"
        "C,Engineer,Offer,Cy\n"
    )

    report = run(session, user_id, now, write(tmp_path, text))

    assert [(p.line, p.reason) for p in report.problems] == [(3, "could not be saved: simulated")]
    assert [a.company for a in applications(session, user_id)] == ["A", "C"]
    assert count(session, Outcome) == 2
    assert count(session, StatusChange) == 4
    assert [c.name for c in session.scalars(sa.select(Contact).order_by(Contact.id))] == [
        "Ann",
        "Cy",
    ]


def test_text_longer_than_its_database_column_is_refused_the_same_on_every_database(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    text = f"Company,Role,Source\nA,Engineer,{'s' * 250}\n"

    report = run(session, user_id, now, write(tmp_path, text))

    assert [p.reason for p in report.problems] == ["Source is too long (at most 200 characters)"]


def test_a_long_phone_number_is_refused_under_its_header(
    session: Session, user_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    text = f"Company,Role,Recruiter,Recruiter Phone\nA,Engineer,Ann,{'1' * 250}\n"

    report = run(session, user_id, now, write(tmp_path, text))

    assert [p.reason for p in report.problems] == [
        "Recruiter Phone is too long (at most 200 characters)"
    ]
    assert applications(session, user_id) == []


def test_the_callers_rollback_undoes_the_whole_import(
    database_url: str, now: dt.datetime, tmp_path: Path
) -> None:
    # A fresh session whose first write is the import: the savepoints must not commit rows.
    with session_scope(database_url) as setup:
        user_id = get_or_create_user(
            session=setup, handle="me", timezone="Europe/London", country="GB", now=now
        ).id
    path = write(tmp_path, "Company,Role,Status\nA,Engineer,Rejected\nB,Engineer,Offer\n")

    with pytest.raises(RuntimeError), session_scope(database_url) as session:
        report = run(session, user_id, now, path)
        assert len(report.imported) == 2
        raise RuntimeError("the command failed after the import")

    with session_scope(database_url) as check:
        assert applications(check, user_id) == []
        assert count(check, StatusChange) == 0


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_read_as_records_or_refused_with_one_line(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.csv"
        path.write_bytes(data)
        try:
            records = read_records(str(path))
        except InvalidInputError as error:
            assert "\n" not in str(error)
        else:
            assert records and all(record.line >= 1 for record in records)


_CELL = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=["Cs", "Cc"]),
        st.sampled_from(list(',;"\n$€£k-/0123456789')),
    ),
    max_size=15,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.lists(_CELL, min_size=1, max_size=9), min_size=1, max_size=5))
def test_any_cells_under_a_known_header_are_imported_or_reported_never_crash(
    session: Session, user_id: int, now: dt.datetime, rows: list[list[str]]
) -> None:
    header = "Company,Role,Date Applied,Salary,Status,Interest,Recruiter,Tags,Notes"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.csv"
        lines = [",".join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows]
        path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")

        report = run(session, user_id, now, str(path), dry_run=True)

    assert report.imported == []
    assert all(problem.reason and "\n" not in problem.reason for problem in report.problems)
