"""The Alembic migrations: one linear chain, and a migrated schema identical to the models."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from afterword.db.base import Base
from afterword.storage.migrate import (
    MIGRATIONS_DIR,
    alembic_config,
    current_revision,
    ensure_current,
    is_afterword_object,
)
from afterword.storage.schema_version import HEAD
from afterword.storage.session import get_engine


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("sqlite://"))  # type: ignore[arg-type]


def test_head_constant_matches_the_newest_migration() -> None:
    assert _scripts().get_heads() == [HEAD]


def test_revision_chain_is_linear_from_the_first_table() -> None:
    revisions = list(_scripts().walk_revisions())
    assert len(_scripts().get_bases()) == 1
    for revision in revisions:
        assert not revision.is_merge_point, revision.revision
        assert not isinstance(revision.down_revision, tuple), revision.revision


def test_revision_files_are_dated() -> None:
    names = [
        p.name for p in Path(MIGRATIONS_DIR, "versions").glob("*.py") if p.name != "__init__.py"
    ]
    assert names
    assert all(re.match(r"\d{4}_\d{2}_\d{2}_\d{4}_\w+\.py$", name) for name in names), names


def test_migrated_schema_equals_the_models(database_url: str) -> None:
    with get_engine(database_url).connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": is_afterword_object}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_a_new_sqlite_database_is_created_and_upgraded_on_first_use(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'deep' / 'afterword.sqlite3'}"
    assert current_revision(url) is None
    ensure_current(url)
    assert current_revision(url) == HEAD
    ensure_current(url)  # a second call finds it current and does nothing
    assert current_revision(url) == HEAD


@pytest.mark.parametrize(
    "table", ["applications", "contacts", "interviews", "offers", "journal_entries"]
)
def test_every_owned_table_has_a_user_id(table: str) -> None:
    assert "user_id" in Base.metadata.tables[table].columns
