"""Migration 0009 moves contest records and bans from ``(platform, user_id)`` to
``participant_id`` with the rows already there, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from storage.db import Database, alembic_config

AT = datetime(2026, 3, 1, 12, 0)

BEFORE = [
    "INSERT INTO campaign (id, kind, title, rules, created_at)"
    " VALUES ('photos', 'contest', 'Photos', '{}', :at)",
    "INSERT INTO round (id, campaign_id, number, state, opens_at, closes_at, phase, note)"
    " VALUES (1, 'photos', 1, 'announced', :at, :at, '', '')",
    # Ana voted in a poll before: her participant row exists, with her current name.
    "INSERT INTO participant (id, platform, user_id, display_name, locale)"
    " VALUES (7, 'telegram', '11', 'Ana B.', 'fr')",
    "INSERT INTO entry (id, campaign_id, round_id, platform, user_id, author, locale, slot,"
    " title, text, state, reason, submitted_at, decided_by)"
    " VALUES (1, 'photos', 1, 'telegram', '11', 'Ana', 'fr', 1, 'Cone', '', 'approved', '',"
    " :at, ''),"
    " (2, 'photos', 1, 'discord', '22', 'Ben', 'en', 1, 'Sea', '', 'approved', '', :at, '')",
    "INSERT INTO entry_vote (round_id, entry_id, platform, user_id, slot, cast_at)"
    " VALUES (1, 1, 'discord', '22', 1, :at), (1, 2, 'slack', 'U3', 1, :at),"
    " (1, 2, 'erased', 'a1b2', 1, :at)",
    "INSERT INTO entry_report (entry_id, platform, user_id, reported_at)"
    " VALUES (2, 'slack', 'U3', :at)",
    "INSERT INTO entrant (round_id, platform, user_id, name, locale, entered_at)"
    " VALUES (1, 'slack', 'U3', 'Chloe', 'en', :at), (1, 'erased', 'a1b2', '#a1b2c3d4', NULL,"
    " :at)",
    "INSERT INTO award (round_id, position, rank, entry_id, platform, user_id, name, locale,"
    " score, how, awarded_at)"
    " VALUES (1, 1, 1, 2, 'discord', '22', 'Ben', 'en', 2.0, 'votes', :at)",
    "INSERT INTO ban (campaign_id, platform, user_id, reason, banned_by, banned_at)"
    " VALUES ('photos', 'telegram', '99', 'spam', 'console:mod', :at)",
]

#: Each table's rows after the migration: the member each one names.
NAMED = {
    "entry": "SELECT t.id, p.platform, p.user_id, t.author",
    "entry_vote": "SELECT t.entry_id, p.platform, p.user_id, ''",
    "entry_report": "SELECT t.entry_id, p.platform, p.user_id, ''",
    "entrant": "SELECT t.id, p.platform, p.user_id, t.name",
    "award": "SELECT t.position, p.platform, p.user_id, t.name",
    "ban": "SELECT t.id, p.platform, p.user_id, t.reason",
}


def _to_0008(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "0008")


async def _rows(db: Database, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    async with db.reading() as conn:
        return [tuple(r) for r in (await conn.execute(text(sql), params)).all()]


async def test_existing_contest_rows_and_bans_keep_their_members(database_url: str) -> None:
    db = Database.connect(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_to_0008)
        async with db.transaction() as conn:
            for statement in BEFORE:
                await conn.execute(text(statement), {"at": AT})
        await db.migrate()
        named = {
            table: await _rows(
                db,
                f"{select} FROM {table} t JOIN participant p ON p.id = t.participant_id"
                " ORDER BY 1, 2, 3",
            )
            for table, select in NAMED.items()
        }
        people = await _rows(
            db, "SELECT id, platform, user_id, display_name FROM participant ORDER BY 2, 3"
        )
    finally:
        await db.close()
    assert named == {
        "entry": [(1, "telegram", "11", "Ana"), (2, "discord", "22", "Ben")],
        "entry_vote": [(1, "discord", "22", ""), (2, "erased", "a1b2", ""), (2, "slack", "U3", "")],
        "entry_report": [(2, "slack", "U3", "")],
        "entrant": [(1, "slack", "U3", "Chloe"), (2, "erased", "a1b2", "#a1b2c3d4")],
        "award": [(1, "discord", "22", "Ben")],
        "ban": [(1, "telegram", "99", "spam")],
    }
    # Ana's row is the one she had; the others were created once each, named where known.
    assert [p[1:] for p in people] == [
        ("discord", "22", "Ben"),
        ("erased", "a1b2", "#a1b2c3d4"),
        ("slack", "U3", "Chloe"),
        ("telegram", "11", "Ana B."),
        ("telegram", "99", ""),
    ]
    assert (7, "telegram", "11", "Ana B.") in people


@pytest.mark.parametrize(
    "duplicate",
    [
        "INSERT INTO entry_vote (round_id, entry_id, participant_id, slot, cast_at)"
        " SELECT 1, 2, participant_id, 1, :at FROM entry_vote WHERE entry_id = 1",
        "INSERT INTO entry_vote (round_id, entry_id, participant_id, slot, cast_at)"
        " SELECT 1, 1, participant_id, 2, :at FROM entry_vote WHERE entry_id = 1",
        "INSERT INTO entry_report (entry_id, participant_id, reported_at)"
        " SELECT entry_id, participant_id, :at FROM entry_report",
        "INSERT INTO entrant (round_id, participant_id, name, entered_at)"
        " SELECT round_id, participant_id, name, :at FROM entrant",
        "INSERT INTO ban (campaign_id, participant_id, reason, banned_by, banned_at)"
        " SELECT campaign_id, participant_id, 'again', 'x', :at FROM ban",
        "INSERT INTO entry (campaign_id, round_id, participant_id, author, slot, title, text,"
        " state, reason, submitted_at, decided_by)"
        " SELECT campaign_id, round_id, participant_id, author, slot, 'Again', '', 'approved',"
        " '', :at, '' FROM entry WHERE id = 1",
    ],
    ids=["vote-slot", "vote-entry", "report", "entrant", "ban", "entry-slot"],
)
async def test_migrated_rows_still_count_once(database_url: str, duplicate: str) -> None:
    db = Database.connect(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_to_0008)
        async with db.transaction() as conn:
            for statement in BEFORE:
                await conn.execute(text(statement), {"at": AT})
        await db.migrate()
        with pytest.raises(IntegrityError):
            async with db.transaction() as conn:
                await conn.execute(text(duplicate), {"at": datetime.now(UTC).replace(tzinfo=None)})
    finally:
        await db.close()
