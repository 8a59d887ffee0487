"""inbox failures kept: a failed message's bytes, for trying it again, and an index to list them

Revision ID: 2026_12_06_0009
Revises: 2026_12_06_0008
Create Date: 2026-12-06 20:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2026_12_06_0009"
down_revision: str | None = "2026_12_06_0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ingested_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("raw", sa.LargeBinary(), nullable=True))
        batch_op.create_index(
            "ix_ingested_messages_user_status", ["user_id", "status"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("ingested_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_ingested_messages_user_status")
        batch_op.drop_column("raw")
