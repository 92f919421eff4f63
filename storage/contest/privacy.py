"""Contest records naming members, for erasure and ``/mydata``: entries with their photos,
entry votes, reports, giveaway entries and awards.

Entries (a photo or a text is the member's own content) are deleted with their photo whatever
the round's state; an award that named the entry keeps its rank without it, and posts showing
the entry (its card, review card, report alerts) are hers alone to be deleted. Entry votes and
giveaway entries follow the common rule (:mod:`storage.privacy.records`); her reports are
deleted; awards naming her move to the placeholder, with its alias as name. The caller
deletes the returned photo files once it has committed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.contest.awards import entered_from
from storage.contest.entries import submitter
from storage.media import release_media
from storage.privacy.records import Erasing, move_or_delete, participants_in, plain
from storage.privacy.traces import Footprint
from storage.tables import (
    AWARD,
    ENTRANT,
    ENTRY,
    ENTRY_REPORT,
    ENTRY_VOTE,
    JURY_SCORE,
    MEDIA,
    ROUND,
)

_ENTRY: Any = ENTRY
_VOTE: Any = ENTRY_VOTE
_ENTRANT: Any = ENTRANT
_AWARD: Any = AWARD
_REPORT: Any = ENTRY_REPORT
_JURY: Any = JURY_SCORE
_MEDIA: Any = MEDIA
_ROUND: Any = ROUND

#: What a member's own export shows of each table, and the columns it leaves out.
_SECTIONS = (
    (_ENTRY, "entries", ("participant_id", "slot", "locale")),
    (_VOTE, "entry_votes", ("participant_id", "slot")),
    (_ENTRANT, "giveaway_entries", ("participant_id", "account_id", "locale")),
    (_AWARD, "awards", ("participant_id",)),
)


class ContestRecords:
    """The contest's :class:`~storage.privacy.records.PersonalRecords` hook."""

    async def footprint(self, conn: AsyncConnection, participant_id: int) -> Footprint:
        names: set[str] = set()
        for table, column in (
            (_ENTRY, _ENTRY.c.author),
            (_ENTRANT, _ENTRANT.c.name),
            (_AWARD, _AWARD.c.name),
        ):
            found = await conn.execute(
                select(column).where(table.c.participant_id == participant_id)
            )
            names |= {str(n) for n in found.scalars()}
        entries = (
            await conn.execute(
                select(_ENTRY.c.id, _ENTRY.c.author, _MEDIA.c.path)
                .select_from(_ENTRY.outerjoin(_MEDIA, _MEDIA.c.sha256 == _ENTRY.c.media_sha256))
                .where(_hers(participant_id))
            )
        ).all()
        names |= {str(e.author) for e in entries}
        return Footprint(
            names=frozenset(names),
            hers=frozenset(
                f"{prefix}-{e.id}" for e in entries for prefix in ("entry", "review", "reported")
            ),
            images=frozenset(str(e.path) for e in entries if e.path is not None),
        )

    async def records_of(
        self, conn: AsyncConnection, participant_id: int
    ) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for table, name, hidden in _SECTIONS:
            mine = _made_from(table)
            rows = (
                await conn.execute(
                    select(
                        table,
                        _ROUND.c.campaign_id.label("campaign"),
                        _ROUND.c.number.label("round_number"),
                    )
                    .join(_ROUND, _ROUND.c.id == table.c.round_id)
                    .where(mine == participant_id)
                    .order_by(table.c.id)
                )
            ).all()
            out[name] = [
                {
                    k: plain(v)
                    for k, v in row._mapping.items()
                    if k not in hidden and k not in ("round_id", "campaign_id")
                }
                for row in rows
            ]
        return out

    async def erase(self, erasing: Erasing) -> list[str]:
        conn, done = erasing.conn, erasing.done
        files: list[str] = []
        entries = (
            await conn.execute(
                select(_ENTRY.c.id, _ENTRY.c.campaign_id, _ENTRY.c.media_sha256).where(
                    *_hers_among(erasing)
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
            done.removed[entry.campaign_id] += 1
            if entry.media_sha256 is not None:
                path = await release_media(conn, entry.media_sha256)
                if path is not None:
                    files.append(path)
        await move_or_delete(erasing, _VOTE)
        await move_or_delete(erasing, _ENTRANT, renamed="name", account="account_id")
        reports = [_REPORT.c.participant_id == erasing.participant_id]
        if erasing.round_ids is not None:
            reports.append(
                _REPORT.c.entry_id.in_(
                    select(_ENTRY.c.id).where(_ENTRY.c.round_id.in_(erasing.round_ids))
                )
            )
        await conn.execute(delete(_REPORT).where(*reports))
        awards = (
            await conn.execute(
                select(_AWARD.c.id, _ROUND.c.campaign_id)
                .join(_ROUND, _ROUND.c.id == _AWARD.c.round_id)
                .where(*erasing.mine(_AWARD))
            )
        ).all()
        for award in awards:
            done.anonymised[award.campaign_id] += 1
        if awards:
            await conn.execute(
                update(_AWARD)
                .where(_AWARD.c.id.in_([a.id for a in awards]))
                .values(participant_id=await erasing.placeholder(), name=erasing.alias)
            )
        return files

    async def participants(self, conn: AsyncConnection, round_ids: Sequence[int]) -> set[int]:
        members: set[int] = set()
        for table in (_ENTRY, _VOTE, _ENTRANT, _AWARD):
            members |= await participants_in(conn, table.c.participant_id, table, round_ids)
        members |= await participants_in(conn, _ENTRY.c.account_id, _ENTRY, round_ids)
        members |= await participants_in(conn, _ENTRANT.c.account_id, _ENTRANT, round_ids)
        return members


def _made_from(table: Any) -> Any:
    """The account a record was made from: the one that submitted an entry or entered a
    giveaway (which keeps it though the record counts under the person's voice, even after
    the accounts are unlinked), else the member the record names."""
    if table is _ENTRY:
        return submitter()
    if table is _ENTRANT:
        return entered_from()
    return table.c.participant_id


def _hers_among(erasing: Erasing) -> list[Any]:
    """The conditions selecting her entries among the rounds erased."""
    where = [_hers(erasing.participant_id)]
    if erasing.round_ids is not None:
        where.append(_ENTRY.c.round_id.in_(erasing.round_ids))
    return where


def _hers(participant_id: int) -> Any:
    """Her entries: kept under her participant id (her own, or her person's voice when she
    is its smallest account) or submitted from her account."""
    return or_(_ENTRY.c.participant_id == participant_id, _ENTRY.c.account_id == participant_id)


CONTEST_RECORDS = ContestRecords()
