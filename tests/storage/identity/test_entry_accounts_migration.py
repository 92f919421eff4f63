"""Migration 0012 records the account an entry came from, on SQLite and PostgreSQL: entries
from before it keep their author, and linking moves such an entry under the person's voice
without losing the account it came from."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection

from campaigns.contest import Contest
from storage.contest.entries import entries_of
from storage.db import Database, alembic_config
from storage.identity.merge import merge_rounds

AT = datetime(2026, 3, 1, 12, 0)

BEFORE = [
    "INSERT INTO campaign (id, kind, title, rules, created_at) VALUES"
    " ('photos', 'contest', 'Photos', '{}', :at)",
    "INSERT INTO round (id, campaign_id, number, state, opens_at, closes_at, opened_at, phase,"
    " note) VALUES (1, 'photos', 1, 'open', :at, :at, :at, '', '')",
    "INSERT INTO participant (id, platform, user_id, display_name) VALUES"
    " (1, 'telegram', '11', 'Ana'), (2, 'discord', '22', 'Ana D.')",
    "INSERT INTO entry (id, campaign_id, round_id, participant_id, author, slot, title, text,"
    " state, reason, submitted_at, decided_by) VALUES"
    " (1, 'photos', 1, 2, 'Ana D.', 1, 'Sea', '', 'approved', '', :at, '')",
]


def _to_0011(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "0011")


async def test_older_entries_keep_their_author_and_keep_it_when_merged(database_url: str) -> None:
    db = Database.connect(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_to_0011)
        async with db.transaction() as conn:
            for statement in BEFORE:
                await conn.execute(text(statement), {"at": AT})

        await db.migrate()
        [before] = await entries_of(db, 1)
        async with db.transaction() as conn:
            await merge_rounds(conn, [(1, {1, 2})], list(Contest().merge_rules()))
        [after] = await entries_of(db, 1)
        async with db.reading() as conn:
            kept = (await conn.execute(text("SELECT participant_id, account_id FROM entry"))).one()
    finally:
        await db.close()
    assert (before.author.key, before.author.name) == ("discord:22", "Ana D.")
    assert (after.author.key, after.author.name) == ("discord:22", "Ana D.")
    assert tuple(kept) == (1, 2)  # under the person's voice, from her Discord account
