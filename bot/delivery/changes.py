"""The sender's side of changes to posted messages (:mod:`storage.delivery.outbox_changes`):
a change waits for its message to be posted, and is skipped when a newer change to the same
message was decided, so the latest always wins.

:func:`ready` runs before a row is sent, :func:`after_sent` once it was: if, in between,
another process applied a newer change (the older one then landed last), the newer one is
sent again.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta

from bot.engine.runtime import Runtime
from bot.model.states import OutboxState
from storage.delivery.outbox import DELETE, EDIT, PendingMessage
from storage.delivery.outbox_changes import EDIT_AFTER, latest, message_of, newer_changes
from storage.delivery.outbox_claims import mark_skipped, postpone, send_again

log = logging.getLogger(__name__)

#: How long a change waits for a message another process is sending.
WAIT = timedelta(seconds=2)


async def ready(runtime: Runtime, row: PendingMessage) -> PendingMessage | None:
    """``row`` ready to send (a change to a message posted since it was decided now names
    the message's id); None when it must not be sent now: postponed until its message is
    posted, or skipped (that message will never be, or a newer change overtook this one)."""
    db, now = runtime.db, runtime.clock.now()
    after = row.payload.get(EDIT_AFTER)
    if after is not None:
        target = await message_of(db, str(after))
        if target.state == OutboxState.SENT and target.message_id is not None:
            row = replace(row, payload={**row.payload, EDIT: target.message_id})
        elif target.state == OutboxState.PENDING and target.next_attempt_at is not None:
            await postpone(db, row.id, max(now, target.next_attempt_at))
            return None
        elif target.state == OutboxState.SENDING:
            await postpone(db, row.id, now + WAIT)
            return None
        else:
            await mark_skipped(db, row.id, f"nothing to change: {after} was never posted")
            return None
    message_id = row.payload.get(EDIT, row.payload.get(DELETE))
    if message_id is None:
        return row
    if await newer_changes(db, row.id, row.channel, str(message_id), _str(after)):
        log.info("%s skipped: a newer change to its message was decided", row.key)
        await mark_skipped(db, row.id, "superseded by a newer change to the same message")
        return None
    return row


async def after_sent(runtime: Runtime, row: PendingMessage) -> None:
    """Once ``row`` (a change) was applied: if a newer change to the same message was
    applied meanwhile by another process, apply that one again so it stays the last."""
    message_id = row.payload.get(EDIT, row.payload.get(DELETE))
    if message_id is None:
        return
    after = _str(row.payload.get(EDIT_AFTER))
    newer = await newer_changes(runtime.db, row.id, row.channel, str(message_id), after)
    again = latest(newer)
    if again is not None:
        log.info("%s landed after a newer change: sending that one again", row.key)
        await send_again(runtime.db, again, runtime.clock.now())


def _str(value: object) -> str | None:
    return None if value is None else str(value)
