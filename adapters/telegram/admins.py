"""Where a member stands in a chat, asked with ``getChatMember`` and remembered for a while.

Moderator commands ask whether a member administers the chat on every use, and a private vote
asks whether the voter belongs to the campaign's group; a burst of them in a busy community
must not become a burst of API calls, so each member's status is kept ``ttl`` seconds (one
call answers both questions) and concurrent questions about the same member share one call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from adapters.remembered import Remembered

#: ``getChatMember`` statuses: a restricted member who is still in the chat reads as "member".
ADMINS = frozenset({"creator", "administrator"})
MEMBERS = ADMINS | {"member"}

Lookup = Callable[[str, str], Awaitable[str]]


class AdminCache:
    """``(chat id, user id) → status``, each answer trusted for ``ttl`` seconds."""

    def __init__(self, lookup: Lookup, ttl: float, monotonic: Callable[[], float]) -> None:
        async def ask(key: tuple[str, str]) -> str:
            return await lookup(*key)

        self._statuses: Remembered[tuple[str, str], str] = Remembered(ask, ttl, monotonic)

    async def is_admin(self, chat_id: str, user_id: str) -> bool:
        return await self.status(chat_id, user_id) in ADMINS

    async def is_member(self, chat_id: str, user_id: str) -> bool:
        return await self.status(chat_id, user_id) in MEMBERS

    async def status(self, chat_id: str, user_id: str) -> str:
        """The member's status in the chat (a failed question is asked again next time)."""
        return await self._statuses.get((chat_id, user_id))
