"""Schemathesis: every operation of the JSON API, fed generated input, never fails with a 5xx.

The schema is the app's own /api/openapi.json. Requests carry the form token (as a script
would) so that generated input reaches the handlers instead of stopping at the CSRF check.
The database is seeded with one application, interview and offer, so ids like 1 exist.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from afterword import clock
from afterword.settings import load_settings
from afterword.web.app import create_app
from afterword.workspace import workspace_scope

TODAY = dt.date(2026, 11, 23)
EXAMPLES = int(os.environ.get("AFTERWORD_FUZZ_EXAMPLES", "25"))


def _seed(settings: Any) -> None:
    from afterword.offers.schemas import OfferTerms
    from afterword.offers.service import record_offer
    from afterword.pipeline.applications import add_application
    from afterword.pipeline.interviews import log_interview
    from afterword.pipeline.schemas import ApplicationFields, InterviewFields

    with workspace_scope(settings) as ws:
        first = add_application(
            session=ws.session,
            user_id=ws.user_id,
            fields=ApplicationFields(company="Northwind", role="Data Engineer"),
            now=ws.now,
        )
        log_interview(
            session=ws.session,
            user_id=ws.user_id,
            application_id=first.id,
            fields=InterviewFields(scheduled_at=ws.now - dt.timedelta(hours=2)),
            now=ws.now,
        )
        second = add_application(
            session=ws.session,
            user_id=ws.user_id,
            fields=ApplicationFields(company="Contoso", role="Analyst"),
            now=ws.now,
        )
        record_offer(
            session=ws.session,
            user_id=ws.user_id,
            application_id=second.id,
            terms=OfferTerms(
                base_salary=80_000, currency="GBP", deadline=TODAY + dt.timedelta(days=5)
            ),
            received_on=TODAY,
            now=ws.now,
        )


@pytest.fixture
def api_schema(sqlite_url: str) -> Iterator[Any]:
    """The app's OpenAPI schema, bound to the app over a seeded database."""
    clock.pin_date(TODAY, "Europe/London")
    settings = load_settings(database_url=sqlite_url, web={"allowed_hosts": ["testserver"]})
    app = create_app(settings)
    _seed(settings)
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    schema.app_token = app.state.csrf_token_for(None)  # type: ignore[attr-defined]
    yield schema
    clock.pin(None)


def _operations(schema: Any) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


def test_api_has_operations_to_fuzz(api_schema: Any) -> None:
    paths = {operation.path for operation in _operations(api_schema)}
    assert any(path.startswith("/api/") for path in paths), paths


def test_api_operations_never_answer_with_a_server_error(api_schema: Any) -> None:
    # One hypothesis run per operation (schemathesis' pytest plugin does not work with
    # pytest 9 yet, so the operations are walked here).
    token = api_schema.app_token
    failures: list[str] = []
    for operation in _operations(api_schema):

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        def fuzz(case: Any) -> None:
            response = case.call(headers={"X-CSRF-Token": token})
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} -> {response.status_code}: "
                f"{response.text[:300]}"
            )

        try:
            fuzz()
        except AssertionError as error:
            failures.append(str(error).splitlines()[0])
    assert not failures, "\n".join(failures)
