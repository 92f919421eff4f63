"""Members as ``users.info`` describes them (name, language, admin), cached with a TTL.

At start the adapter reads the workspace's directory (``users.list``, 200 members a page,
up to the cache's limit) in the background: a member voting for the first time is then
answered without a lookup of their own, as fast as one seen before.

Slack's payloads name the member (``user.id``, ``user.name``) but never say their language,
which every answer needs, nor whether they administer the workspace: the directory asks
``users.info`` once per member per ``ttl`` (Tier 4, about 100 a minute) and keeps at most
``limit`` members, the oldest answers going first, so a long-lived process stays small.
Concurrent lookups of the same member share one request. A failed lookup gives a plain member
(no language, not an admin) and is not cached, so it is asked again next time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.remembered import LIMIT, Remembered
from adapters.slack.posting import PERMANENT
from adapters.slack.translate import member_facts

log = logging.getLogger(__name__)

#: Members per ``users.list`` page (Slack advises at most 200).
PAGE = 200

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
    """``get(user_id)`` from a bounded cache, else from ``lookup`` (``users.info``)."""

    def __init__(
        self,
        lookup: Lookup,
        ttl: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
        limit: int = LIMIT,
    ) -> None:
        self._lookup = lookup
        self._known: Remembered[str, SlackProfile] = Remembered(self._fetch, ttl, clock, limit)

    async def get(self, user_id: str) -> SlackProfile:
        try:
            return await self._known.get(user_id)
        except Exception as exc:
            log.warning("users.info for %s failed: %s", user_id, exc)
            return SlackProfile(user_id, user_id, None, False)

    def learn(self, info: Mapping[str, Any]) -> None:
        """Keep a member described in bulk (a ``users.list`` entry) as if just looked up."""
        profile = _profile(info)
        self._known.remember(profile.id, profile)

    async def _fetch(self, user_id: str) -> SlackProfile:
        return _profile(await self._lookup(user_id), user_id)


def _profile(info: Mapping[str, Any], user_id: str | None = None) -> SlackProfile:
    name, locale, admin = member_facts(info)
    team = info.get("team_id")
    member = str(user_id or info["id"])
    return SlackProfile(member, name, locale, admin, str(team) if team else None)


async def read_directory(api: AsyncWebClient, directory: MemberDirectory, limit: int) -> int:
    """Learn the workspace's members from ``users.list`` (with their language), page by page,
    at most ``limit`` of them (bots and deactivated accounts skipped); return how many."""
    learnt = 0
    cursor: str | None = None
    while learnt < limit:
        page = await api.users_list(limit=PAGE, cursor=cursor, include_locale=True)
        for info in page.get("members") or ():
            if learnt < limit and not (info.get("deleted") or info.get("is_bot")):
                directory.learn(info)
                learnt += 1
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if cursor is None:
            break
    return learnt


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
