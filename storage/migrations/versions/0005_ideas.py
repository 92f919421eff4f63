"""idea box: ideas, upvotes, credits

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "idea",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.String(length=48), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_note", sa.Text(), server_default="", nullable=False),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.Column("origin_channel", sa.String(length=100), nullable=False),
        sa.Column("media_sha256", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["participant.id"]),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.ForeignKeyConstraint(["media_sha256"], ["media.sha256"]),
        sa.ForeignKeyConstraint(["merged_into"], ["idea.id"]),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("idea", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_idea_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_idea_round_id"), ["round_id"], unique=False)
        batch_op.create_index("ix_idea_campaign_state", ["campaign_id", "state"], unique=False)

    op.create_table(
        "idea_upvote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("cast_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["idea_id"], ["idea.id"]),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"]),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idea_id", "participant_id"),
    )
    with op.batch_alter_table("idea_upvote", schema=None) as batch_op:
        batch_op.create_index(
            "ix_idea_upvote_member_round", ["participant_id", "round_id"], unique=False
        )

    op.create_table(
        "idea_credit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("from_idea", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["from_idea"], ["idea.id"]),
        sa.ForeignKeyConstraint(["idea_id"], ["idea.id"]),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idea_id", "participant_id"),
    )


def downgrade() -> None:
    op.drop_table("idea_credit")
    with op.batch_alter_table("idea_upvote", schema=None) as batch_op:
        batch_op.drop_index("ix_idea_upvote_member_round")
    op.drop_table("idea_upvote")
    with op.batch_alter_table("idea", schema=None) as batch_op:
        batch_op.drop_index("ix_idea_campaign_state")
        batch_op.drop_index(batch_op.f("ix_idea_round_id"))
        batch_op.drop_index(batch_op.f("ix_idea_author_id"))
    op.drop_table("idea")
