"""Alembic environment: runs migrations on the connection afterword hands over."""

from __future__ import annotations

from alembic import context

import afterword.storage.models  # noqa: F401  (registers every table on the metadata)
from afterword.db.base import Base
from afterword.storage.migrate import is_afterword_object

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Migrates using the caller's connection, or one opened from the configured URL."""
    connection = config.attributes.get("connection")
    if connection is None:
        from afterword.storage.session import get_engine

        with get_engine(config.get_main_option("sqlalchemy.url") or "").begin() as opened:
            _migrate(opened)
    else:
        _migrate(connection)


def _migrate(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
        render_as_batch=True,
        compare_type=True,
        include_name=is_afterword_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
