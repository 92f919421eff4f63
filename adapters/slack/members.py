"""Members as ``users.info`` describes them (name, language, admin), cached with a TTL.

The language and admin flag are asked for every event and moderator check; one lookup per
member per ``ttl`` keeps Chorus well inside Slack's rate limits. Concurrent lookups of the same
member share one request. A failed lookup gives a plain member (no language, not an admin) and
is not cached, so it is asked again next time.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.posting import PERMANENT
from adapters.slack.translate import member_facts

log = logging.getLogger(__name__)

Lookup = Callable[[str], Awaitable[Mapping[str, Any]]]


@dataclass(frozen=True, slots=True)
class SlackProfile:
    """What Chorus needs to know about a Slack member (the directory's cache record; the
    member as the core sees it is :class:`bot.model.members.Member`)."""

    id: str
    name: str
    locale: str | None
    admin: bool
    #: The member's own workspace (``team_id``): where their admin flag holds.
    team: str | None = None


class MemberDirectory:
    """``get(user_id)`` from a cache, else from ``lookup`` (``users.info``)."""

    def __init__(
        self, lookup: Lookup, ttl: float = 600.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._lookup = lookup
        self._ttl = ttl
        self._clock = clock
        self._known: dict[str, tuple[float, SlackProfile]] = {}
        self._pending: dict[str, asyncio.Future[SlackProfile]] = {}

    async def get(self, user_id: str) -> SlackProfile:
        cached = self._known.get(user_id)
        if cached is not None and cached[0] > self._clock():
            return cached[1]
        pending = self._pending.get(user_id)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[SlackProfile] = asyncio.get_running_loop().create_future()
        self._pending[user_id] = future
        try:
            member = await self._fetch(user_id)
            future.set_result(member)
            return member
        finally:
            del self._pending[user_id]

    async def _fetch(self, user_id: str) -> SlackProfile:
        try:
            info = await self._lookup(user_id)
        except Exception as exc:
            log.warning("users.info for %s failed: %s", user_id, exc)
            return SlackProfile(user_id, user_id, None, False)
        name, locale, admin = member_facts(info)
        team = info.get("team_id")
        member = SlackProfile(user_id, name, locale, admin, str(team) if team else None)
        self._known[user_id] = (self._clock() + self._ttl, member)
        return member


async def channel_members(api: AsyncWebClient, channel_id: str) -> frozenset[str]:
    """Every member of a channel (``conversations.members``, page by page); none when
    Slack says the bot cannot see the channel."""
    members: set[str] = set()
    cursor: str | None = None
    while True:
        try:
            page = await api.conversations_members(channel=channel_id, limit=1000, cursor=cursor)
        except SlackApiError as exc:
            if exc.response.get("error") in PERMANENT:
                return frozenset()
            raise
        members.update(str(member) for member in page.get("members") or ())
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if cursor is None:
            return frozenset(members)
