"""action effects: how a done action was done and what it changed; imported news without a
date; extension requests on offers

Revision ID: 2026_12_06_0008
Revises: 2026_11_22_0007
Create Date: 2026-12-06 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2026_12_06_0008"
down_revision: str | None = "2026_11_22_0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("done_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("effect_json", sa.Text(), nullable=True))
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("date_known", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extension_requested_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("extension_again", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # Requests for more time already marked done: the offer now carries that fact, so the
    # playbook does not propose the request again.
    op.execute(
        "UPDATE offers SET extension_requested_on = ("
        " SELECT max(actions.settled_on) FROM actions"
        " WHERE actions.offer_id = offers.id AND actions.kind = 'extension_request'"
        " AND actions.state = 'done')"
        " WHERE EXISTS (SELECT 1 FROM actions WHERE actions.offer_id = offers.id"
        " AND actions.kind = 'extension_request' AND actions.state = 'done')"
    )


def downgrade() -> None:
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_column("extension_again")
        batch_op.drop_column("extension_requested_on")
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.drop_column("date_known")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_column("effect_json")
        batch_op.drop_column("done_note")
