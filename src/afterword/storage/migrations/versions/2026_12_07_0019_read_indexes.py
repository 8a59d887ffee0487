"""read indexes: the week's counts (Today, the weekly review) and the Numbers page

Revision ID: 2026_12_07_0019
Revises: 2026_12_07_0018
Create Date: 2026-12-07 03:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "2026_12_07_0019"
down_revision: str | None = "2026_12_07_0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The first answer per application (min `at` among the answering statuses), grouped by
    # application: read from this index alone, already in group order, instead of every
    # status change's row and a sort (Today's week counts, the Numbers page's days).
    op.create_index(
        "ix_status_changes_user_app_status_at",
        "status_changes",
        ["user_id", "application_id", "to_status", "at"],
    )
    # The week's status changes, as a range (replies: answered this week, never before).
    op.create_index("ix_status_changes_user_at", "status_changes", ["user_id", "at"])
    # "Applied this week" (the applied date, or the day recorded when it is missing) counted
    # from the index alone.
    op.create_index(
        "ix_applications_user_applied",
        "applications",
        ["user_id", "applied_on", "created_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_applications_user_applied", table_name="applications")
    op.drop_index("ix_status_changes_user_at", table_name="status_changes")
    op.drop_index("ix_status_changes_user_app_status_at", table_name="status_changes")
