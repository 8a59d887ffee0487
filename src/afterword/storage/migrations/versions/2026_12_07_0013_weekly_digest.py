"""weekly digest: the ledger of weekly-review emails, one per user and week

Revision ID: 2026_12_07_0013
Revises: 2026_12_07_0012
Create Date: 2026-12-07 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import afterword.db.base

revision: str = "2026_12_07_0013"
down_revision: str | None = "2026_12_07_0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same row-level policy as every other user-owned table (see 2026_12_07_0012).
POLICY = "afterword_own_rows"
_CONDITION = (
    "(SELECT NULLIF(current_setting('app.user_id', true), '')) IS NULL "
    "OR user_id = (SELECT NULLIF(current_setting('app.user_id', true), '')::integer)"
)


def upgrade() -> None:
    op.create_table(
        "weekly_digests",
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("to_email", sa.String(length=320), nullable=False),
        sa.Column("message_id", sa.String(length=500), nullable=True),
        sa.Column("sent_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_weekly_digests_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekly_digests")),
        sa.UniqueConstraint(
            "user_id", "week_start", name=op.f("uq_weekly_digests_user_id_week_start")
        ),
    )
    op.create_index(op.f("ix_weekly_digests_user_id"), "weekly_digests", ["user_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE weekly_digests ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE weekly_digests FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {POLICY} ON weekly_digests "
            f"USING ({_CONDITION}) WITH CHECK ({_CONDITION})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP POLICY IF EXISTS {POLICY} ON weekly_digests")
    op.drop_index(op.f("ix_weekly_digests_user_id"), table_name="weekly_digests")
    op.drop_table("weekly_digests")
