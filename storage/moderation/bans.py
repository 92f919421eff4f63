"""Bans: a member kept out of one campaign, written together with its audit entry.

A ban row is keyed by (campaign, participant), a unique constraint, so banning twice is one
ban. A member may be banned before Chorus has seen them (``/ban telegram:123``): their
participant row is created then. Each ban and unban writes its audit entry (who, when,
before/after, reason) in the same transaction: the log cannot miss a change nor record one
that did not happen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, exists, or_, select

from bot.model.members import Member
from storage.db import Database
from storage.identity.tables import PERSON_LINK
from storage.moderation.audit import write_audit
from storage.participants import find_participant, known_participant
from storage.sql import upsert
from storage.tables import BAN, PARTICIPANT

_BAN: Any = BAN
_MEMBER: Any = PARTICIPANT
_LINK: Any = PERSON_LINK


@dataclass(frozen=True, slots=True)
class BanView:
    """A ban as read from the database."""

    campaign_id: str
    platform: str
    user_id: str
    reason: str
    banned_by: str
    banned_at: datetime
    ban_id: int = 0

    @property
    def member(self) -> str:
        """``platform:user-id``."""
        return f"{self.platform}:{self.user_id}"


async def ban(
    db: Database, campaign_id: str, member: str, reason: str, actor: str, now: datetime
) -> bool:
    """Ban ``member`` (``platform:user-id``) from a campaign; False when already banned."""
    platform, _, user_id = member.partition(":")
    async with db.transaction() as conn:
        participant = await known_participant(conn, Member(platform, user_id, ""))
        result = await conn.execute(
            upsert(conn, _BAN)
            .values(
                campaign_id=campaign_id,
                participant_id=participant,
                reason=reason,
                banned_by=actor,
                banned_at=now,
            )
            .on_conflict_do_nothing(index_elements=["campaign_id", "participant_id"])
            .returning(_BAN.c.id)
        )
        if result.first() is None:
            return False
        await write_audit(
            conn,
            at=now,
            actor=actor,
            campaign_id=campaign_id,
            action="ban",
            before="allowed",
            after="banned",
            detail=f"{member}: {reason}",
        )
    return True


async def unban(db: Database, campaign_id: str, member: str, actor: str, now: datetime) -> bool:
    """Lift a ban; False when ``member`` was not banned."""
    platform, _, user_id = member.partition(":")
    async with db.transaction() as conn:
        participant = await find_participant(conn, platform, user_id)
        result = await conn.execute(
            delete(_BAN).where(
                _BAN.c.campaign_id == campaign_id, _BAN.c.participant_id == participant
            )
        )
        if result.rowcount != 1:
            return False
        await write_audit(
            conn,
            at=now,
            actor=actor,
            campaign_id=campaign_id,
            action="unban",
            before="banned",
            after="allowed",
            detail=member,
        )
    return True


async def bans_of(db: Database, campaign_id: str) -> list[BanView]:
    """Every ban of a campaign, oldest first."""
    return await _read(db, _BAN.c.campaign_id == campaign_id)


async def bans_of_participant(db: Database, participant_id: int) -> list[BanView]:
    """Every ban of one member (for their ``/mydata``)."""
    return await _read(db, _BAN.c.participant_id == participant_id)


async def _read(db: Database, *where: Any) -> list[BanView]:
    query = (
        select(_BAN, _MEMBER.c.platform, _MEMBER.c.user_id)
        .join(_MEMBER, _MEMBER.c.id == _BAN.c.participant_id)
        .where(*where)
        .order_by(_BAN.c.id)
    )
    async with db.reading() as conn:
        rows = (await conn.execute(query)).all()
    return [
        BanView(r.campaign_id, r.platform, r.user_id, r.reason, r.banned_by, r.banned_at, r.id)
        for r in rows
    ]


def not_banned(campaign_id: Any, participant_id: Any) -> Any:
    """A SQL condition: no ban of this member in this campaign (columns or values), nor of
    an account linked to theirs since the ban (a ban applies to the person, and unlinking
    after it does not lift it).

    Tallies and exports use it so a banned member's votes stop counting at once, in every
    process, whatever a cache in front of the refusal says.
    """
    mine, theirs = _LINK.alias("mine"), _LINK.alias("theirs")
    linked = (
        select(theirs.c.participant_id)
        .select_from(mine.join(theirs, theirs.c.person_id == mine.c.person_id))
        .where(
            mine.c.participant_id == participant_id,
            or_(mine.c.unlinked_at.is_(None), mine.c.unlinked_at >= _BAN.c.banned_at),
            or_(theirs.c.unlinked_at.is_(None), theirs.c.unlinked_at >= _BAN.c.banned_at),
        )
        .correlate_except(mine, theirs)
    )
    return ~exists().where(
        and_(
            _BAN.c.campaign_id == campaign_id,
            or_(_BAN.c.participant_id == participant_id, _BAN.c.participant_id.in_(linked)),
        )
    )


async def person_bans(db: Database, campaign_id: str) -> dict[str, BanView]:
    """A campaign's bans by ``platform:user-id`` of every account they apply to: the banned
    account and the accounts linked to it since the ban."""
    bans = await bans_of(db, campaign_id)
    found = {b.member: b for b in bans}
    if not bans:
        return found
    mine, theirs = _LINK.alias("mine"), _LINK.alias("theirs")
    query = (
        select(_BAN.c.id, _MEMBER.c.platform, _MEMBER.c.user_id)
        .select_from(
            _BAN.join(mine, mine.c.participant_id == _BAN.c.participant_id)
            .join(theirs, theirs.c.person_id == mine.c.person_id)
            .join(_MEMBER, _MEMBER.c.id == theirs.c.participant_id)
        )
        .where(
            _BAN.c.campaign_id == campaign_id,
            or_(mine.c.unlinked_at.is_(None), mine.c.unlinked_at >= _BAN.c.banned_at),
            or_(theirs.c.unlinked_at.is_(None), theirs.c.unlinked_at >= _BAN.c.banned_at),
        )
    )
    async with db.reading() as conn:
        rows = (await conn.execute(query)).all()
    by_id = {b.ban_id: b for b in bans}
    for ban_id, platform, user_id in rows:
        found.setdefault(f"{platform}:{user_id}", by_id[ban_id])
    return found
