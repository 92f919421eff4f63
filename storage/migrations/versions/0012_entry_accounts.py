"""the account an entry was submitted from: ``entry.account_id``

Where a contest counts people, an entry is kept under the person's voice (the smallest
participant id of their linked accounts), which may be another account than the one the
member submitted from. ``account_id`` names the submitting account, so what Chorus tells the
author (approved, rejected, won) reaches the account they used. Rows from before it stay empty:
their account is ``participant_id``, as it always was. On SQLite the table is rebuilt (batch
mode) for the foreign key.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entry") as batch:
        batch.add_column(sa.Column("account_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_entry_account_id_participant", "participant", ["account_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("entry") as batch:
        batch.drop_constraint("fk_entry_account_id_participant", type_="foreignkey")
        batch.drop_column("account_id")
