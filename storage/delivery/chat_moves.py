"""Chats that became other chats (a Telegram group upgraded to a supergroup gets a new id),
kept in the ``meta`` table, and the messages still to post there re-addressed.

A move is recorded once (``moved:<platform:old-id>`` → the new ``platform:id``) in the same
transaction that re-addresses every post still waiting for the old chat (its outbox key names
the channel, so it is renamed too); edits and deletions of messages posted in the old chat are
dropped (skipped): those messages stay in the old group's history, which no bot can change.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from bot.model.states import OutboxState
from storage.db import Database
from storage.delivery.outbox import DELETE, EDIT, wake_after_commit
from storage.sql import upsert
from storage.tables import META, OUTBOX

_META: Any = META
_OUTBOX: Any = OUTBOX
PREFIX = "moved:"
#: Rows that may still be sent: waiting, or claimed by a sender that will hear of the move.
_UNSENT = (OutboxState.PENDING, OutboxState.SENDING)


async def chat_moves(db: Database) -> dict[str, str]:
    """Every move recorded: old ``platform:id`` → new ``platform:id``."""
    async with db.reading() as conn:
        rows = await conn.execute(
            select(_META.c.key, _META.c.value).where(_META.c.key.startswith(PREFIX))
        )
        return {str(key).removeprefix(PREFIX): json.loads(value)["to"] for key, value in rows}


async def record_move(db: Database, old: str, new: str, now: datetime) -> bool:
    """Record that the chat ``old`` is now ``new`` and re-address what waits for it (again
    when the move was known: a row written for the old chat since); False when this move was
    known already."""
    value = json.dumps({"to": new, "at": now.isoformat()})
    async with db.transaction() as conn:
        inserted = await conn.execute(
            upsert(conn, _META).values(key=PREFIX + old, value=value).on_conflict_do_nothing()
        )
        first = bool(inserted.rowcount)
        rows = await conn.execute(
            select(_OUTBOX.c.id, _OUTBOX.c.key, _OUTBOX.c.payload).where(
                _OUTBOX.c.channel == old, _OUTBOX.c.state.in_(_UNSENT)
            )
        )
        for row_id, key, payload in rows.all():
            changes = json.loads(payload)
            if EDIT in changes or DELETE in changes:
                values: dict[str, Any] = {"state": OutboxState.SKIPPED}
            else:
                renamed = str(key).removesuffix(old) + new
                taken = await conn.execute(select(_OUTBOX.c.id).where(_OUTBOX.c.key == renamed))
                values = (
                    {"state": OutboxState.SKIPPED}  # the same post already waits for the new chat
                    if taken.first() is not None
                    else {"channel": new, "key": renamed, "next_attempt_at": now}
                )
            await conn.execute(update(_OUTBOX).where(_OUTBOX.c.id == row_id).values(**values))
        await wake_after_commit(conn)
    return first
