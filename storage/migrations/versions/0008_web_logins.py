"""web dashboard: one-time login links (hashes only)

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_login",
        sa.Column("nonce_hash", sa.String(length=64), nullable=False),
        sa.Column("member_hash", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("nonce_hash"),
    )
    op.create_index("ix_web_login_member_hash", "web_login", ["member_hash"])


def downgrade() -> None:
    op.drop_index("ix_web_login_member_hash", table_name="web_login")
    op.drop_table("web_login")
