"""Where a member stands in a chat, asked with ``getChatMember`` and remembered for a while.

Moderator commands ask whether a member administers the chat on every use, and a private vote
asks whether the voter belongs to the campaign's group; a burst of them in a busy community
must not become a burst of API calls, so each member's status is kept ``ttl`` seconds (one
call answers both questions) and concurrent questions about the same member share one call.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

#: ``getChatMember`` statuses: a restricted member who is still in the chat reads as "member".
ADMINS = frozenset({"creator", "administrator"})
MEMBERS = ADMINS | {"member"}

Lookup = Callable[[str, str], Awaitable[str]]


class AdminCache:
    """``(chat id, user id) → status``, each answer trusted for ``ttl`` seconds."""

    def __init__(self, lookup: Lookup, ttl: float, monotonic: Callable[[], float]) -> None:
        self._lookup = lookup
        self._ttl = ttl
        self._monotonic = monotonic
        self._answers: dict[tuple[str, str], tuple[float, asyncio.Future[str]]] = {}

    async def is_admin(self, chat_id: str, user_id: str) -> bool:
        return await self.status(chat_id, user_id) in ADMINS

    async def is_member(self, chat_id: str, user_id: str) -> bool:
        return await self.status(chat_id, user_id) in MEMBERS

    async def status(self, chat_id: str, user_id: str) -> str:
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
