"""What a person types is printed as typed: brackets, slashes and colons in a company, a role
or a note are never read as terminal markup (a company called "Acme [/]" once failed to add)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.conftest import Cli

# Markup-like text: Rich tags ([bold], [/], [red]x[/red]), emoji codes (:smile:), links.
_MARKUP_BITS = st.sampled_from(
    ["[", "]", "[/]", "[bold]", "[/bold]", "[red]", ":smile:", ":", "[link=x]", "\\", "/"]
)
_WORD = st.text(alphabet="abcXYZ09 -", min_size=1, max_size=6)
literal_text = (
    st.lists(st.one_of(_MARKUP_BITS, _WORD), min_size=1, max_size=6)
    .map("".join)
    .map(str.strip)
    .filter(lambda value: value != "" and not value.startswith("-"))
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(company=literal_text, role=literal_text, notes=literal_text)
def test_markup_like_text_is_saved_and_shown_exactly_as_typed(
    cli: Cli, company: str, role: str, notes: str
) -> None:
    added = cli("applications", "add", company, role, "--notes", notes)
    assert added.code == 0, added
    assert f"{company} -- {role}" in added.out  # the confirmation repeats it literally
    application_id = re.search(r"application (\d+)", added.out)
    assert application_id is not None, added.out
    shown = cli("applications", "show", application_id.group(1))
    assert shown.code == 0, shown
    assert f"{company} -- {role}" in shown.out
    assert notes in shown.out
    listed = cli("applications", "list", "--json").json()
    saved = next(row for row in listed if str(row["id"]) == application_id.group(1))
    assert (saved["company"], saved["role"]) == (company, role)


def test_an_interview_and_an_offer_are_shown_with_the_company_as_typed(cli: Cli) -> None:
    assert cli("applications", "add", "Acme [/]", "Dev [bold]", "--applied", "2026-11-02").code == 0
    assert (
        cli("interviews", "add", "1", "--at", "2026-11-20 10:00", "--kind", "technical").code == 0
    )
    assert cli("offers", "add", "1", "--base", "90k", "--currency", "EUR").code == 0
    interview = cli("interviews", "show", "1")
    assert interview.code == 0, interview
    assert "Round 1: technical -- Acme [/], Dev [bold] (interview 1)" in interview.out
    offer = cli("offers", "show", "1")
    assert offer.code == 0, offer
    assert "Offer 1 -- Acme [/], Dev [bold]" in offer.out
    shown = cli("applications", "show", "1")
    assert shown.code == 0, shown
    assert "Offer 1 (" in shown.out  # the offer inside the application, without its heading
