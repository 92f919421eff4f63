"""Migration 0011 adds linked accounts to a database in use, on SQLite and PostgreSQL: no
existing tally changes, and every account is still its own voice."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.model.members import Member
from storage.contest.entry_votes import votes_per_entry
from storage.db import Database, alembic_config
from storage.identity.voices import voice
from storage.poll.votes import ballots_of, decode_choices

AT = datetime(2026, 3, 1, 12, 0)

BEFORE = [
    "INSERT INTO campaign (id, kind, title, rules, created_at) VALUES"
    " ('flavour', 'poll', 'Flavour', '{}', :at), ('photos', 'contest', 'Photos', '{}', :at)",
    "INSERT INTO round (id, campaign_id, number, state, opens_at, closes_at, opened_at, phase,"
    " note) VALUES (1, 'flavour', 1, 'open', :at, :at, :at, '', ''),"
    " (2, 'photos', 1, 'open', :at, :at, :at, '', '')",
    "INSERT INTO participant (id, platform, user_id, display_name) VALUES"
    " (1, 'telegram', '11', 'Ana'), (2, 'discord', '22', 'Ana D.'), (3, 'slack', 'U3', 'Tom')",
    "INSERT INTO ballot (round_id, participant_id, choices, cast_at, updated_at) VALUES"
    " (1, 1, '0', :at, :at), (1, 2, '1', :at, :at), (1, 3, '1', :at, :at)",
    "INSERT INTO entry (id, campaign_id, round_id, participant_id, author, slot, title, text,"
    " state, reason, submitted_at, decided_by) VALUES"
    " (1, 'photos', 2, 3, 'Tom', 1, 'Sea', '', 'approved', '', :at, '')",
    "INSERT INTO entry_vote (round_id, entry_id, participant_id, slot, cast_at) VALUES"
    " (2, 1, 1, 1, :at), (2, 1, 2, 1, :at)",
]


def _to_0010(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "0010")


async def test_existing_tallies_stay_and_accounts_keep_their_own_voice(database_url: str) -> None:
    db = Database.connect(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_to_0010)
        async with db.transaction() as conn:
            for statement in BEFORE:
                await conn.execute(text(statement), {"at": AT})
        async with db.reading() as conn:
            choices = (await conn.execute(text("SELECT choices FROM ballot"))).scalars()
            before = (
                sorted(decode_choices(c) for c in choices),
                {1: (await conn.execute(text("SELECT COUNT(*) FROM entry_vote"))).scalar_one()},
            )

        await db.migrate()

        after = (sorted(await ballots_of(db, 1)), await votes_per_entry(db, 2))
        async with db.transaction() as conn:
            voices = [
                (await voice(conn, Member(p, u, n), 1, by_person=True)).counted
                for p, u, n in (("telegram", "11", "Ana"), ("discord", "22", "Ana D."))
            ]
    finally:
        await db.close()
    assert before == ([(0,), (1,), (1,)], {1: 2})
    assert after == before
    assert voices == [1, 2]
