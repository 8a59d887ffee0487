"""The JSON API's error answers, as its OpenAPI schema describes them.

Every refusal is `{"detail": ...}`: a sentence for a problem the services found (no such
application, a change the pipeline does not allow), or, for a request that does not fit the
schema, FastAPI's list of the fields at fault.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class ValidationIssue(BaseModel):
    """One field that does not fit: where it is, what is wrong, and the kind of problem."""

    model_config = ConfigDict(extra="allow")  # pydantic adds the input and its context

    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """Why a request was refused."""

    detail: str | list[ValidationIssue]


def _problem(description: str) -> dict[str, Any]:
    return {"model": Problem, "description": description}


# The answers any operation of the API may give besides its own.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _problem("The request cannot be carried out as it stands."),
    403: _problem("A change without the form token, or from another website: refused."),
    404: _problem("There is no such record (or address) for this user."),
    409: _problem("The pipeline's rules do not allow this change from the current state."),
    422: _problem("A value does not fit: the sentence, or the list of fields, says which."),
    503: _problem("The database is busy with other work; try again after Retry-After seconds."),
}
