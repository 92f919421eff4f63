"""News of changes that other processes keep in memory, through the database.

Each process remembers some answers to save database reads: bans (for a friendly refusal),
members' participant ids (for group-committed votes), the look-alike index of ideas. A
process that changes what one of them mirrors forgets or updates its own copy, then tells the
others: :meth:`CacheNews.tell` sends a ``NOTIFY`` (PostgreSQL) with a topic and what changed,
and every other process applies the same change to its copy at once, not at its next restart
or when its copy expires. A process ignores its own news. On SQLite there is one process and
no one to tell.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from storage.peers import Peers

log = logging.getLogger(__name__)

CHANNEL = "chorus_caches"

Handler = Callable[[dict[str, Any]], Awaitable[None] | None]


class CacheNews:
    """Tells the other processes of changes, and applies theirs."""

    def __init__(self, peers: Peers, owner: str) -> None:
        self._peers = peers
        self._owner = owner
        self._handlers: dict[str, list[Handler]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._listening = False

    def on(self, topic: str, handler: Handler) -> None:
        """Call ``handler(news)`` when another process tells of a change under ``topic``."""
        if not self._listening:
            self._peers.hear(CHANNEL, self._heard)
            self._listening = True
        self._handlers.setdefault(topic, []).append(handler)

    async def tell(self, topic: str, **news: Any) -> None:
        """Tell every other process of a change (best effort: a failure is logged)."""
        if not self._peers.shared:
            return
        payload = json.dumps({"from": self._owner, "topic": topic, **news})
        try:
            await self._peers.announce(CHANNEL, payload)
        except Exception as exc:
            log.warning("cannot tell the other processes of a %s change: %s", topic, exc)

    def _heard(self, payload: str) -> None:
        try:
            news = json.loads(payload)
        except ValueError:
            log.warning("unreadable cache news: %r", payload[:200])
            return
        if not isinstance(news, dict) or news.get("from") == self._owner:
            return
        topic = str(news.get("topic"))
        log.info("heard of a %s change from %s", topic, news.get("from"))
        for handler in self._handlers.get(topic, ()):
            outcome = handler(news)
            if outcome is not None:
                task = asyncio.ensure_future(self._apply(topic, outcome))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def _apply(self, topic: str, outcome: Awaitable[None]) -> None:
        try:
            await outcome
        except Exception:
            log.exception("applying a %s change from another process failed", topic)
