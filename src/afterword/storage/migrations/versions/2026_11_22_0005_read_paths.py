"""read paths: indexes for the hot pages, the workspace revision and planned date

Revision ID: 2026_11_22_0005
Revises: 2026_11_22_0004
Create Date: 2026-11-22 13:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2026_11_22_0005"
down_revision: str | None = "2026_11_22_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Bumped on every re-plan, so a page can be reused while the data behind it is unchanged.
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), server_default="0", nullable=False))
        # The date the agenda was last planned for, shared by every process.
        batch_op.add_column(sa.Column("planned_on", sa.Date(), nullable=True))
    # The web pages' hot reads (bench/web.py, 5,000 applications): the pipeline board and
    # table, and today's open actions, each served by an index instead of a scan and sort.
    op.create_index(
        "ix_applications_user_status_updated",
        "applications",
        ["user_id", "status", "updated_at"],
    )
    op.create_index("ix_applications_user_updated", "applications", ["user_id", "updated_at"])
    op.create_index(
        "ix_actions_user_state_due",
        "actions",
        ["user_id", "state", "due", "priority", "id", "snoozed_until"],
    )


def downgrade() -> None:
    op.drop_index("ix_actions_user_state_due", table_name="actions")
    op.drop_index("ix_applications_user_updated", table_name="applications")
    op.drop_index("ix_applications_user_status_updated", table_name="applications")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("planned_on")
        batch_op.drop_column("revision")
