"""Members' personal data: what we hold about one member, erasing it, and the retention purge.

Erasure (``/mydata erase``) removes a member's participant row and every record of rounds
still running; records of rounds already closed or announced are moved to an anonymous
placeholder participant (a random id and name), so tallies already announced stay true
without naming them. Messages queued to them privately are deleted; their name and id are
taken out of the texts still stored — copies of posts (and the posts themselves, through the
outbox: :mod:`storage.privacy.posts`), their ideas, audit entries (:mod:`storage.privacy.traces`),
where they become the placeholder's alias. It all happens in one transaction, logged per
campaign with counts only. A ban is kept (the brand's legitimate interest) until a moderator
lifts it.

The retention purge does the same for a whole campaign once it has ended: every member's
records are moved to placeholders (one per member), members left without records are deleted.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.contest.privacy import (
    ANNOUNCED,
    PLACEHOLDER_PLATFORM,
    contest_members,
    contest_records,
    erase_contest_records,
)
from storage.db import Database
from storage.delivery.journal import forget_deliveries_of
from storage.ideas.tables import IDEA, IDEA_CREDIT, IDEA_UPVOTE
from storage.moderation.audit import write_audit
from storage.privacy.posts import Withdrawn, scrub_posts
from storage.privacy.traces import pseudonymise_audit, scrub_ideas, traces_of
from storage.tables import AUDIT, BALLOT, BAN, OUTBOX, PARTICIPANT, PLEDGE, ROUND

_MEMBER: Any = PARTICIPANT
_BALLOT: Any = BALLOT
_PLEDGE: Any = PLEDGE
_ROUND: Any = ROUND
_OUTBOX: Any = OUTBOX
_AUDIT: Any = AUDIT
_BAN: Any = BAN
_IDEA: Any = IDEA
_UPVOTE: Any = IDEA_UPVOTE
_CREDIT: Any = IDEA_CREDIT

BLANKED = "[erased member]"
#: Per-member record tables, and their name in a member's own export.
RECORDS: tuple[tuple[Any, str], ...] = (
    (_BALLOT, "ballots"),
    (_PLEDGE, "pledges"),
    (_UPVOTE, "idea_upvotes"),
)


@dataclass
class Erasure:
    """What an erasure or purge did, per campaign: ``removed`` and ``anonymised`` counts."""

    removed: Counter[str] = field(default_factory=Counter)
    anonymised: Counter[str] = field(default_factory=Counter)
    found: bool = False
    #: Photos (relative to the media folder) to delete now that the transaction committed.
    files: list[str] = field(default_factory=list)
    #: An erased member's name from now on (her placeholder's, ``#a1b2c3d4``); empty in purges.
    alias: str = ""
    #: Posts queued to be edited or deleted on the platforms.
    posts: int = 0


async def member_records(db: Database, platform: str, user_id: str) -> dict[str, Any]:
    """Everything stored about one member, as plain data (for ``/mydata``)."""
    async with db.reading() as conn:
        member = (
            await conn.execute(
                select(_MEMBER).where(_MEMBER.c.platform == platform, _MEMBER.c.user_id == user_id)
            )
        ).first()
        data: dict[str, Any] = {"member": None, "bans": [], "ideas": []}
        data.update({name: [] for _, name in RECORDS})
        if member is not None:
            data["member"] = {
                "platform": member.platform,
                "user_id": member.user_id,
                "display_name": member.display_name,
                "locale": member.locale,
                "account_created_at": _iso(member.created_at),
            }
            for table, name in RECORDS:
                rows = (
                    await conn.execute(
                        select(table, _ROUND.c.campaign_id, _ROUND.c.number)
                        .join(_ROUND, _ROUND.c.id == table.c.round_id)
                        .where(table.c.participant_id == member.id)
                        .order_by(table.c.id)
                    )
                ).all()
                data[name] = [_record(row._mapping) for row in rows]
            ideas = (
                await conn.execute(
                    select(_IDEA, _ROUND.c.number)
                    .join(_ROUND, _ROUND.c.id == _IDEA.c.round_id)
                    .where(_IDEA.c.author_id == member.id)
                    .order_by(_IDEA.c.id)
                )
            ).all()
            data["ideas"] = [_record(row._mapping) for row in ideas]
        bans = (
            await conn.execute(
                select(_BAN).where(_BAN.c.platform == platform, _BAN.c.user_id == user_id)
            )
        ).all()
        data["bans"] = [
            {"campaign": b.campaign_id, "reason": b.reason, "banned_at": _iso(b.banned_at)}
            for b in bans
        ]
        data.update(await contest_records(conn, platform, user_id))
    return data


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _record(row: Any) -> dict[str, Any]:
    hidden = ("id", "round_id", "participant_id", "campaign_id", "number")
    out = {"campaign": row["campaign_id"], "round": row["number"]}
    out.update({k: _iso(v) for k, v in row.items() if k not in hidden})
    return out


def new_alias() -> str:
    """A placeholder's name: ``#`` and 8 random hex digits."""
    return f"#{secrets.token_hex(4)}"


