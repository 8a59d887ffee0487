"""The slow inputs of issue 13 (finding 2), each read whole within the per-message budget.

No test here measures time: each input runs under the budget afterword gives a message,
and the test checks what came out. Before the fix, each took from 13 s to over 120 s.
"""

from __future__ import annotations

import datetime as dt

import pytest

from afterword.inbox.budget import DEFAULT_SECONDS, TooSlow, check, within_budget
from afterword.inbox.extract import MAX_DATE_PHRASES, extract_dates
from afterword.inbox.parse import MAX_TEXT_CHARS, parse_message
from afterword.localtime import LocalContext

HEAD = (
    "From: Priya <priya@fernhill.example>\nTo: sam@example.com\nSubject: {subject}\n"
    "Date: Wed, 04 Mar 2026 10:12:00 +0000\nMessage-ID: <{subject}@fernhill.example>\n"
    "Content-Type: {content_type}; charset=utf-8\n\n"
)


def message(subject: str, body: str, content_type: str = "text/plain") -> bytes:
    return (HEAD.format(subject=subject, content_type=content_type) + body).encode()


@pytest.mark.parametrize("lines", [13_000, 50_000])  # 584 KB took 43 s, 2.2 MB over 120 s
def test_a_message_with_thousands_of_lines_starting_with_dashes_is_read_whole(lines: int) -> None:
    # A SQL dump, a diff, a list of signature separators: ordinary content.
    body = "".join(f"-- comment {n} about table t{n}\nSELECT {n};\n" for n in range(lines))
    with within_budget(DEFAULT_SECONDS):
        read = parse_message(message("sql-dump", body))
    assert read.body.startswith("-- comment 0 about table t0\nSELECT 0;")
    assert len(read.body) == min(len(body.rstrip("\n")), MAX_TEXT_CHARS)
    assert read.truncated == (len(body) > MAX_TEXT_CHARS)


def test_a_message_naming_1456_dates_is_read_within_the_budget_first_date_first() -> None:
    # One dateparser call per phrase took 13 s for this 36 KB email.
    weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    body = "We are pleased to offer you the role.\n" + " ".join(
        f"Please reply by {weekdays[n % 5]} {1 + n % 28} March {2026 + n % 5}." for n in range(1456)
    )
    with within_budget(DEFAULT_SECONDS):
        read = parse_message(message("many-dates", body))
        found = extract_dates(
            read.latest, read.sent_at or dt.datetime.now(dt.UTC), LocalContext("UTC", "GB")
        )
    assert found.deadline == dt.date(2027, 3, 2)  # the first named after the mail was sent
    assert 0 < len(found.found) <= MAX_DATE_PHRASES


@pytest.mark.parametrize(
    ("tag", "depth"),
    [("div", 100_000), ("rt", 100_000), ("section", 60_000), ("optgroup", 60_000)],
)
def test_html_nested_tens_of_thousands_deep_is_read_as_its_text(tag: str, depth: int) -> None:
    # 100,000 nested <div>s took the HTML parser 46 s. (The text must come within the first
    # MAX_HTML_CHARS of markup, hence the depths.)
    markup = f"<{tag}>" * depth + "hello there" + f"</{tag}>" * depth
    with within_budget(DEFAULT_SECONDS):
        read = parse_message(message("deep", markup, "text/html"))
    assert read.body == "hello there"


def test_a_spent_budget_stops_the_work_with_a_reason() -> None:
    with within_budget(1e-9), pytest.raises(TooSlow, match="too slow to read"):
        parse_message(message("any", "hello"))
    check()  # outside a budget nothing is ever too slow
