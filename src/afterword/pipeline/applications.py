"""Adding, finding, editing, reopening and deleting applications."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm import Session, selectinload

from afterword.errors import InvalidInputError, NotFoundError
from afterword.pipeline.history import apply_event, record_status
from afterword.pipeline.models import Application, ApplicationTag
from afterword.pipeline.schemas import ApplicationFields
from afterword.pipeline.status import Status
from afterword.pipeline.transitions import Event, EventKind
from afterword.validation import invalid_input

_FIELD_NAMES = tuple(name for name in ApplicationFields.model_fields if name != "tags")


def add_application(
    *,
    session: Session,
    user_id: int,
    fields: ApplicationFields,
    now: dt.datetime,
    cause: str = "application added",
    today: dt.date | None = None,
) -> Application:
    """Adds an application in the 'applied' status and records how it entered the pipeline
    (given `today`, refusing a date applied after it)."""
    _not_applied_later_than(fields.applied_on, today)
    application = Application(user_id=user_id, created_at=now, updated_at=now)
    _assign(application, fields)
    session.add(application)
    record_status(
        session=session, application=application, status=Status.APPLIED, cause=cause, now=now
    )
    return application


def get_application(*, session: Session, user_id: int, application_id: int) -> Application:
    """Returns one of the user's applications, or raises NotFoundError."""
    application = session.get(Application, application_id)
    if application is None or application.user_id != user_id:
        raise NotFoundError(f"there is no application with id {application_id}")
    return application


def list_applications(
    *, session: Session, user_id: int, statuses: frozenset[Status] | None = None
) -> list[Application]:
    """Lists the user's applications in the order they were added, children loaded."""
    query = (
        sa.select(Application)
        .where(Application.user_id == user_id)
        .order_by(Application.id)
        .options(
            selectinload(Application.tags),
            selectinload(Application.contacts),
            selectinload(Application.offers),
        )
    )
    if statuses:
        query = query.where(Application.status.in_(statuses))
    return list(session.scalars(query))


def application_fields(application: Application) -> dict[str, Any]:
    """Returns the application's editable fields as plain values."""
    values = {name: getattr(application, name) for name in _FIELD_NAMES}
    values["tags"] = application.tag_names
    return values


def update_application(
    *,
    session: Session,
    user_id: int,
    application_id: int,
    changes: dict[str, Any],
    now: dt.datetime,
    today: dt.date | None = None,
) -> Application:
    """Applies `changes` (field -> new value; None clears) after validating the result as a whole
    (given `today`, refusing a date applied after it)."""
    application = get_application(session=session, user_id=user_id, application_id=application_id)
    unknown = set(changes) - set(ApplicationFields.model_fields)
    if unknown:
        raise InvalidInputError(f"cannot edit unknown field(s): {', '.join(sorted(unknown))}")
    try:
        fields = ApplicationFields.model_validate({**application_fields(application), **changes})
    except ValidationError as error:
        raise invalid_input(error) from None
    if fields.applied_on != application.applied_on:  # a date kept as it was is not refused
        _not_applied_later_than(fields.applied_on, today)
    _assign(application, fields)
    application.updated_at = now
    session.flush()
    return application


def _not_applied_later_than(applied_on: dt.date | None, today: dt.date | None) -> None:
    if applied_on is not None and today is not None and applied_on > today:
        raise InvalidInputError(
            f"applied_on: {applied_on.isoformat()} is after today ({today.isoformat()}); "
            "record the application once you have applied"
        )


def reopen_application(
    *,
    session: Session,
    user_id: int,
    application_id: int,
    now: dt.datetime,
    role: str | None = None,
    note: str | None = None,
) -> Application:
    """Reopens an ended process (e.g. a rejected one that came back with a new role)."""
    application = get_application(session=session, user_id=user_id, application_id=application_id)
    cause = "reopened"
    if role and role.strip() and role.strip() != application.role:
        cause += f" for the role '{role.strip()}' (was '{application.role}')"
    if note:
        cause += f": {note.strip()}"
    apply_event(
        session=session,
        application=application,
        event=Event(EventKind.REOPENED),
        cause=cause,
        now=now,
    )
    if role and role.strip():
        update_application(
            session=session,
            user_id=user_id,
            application_id=application_id,
            changes={"role": role},
            now=now,
        )
    return application


def delete_application(*, session: Session, user_id: int, application_id: int) -> None:
    """Deletes an application and everything recorded about it."""
    application = get_application(session=session, user_id=user_id, application_id=application_id)
    session.delete(application)
    session.flush()


def _assign(application: Application, fields: ApplicationFields) -> None:
    for name in _FIELD_NAMES:
        setattr(application, name, getattr(fields, name))
    wanted = set(fields.tags)
    application.tags = [tag for tag in application.tags if tag.name in wanted] + [
        ApplicationTag(name=name, user_id=application.user_id)
        for name in sorted(wanted - set(application.tag_names))
    ]