async def _placeholder(conn: AsyncConnection, name: str = "") -> int:
    return int(
        (
            await conn.execute(
                insert(_MEMBER)
                .values(
                    platform=PLACEHOLDER_PLATFORM,
                    user_id=secrets.token_hex(12),
                    display_name=name or new_alias(),
                    locale=None,
                    created_at=None,
                )
                .returning(_MEMBER.c.id)
            )
        ).scalar_one()
    )


async def _move_or_delete(
    conn: AsyncConnection, participant_id: int, round_ids: list[int] | None, done: Erasure
) -> None:
    """Anonymise the member's records of announced rounds, delete the others (only among
    ``round_ids`` when given)."""
    placeholder: int | None = None
    for table, _ in RECORDS:
        where = [table.c.participant_id == participant_id]
        if round_ids is not None:
            where.append(table.c.round_id.in_(round_ids))
        rows = (
            await conn.execute(
                select(table.c.id, _ROUND.c.state, _ROUND.c.campaign_id)
                .join(_ROUND, _ROUND.c.id == table.c.round_id)
                .where(*where)
            )
        ).all()
        keep = [r.id for r in rows if r.state in ANNOUNCED]
        drop = [r.id for r in rows if r.state not in ANNOUNCED]
        for r in rows:
            (done.anonymised if r.state in ANNOUNCED else done.removed)[r.campaign_id] += 1
        if keep:
            if placeholder is None:
                placeholder = await _placeholder(conn, done.alias)
            await conn.execute(
                update(table).where(table.c.id.in_(keep)).values(participant_id=placeholder)
            )
        if drop:
            await conn.execute(delete(table).where(table.c.id.in_(drop)))
    await _anonymise_ideas(conn, participant_id, round_ids, placeholder, done)


async def _anonymise_ideas(
    conn: AsyncConnection,
    participant_id: int,
    round_ids: list[int] | None,
    placeholder: int | None,
    done: Erasure,
) -> int | None:
    """Ideas stay (they may have been merged, answered, credited) but no longer name their
    author; credits naming the member are dropped."""
    where = [_IDEA.c.author_id == participant_id]
    if round_ids is not None:
        where.append(_IDEA.c.round_id.in_(round_ids))
    ideas = (await conn.execute(select(_IDEA.c.id, _IDEA.c.campaign_id).where(*where))).all()
    for idea in ideas:
        done.anonymised[idea.campaign_id] += 1
    if ideas:
        if placeholder is None:
            placeholder = await _placeholder(conn, done.alias)
        await conn.execute(
            update(_IDEA).where(_IDEA.c.id.in_([i.id for i in ideas])).values(author_id=placeholder)
        )
    await conn.execute(delete(_CREDIT).where(_CREDIT.c.participant_id == participant_id))
    return placeholder


async def erase_member(
    db: Database,
    platform: str,
    user_id: str,
    now: datetime,
    *,
    names: Iterable[str] = (),
    withdrawn: Withdrawn = lambda _: "",
) -> Erasure:
    """Erase one member (see the module docstring); one transaction.

    ``names`` are names she goes by besides the stored ones (her current display name);
    ``withdrawn`` gives, per campaign, the text left in place of a post of hers that is
    deleted.
    """
    done = Erasure(alias=new_alias())
    async with db.transaction() as conn:
        traces = await traces_of(conn, platform, user_id, names, done.alias)
        participant = (
            await conn.execute(
                select(_MEMBER.c.id).where(
                    _MEMBER.c.platform == platform, _MEMBER.c.user_id == user_id
                )
            )
        ).scalar_one_or_none()
        if participant is not None:
            await _move_or_delete(conn, participant, None, done)
            await conn.execute(delete(_MEMBER).where(_MEMBER.c.id == participant))
        done.files = await erase_contest_records(
            conn, platform, user_id, None, done.removed, done.anonymised, alias=done.alias
        )
        await conn.execute(delete(_OUTBOX).where(_OUTBOX.c.channel == f"{platform}:dm:{user_id}"))
        await forget_deliveries_of(conn, platform, user_id)
        await scrub_ideas(conn, traces)
        done.posts = await scrub_posts(conn, traces, withdrawn, now)
        await pseudonymise_audit(conn, traces, f"{BLANKED[:-1]} {done.alias}]")
        for campaign_id in sorted(set(done.removed) | set(done.anonymised)):
            await write_audit(
                conn,
                at=now,
                actor="privacy",
                campaign_id=campaign_id,
                action="erase",
                detail=(
                    f"a member's data erased: {done.removed[campaign_id]} records removed, "
                    f"{done.anonymised[campaign_id]} anonymised"
                ),
            )
    return done


