"""linked accounts: persons, links of accounts to them, one-time link codes and attempts

Only new tables: no existing row changes, so every tally stays what it was (an account
without a link is its own voice).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "person_link",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("participant_id", sa.Integer(), sa.ForeignKey("participant.id"), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.Column("unlinked_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_person_link_person_id", "person_link", ["person_id"])
    op.create_index("ix_person_link_participant_id", "person_link", ["participant_id"])
    op.create_index(
        "uq_person_link_open",
        "person_link",
        ["participant_id"],
        unique=True,
        sqlite_where=sa.text("unlinked_at IS NULL"),
        postgresql_where=sa.text("unlinked_at IS NULL"),
    )
    op.create_table(
        "link_code",
        sa.Column("code_hash", sa.String(length=64), primary_key=True),
        sa.Column("participant_id", sa.Integer(), sa.ForeignKey("participant.id"), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_link_code_participant_id", "link_code", ["participant_id"])
    op.create_table(
        "link_attempt",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("participant_id", sa.Integer(), sa.ForeignKey("participant.id"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_link_attempt_participant_id", "link_attempt", ["participant_id"])


def downgrade() -> None:
    op.drop_table("link_attempt")
    op.drop_table("link_code")
    op.drop_table("person_link")
    op.drop_table("person")
