"""Wakes the live pages of a round when its participation changes.

Inside ``chorus run``, :meth:`LiveFeed.touch` is one of the runtime's watchers
(:meth:`bot.engine.runtime.Runtime.participation_changed`, where the chat's live messages are
refreshed too), so a page learns of a vote within the same event-loop turn. ``chorus web``
alone hears nothing from the bot's process: its pages look at the database every second.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

#: Without a poll period, how often a page's standing is read again anyway.
REFRESH_SECONDS = 15.0


class LiveFeed:
    """One :class:`asyncio.Event` per watched round, replaced at each change."""

    def __init__(self, *, poll_seconds: float | None = None) -> None:
        #: When set (``chorus web`` alone), pages re-read the database this often.
        self.poll_seconds = poll_seconds
        self._changes: dict[int, asyncio.Event] = {}
        self._versions: dict[int, int] = {}
        self.closed = asyncio.Event()

    def touch(self, round_id: int) -> None:
        """Participation in ``round_id`` changed: wake the pages watching it."""
        self._versions[round_id] = self._versions.get(round_id, 0) + 1
        change = self._changes.pop(round_id, None)
        if change is not None:
            change.set()

    def watch(self, round_id: int) -> asyncio.Event:
        """The event the next change of ``round_id`` sets (take it before reading, so that
        a change while reading is not missed)."""
        change = self._changes.get(round_id)
        if change is None:
            change = self._changes[round_id] = asyncio.Event()
        return change

    def version(self, round_id: int) -> int:
        """Grows at each change of ``round_id`` heard in this process, and with time (every
        poll period, else every :data:`REFRESH_SECONDS`): changes made elsewhere and the
        time left show too."""
        period = self.poll_seconds or REFRESH_SECONDS
        return self._versions.get(round_id, 0) + int(time.monotonic() / period)

    async def pause(self, seconds: float) -> None:
        """Wait ``seconds``, or less if the feed closes (pages pace their updates with it)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.closed.wait(), seconds)

    async def wait(self, change: asyncio.Event, keep_alive: float) -> None:
        """Until ``change`` is set, the feed closes, or ``keep_alive`` (or the poll period)
        passes."""
        timeout = keep_alive if self.poll_seconds is None else min(keep_alive, self.poll_seconds)
        waits = [asyncio.ensure_future(change.wait()), asyncio.ensure_future(self.closed.wait())]
        try:
            await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiting in waits:
                waiting.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await waiting

    def close(self) -> None:
        """End every live page (the server is stopping)."""
        self.closed.set()