async def purge_campaign(db: Database, campaign_id: str, now: datetime) -> Erasure:
    """The retention purge of an ended campaign (see the module docstring); one transaction."""
    done = Erasure()
    async with db.transaction() as conn:
        rounds = [
            int(r)
            for r in (
                await conn.execute(select(_ROUND.c.id).where(_ROUND.c.campaign_id == campaign_id))
            ).scalars()
        ]
        members: set[int] = set()
        members |= {
            int(p)
            for p in (
                await conn.execute(
                    select(_IDEA.c.author_id).where(_IDEA.c.round_id.in_(rounds)).distinct()
                )
            ).scalars()
        }
        for table, _ in RECORDS:
            members |= {
                int(p)
                for p in (
                    await conn.execute(
                        select(table.c.participant_id)
                        .where(table.c.round_id.in_(rounds))
                        .distinct()
                    )
                ).scalars()
            }
        real = {
            int(p)
            for p in (
                await conn.execute(
                    select(_MEMBER.c.id).where(
                        _MEMBER.c.id.in_(members), _MEMBER.c.platform != PLACEHOLDER_PLATFORM
                    )
                )
            ).scalars()
        }
        named = {
            (str(p), str(u))
            for p, u in (
                await conn.execute(
                    select(_MEMBER.c.platform, _MEMBER.c.user_id).where(_MEMBER.c.id.in_(real))
                )
            ).all()
        }
        for participant in sorted(real):
            await _move_or_delete(conn, participant, rounds, done)
        for participant in sorted(real):
            if not await _has_records(conn, participant):
                await conn.execute(delete(_MEMBER).where(_MEMBER.c.id == participant))
        keyed = await contest_members(conn, rounds)
        for platform, user_id in sorted(keyed):
            done.files += await erase_contest_records(
                conn, platform, user_id, rounds, done.removed, done.anonymised
            )
        await conn.execute(
            delete(_OUTBOX).where(
                _OUTBOX.c.round_id.in_(rounds), _OUTBOX.c.channel.contains(":dm:")
            )
        )
        await conn.execute(delete(_BAN).where(_BAN.c.campaign_id == campaign_id))
        await conn.execute(
            update(_AUDIT)
            .where(_AUDIT.c.campaign_id == campaign_id, _AUDIT.c.action.in_(("ban", "unban")))
            .values(detail=BLANKED)
        )
        done.found = True
        await write_audit(
            conn,
            at=now,
            actor="retention",
            campaign_id=campaign_id,
            action="purge",
            detail=(
                f"personal data purged: {len(real) + len(keyed - named)} members, "
                f"{done.anonymised[campaign_id]} records anonymised, "
                f"{done.removed[campaign_id]} removed"
            ),
        )
    return done


async def _has_records(conn: AsyncConnection, participant_id: int) -> bool:
    authored = (
        await conn.execute(select(_IDEA.c.id).where(_IDEA.c.author_id == participant_id).limit(1))
    ).first()
    if authored is not None:
        return True
    for table, _ in RECORDS:
        found = (
            await conn.execute(
                select(table.c.id).where(table.c.participant_id == participant_id).limit(1)
            )
        ).first()
        if found is not None:
            return True
    return False


async def purged(db: Database, campaign_id: str) -> bool:
    """Whether the campaign's retention purge has run."""
    async with db.reading() as conn:
        found = (
            await conn.execute(
                select(_AUDIT.c.id).where(
                    _AUDIT.c.campaign_id == campaign_id, _AUDIT.c.action == "purge"
                )
            )
        ).first()
    return found is not None
