"""Bringing a database's schema up to date with Alembic.

Alembic is slow to import, so the common case (the schema is already current)
is answered by reading the `alembic_version` row directly and comparing it
with HEAD; Alembic itself is loaded only when there is work to do.
"""

from __future__ import annotations

import os
import sqlite3

from afterword.storage.schema_version import HEAD

MIGRATIONS_DIR = os.path.join(os.path.dirname(__file__), "migrations")


def current_revision(url: str) -> str | None:
    """Returns the schema revision stored in the database, or None when it has none."""
    from afterword.storage.session import sqlite_path

    path = sqlite_path(url)
    if path is not None:
        if not os.path.exists(path):
            return None
        with sqlite3.connect(path) as connection:
            try:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.OperationalError:
                return None
        return row[0] if row else None
    import sqlalchemy as sa

    from afterword.storage.session import get_engine

    with get_engine(url).connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config(url: str) -> object:
    """Builds an Alembic configuration for `url` without an alembic.ini file."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", MIGRATIONS_DIR)
    # Alembic's config is ConfigParser-based: a literal % in a password must be doubled.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Runs every pending migration on the database at `url`."""
    from alembic import command

    from afterword.storage.session import get_engine

    config = alembic_config(url)
    with get_engine(url).begin() as connection:
        config.attributes["connection"] = connection  # type: ignore[attr-defined]
        command.upgrade(config, revision)  # type: ignore[arg-type]


def ensure_current(url: str) -> None:
    """Upgrades the schema when it is behind the code (a no-op, and cheap, when current)."""
    if current_revision(url) != HEAD:
        upgrade(url)


def is_afterword_object(name: str | None, type_: str, _parents: object = None) -> bool:
    """Whether a database object is afterword's to compare with the models: the job queue's
    tables (procrastinate_*, made by its own schema in migration 0017) are not."""
    return not (type_ == "table" and (name or "").startswith("procrastinate_"))
