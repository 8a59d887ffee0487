"""The form, the JSON API and the command line refuse the same input with the same words.

Validation lives once, in validation.py's field types; every adapter shows its message.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterword.dates import implausible
from afterword.validation import NUL_MESSAGE
from tests.cli.conftest import _runner
from tests.web.conftest import WebClient

# Years a slip of the finger gives: 0202, 2999, 9999 ...
far_days = st.dates().filter(lambda day: implausible(day) is not None)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(day=far_days)
def test_an_implausible_applied_date_is_refused_with_one_message_everywhere(
    client: WebClient, capsys: pytest.CaptureFixture[str], day: object
) -> None:
    expected = implausible(day)  # type: ignore[arg-type]
    assert expected is not None
    cli = _runner(capsys)
    result = cli("applications", "add", "Acme", "Engineer", "--applied", str(day))
    assert result.code != 0
    assert result.err.strip() == f"error: --applied: {expected}"

    form = client.submit(
        "/applications", {"company": "Acme", "role": "Engineer", "applied_on": str(day)}
    )
    assert expected in form.text

    api = client.api(
        "POST",
        "/api/applications",
        json={"company": "Acme", "role": "Engineer", "applied_on": str(day)},
    )
    assert api.status_code == 422
    assert expected in api.text

    listed = cli("applications", "list", "--json")
    assert listed.json() == [], "nothing was added by any of the three"


@pytest.mark.parametrize("field", ["company", "role", "source"])
def test_a_nul_character_is_refused_by_name_in_the_form_and_the_api(
    client: WebClient, field: str
) -> None:
    values = {"company": "Acme", "role": "Engineer", field: "Ac\x00me"}
    form = client.submit("/applications", values)
    assert NUL_MESSAGE in form.text
    api = client.api("POST", "/api/applications", json=values)
    assert api.status_code == 422 and NUL_MESSAGE in api.text
    assert client.api("GET", "/api/applications").json()["items"] == []
