"""Who administers a chat, asked with ``getChatMember`` and remembered for a while.

Moderator commands ask on every use; a burst of them (or of ``/help``) in a busy group must not
become a burst of API calls, so answers are kept ``ttl`` seconds and concurrent questions about
the same member share one call.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

Lookup = Callable[[str, str], Awaitable[bool]]


class AdminCache:
    """``(chat id, user id) → is admin``, each answer trusted for ``ttl`` seconds."""

    def __init__(self, lookup: Lookup, ttl: float, monotonic: Callable[[], float]) -> None:
        self._lookup = lookup
        self._ttl = ttl
        self._monotonic = monotonic
        self._answers: dict[tuple[str, str], tuple[float, asyncio.Future[bool]]] = {}

    async def is_admin(self, chat_id: str, user_id: str) -> bool:
        key = (chat_id, user_id)
        now = self._monotonic()
        known = self._answers.get(key)
        if known is not None and known[0] > now:
            return await asyncio.shield(known[1])
        answer = asyncio.ensure_future(self._lookup(chat_id, user_id))
        self._answers[key] = (now + self._ttl, answer)
        try:
            return await asyncio.shield(answer)
        except Exception:
            self._answers.pop(key, None)  # a failed question is asked again next time
            raise
