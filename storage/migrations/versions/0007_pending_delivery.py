"""delivery journal: raw deliveries kept from before their acknowledgement until handled

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_delivery",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("delivery_id", sa.String(length=128), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("platform", "delivery_id"),
    )
    op.create_index("ix_pending_delivery_received_at", "pending_delivery", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_pending_delivery_received_at", table_name="pending_delivery")
    op.drop_table("pending_delivery")
