"""plan fingerprint: what the stored agenda was planned with (afterword's version, the timings),
and the words `afterword today` says above it after recent news

Revision ID: 2026_12_07_0011
Revises: 2026_12_07_0010
Create Date: 2026-12-07 00:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2026_12_07_0011"
down_revision: str | None = "2026_12_07_0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("planned_with", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("planned_words", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("planned_words")
        batch_op.drop_column("planned_with")
