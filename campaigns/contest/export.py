"""What a contest hands over to moderators and the brand: its entries with their votes, and
how many wait for review (``/status``)."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.model.states import ENTRY_STATES, EntryState
from campaigns.shared.export_table import Cell, ExportTable
from storage.contest.entries import entries_of
from storage.contest.entry_votes import votes_per_entry
from storage.db import Database
from storage.tables import ENTRY

EXPORT_COLUMNS = (
    "round",
    "entry",
    "platform",
    "user_id",
    "display_name",
    "title",
    "state",
    "votes",
    "submitted_at",
)


async def entries_table(db: Database, round_id: int, number: int) -> ExportTable:
    """Every entry of the round (banned members' left out), with its public votes."""
    votes = await votes_per_entry(db, round_id)
    rows: list[tuple[Cell, ...]] = [
        (
            number,
            e.id,
            e.author.platform,
            e.author.id,
            e.author.name,
            e.title,
            e.state,
            votes.get(e.id, 0),
            e.submitted_at.isoformat(),
        )
        for e in await entries_of(db, round_id, ENTRY_STATES)
    ]
    return ExportTable(EXPORT_COLUMNS, rows)


async def pending_count(db: Database, round_id: int) -> int:
    """Entries of the round waiting for a moderator's decision."""
    table = ENTRY
    async with db.reading() as conn:
        value = (
            await conn.execute(
                select(func.count()).where(
                    table.c.round_id == round_id,
                    table.c.state == EntryState.PENDING,
                )
            )
        ).scalar_one()
    return int(value)
