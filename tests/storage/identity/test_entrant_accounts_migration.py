"""Migration 0013 keeps the account a giveaway entrant entered from, on SQLite and PostgreSQL:
entrant lists written before it (a draw already published) read the same after it."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.contest.awards import entrants_of
from storage.db import Database, alembic_config

AT = datetime(2026, 3, 1, 12, 0)

BEFORE = [
    "INSERT INTO campaign (id, kind, title, rules, created_at) VALUES"
    " ('summer', 'contest', 'Summer giveaway', '{}', :at)",
    "INSERT INTO round (id, campaign_id, number, state, opens_at, closes_at, opened_at, phase,"
    " note) VALUES (1, 'summer', 1, 'announced', :at, :at, :at, '', '')",
    "INSERT INTO participant (id, platform, user_id, display_name) VALUES"
    " (1, 'telegram', '11', 'Ana'), (2, 'discord', '22', 'Bob'), (3, 'slack', 'U3', 'Tom')",
    "INSERT INTO entrant (round_id, participant_id, name, entered_at) VALUES"
    " (1, 3, 'Tom', :at), (1, 1, 'Ana', :at), (1, 2, 'Bob', :at)",
]


def _to_0012(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "0012")


async def test_entrant_lists_drawn_before_read_the_same(database_url: str) -> None:
    db = Database.connect(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_to_0012)
        async with db.transaction() as conn:
            for statement in BEFORE:
                await conn.execute(text(statement), {"at": AT})

        await db.migrate()

        after = [(m.key, m.name) for m in await entrants_of(db, 1)]
    finally:
        await db.close()
    assert after == [("slack:U3", "Tom"), ("telegram:11", "Ana"), ("discord:22", "Bob")]
