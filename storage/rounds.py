"""Campaigns and rounds: synchronising from config, reading, and compare-and-set transitions.

Every state change is ``UPDATE round SET state = :to WHERE id = :id AND state IN (:from)`` (and
the phase and closing time it was read with) in one transaction together with its audit entry
and any outbox messages it decides: running the same transition twice, or from two processes,
has exactly one effect.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from bot.model.states import RoundState
from storage.db import Database
from storage.delivery.outbox import OutboxItem, enqueue
from storage.sql import upsert
from storage.tables import AUDIT, CAMPAIGN, ROUND, AuditEntry


@dataclass(frozen=True, slots=True)
class RoundView:
    """A round as read from the database."""

    id: int
    campaign_id: str
    number: int
    state: RoundState
    opens_at: datetime
    closes_at: datetime
    opened_at: datetime | None
    closed_at: datetime | None
    announced_at: datetime | None
    paused_at: datetime | None
    phase: str
    voting_opens_at: datetime | None
    note: str


_ROUND: Any = ROUND
_CAMPAIGN: Any = CAMPAIGN
_AUDIT: Any = AUDIT


def _view(row: Any) -> RoundView:
    return RoundView(
        id=row.id,
        campaign_id=row.campaign_id,
        number=row.number,
        state=RoundState(row.state),
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        opened_at=row.opened_at,
        closed_at=row.closed_at,
        announced_at=row.announced_at,
        paused_at=row.paused_at,
        phase=row.phase,
        voting_opens_at=row.voting_opens_at,
        note=row.note,
    )


async def save_campaign(
    db: Database, campaign_id: str, kind: str, title: str, rules: dict[str, Any], now: datetime
) -> None:
    """Create or refresh a campaign row from the config."""
    async with db.transaction() as conn:
        stmt = upsert(conn, _CAMPAIGN).values(
            id=campaign_id,
            kind=kind,
            title=title,
            rules=json.dumps(rules, sort_keys=True, default=str),
            created_at=now,
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"],
            set_={
                "kind": stmt.excluded.kind,
                "title": stmt.excluded.title,
                "rules": stmt.excluded.rules,
            },
        )
        await conn.execute(stmt)


async def campaign_rules(db: Database, campaign_id: str) -> dict[str, Any] | None:
    """The rules stored when the campaign was last synchronised."""
    async with db.reading() as conn:
        value = (
            await conn.execute(select(_CAMPAIGN.c.rules).where(_CAMPAIGN.c.id == campaign_id))
        ).scalar_one_or_none()
    return None if value is None else dict(json.loads(value))


async def create_round(
    db: Database,
    campaign_id: str,
    number: int,
    opens_at: datetime,
    closes_at: datetime,
    voting_opens_at: datetime | None = None,
) -> RoundView:
    """Round ``number`` of a campaign in state ``scheduled``, unless it exists already."""
    async with db.transaction() as conn:
        stmt = (
            upsert(conn, _ROUND)
            .values(
                campaign_id=campaign_id,
                number=number,
                state=RoundState.SCHEDULED,
                opens_at=opens_at,
                closes_at=closes_at,
                voting_opens_at=voting_opens_at,
                phase="",
                note="",
            )
            .on_conflict_do_nothing(index_elements=["campaign_id", "number"])
        )
        await conn.execute(stmt)
        row = (
            await conn.execute(
                select(_ROUND).where(_ROUND.c.campaign_id == campaign_id, _ROUND.c.number == number)
            )
        ).one()
    return _view(row)


async def first_round(db: Database, campaign_id: str) -> RoundView | None:
    """The oldest round of a campaign (the start of a recurring series)."""
    async with db.reading() as conn:
        row = (
            await conn.execute(
                select(_ROUND)
                .where(_ROUND.c.campaign_id == campaign_id)
                .order_by(_ROUND.c.number)
                .limit(1)
            )
        ).first()
    return None if row is None else _view(row)


async def reschedule(
    db: Database,
    round_id: int,
    opens_at: datetime,
    closes_at: datetime,
    voting_opens_at: datetime | None = None,
) -> bool:
    """Move a round's window while it has not opened yet."""
    async with db.transaction() as conn:
        result = await conn.execute(
            update(_ROUND)
            .where(_ROUND.c.id == round_id, _ROUND.c.state == RoundState.SCHEDULED)
            .values(opens_at=opens_at, closes_at=closes_at, voting_opens_at=voting_opens_at)
        )
    return bool(result.rowcount)


