"""coaching: shares with coaches, coaches' comments, the log of coaches' views; on
PostgreSQL, the policies that let a coach read (never change) what was shared with them,
and the admin's cohort numbers as a function that returns aggregates only

Revision ID: 2026_12_07_0014
Revises: 2026_12_07_0013
Create Date: 2026-12-07 02:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import afterword.db.base

revision: str = "2026_12_07_0014"
down_revision: str | None = "2026_12_07_0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OWN_POLICY = "afterword_own_rows"  # the seeker's own rows (as in 0012)
COACH_READS = "afterword_coach_reads"
COACH_WRITES = "afterword_coach_writes"
NEW_TABLES = ("coach_shares", "coach_comments", "coach_views")
NOT_USER_RECORDS = frozenset({"accounts", *NEW_TABLES})
# Shared only when the seeker ticks "include my journal, moods and feedback".
PRIVATE_TABLES = frozenset({"journal_entries", "mood_checkins", "feedback", "reflections"})

# Each setting in a sub-select, read once per query (see 0012).
ME = "(SELECT NULLIF(current_setting('app.user_id', true), '')::integer)"
# The seeker a coach's transaction is about: set only by the coach's pages, one per request.
VIEWING = "(SELECT NULLIF(current_setting('app.viewing_user_id', true), '')::integer)"
OWN = f"(SELECT NULLIF(current_setting('app.user_id', true), '')) IS NULL OR user_id = {ME}"


def _shared(private: bool = False) -> str:
    """A share from the seeker being viewed to the signed-in coach (with the private parts)."""
    extra = " AND s.include_private" if private else ""
    return (
        "EXISTS (SELECT 1 FROM coach_shares s "
        f"WHERE s.user_id = {VIEWING} AND s.coach_user_id = {ME}{extra})"
    )


def _coach_reads(private: bool) -> str:
    return f"user_id = {VIEWING} AND {_shared(private)}"


# A row a coach writes in the seeker's name: it names the coach, and the share stands.
_COACH_ROW = f"coach_user_id = {ME} AND user_id = {VIEWING} AND {_shared()}"
# The only row of the seeker's own tables a coach may add: an open suggested action.
_COACH_ACTION = f"rule = 'coach' AND state = 'open' AND user_id = {VIEWING} AND {_shared()}"

# Admins see the cohort, never a record: this function (run as its owner, with the row
# setting cleared for its duration only) returns counts and a median, and nothing else.
COHORT_FUNCTION = """
CREATE OR REPLACE FUNCTION afterword_cohort_numbers()
RETURNS TABLE (
    seekers bigint, coaches bigint, admins bigint, disabled bigint, searching bigint,
    applications bigint, interviewed bigint, offered bigint, seekers_with_offer bigint,
    median_days_to_first_offer double precision
)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
SET app.user_id = ''
AS $$
    WITH seeker_apps AS (
        SELECT a.id, a.user_id, COALESCE(a.applied_on, CAST(a.created_at AS date)) AS applied
        FROM applications a
        JOIN accounts acc ON acc.user_id = a.user_id AND acc.role = 'seeker'
    ),
    firsts AS (
        SELECT sa.user_id, MIN(sa.applied) AS first_applied,
               MIN(COALESCE(o.received_on, CAST(o.created_at AS date))) AS first_offer
        FROM seeker_apps sa LEFT JOIN offers o ON o.application_id = sa.id
        GROUP BY sa.user_id
    )
    SELECT
        (SELECT COUNT(*) FROM accounts WHERE role = 'seeker'),
        (SELECT COUNT(*) FROM accounts WHERE role = 'coach'),
        (SELECT COUNT(*) FROM accounts WHERE role = 'admin'),
        (SELECT COUNT(*) FROM accounts WHERE disabled_at IS NOT NULL),
        (SELECT COUNT(*) FROM firsts),
        (SELECT COUNT(*) FROM seeker_apps),
        (SELECT COUNT(*) FROM seeker_apps sa
         WHERE EXISTS (SELECT 1 FROM interviews i WHERE i.application_id = sa.id)),
        (SELECT COUNT(*) FROM seeker_apps sa
         WHERE EXISTS (SELECT 1 FROM offers o WHERE o.application_id = sa.id)),
        (SELECT COUNT(*) FROM firsts WHERE first_offer IS NOT NULL),
        (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY first_offer - first_applied)
         FROM firsts WHERE first_offer IS NOT NULL)
