"""coaching: a coach edits or deletes their own comment; the seeker sees that it was edited

On PostgreSQL, a coach may change or delete a comment only when it names them as its author
and the seeker's share still stands (the same condition as their insert in 0014). Nobody
else's comment, and never once the share has ended.

Revision ID: 2026_12_07_0022
Revises: 2026_12_07_0021
Create Date: 2026-12-07 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import afterword.db.base

revision: str = "2026_12_07_0022"
down_revision: str | None = "2026_12_07_0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COACH_EDITS = "afterword_coach_edits"
COACH_DELETES = "afterword_coach_deletes"
ME = "(SELECT NULLIF(current_setting('app.user_id', true), '')::integer)"
VIEWING = "(SELECT NULLIF(current_setting('app.viewing_user_id', true), '')::integer)"
# The author, about the seeker being viewed, while that seeker's share with them stands.
_AUTHOR_ROW = (
    f"coach_user_id = {ME} AND user_id = {VIEWING} AND EXISTS (SELECT 1 FROM coach_shares s "
    f"WHERE s.user_id = {VIEWING} AND s.coach_user_id = {ME})"
)


def upgrade() -> None:
    with op.batch_alter_table("coach_comments") as batch:
        batch.add_column(
            sa.Column("edited_at", afterword.db.base.UTCDateTime(timezone=True), nullable=True)
        )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"CREATE POLICY {COACH_EDITS} ON coach_comments FOR UPDATE "
        f"USING ({_AUTHOR_ROW}) WITH CHECK ({_AUTHOR_ROW})"
    )
    op.execute(f"CREATE POLICY {COACH_DELETES} ON coach_comments FOR DELETE USING ({_AUTHOR_ROW})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP POLICY IF EXISTS {COACH_DELETES} ON coach_comments")
        op.execute(f"DROP POLICY IF EXISTS {COACH_EDITS} ON coach_comments")
    with op.batch_alter_table("coach_comments") as batch:
        batch.drop_column("edited_at")