async def get_round(db: Database, round_id: int) -> RoundView | None:
    """A round by id."""
    async with db.reading() as conn:
        row = (await conn.execute(select(_ROUND).where(_ROUND.c.id == round_id))).first()
    return None if row is None else _view(row)


async def round_by_number(db: Database, campaign_id: str, number: int) -> RoundView | None:
    """Round ``number`` of a campaign."""
    async with db.reading() as conn:
        row = (
            await conn.execute(
                select(_ROUND).where(_ROUND.c.campaign_id == campaign_id, _ROUND.c.number == number)
            )
        ).first()
    return None if row is None else _view(row)


async def latest_round(db: Database, campaign_id: str) -> RoundView | None:
    """The newest round of a campaign."""
    async with db.reading() as conn:
        row = (
            await conn.execute(
                select(_ROUND)
                .where(_ROUND.c.campaign_id == campaign_id)
                .order_by(_ROUND.c.number.desc())
                .limit(1)
            )
        ).first()
    return None if row is None else _view(row)


async def rounds_in(db: Database, states: Iterable[RoundState]) -> list[RoundView]:
    """Every round in one of ``states`` (for start-up and sweeps)."""
    async with db.reading() as conn:
        rows = (
            await conn.execute(
                select(_ROUND).where(_ROUND.c.state.in_(list(states))).order_by(_ROUND.c.id)
            )
        ).all()
    return [_view(row) for row in rows]


@dataclass(frozen=True, slots=True)
class Transition:
    """A requested state change, with what it writes alongside."""

    round_id: int
    from_states: Sequence[RoundState]
    to_state: RoundState
    at: datetime
    actor: str
    action: str
    detail: str = ""
    fields: dict[str, Any] | None = None
    outbox: Sequence[OutboxItem] = ()
    from_phase: str | None = None
    #: The closing time the change was decided on (an extension): it must still be the round's.
    from_closes_at: datetime | None = None


async def apply(db: Database, change: Transition) -> bool:
    """Compare-and-set ``change``; on success write its audit entry and outbox rows.

    Returns:
        True when this call made the change; False when the round was not in ``from_states``
        (or ``from_phase``), or its closing time is no longer ``from_closes_at``.
    """
    async with db.transaction() as conn:
        before = (
            await conn.execute(
                select(
                    _ROUND.c.state, _ROUND.c.phase, _ROUND.c.campaign_id, _ROUND.c.closes_at
                ).where(_ROUND.c.id == change.round_id)
            )
        ).first()
        if before is None or before.state not in change.from_states:
            return False
        if change.from_phase is not None and before.phase != change.from_phase:
            return False
        if change.from_closes_at is not None and before.closes_at != change.from_closes_at:
            return False
        result = await conn.execute(
            update(_ROUND)
            .where(
                _ROUND.c.id == change.round_id,
                _ROUND.c.state == before.state,
                _ROUND.c.phase == before.phase,
                _ROUND.c.closes_at == before.closes_at,
            )
            .values(state=change.to_state, **(change.fields or {}))
        )
        if result.rowcount != 1:
            return False
        await conn.execute(
            _AUDIT.insert().values(
                at=change.at,
                actor=change.actor,
                campaign_id=before.campaign_id,
                round_id=change.round_id,
                action=change.action,
                before=before.state,
                after=change.to_state,
                detail=change.detail,
            )
        )
        await enqueue(conn, change.outbox, change.at)
    return True


async def audit_log(db: Database, campaign_id: str) -> list[AuditEntry]:
    """A campaign's audit entries, oldest first."""
    async with db.reading() as conn:
        rows = (
            await conn.execute(
                select(_AUDIT).where(_AUDIT.c.campaign_id == campaign_id).order_by(_AUDIT.c.id)
            )
        ).all()
    return [AuditEntry.model_validate(dict(row._mapping)) for row in rows]
