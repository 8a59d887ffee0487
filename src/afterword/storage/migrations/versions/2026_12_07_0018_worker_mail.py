"""worker mail: when each person's scheduled mailbox sync last ran, and its last error;
the link an account email carries while it waits in the outbox for the worker

Revision ID: 2026_12_07_0018
Revises: 2026_12_07_0017
Create Date: 2026-12-07 03:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import afterword.db.base

revision: str = "2026_12_07_0018"
down_revision: str | None = "2026_12_07_0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # daily_preferences already has its row-level policy (0017): new columns are covered.
    with op.batch_alter_table("daily_preferences") as batch:
        batch.add_column(
            sa.Column(
                "mail_sync_tried_at", afterword.db.base.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch.add_column(sa.Column("mail_sync_error", sa.String(length=500), nullable=True))
    with op.batch_alter_table("account_emails") as batch:
        batch.add_column(sa.Column("link", sa.String(length=2000), nullable=True))
        batch.add_column(
            sa.Column("expires_at", afterword.db.base.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("account_emails") as batch:
        batch.drop_column("expires_at")
        batch.drop_column("link")
    with op.batch_alter_table("daily_preferences") as batch:
        batch.drop_column("mail_sync_error")
        batch.drop_column("mail_sync_tried_at")
