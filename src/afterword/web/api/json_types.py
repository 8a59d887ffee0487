"""Request bodies whose JSON types are held to the schema: `true` is not 1, "5" is not 5.

The API's bodies share their models with the forms and the command line, which hand over
text ("185000" from a form field), so those models convert leniently. A JSON client must
send what the OpenAPI schema says instead: each body is first checked in pydantic's strict
JSON mode, and a value of the wrong JSON type is refused, as the schema promises.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ValidationError, ValidationInfo, model_validator

_CHECKING = "afterword_json_types"
_JSON_TYPES = frozenset(
    {"int_type", "float_type", "bool_type", "string_type", "list_type", "dict_type"}
)


class JsonTyped(BaseModel):
    """A request body of the JSON API (see the module's note)."""

    @model_validator(mode="before")
    @classmethod
    def _json_types(cls, data: Any, info: ValidationInfo) -> Any:
        if (info.context or {}).get(_CHECKING) or not isinstance(data, dict):
            return data
        try:
            cls.model_validate_json(json.dumps(data), strict=True, context={_CHECKING: True})
        except ValidationError as error:
            # Only the plain JSON types are judged here: dates and the like arrive as text in
            # any mode, and their own validators refuse numbers (see validation.Day).
            wrong = [problem for problem in error.errors() if problem["type"] in _JSON_TYPES]
            if wrong:
                where = ".".join(str(part) for part in wrong[0]["loc"])
                raise ValueError(f"{where}: {wrong[0]['msg'].lower()}") from None
        except (TypeError, ValueError):  # not JSON data: the lenient validation judges it
            pass
        return data
