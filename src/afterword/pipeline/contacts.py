"""The people in a process: recruiters, hiring managers, interviewers, ..."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm import Session

from afterword.errors import InvalidInputError, NotFoundError
from afterword.pipeline.applications import get_application
from afterword.pipeline.models import Application, Contact
from afterword.pipeline.schemas import ContactFields
from afterword.validation import invalid_input


def add_contact(
    *, session: Session, user_id: int, application_id: int, fields: ContactFields, now: dt.datetime
) -> Contact:
    """Adds a person to an application."""
    application = get_application(session=session, user_id=user_id, application_id=application_id)
    contact = Contact(user_id=user_id, created_at=now, **fields.model_dump())
    application.contacts.append(contact)
    session.flush()
    return contact


def find_or_add_contact(
    *, session: Session, application: Application, fields: ContactFields, now: dt.datetime
) -> Contact:
    """Returns the application's contact with the same email (or else name), adding it if new."""
    for contact in application.contacts:
        same_email = (
            fields.email and contact.email and contact.email.lower() == fields.email.lower()
        )
        same_name = (
            not fields.email
            and fields.name
            and contact.name
            and contact.name.lower() == fields.name.lower()
        )
        if same_email or same_name:
            return contact
    contact = Contact(user_id=application.user_id, created_at=now, **fields.model_dump())
    application.contacts.append(contact)
    session.flush()
    return contact


def get_contact(*, session: Session, user_id: int, contact_id: int) -> Contact:
    """Returns one of the user's contacts, or raises NotFoundError."""
    contact = session.get(Contact, contact_id)
    if contact is None or contact.user_id != user_id:
        raise NotFoundError(f"there is no contact with id {contact_id}")
    return contact


def list_contacts(
    *, session: Session, user_id: int, application_id: int | None = None
) -> list[Contact]:
    """Lists the user's contacts, optionally those of one application."""
    query = sa.select(Contact).where(Contact.user_id == user_id).order_by(Contact.id)
    if application_id is not None:
        get_application(session=session, user_id=user_id, application_id=application_id)
        query = query.where(Contact.application_id == application_id)
    return list(session.scalars(query))


def update_contact(
    *, session: Session, user_id: int, contact_id: int, changes: dict[str, Any]
) -> Contact:
    """Applies `changes` to a contact after validating the result as a whole."""
    contact = get_contact(session=session, user_id=user_id, contact_id=contact_id)
    unknown = set(changes) - set(ContactFields.model_fields)
    if unknown:
        raise InvalidInputError(f"cannot edit unknown field(s): {', '.join(sorted(unknown))}")
    current = {name: getattr(contact, name) for name in ContactFields.model_fields}
    try:
        fields = ContactFields.model_validate({**current, **changes})
    except ValidationError as error:
        raise invalid_input(error) from None
    for name, value in fields.model_dump().items():
        setattr(contact, name, value)
    session.flush()
    return contact


def delete_contact(*, session: Session, user_id: int, contact_id: int) -> None:
    """Deletes a person; interviews they took part in stay, without them."""
    contact = get_contact(session=session, user_id=user_id, contact_id=contact_id)
    application = contact.application
    for interview in application.interviews:
        if contact in interview.interviewers:
            interview.interviewers.remove(contact)
    # delete-orphan removes the row; actions that named them keep going without a name
    # (the database sets their contact to NULL) until the next plan settles them.
    application.contacts.remove(contact)
    session.flush()
