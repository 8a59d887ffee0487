"""server mode: accounts, server-side sessions, sign-in attempts; on PostgreSQL, row-level
security policies on every user-owned table (no-ops until a transaction sets app.user_id)

Revision ID: 2026_12_07_0012
Revises: 2026_12_07_0011
Create Date: 2026-12-07 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import afterword.db.base

revision: str = "2026_12_07_0012"
down_revision: str | None = "2026_12_07_0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY = "afterword_own_rows"
# Server bookkeeping, read before anyone is known (signing in): not a user's records.
NOT_USER_RECORDS = frozenset({"accounts"})
# Unset or empty: every row (the single-user app, and admin commands). Set: that user's only.
# Each setting is read in a sub-select: PostgreSQL then reads it once per query (an InitPlan)
# rather than once per row. The queries' own `user_id = ...` still picks the index; the
# policy is one more filter on the rows found.
_CONDITION = (
    "(SELECT NULLIF(current_setting('app.user_id', true), '')) IS NULL "
    "OR user_id = (SELECT NULLIF(current_setting('app.user_id', true), '')::integer)"
)


def _user_owned_tables() -> list[str]:
    inspector = sa.inspect(op.get_bind())
    return sorted(
        name
        for name in inspector.get_table_names()
        if name not in NOT_USER_RECORDS
        and any(column["name"] == "user_id" for column in inspector.get_columns(name))
    )


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("created_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", afterword.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "role IN ('seeker', 'coach', 'admin')", name=op.f("ck_accounts_role_known")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_accounts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("email", name=op.f("uq_accounts_email")),
        sa.UniqueConstraint("user_id", name=op.f("uq_accounts_user_id")),
    )
    op.create_table(
        "server_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("form_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_server_sessions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_server_sessions")),
    )
    op.create_index(
        op.f("ix_server_sessions_account_id"), "server_sessions", ["account_id"], unique=False
    )
    op.create_index(
        op.f("ix_server_sessions_expires_at"), "server_sessions", ["expires_at"], unique=False
    )
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=400), nullable=False),
        sa.Column("at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_attempts")),
    )
    op.create_index(
        "ix_sign_in_attempts_subject_at", "sign_in_attempts", ["subject", "at"], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in _user_owned_tables():
            # FORCE: the policies bind the tables' owner too (the app usually connects as it).
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY {POLICY} ON {table} USING ({_CONDITION}) WITH CHECK ({_CONDITION})"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _user_owned_tables():
            op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.drop_index("ix_sign_in_attempts_subject_at", table_name="sign_in_attempts")
    op.drop_table("sign_in_attempts")
    op.drop_index(op.f("ix_server_sessions_expires_at"), table_name="server_sessions")
    op.drop_index(op.f("ix_server_sessions_account_id"), table_name="server_sessions")
    op.drop_table("server_sessions")
    op.drop_table("accounts")
