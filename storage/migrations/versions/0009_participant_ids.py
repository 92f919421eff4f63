"""one member key: contest records and bans name members by participant_id

Entries, entry votes, reports, giveaway entrants, awards and bans named members by
``(platform, user_id)`` strings; they now refer to the ``participant`` row, as ballots,
pledges and ideas do. Members known only from these tables get their participant row first
(named after the entry, entrant or award that named them; placeholders of erased members,
platform ``erased``, become placeholder participants). The unique constraints keep their
meaning on the new key. On SQLite each table is rebuilt (batch mode), with foreign keys
checked once the migration is done (:meth:`storage.db.Database.migrate`).

Revision ID: 0009
Revises: 0008
"""

from dataclasses import dataclass

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


@dataclass(frozen=True)
class _Keyed:
    """A table naming members, and its unique constraints before and after."""

    table: str
    before: tuple[tuple[str, ...], ...]
    after: tuple[tuple[str, tuple[str, ...]], ...]
    name: str | None = None
    locale: str | None = None


#: Tables that keep a member's name come first: a member they alone know is created named.
TABLES = (
    _Keyed(
        "entry",
        (("round_id", "platform", "user_id", "slot"),),
        (("uq_entry_member_slot", ("round_id", "participant_id", "slot")),),
        "author",
        "locale",
    ),
    _Keyed(
        "entrant",
        (("round_id", "platform", "user_id"),),
        (("uq_entrant_member", ("round_id", "participant_id")),),
        "name",
        "locale",
    ),
    _Keyed("award", (), (), "name", "locale"),
    _Keyed(
        "entry_vote",
        (("entry_id", "platform", "user_id"), ("round_id", "platform", "user_id", "slot")),
        (
            ("uq_entry_vote_member", ("entry_id", "participant_id")),
            ("uq_entry_vote_member_slot", ("round_id", "participant_id", "slot")),
        ),
    ),
    _Keyed(
        "entry_report",
        (("entry_id", "platform", "user_id"),),
        (("uq_entry_report_member", ("entry_id", "participant_id")),),
    ),
    _Keyed(
        "ban",
        (("campaign_id", "platform", "user_id"),),
        (("uq_ban_campaign_member", ("campaign_id", "participant_id")),),
    ),
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _add_missing_participants(keyed: _Keyed) -> None:
    """A participant row for every member the table names and ``participant`` lacks."""
    name = f"MAX(t.{keyed.name})" if keyed.name else "''"
    locale = f"MAX(t.{keyed.locale})" if keyed.locale else "NULL"
    op.execute(
        f"INSERT INTO participant (platform, user_id, display_name, locale)"
        f" SELECT t.platform, t.user_id, {name}, {locale} FROM {keyed.table} t"
        " WHERE NOT EXISTS (SELECT 1 FROM participant p"
        " WHERE p.platform = t.platform AND p.user_id = t.user_id)"
        " GROUP BY t.platform, t.user_id"
    )


def _unique_name(keyed: _Keyed, columns: tuple[str, ...]) -> str:
    """PostgreSQL's name for an unnamed unique constraint (SQLite's recreation drops it)."""
    return f"{keyed.table}_{'_'.join(columns)}_key"


def upgrade() -> None:
    for keyed in TABLES:
        _add_missing_participants(keyed)
        with op.batch_alter_table(keyed.table) as batch:
            batch.add_column(sa.Column("participant_id", sa.Integer(), nullable=True))
        op.execute(
            f"UPDATE {keyed.table} SET participant_id = (SELECT p.id FROM participant p"
            f" WHERE p.platform = {keyed.table}.platform AND p.user_id = {keyed.table}.user_id)"
        )
        with op.batch_alter_table(keyed.table) as batch:
            if not _sqlite():
                for columns in keyed.before:
                    batch.drop_constraint(_unique_name(keyed, columns), type_="unique")
            batch.alter_column("participant_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(
                f"fk_{keyed.table}_participant_id", "participant", ["participant_id"], ["id"]
            )
            batch.drop_column("platform")
            batch.drop_column("user_id")
            for name, columns in keyed.after:
                batch.create_unique_constraint(name, list(columns))


def downgrade() -> None:
    for keyed in reversed(TABLES):
        with op.batch_alter_table(keyed.table) as batch:
            batch.add_column(sa.Column("platform", sa.String(length=16), nullable=True))
            batch.add_column(sa.Column("user_id", sa.String(length=64), nullable=True))
        for column in ("platform", "user_id"):
            op.execute(
                f"UPDATE {keyed.table} SET {column} = (SELECT p.{column} FROM participant p"
                f" WHERE p.id = {keyed.table}.participant_id)"
            )
        with op.batch_alter_table(keyed.table) as batch:
            for name, _ in keyed.after:
                batch.drop_constraint(name, type_="unique")
            batch.drop_constraint(f"fk_{keyed.table}_participant_id", type_="foreignkey")
            batch.drop_column("participant_id")
            batch.alter_column("platform", existing_type=sa.String(length=16), nullable=False)
            batch.alter_column("user_id", existing_type=sa.String(length=64), nullable=False)
            for columns in keyed.before:
                batch.create_unique_constraint(_unique_name(keyed, columns), list(columns))
