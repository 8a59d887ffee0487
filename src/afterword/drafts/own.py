"""Each person's own wording of the email templates on a shared server (drafts.models).

The single-user app keeps these as files (drafts.overrides); on a server the config
directory is the server's, so they are rows, one per person and template. Every draft
reads its row afresh -- there is no cache to go stale, so a version saved through one web
process is used by every other at once. A version is saved only if it renders both with
every fact known and with only the company and role known (overrides.check_template,
strict): a draft never silently falls back to the built-in text on a server.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.drafts.models import PersonTemplate
from afterword.drafts.overrides import TemplateCheck, check_name, check_template


def own_text(*, session: Session, user_id: int, name: str) -> str | None:
    """The person's version of template `name`, if they have one."""
    return session.scalar(
        sa.select(PersonTemplate.text).where(
            PersonTemplate.user_id == user_id, PersonTemplate.name == name
        )
    )


def own_names(*, session: Session, user_id: int) -> set[str]:
    """The templates the person has their own version of."""
    return set(
        session.scalars(sa.select(PersonTemplate.name).where(PersonTemplate.user_id == user_id))
    )


def save_own(
    *, session: Session, user_id: int, name: str, text: str, now: dt.datetime
) -> TemplateCheck:
    """Keeps the person's version after checking it strictly; a refused one is not written
    (the check's error says why, in one line)."""
    check = check_template(check_name(name), text, strict=True)
    if check.error is not None:
        return check
    normalised = text.replace("\r\n", "\n")
    normalised = normalised if normalised.endswith("\n") else normalised + "\n"
    row = session.get(PersonTemplate, (user_id, name))
    if row is None:
        session.add(PersonTemplate(user_id=user_id, name=name, text=normalised, updated_at=now))
    else:
        row.text, row.updated_at = normalised, now
    session.flush()
    return check


def remove_own(*, session: Session, user_id: int, name: str) -> bool:
    """Deletes the person's version, so drafts use the packaged text; whether there was one."""
    removed = session.execute(
        sa.delete(PersonTemplate).where(
            PersonTemplate.user_id == user_id, PersonTemplate.name == check_name(name)
        )
    )
    return bool(removed.rowcount)  # type: ignore[attr-defined]
