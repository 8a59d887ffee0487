"""`add --json` prints the created record exactly as `list --json` or `show --json` shows it.

Scripts read the new record (and its id) from the add command itself, instead of parsing
"Added application 1: ...". The invariant checked for every add command, on generated input:
what add printed is, field for field, what a later listing prints for the same id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterword.pipeline.models import ContactRole, InterviewKind
from tests.cli.conftest import Cli, Result

# The database (from the function-scoped fixture) is shared by a test's examples on purpose:
# each example adds new records and looks only at those, by the id add printed.
EXAMPLES = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Words people type: letters, digits, spaces and punctuation, never starting with '-' (which
# the command line would read as an option).
_words = st.text(
    alphabet=st.characters(categories=["L", "N", "Zs", "Po"], exclude_characters="\x85\xa0"),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() and not text.startswith("-"))
_maybe_words = st.none() | _words
# A name for --with: anything with an '@' in it is read as an email address instead.
_names = _words.filter(lambda text: "@" not in text)


def _added(result: Result) -> dict[str, Any]:
    assert result.code == 0, result
    record: dict[str, Any] = result.json()
    assert isinstance(record["id"], int) and record["uid"]
    return record


def _listed(cli: Cli, *args: str, record_id: int) -> dict[str, Any]:
    [found] = [item for item in cli(*args, "--json").json() if item["id"] == record_id]
    return found


def _options(**values: Any) -> list[str]:
    """'--name value' pairs for the values given (None: the option is left out)."""
    return [
        part
        for name, value in values.items()
        if value is not None
        for part in (f"--{name.replace('_', '-')}", str(value))
    ]


def _application(cli: Cli) -> int:
    return int(_added(cli("applications", "add", "Northwind", "Data Engineer", "--json"))["id"])


@EXAMPLES
@given(
    company=_words,
    role=_words,
    location=_maybe_words,
    notes=_maybe_words,
    interest=st.none() | st.integers(min_value=1, max_value=5),
    salary_min=st.none() | st.integers(min_value=0, max_value=10**6),
    tags=st.lists(_words, max_size=3),
)
def test_an_added_application_prints_what_show_prints(
    cli: Cli,
    company: str,
    role: str,
    location: str | None,
    notes: str | None,
    interest: int | None,
    salary_min: int | None,
    tags: list[str],
) -> None:
    options = _options(location=location, notes=notes, interest=interest, salary_min=salary_min)
    options += [part for tag in tags for part in ("--tag", tag)]
    added = _added(cli("applications", "add", company, role, *options, "--json"))

    assert added == cli("applications", "show", str(added["id"]), "--json").json()
    assert added["status"] == "applied"
    assert [entry["to_status"] for entry in added["history"]] == ["applied"]
    row = _listed(cli, "applications", "list", record_id=added["id"])
    assert {name: added[name] for name in row} == row


@EXAMPLES
@given(
    name=_words,
    role=st.sampled_from(list(ContactRole)),
    email=st.none() | st.emails(),
    notes=_maybe_words,
)
def test_an_added_contact_prints_what_the_contact_list_prints(
    cli: Cli, name: str, role: ContactRole, email: str | None, notes: str | None
) -> None:
    application = _application(cli)
    options = _options(name=name, role=role.value, email=email, notes=notes)
    result = cli("contacts", "add", str(application), *options, "--json")
    if (
        result.code != 0
    ):  # an address the validator refuses is refused in one line, and stored nowhere
        assert result.err.startswith("error: ") and "email" in result.err
        return
    added = _added(result)
    assert (added["application_id"], added["role"]) == (application, role.value)
    assert added == _listed(cli, "contacts", "list", record_id=added["id"])


@EXAMPLES
@given(
    kind=st.sampled_from(list(InterviewKind)),
    duration=st.none() | st.integers(min_value=1, max_value=600),
    where=_maybe_words,
    interviewers=st.lists(_names, max_size=2),
)
def test_an_added_interview_prints_what_list_and_show_print(
    cli: Cli, kind: InterviewKind, duration: int | None, where: str | None, interviewers: list[str]
) -> None:
    application = _application(cli)
    options = _options(kind=kind.value, duration=duration, where=where)
    options += ["--at", "2026-12-03 14:00 Europe/Berlin"]
    options += [part for person in interviewers for part in ("--with", person)]
    added = _added(cli("interviews", "add", str(application), *options, "--json"))

    assert added == cli("interviews", "show", str(added["id"]), "--json").json()
    assert added == _listed(cli, "interviews", "list", record_id=added["id"])
    assert added["scheduled_at"] == "2026-12-03T13:00:00Z"  # the same instant, said in UTC
    assert added["interviewer_uids"] == [person["uid"] for person in added["interviewers"]]


@EXAMPLES
@given(
    kind=st.sampled_from(["rejection", "ghosted", "withdrawn", "more_interviews", "offer"]),
    note=_maybe_words,
)
def test_an_added_outcome_prints_what_the_outcome_list_prints(
    cli: Cli, kind: str, note: str | None
) -> None:
    application = _application(cli)
    result = cli("outcomes", "add", str(application), kind, *_options(note=note), "--json")
    added = _added(result)
    assert (added["kind"], added["note"] is None) == (kind, note is None)
    assert added == _listed(cli, "outcomes", "list", record_id=added["id"])


@EXAMPLES
@given(text=_words, on=st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 3)))
def test_added_feedback_prints_what_the_feedback_list_prints(
    cli: Cli, text: str, on: dt.date
) -> None:
    application = _application(cli)
    added = _added(cli("feedback", "add", str(application), text, "--on", str(on), "--json"))
    assert (added["received_on"], added["company"]) == (on.isoformat(), "Northwind")
    assert added == _listed(cli, "feedback", "list", record_id=added["id"])


@EXAMPLES
@given(text=_words, about=st.booleans())
def test_an_added_journal_entry_prints_what_the_journal_list_prints(
    cli: Cli, text: str, about: bool
) -> None:
    options = ["-a", str(_application(cli))] if about else []
    added = _added(cli("journal", "add", text, *options, "--json"))
    assert (added["application_id"] is not None) == about
    assert added == _listed(cli, "journal", "list", record_id=added["id"])


@EXAMPLES
@given(mood=st.integers(min_value=1, max_value=5), note=_maybe_words)
def test_an_added_mood_prints_what_the_mood_list_prints(
    cli: Cli, mood: int, note: str | None
) -> None:
    added = _added(cli("mood", "add", str(mood), *_options(note=note), "--json"))
    assert added["mood"] == mood
    assert added == _listed(cli, "mood", "list", record_id=added["id"])


@EXAMPLES
@given(
    base=st.none() | st.integers(min_value=1, max_value=10**7),
    sign_on=st.none() | st.integers(min_value=0, max_value=10**6),
    level=_maybe_words,
    notes=_maybe_words,
)
def test_an_added_offer_prints_what_list_and_show_print(
    cli: Cli, base: int | None, sign_on: int | None, level: str | None, notes: str | None
) -> None:
    application = _application(cli)
    options = _options(base=base, sign_on=sign_on, level=level, notes=notes, currency="EUR")
    added = _added(cli("offers", "add", str(application), *options, "--json"))

    assert added == cli("offers", "show", str(added["id"]), "--json").json()
    assert added == _listed(cli, "offers", "list", record_id=added["id"])
    assert added["base_salary"] == base
    expected_first_year = None if base is None else base + (sign_on or 0)
    assert added["first_year_total"] == expected_first_year


def test_add_without_json_still_says_what_it_added(cli: Cli) -> None:
    result = cli("applications", "add", "Northwind", "Data Engineer")
    assert result.out == "Added application 1: Northwind -- Data Engineer.\n"


def test_a_refused_add_with_json_prints_no_json_and_stores_nothing(cli: Cli) -> None:
    result = cli("applications", "add", "Northwind", "Data Engineer", "--interest", "9", "--json")
    assert result.code != 0 and result.out == ""
    assert result.err.startswith("error: ") and "interest" in result.err
    assert cli("applications", "list", "--json").json() == []
