"""Reading HTML forms into the same validated models the command line uses.

A form that fails validation is shown again with every value the user typed and
each error next to its field, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from afterword.errors import AfterwordError
from afterword.validation import plain_message
from afterword.web.flash import flash
from afterword.web.templating import is_htmx

M = TypeVar("M", bound=BaseModel)

# Errors that belong to the form as a whole rather than to one field.
FORM = "__form__"


@dataclass
class FormState(Generic[M]):
    """The outcome of reading a form: the model, or the errors and what was typed."""

    values: dict[str, Any]
    model: M | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the form was valid."""
        return self.model is not None and not self.errors

    def fail(self, message: str, *, on: str = FORM) -> FormState[M]:
        """Records an error found after validation (e.g. by a service) next to a field."""
        self.errors[on] = message
        self.model = None
        return self


def form_values(form: Mapping[str, Any], *, lists: Iterable[str] = ()) -> dict[str, Any]:
    """The submitted fields as plain strings (lists for repeated fields), minus the token."""
    list_names = set(lists)
    values: dict[str, Any] = {}
    getlist = getattr(form, "getlist", None)
    for name in form:
        if name == "csrf_token":
            continue
        if name in list_names and getlist is not None:
            values[name] = [str(item) for item in getlist(name)]
        else:
            raw = form[name]
            values[name] = raw if isinstance(raw, str) else str(raw)
    return values


def _blank_to_none(values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: (None if isinstance(value, str) and not value.strip() else value)
        for name, value in values.items()
    }


def parse_form(model: type[M], values: Mapping[str, Any], **extra: Any) -> FormState[M]:
    """Validates the typed values (blank means not given) with `model`."""
    state: FormState[M] = FormState(values=dict(values))
    data = {**_blank_to_none(values), **extra}
    try:
        state.model = model.model_validate(data)
    except ValidationError as error:
        for problem in error.errors():
            location = [
                str(part) for part in problem["loc"] if not str(part).startswith("function-")
            ]
            name = location[0] if location else FORM
            state.errors.setdefault(name, plain_message(problem))
    return state


def run_service(state: FormState[M], action: Any, *, on: str = FORM) -> Any:
    """Calls a service with the valid form; a refusal becomes the form's error."""
    try:
        return action()
    except AfterwordError as error:
        state.fail(str(error), on=on)
        return None


async def read_form(request: Request) -> dict[str, Any]:
    """The submitted form as plain values (a dependency for sync handlers)."""
    return form_values(await request.form())


def done(request: Request, url: str, message: str) -> Response:
    """Success: back to the page (HTMX reloads it), with a message."""
    if is_htmx(request):
        # Without the #fragment: moving to a fragment of the same page would not reload it.
        page = url.split("#")[0]
        response: Response = Response(status_code=200, headers={"HX-Redirect": page})
    else:
        response = RedirectResponse(url, status_code=303)
    return flash(response, message)
