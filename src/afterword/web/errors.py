"""How the web app reports problems: a plain sentence, never a traceback.

Pages get an error page, HTMX requests an alert swapped into the page they came from,
and the JSON API `{"detail": "..."}` with a fitting status code.
"""

from __future__ import annotations

import logging
import os

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from afterword import paths
from afterword.errors import (
    AfterwordError,
    ConfirmationRequiredError,
    InvalidInputError,
    NotFoundError,
    TransitionError,
)
from afterword.storage.session import BUSY_MESSAGE, is_busy
from afterword.web.security import CsrfError
from afterword.web.templating import is_htmx, render

_log = logging.getLogger("afterword.web")
# What a 503 asks the browser or script to wait before trying again.
RETRY_AFTER_SECONDS = 5


def _capital_sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def status_for(error: AfterwordError) -> int:
    """The HTTP status of a problem the user can fix."""
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, CsrfError):
        return 403
    if isinstance(error, TransitionError | ConfirmationRequiredError):
        return 409
    if isinstance(error, InvalidInputError):
        return 422
    return 400


def wants_json(request: Request) -> bool:
    """Whether the caller is the JSON API rather than a browser page."""
    return request.url.path.startswith("/api/")


def problem(request: Request, message: str, status: int) -> Response:
    """Reports `message` in the form the caller understands."""
    if wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    if is_htmx(request):
        # Swap the message into the page's alert area, whatever the request targeted.
        return render(
            request,
            "partials/_alert.html",
            {"message": message, "kind": "error"},
            headers={"HX-Retarget": "#alerts", "HX-Reswap": "innerHTML"},
        )
    return render(request, "error.html", {"message": message, "status": status}, status_code=status)


def _log_unexpected(request: Request, error: Exception) -> str:
    path = os.path.join(paths.data_dir(), "afterword-errors.log")
    try:
        paths.create_private_file(path)  # the log quotes requests: for its owner's eyes only
        handler = logging.FileHandler(path, encoding="utf-8")
        _log.addHandler(handler)
        try:
            _log.error(
                "unexpected error in %s %s", request.method, request.url.path, exc_info=error
            )
        finally:
            _log.removeHandler(handler)
            handler.close()
    except OSError:
        return ""
    return f" The details are in {path}."


def install_error_handlers(app: FastAPI) -> None:
    """Registers the handlers that turn exceptions into plain messages."""

    @app.exception_handler(AfterwordError)
    async def _user_problem(request: Request, error: AfterwordError) -> Response:
        return problem(request, str(error), status_for(error))

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, error: RequestValidationError) -> Response:
        if wants_json(request):
            # A validator's exception sits in `ctx`: encode it as text, never fail on it.
            detail = jsonable_encoder(
                error.errors(),
                custom_encoder={
                    Exception: str,
                    bytes: lambda raw: raw.decode("utf-8", "replace"),
                },
            )
            return JSONResponse({"detail": detail}, status_code=422)
        first = error.errors()[0] if error.errors() else {"loc": (), "msg": "bad request"}
        where = ".".join(str(part) for part in first["loc"][1:])
        message = f"{where}: {first['msg']}" if where else str(first["msg"])
        return problem(request, message, 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_problem(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 404:
            message = "There is nothing at this address."
        elif error.status_code == 405:
            message = "This address does not accept that kind of request."
        else:
            message = str(error.detail)
        response = problem(request, message, error.status_code)
        if error.headers:
            response.headers.update(error.headers)
        return response

    @app.exception_handler(Exception)
    async def _bug(request: Request, error: Exception) -> Response:
        if isinstance(error, DBAPIError) and is_busy(error):
            # Another writer (an import) held the database longer than a request waits: not a
            # bug, and nothing was changed. Say when to try again.
            response = problem(request, _capital_sentence(BUSY_MESSAGE), 503)
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        where = _log_unexpected(request, error)
        return problem(
            request,
            "Something went wrong inside afterword, and nothing was changed." + where,
            500,
        )
