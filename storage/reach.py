"""Members a campaign reached privately: the first step of the report's funnel.

Platforms do not tell bots who read a channel, so the members a campaign is known to have
reached are those who took part (see :mod:`storage.participation`) and those Chorus wrote to
privately about it (confirmations, notices, results to an idea's upvoters…): the recipients of
the rounds' private messages that were delivered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from bot.model.states import OutboxState
from storage.db import Database
from storage.tables import OUTBOX

_OUTBOX: Any = OUTBOX


async def private_recipients(db: Database, round_ids: Sequence[int]) -> set[tuple[str, str]]:
    """``(platform, user_id)`` of every member a private message of these rounds reached."""
    if not round_ids:
        return set()
    async with db.reading() as conn:
        channels = (
            await conn.execute(
                select(_OUTBOX.c.channel)
                .where(
                    _OUTBOX.c.round_id.in_(list(round_ids)),
                    _OUTBOX.c.state == OutboxState.SENT,
                    _OUTBOX.c.channel.contains(":dm:"),
                )
                .distinct()
            )
        ).scalars()
        found = set()
        for channel in channels:
            platform, _, user_id = str(channel).partition(":dm:")
            found.add((platform, user_id))
    return found
