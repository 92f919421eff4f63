"""outbox claims name their owner and expire unless renewed; old inbox rows found by date

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("claimed_by", sa.String(length=64), nullable=True))
    op.add_column("outbox", sa.Column("lease_until", sa.DateTime(), nullable=True))
    # claims taken before owners were recorded expire at once: their sender is gone
    op.execute("UPDATE outbox SET lease_until = claimed_at WHERE state = 'sending'")
    op.create_index("ix_delivery_received_at", "delivery", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_delivery_received_at", table_name="delivery")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("lease_until")
        batch.drop_column("claimed_by")
