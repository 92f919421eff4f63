"""Members' personal data: what we hold about one member, erasing it, and the retention purge.

This module knows no kind's tables: each kind's :class:`~storage.privacy.records.PersonalRecords`
hook lists, erases and names its own records (:mod:`storage.privacy.records` says the rule they
follow). Erasure (``/mydata erase``) asks every hook to erase a member's records — those of
rounds closed or announced move to an anonymous placeholder, the others go — then removes her
participant row (a ban keeps it, nameless: the brand's legitimate interest, until a moderator
lifts it). Messages queued to her privately are deleted; her name and id are taken out of the
texts still stored — copies of posts (and the posts themselves, through the outbox:
:mod:`storage.privacy.posts`) and audit entries (:mod:`storage.privacy.traces`), where they
become the placeholder's alias. It all happens in one transaction, logged per campaign with
counts only; a person's linked accounts are erased together in that one transaction
(:func:`erase_person`).

The retention purge does the same for a whole campaign once it has ended: every member's
records are moved to placeholders (one per member), members left without records are deleted,
and their links to other accounts with them (a link alone keeps no account).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.model.members import Member
from storage.db import Database
from storage.delivery.journal import forget_deliveries_of
from storage.identity.forgetting import LINK_TABLES, forget_links
from storage.identity.links import accounts_on
from storage.moderation.audit import write_audit
from storage.participants import find_participant
from storage.privacy.posts import Withdrawn, scrub_posts
from storage.privacy.records import (
    PLACEHOLDER_PLATFORM,
    Erasing,
    Erasure,
    PersonalRecords,
    new_alias,
    plain,
)
from storage.privacy.traces import pseudonymise_audit, traces_of
from storage.tables import AUDIT, BAN, OUTBOX, PARTICIPANT, ROUND

_MEMBER: Any = PARTICIPANT
_ROUND: Any = ROUND
_OUTBOX: Any = OUTBOX
_AUDIT: Any = AUDIT
_BAN: Any = BAN

BLANKED = "[erased member]"


async def member_records(
    db: Database, member: Member, kinds: Sequence[PersonalRecords]
) -> dict[str, Any]:
    """Everything stored about one member, as plain data (for ``/mydata``)."""
    async with db.reading() as conn:
        participant = await find_participant(conn, member.platform, member.id)
        data: dict[str, Any] = {"member": None, "bans": []}
        if participant is None:
            return data
        row = (await conn.execute(select(_MEMBER).where(_MEMBER.c.id == participant))).one()
        data["member"] = {
            "platform": row.platform,
            "user_id": row.user_id,
            "display_name": row.display_name,
            "locale": row.locale,
            "account_created_at": plain(row.created_at),
        }
        bans = (
            await conn.execute(
                select(_BAN).where(_BAN.c.participant_id == participant).order_by(_BAN.c.id)
            )
        ).all()
        data["bans"] = [
            {"campaign": b.campaign_id, "reason": b.reason, "banned_at": plain(b.banned_at)}
            for b in bans
        ]
        for kind in kinds:
            data.update(await kind.records_of(conn, participant))
    return data


async def erase_member(
    db: Database,
    member: Member,
    now: datetime,
    kinds: Sequence[PersonalRecords],
    *,
    names: Iterable[str] = (),
    withdrawn: Withdrawn = lambda _: "",
) -> Erasure:
    """Erase one member (see the module docstring); one transaction.

    ``names`` are names she goes by besides the stored ones (her current display name);
    ``withdrawn`` gives, per campaign, the text left in place of a post of hers that is
    deleted.
    """
    async with db.transaction() as conn:
        return await _erase_in(conn, member, now, kinds, names, withdrawn)


async def erase_person(
    db: Database,
    member: Member,
    now: datetime,
    kinds: Sequence[PersonalRecords],
    *,
    withdrawn: Withdrawn = lambda _: "",
) -> list[tuple[Member, Erasure]]:
    """Erase a member and every account linked to theirs (one person), each as
    :func:`erase_member` does, all in one transaction: cut short, nothing is erased, and the
    request can simply be made again. Returns each account with what its erasure did (the
    member's own last)."""
    async with db.transaction() as conn:
        linked = [a.member for a in await accounts_on(conn, member) if a.member.key != member.key]
        return [
            (account, await _erase_in(conn, account, now, kinds, (account.name,), withdrawn))
            for account in [*linked, member]
        ]


async def _erase_in(
    conn: AsyncConnection,
    member: Member,
    now: datetime,
    kinds: Sequence[PersonalRecords],
    names: Iterable[str],
    withdrawn: Withdrawn,
) -> Erasure:
    done = Erasure(alias=new_alias())
    participant = await find_participant(conn, member.platform, member.id)
    seen = set(names)
    footprints = []
    if participant is not None:
        seen.add(await _display_name(conn, participant))
        footprints = [await kind.footprint(conn, participant) for kind in kinds]
    traces = traces_of(member.key, member.id, seen, done.alias, footprints)
    if participant is not None:
        erasing = Erasing(conn, participant, None, done, traces)
        for kind in kinds:
            done.files += await kind.erase(erasing)
        await forget_links(conn, participant)
        await _forget_participant(conn, participant, done.alias)
    await conn.execute(delete(_OUTBOX).where(_OUTBOX.c.channel == member.private_channel))
    await forget_deliveries_of(conn, member.platform, member.id)
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


async def _display_name(conn: AsyncConnection, participant: int) -> str:
    found = await conn.execute(select(_MEMBER.c.display_name).where(_MEMBER.c.id == participant))
    return str(found.scalar_one())


async def _forget_participant(conn: AsyncConnection, participant: int, alias: str) -> None:
    """Delete a participant row that nothing refers to any more; one still referred to (by a
    ban) keeps only its platform key, named by ``alias``."""
    if await _referred_to(conn, participant):
        await conn.execute(
            update(_MEMBER)
            .where(_MEMBER.c.id == participant)
            .values(display_name=alias, locale=None, created_at=None)
        )
    else:
        await conn.execute(delete(_MEMBER).where(_MEMBER.c.id == participant))


async def _referred_to(
    conn: AsyncConnection, participant: int, ignoring: Iterable[Any] = ()
) -> bool:
    """Whether any row of any table (but ``ignoring``) still refers to this participant
    (found through the tables' foreign keys, so a kind's new table counts without being
    listed here)."""
    skipped = set(ignoring)
    for table in _MEMBER.metadata.sorted_tables:
        if table in skipped:
            continue
        for key in table.foreign_keys:
            if key.column.table is _MEMBER:
                found = await conn.execute(
                    select(key.parent).where(key.parent == participant).limit(1)
                )
                if found.first() is not None:
                    return True
    return False


async def purge_campaign(
    db: Database, campaign_id: str, now: datetime, kinds: Sequence[PersonalRecords]
) -> Erasure:
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
        for kind in kinds:
            members |= await kind.participants(conn, rounds)
        real = sorted(
            int(p)
            for p in (
                await conn.execute(
                    select(_MEMBER.c.id).where(
                        _MEMBER.c.id.in_(members), _MEMBER.c.platform != PLACEHOLDER_PLATFORM
                    )
                )
            ).scalars()
        )
        for participant in real:
            erasing = Erasing(conn, participant, rounds, done)
            for kind in kinds:
                done.files += await kind.erase(erasing)
        await conn.execute(
            delete(_OUTBOX).where(
                _OUTBOX.c.round_id.in_(rounds), _OUTBOX.c.channel.contains(":dm:")
            )
        )
        await conn.execute(delete(_BAN).where(_BAN.c.campaign_id == campaign_id))
        for participant in real:
            await _delete_if_unused(conn, participant)
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
                f"personal data purged: {len(real)} members, "
                f"{done.anonymised[campaign_id]} records anonymised, "
                f"{done.removed[campaign_id]} removed"
            ),
        )
    return done


async def _delete_if_unused(conn: AsyncConnection, participant: int) -> None:
    """Delete a member left with no record anywhere (records of other campaigns, a ban
    elsewhere keep them), with their links to other accounts: a link alone keeps no account
    (:func:`storage.identity.forgetting.forget_links`)."""
    if not await _referred_to(conn, participant, ignoring=LINK_TABLES):
        await forget_links(conn, participant)
        await conn.execute(delete(_MEMBER).where(_MEMBER.c.id == participant))


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
