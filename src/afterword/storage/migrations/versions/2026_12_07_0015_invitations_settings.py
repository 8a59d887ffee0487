"""server mode: single-use account links (invitations, password resets), their email
outbox, and each person's own settings (with row-level security on PostgreSQL)

Revision ID: 2026_12_07_0015
Revises: 2026_12_07_0014
Create Date: 2026-12-07 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import afterword.db.base

revision: str = "2026_12_07_0015"
down_revision: str | None = "2026_12_07_0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY = "afterword_own_rows"
# The same condition as migration 0012's: unset means every row, set means that user's only.
_CONDITION = (
    "(SELECT NULLIF(current_setting('app.user_id', true), '')) IS NULL "
    "OR user_id = (SELECT NULLIF(current_setting('app.user_id', true), '')::integer)"
)


def upgrade() -> None:
    op.create_table(
        "account_links",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("created_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", afterword.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "purpose IN ('invite', 'reset')", name=op.f("ck_account_links_purpose_known")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_account_links_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_account_links")),
    )
    op.create_index(
        op.f("ix_account_links_account_id"), "account_links", ["account_id"], unique=False
    )
    op.create_table(
        "account_emails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("created_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", afterword.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_emails")),
        sa.UniqueConstraint("key", name=op.f("uq_account_emails_key")),
    )
    op.create_table(
        "user_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("playbook", sa.JSON(), nullable=True),
        sa.Column("mail", sa.JSON(), nullable=True),
        sa.Column("mail_password_sealed", sa.Text(), nullable=True),
        sa.Column("updated_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_settings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_settings")),
    )  # fmt: skip
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE user_settings ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE user_settings FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {POLICY} ON user_settings "
            f"USING ({_CONDITION}) WITH CHECK ({_CONDITION})"
        )


def downgrade() -> None:
    op.drop_table("user_settings")
    op.drop_table("account_emails")
    op.drop_index(op.f("ix_account_links_account_id"), table_name="account_links")
    op.drop_table("account_links")
