"""server mode: each person's calendar feed address (only its token's hash), behind
row-level security on PostgreSQL

Revision ID: 2026_12_07_0020
Revises: 2026_12_07_0019
Create Date: 2026-12-07 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import afterword.db.base

revision: str = "2026_12_07_0020"
down_revision: str | None = "2026_12_07_0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY = "afterword_own_rows"
LOOKUP_POLICY = "afterword_feed_lookup"
# The same condition as migrations 0012 and 0015: unset means every row, set means that
# user's only.
_CONDITION = (
    "(SELECT NULLIF(current_setting('app.user_id', true), '')) IS NULL "
    "OR user_id = (SELECT NULLIF(current_setting('app.user_id', true), '')::integer)"
)
# A calendar app's request knows no user, only a token: the transaction that looks it up
# names the token's hash and may read that one row (knowing the hash needs the token).
# Reading only; writing still needs the owner. No coach policy: a coach never reads this.
_LOOKUP = "token_hash = (SELECT NULLIF(current_setting('app.feed_token_hash', true), ''))"


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_calendar_feeds_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )  # fmt: skip
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE calendar_feeds ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE calendar_feeds FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {POLICY} ON calendar_feeds "
            f"USING ({_CONDITION}) WITH CHECK ({_CONDITION})"
        )
        op.execute(f"CREATE POLICY {LOOKUP_POLICY} ON calendar_feeds FOR SELECT USING ({_LOOKUP})")


def downgrade() -> None:
    op.drop_table("calendar_feeds")
