"""tags name their owner: application_tags.user_id (backfilled from the application), so the
Pipeline's tag filter reads a person's tag names from one index instead of one lookup per
application; behind row-level security on PostgreSQL

Revision ID: 2026_12_07_0021
Revises: 2026_12_07_0020
Create Date: 2026-12-07 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2026_12_07_0021"
down_revision: str | None = "2026_12_07_0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY = "afterword_own_rows"
COACH_READS = "afterword_coach_reads"
# The same conditions as migrations 0012, 0014 and 0015: unset means every row, set means that
# user's only.
ME = "(SELECT NULLIF(current_setting('app.user_id', true), '')::integer)"
VIEWING = "(SELECT NULLIF(current_setting('app.viewing_user_id', true), '')::integer)"
_CONDITION = f"(SELECT NULLIF(current_setting('app.user_id', true), '')) IS NULL OR user_id = {ME}"
# Tags are not a new record: a coach with a share read them (through the application) before
# this column existed, and still does -- the coach policy of 0014, not private.
_COACH = (
    f"user_id = {VIEWING} AND EXISTS (SELECT 1 FROM coach_shares s "
    f"WHERE s.user_id = {VIEWING} AND s.coach_user_id = {ME})"
)


def upgrade() -> None:
    with op.batch_alter_table("application_tags", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE application_tags SET user_id = (SELECT a.user_id FROM applications a "
        "WHERE a.id = application_tags.application_id)"
    )
    with op.batch_alter_table("application_tags", schema=None) as batch_op:
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_application_tags_user_id_users"),
            "users",
            ["user_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index("ix_application_tags_user_name", ["user_id", "name"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE application_tags ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE application_tags FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {POLICY} ON application_tags "
            f"USING ({_CONDITION}) WITH CHECK ({_CONDITION})"
        )
        op.execute(f"CREATE POLICY {COACH_READS} ON application_tags FOR SELECT USING ({_COACH})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP POLICY IF EXISTS {COACH_READS} ON application_tags")
        op.execute(f"DROP POLICY IF EXISTS {POLICY} ON application_tags")
        op.execute("ALTER TABLE application_tags NO FORCE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE application_tags DISABLE ROW LEVEL SECURITY")
    with op.batch_alter_table("application_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_application_tags_user_name")
        batch_op.drop_constraint(
            batch_op.f("fk_application_tags_user_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("user_id")
