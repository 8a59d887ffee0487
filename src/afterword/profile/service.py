"""Finding, creating and editing the user's profile."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.profile.models import User
from afterword.profile.schemas import ProfileFields

# Every request and command starts here: the statement is built once, a call binds the handle.
_BY_HANDLE = sa.select(User).where(User.handle == sa.bindparam("handle", type_=sa.String))


def find_user(*, session: Session, handle: str) -> User | None:
    """Returns the user with this handle, if there is one."""
    return session.scalars(_BY_HANDLE, {"handle": handle}).one_or_none()


def get_or_create_user(
    *, session: Session, handle: str, timezone: str, country: str, now: dt.datetime
) -> User:
    """Returns the user with this handle, creating it with the given defaults on first use."""
    user = find_user(session=session, handle=handle)
    if user is None:
        user = User(handle=handle, timezone=timezone, country=country, created_at=now)
        session.add(user)
        session.flush()
    return user


def profile_fields(user: User) -> ProfileFields:
    """Returns the profile as validated fields (the base for an edit)."""
    return ProfileFields(
        name=user.name,
        email=user.email,
        signature=user.signature,
        timezone=user.timezone,
        country=user.country,
    )


def update_profile(*, session: Session, user: User, fields: ProfileFields) -> User:
    """Replaces the user's profile with `fields`."""
    for name, value in fields.model_dump().items():
        setattr(user, name, value)
    session.flush()
    return user
