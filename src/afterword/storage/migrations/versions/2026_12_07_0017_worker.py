"""background worker: the daily-run ledger and the opt-ins; on PostgreSQL, row-level
security on both and the job queue's own schema (procrastinate)

Revision ID: 2026_12_07_0017
Revises: 2026_12_07_0015
Create Date: 2026-12-07 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import afterword.db.base

revision: str = "2026_12_07_0017"
down_revision: str | None = "2026_12_07_0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY = "afterword_own_rows"
_CONDITION = (
    "(SELECT NULLIF(current_setting('app.user_id', true), '')) IS NULL "
    "OR user_id = (SELECT NULLIF(current_setting('app.user_id', true), '')::integer)"
)
TABLES = ("daily_runs", "daily_preferences")


def upgrade() -> None:
    op.create_table(
        "daily_runs",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("done_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('replan', 'digest', 'mail_sync')", name=op.f("ck_daily_runs_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_daily_runs_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", "local_date", name=op.f("pk_daily_runs")),
    )
    op.create_index(
        "ix_daily_runs_kind_local_date", "daily_runs", ["kind", "local_date"], unique=False
    )
    op.create_table(
        "daily_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("morning_digest", sa.Boolean(), nullable=False),
        sa.Column("mail_sync", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_daily_preferences_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_daily_preferences")),
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY {POLICY} ON {table} USING ({_CONDITION}) WITH CHECK ({_CONDITION})"
            )
        # The job queue lives in the same database: its schema comes with afterword's, so one
        # `afterword db upgrade` prepares both. A later procrastinate release that changes its
        # schema gets its own migration here, applying that release's migration files.
        from procrastinate.schema import SchemaManager

        # Straight to psycopg, without parameters: the schema's own '%' are then left alone.
        driver = op.get_bind().connection.driver_connection
        assert driver is not None  # an open connection: alembic runs inside its transaction
        driver.execute(SchemaManager.get_schema())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers, "
            "procrastinate_jobs, procrastinate_workers CASCADE"
        )
        op.execute(
            """
            DO $$
            DECLARE f record;
            BEGIN
              FOR f IN SELECT oid::regprocedure AS signature FROM pg_proc
                       WHERE proname LIKE 'procrastinate%' LOOP
                EXECUTE 'DROP FUNCTION IF EXISTS ' || f.signature || ' CASCADE';
              END LOOP;
            END $$
            """
        )
        op.execute(
            "DROP TYPE IF EXISTS procrastinate_job_status, procrastinate_job_event_type, "
            "procrastinate_job_to_defer_v1 CASCADE"
        )
    op.drop_table("daily_preferences")
    op.drop_index("ix_daily_runs_kind_local_date", table_name="daily_runs")
    op.drop_table("daily_runs")
