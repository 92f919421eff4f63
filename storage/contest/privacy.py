"""Contest records in privacy requests: entries, their photos, entry votes, giveaway entries
and awards, which name members by ``platform`` and ``user_id`` columns.

Entries (a photo or a text is the member's own content) are deleted with their photo whatever
the round's state; an award that named the entry keeps its rank without it. Entry votes and
giveaway entries of rounds already closed or announced move to an anonymous placeholder, so
announced counts and draws stay true; those of running rounds are deleted. Awards naming the
member are anonymised. Everything runs inside the caller's transaction; the caller deletes
the returned photo files once it has committed.
"""

from __future__ import annotations

import secrets
from collections import Counter
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.media import release_media
from storage.tables import AWARD, ENTRANT, ENTRY, ENTRY_REPORT, ENTRY_VOTE, JURY_SCORE, ROUND

_ENTRY: Any = ENTRY
_VOTE: Any = ENTRY_VOTE
_ENTRANT: Any = ENTRANT
_AWARD: Any = AWARD
_REPORT: Any = ENTRY_REPORT
_JURY: Any = JURY_SCORE
_ROUND: Any = ROUND

PLACEHOLDER_PLATFORM = "erased"
ANNOUNCED = ("closed", "announced")


def _mine(table: Any, platform: str, user_id: str, round_ids: list[int] | None) -> list[Any]:
    where = [table.c.platform == platform, table.c.user_id == user_id]
    if round_ids is not None:
        where.append(table.c.round_id.in_(round_ids))
    return where


async def erase_contest_records(
    conn: AsyncConnection,
    platform: str,
    user_id: str,
    round_ids: list[int] | None,
    removed: Counter[str],
    anonymised: Counter[str],
    *,
    alias: str = "",
) -> list[str]:
    """Erase one member's contest records (among ``round_ids`` when given); return the
    photos (paths relative to the media folder) to delete after commit. ``alias`` names the
    placeholder (a random one otherwise)."""
    token = secrets.token_hex(12)
    name = alias or f"#{token[:8]}"
    files: list[str] = []
    entries = (
        await conn.execute(
            select(_ENTRY.c.id, _ENTRY.c.campaign_id, _ENTRY.c.media_sha256).where(
                *_mine(_ENTRY, platform, user_id, round_ids)
            )
        )
    ).all()
    for entry in entries:
        for table in (_VOTE, _JURY, _REPORT):
            await conn.execute(delete(table).where(table.c.entry_id == entry.id))
        await conn.execute(
            update(_AWARD).where(_AWARD.c.entry_id == entry.id).values(entry_id=None)
        )
        await conn.execute(delete(_ENTRY).where(_ENTRY.c.id == entry.id))
        removed[entry.campaign_id] += 1
        if entry.media_sha256 is not None:
            path = await release_media(conn, entry.media_sha256)
            if path is not None:
                files.append(path)
    for table in (_VOTE, _ENTRANT):
        rows = (
            await conn.execute(
                select(table.c.id, _ROUND.c.state, _ROUND.c.campaign_id)
                .join(_ROUND, _ROUND.c.id == table.c.round_id)
                .where(*_mine(table, platform, user_id, round_ids))
            )
        ).all()
        keep = [r.id for r in rows if r.state in ANNOUNCED]
        drop = [r.id for r in rows if r.state not in ANNOUNCED]
        for r in rows:
            (anonymised if r.state in ANNOUNCED else removed)[r.campaign_id] += 1
        values: dict[str, str] = {"platform": PLACEHOLDER_PLATFORM, "user_id": token}
        if table is _ENTRANT:
            values["name"] = name
        if keep:
            await conn.execute(update(table).where(table.c.id.in_(keep)).values(**values))
        if drop:
            await conn.execute(delete(table).where(table.c.id.in_(drop)))
    await conn.execute(
        delete(_REPORT).where(_REPORT.c.platform == platform, _REPORT.c.user_id == user_id)
    )
    awards = (
        await conn.execute(
            select(_AWARD.c.id, _ROUND.c.campaign_id)
            .join(_ROUND, _ROUND.c.id == _AWARD.c.round_id)
            .where(*_mine(_AWARD, platform, user_id, round_ids))
        )
    ).all()
    for award in awards:
        anonymised[award.campaign_id] += 1
    if awards:
        await conn.execute(
            update(_AWARD)
            .where(_AWARD.c.id.in_([a.id for a in awards]))
            .values(platform=PLACEHOLDER_PLATFORM, user_id=token, name=name)
        )
    return files


async def contest_members(conn: AsyncConnection, round_ids: list[int]) -> set[tuple[str, str]]:
    """Every member named by contest records of these rounds (for the retention purge)."""
    members: set[tuple[str, str]] = set()
    for table in (_ENTRY, _VOTE, _ENTRANT, _AWARD):
        rows = await conn.execute(
            select(table.c.platform, table.c.user_id)
            .where(table.c.round_id.in_(round_ids), table.c.platform != PLACEHOLDER_PLATFORM)
            .distinct()
        )
        members |= {(str(p), str(u)) for p, u in rows.all()}
    return members


async def contest_records(conn: AsyncConnection, platform: str, user_id: str) -> dict[str, Any]:
    """One member's contest records, as plain data (for ``/mydata``)."""
    out: dict[str, Any] = {}
    for table, name, hidden in (
        (_ENTRY, "entries", ("platform", "user_id", "slot", "locale")),
        (_VOTE, "entry_votes", ("platform", "user_id", "slot")),
        (_ENTRANT, "giveaway_entries", ("platform", "user_id", "locale")),
        (_AWARD, "awards", ("platform", "user_id")),
    ):
        rows = (
            await conn.execute(
                select(
                    table,
                    _ROUND.c.campaign_id.label("campaign"),
                    _ROUND.c.number.label("round_number"),
                )
                .join(_ROUND, _ROUND.c.id == table.c.round_id)
                .where(table.c.platform == platform, table.c.user_id == user_id)
                .order_by(table.c.id)
            )
        ).all()
        out[name] = [
            {
                k: (v.isoformat() if hasattr(v, "isoformat") else v)
                for k, v in row._mapping.items()
                if k not in hidden and k not in ("round_id", "campaign_id")
            }
            for row in rows
        ]
    return out
