"""Members' reports on published entries: once per member and entry, hiding at a threshold.

Where the contest counts people, a report is keyed by the person's voice
(:mod:`storage.identity.voices`): a person reports an entry once whatever account they use, and
reports both accounts made before they were linked count once (:class:`ReportsOnce`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model.members import Member
from bot.model.states import EntryState
from storage.contest.entries import EntryView
from storage.db import Database
from storage.delivery.inbox import claim_delivery
from storage.delivery.outbox import OutboxItem, enqueue
from storage.identity.voices import voice
from storage.sql import upsert
from storage.tables import AUDIT, ENTRY, ENTRY_REPORT

_REPORT: Any = ENTRY_REPORT
_ENTRY: Any = ENTRY
_AUDIT: Any = AUDIT
SYSTEM = "system"


async def report_entry(
    db: Database,
    entry: EntryView,
    reporter: Member,
    delivery_id: str,
    at: datetime,
    *,
    hide_at: int,
    alert: Callable[[int], Sequence[OutboxItem]],
    by_person: bool = False,
) -> bool | None:
    """Record a report with the moderators' alert for the new count; hide the entry when the
    count reaches ``hide_at`` (an audit entry by ``system`` says so).

    Returns:
        True for a new report, False when this member (or, ``by_person``, an account linked
        to theirs) had reported it already, None for a delivery seen before.
    """
    async with db.transaction() as conn:
        if not await claim_delivery(conn, reporter.platform, delivery_id, at):
            return None
        member = (await voice(conn, reporter, entry.round_id, by_person)).counted
        added = await conn.execute(
            upsert(conn, _REPORT)
            .values(
                entry_id=entry.id,
                participant_id=member,
                reported_at=at,
            )
            .on_conflict_do_nothing(index_elements=["entry_id", "participant_id"])
        )
        if not added.rowcount:
            return False
        count = (
            await conn.execute(
                select(func.count()).select_from(_REPORT).where(_REPORT.c.entry_id == entry.id)
            )
        ).scalar_one()
        await enqueue(conn, alert(int(count)), at)
        if count >= hide_at:
            hidden = await conn.execute(
                update(_ENTRY)
                .where(_ENTRY.c.id == entry.id, _ENTRY.c.state == EntryState.APPROVED)
                .values(state=EntryState.HIDDEN, decided_at=at, decided_by=SYSTEM)
            )
            if hidden.rowcount:
                await conn.execute(
                    _AUDIT.insert().values(
                        at=at,
                        actor=SYSTEM,
                        campaign_id=entry.campaign_id,
                        round_id=entry.round_id,
                        action="hide",
                        before=EntryState.APPROVED,
                        after=EntryState.HIDDEN,
                        detail=f"entry {entry.id}: {count} reports",
                    )
                )
    return True


async def report_count(db: Database, entry_id: int) -> int:
    """How many members reported an entry."""
    async with db.reading() as conn:
        count = (
            await conn.execute(
                select(func.count()).select_from(_REPORT).where(_REPORT.c.entry_id == entry_id)
            )
        ).scalar_one()
    return int(count)


async def report_counts(db: Database, round_id: int) -> dict[int, int]:
    """How many members reported each reported entry of a round (the review queue shows
    published entries with reports beside the ones waiting for a decision)."""
    query = (
        select(_REPORT.c.entry_id, func.count())
        .select_from(_REPORT.join(_ENTRY, _ENTRY.c.id == _REPORT.c.entry_id))
        .where(_ENTRY.c.round_id == round_id)
        .group_by(_REPORT.c.entry_id)
    )
    async with db.reading() as conn:
        rows = (await conn.execute(query)).all()
    return {int(entry_id): int(count) for entry_id, count in rows}


class ReportsOnce:
    """The merge rule of reports (:mod:`storage.identity.merge`): linked mid-round, reports
    the accounts made on the round's entries move to the person's voice, and an entry both
    reported counts one report (the first)."""

    async def merge(
        self, conn: AsyncConnection, round_id: int, accounts: set[int], voice: int
    ) -> int:
        rows = (
            await conn.execute(
                select(_REPORT.c.id, _REPORT.c.entry_id, _REPORT.c.participant_id)
                .join(_ENTRY, _ENTRY.c.id == _REPORT.c.entry_id)
                .where(
                    _ENTRY.c.round_id == round_id, _REPORT.c.participant_id.in_(sorted(accounts))
                )
                .order_by(_REPORT.c.reported_at, _REPORT.c.id)
            )
        ).all()
        kept: dict[int, int] = {}
        dropped = []
        for row in rows:
            if row.entry_id in kept:
                dropped.append(row.id)
            elif row.participant_id != voice:
                kept[row.entry_id] = row.id
            else:
                kept[row.entry_id] = 0
        if dropped:
            await conn.execute(delete(_REPORT).where(_REPORT.c.id.in_(dropped)))
        moving = [ident for ident in kept.values() if ident]
        if moving:
            await conn.execute(
                update(_REPORT).where(_REPORT.c.id.in_(moving)).values(participant_id=voice)
            )
        return len(dropped)
