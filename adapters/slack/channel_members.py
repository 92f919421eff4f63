"""Who is in a channel, listed with ``conversations.members`` and remembered for a while.

A vote sent to the bot in a direct message is accepted only from a member of one of the
campaign's channels. Slack answers "who is in this channel" (paginated), not "is this member
in it", so the whole list is kept ``ttl`` seconds: one listing answers every private vote of a
burst, and concurrent questions about the same channel share it. A failed listing is not kept.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

Lookup = Callable[[str], Awaitable[frozenset[str]]]
TTL = 300.0


class ChannelMembers:
    """``channel id → member ids``, each list trusted for ``ttl`` seconds."""

    def __init__(
        self, lookup: Lookup, ttl: float = TTL, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._lookup = lookup
        self._ttl = ttl
        self._clock = clock
        self._known: dict[str, tuple[float, asyncio.Future[frozenset[str]]]] = {}

    async def has(self, channel_id: str, user_id: str) -> bool:
        """Whether ``user_id`` is in the channel."""
        now = self._clock()
        known = self._known.get(channel_id)
        if known is None or known[0] <= now:
            known = (now + self._ttl, asyncio.ensure_future(self._lookup(channel_id)))
            self._known[channel_id] = known
        try:
            return user_id in await asyncio.shield(known[1])
        except Exception:
            if self._known.get(channel_id) is known:
                del self._known[channel_id]  # a failed listing is asked again next time
            raise
