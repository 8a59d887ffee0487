"""A person's own wording of an email template, kept in the database (server mode).

The single-user app keeps its versions as files in the config directory
(drafts.service.override_dir); on a shared server that directory is the server's, so each
person's versions are rows here, read afresh for every draft, so a change made through one
web process is used by every other at once.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from afterword.db.base import Base, UTCDateTime


class PersonTemplate(Base):
    """One person's version of one built-in template (by the template's name)."""

    __tablename__ = "person_templates"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    text: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
