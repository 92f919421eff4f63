"""Whether a member belongs to a server, asked over REST and remembered for a while.

A vote sent to the bot in a DM carries no server, so the campaign's server is asked
(``GET /guilds/{guild}/members/{user}``: the member, or 404 Unknown Member); the gateway's
member list would need the privileged members intent. A burst of private votes must not become
a burst of requests: each answer is kept ``ttl`` seconds and concurrent questions about the
same member share one request. A failed question is not kept.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

Lookup = Callable[[str, str], Awaitable[bool]]
TTL = 300.0


class GuildMembers:
    """``(guild id, user id) → is a member``, each answer trusted for ``ttl`` seconds."""

    def __init__(
        self, lookup: Lookup, ttl: float = TTL, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._lookup = lookup
        self._ttl = ttl
        self._monotonic = monotonic
        self._answers: dict[tuple[str, str], tuple[float, asyncio.Future[bool]]] = {}

    async def is_member(self, guild_id: str, user_id: str) -> bool:
        key = (guild_id, user_id)
        now = self._monotonic()
        known = self._answers.get(key)
        if known is not None and known[0] > now:
            return await asyncio.shield(known[1])
        answer = asyncio.ensure_future(self._lookup(guild_id, user_id))
        self._answers[key] = (now + self._ttl, answer)
        try:
            return await asyncio.shield(answer)
        except Exception:
            self._answers.pop(key, None)
            raise