$$
"""


def _user_owned_tables() -> list[str]:
    inspector = sa.inspect(op.get_bind())
    return sorted(
        name
        for name in inspector.get_table_names()
        if name not in NOT_USER_RECORDS
        and any(column["name"] == "user_id" for column in inspector.get_columns(name))
    )


def _secure(table: str) -> None:
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY {OWN_POLICY} ON {table} USING ({OWN}) WITH CHECK ({OWN})")


def upgrade() -> None:
    op.create_table(
        "coach_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("coach_user_id", sa.Integer(), nullable=False),
        sa.Column("include_private", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["coach_user_id"], ["users.id"],
            name=op.f("fk_coach_shares_coach_user_id_users"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_coach_shares_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coach_shares")),
        sa.UniqueConstraint(
            "user_id", "coach_user_id", name=op.f("uq_coach_shares_user_id_coach_user_id")
        ),
    )  # fmt: skip
    op.create_index(op.f("ix_coach_shares_user_id"), "coach_shares", ["user_id"])
    op.create_index(op.f("ix_coach_shares_coach_user_id"), "coach_shares", ["coach_user_id"])
    op.create_table(
        "coach_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("coach_user_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["applications.id"],
            name=op.f("fk_coach_comments_application_id_applications"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["coach_user_id"], ["users.id"],
            name=op.f("fk_coach_comments_coach_user_id_users"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_coach_comments_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coach_comments")),
    )  # fmt: skip
    op.create_index(op.f("ix_coach_comments_user_id"), "coach_comments", ["user_id"])
    op.create_index(op.f("ix_coach_comments_application_id"), "coach_comments", ["application_id"])
    op.create_table(
        "coach_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("coach_user_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.String(length=100), nullable=False),
        sa.Column("record", sa.String(length=500), nullable=True),
        sa.Column("viewed_at", afterword.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["coach_user_id"], ["users.id"],
            name=op.f("fk_coach_views_coach_user_id_users"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_coach_views_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coach_views")),
    )  # fmt: skip
    op.create_index("ix_coach_views_user_viewed", "coach_views", ["user_id", "viewed_at"])
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _user_owned_tables():
        private = table in PRIVATE_TABLES
        op.execute(
            f"CREATE POLICY {COACH_READS} ON {table} FOR SELECT USING ({_coach_reads(private)})"
        )
    op.execute(f"CREATE POLICY {COACH_WRITES} ON actions FOR INSERT WITH CHECK ({_COACH_ACTION})")
    for table in NEW_TABLES:
        _secure(table)
    # A coach sees the shares given to them (their People list), and changes none.
    op.execute(
        f"CREATE POLICY {COACH_READS} ON coach_shares FOR SELECT USING (coach_user_id = {ME})"
    )
    for table in ("coach_comments", "coach_views"):
        # INSERT ... RETURNING needs the new row to be readable too; DELETE is the seeker's.
        op.execute(f"CREATE POLICY {COACH_READS} ON {table} FOR SELECT USING ({_COACH_ROW})")
        op.execute(f"CREATE POLICY {COACH_WRITES} ON {table} FOR INSERT WITH CHECK ({_COACH_ROW})")
    op.execute(COHORT_FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS afterword_cohort_numbers()")
        op.execute(f"DROP POLICY IF EXISTS {COACH_WRITES} ON actions")
        for table in _user_owned_tables():
            op.execute(f"DROP POLICY IF EXISTS {COACH_READS} ON {table}")
    op.drop_index("ix_coach_views_user_viewed", table_name="coach_views")
    op.drop_table("coach_views")
    op.drop_index(op.f("ix_coach_comments_application_id"), table_name="coach_comments")
    op.drop_index(op.f("ix_coach_comments_user_id"), table_name="coach_comments")
    op.drop_table("coach_comments")
    op.drop_index(op.f("ix_coach_shares_coach_user_id"), table_name="coach_shares")
    op.drop_index(op.f("ix_coach_shares_user_id"), table_name="coach_shares")
    op.drop_table("coach_shares")
