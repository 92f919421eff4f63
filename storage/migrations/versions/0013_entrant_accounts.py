"""the account a giveaway entrant pressed Enter from: ``entrant.account_id``

Where a giveaway counts people, an entrant row is kept under the person's voice (the smallest
participant id of their linked accounts), which may be another account than the one that
pressed Enter. ``account_id`` names that account, so a winner is told on the account they
entered from, as ``entry.account_id`` does for entries (0012). Rows from before it stay empty:
their account is ``participant_id``, as it always was, so no drawn list changes. On SQLite the
table is rebuilt (batch mode) for the foreign key.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entrant") as batch:
        batch.add_column(sa.Column("account_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_entrant_account_id_participant", "participant", ["account_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("entrant") as batch:
        batch.drop_constraint("fk_entrant_account_id_participant", type_="foreignkey")
        batch.drop_column("account_id")
