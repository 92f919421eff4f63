"""The delivery journal's rows: raw deliveries written before their acknowledgement.

A platform that considers a delivery done once acknowledged (a Slack ack, a deferred Discord
interaction) never sends it again; the journal keeps it until it is handled, so a process that
dies in between replays it at its next start. Writes are set-based so that one transaction can
carry many deliveries, new and handled (see
:class:`bot.engine.ingress.journal.DeliveryJournal`, which
batches them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database
from storage.sql import upsert
from storage.tables import PENDING_DELIVERY

_PENDING: Any = PENDING_DELIVERY
#: Longest delivery id kept (as in the inbox).
ID_MAX = 128


@dataclass(frozen=True, slots=True)
class Pending:
    """One journaled delivery: ``payload`` is what its adapter needs to translate it again."""

    platform: str
    delivery_id: str
    payload: str
    received_at: datetime


async def write_journal(
    db: Database, kept: Sequence[Pending], finished: Iterable[tuple[str, str]]
) -> None:
    """In one transaction, keep the deliveries ``kept`` (one already kept — a platform's
    retry — stays as is) and remove the handled ones ``finished`` ``(platform, delivery_id)``."""
    done = sorted({(platform, delivery_id[:ID_MAX]) for platform, delivery_id in finished})
    if not kept and not done:
        return
    async with db.transaction() as conn:
        if kept:
            await conn.execute(
                upsert(conn, _PENDING).on_conflict_do_nothing(
                    index_elements=["platform", "delivery_id"]
                ),
                [
                    {
                        "platform": d.platform,
                        "delivery_id": d.delivery_id[:ID_MAX],
                        "payload": d.payload,
                        "received_at": d.received_at,
                    }
                    for d in kept
                ],
            )
        if done:
            key = tuple_(_PENDING.c.platform, _PENDING.c.delivery_id)
            await conn.execute(delete(_PENDING).where(key.in_(done)))


async def pending_on(db: Database, platform: str) -> list[Pending]:
    """Deliveries on ``platform`` still waiting to be handled, oldest first."""
    async with db.reading() as conn:
        rows = await conn.execute(
            select(_PENDING)
            .where(_PENDING.c.platform == platform)
            .order_by(_PENDING.c.received_at, _PENDING.c.delivery_id)
        )
        return [
            Pending(row.platform, row.delivery_id, row.payload, row.received_at) for row in rows
        ]


async def purge_pending(db: Database, before: datetime) -> int:
    """Drop deliveries received before ``before`` (never handled: a payload that always fails,
    a platform no longer configured); return how many."""
    async with db.transaction() as conn:
        result = await conn.execute(delete(_PENDING).where(_PENDING.c.received_at < before))
        return int(result.rowcount or 0)


async def forget_deliveries_of(conn: AsyncConnection, platform: str, user_id: str) -> int:
    """Drop the journaled deliveries on ``platform`` that name ``user_id`` (in the caller's
    transaction): an erased member's raw payloads must not stay, nor be replayed into new
    records after her erasure. Payloads are JSON, where ids are quoted strings."""
    needle = json.dumps(str(user_id))
    result = await conn.execute(
        delete(_PENDING).where(
            _PENDING.c.platform == platform, _PENDING.c.payload.contains(needle, autoescape=True)
        )
    )
    return int(result.rowcount or 0)
