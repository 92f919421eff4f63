"""Hands the live pages of a round a new standing when its participation changes.

Inside ``chorus run``, :meth:`LiveFeed.touch` is one of the runtime's watchers
(:meth:`bot.engine.runtime.Runtime.participation_changed`, where the chat's live messages are
refreshed too), so a page learns of a vote within a tick (:data:`web.live.MIN_INTERVAL`).
``chorus web`` alone hears nothing from the bot's process: a watched round's standing is read
again every poll period.
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable

from bot.engine.errors import ErrorHook
from web.live import MIN_INTERVAL, Render, RoundStream, Subscription

#: Without a poll period, how often a watched standing is read again anyway (time left,
#: changes made by another process).
REFRESH_SECONDS = 15.0


class LiveFeed:
    """One :class:`~web.live.RoundStream` per round someone watches; nothing for the others."""

    def __init__(
        self,
        *,
        poll_seconds: float | None = None,
        interval: float = MIN_INTERVAL,
        errors: ErrorHook | None = None,
    ) -> None:
        #: When set (``chorus web`` alone), watched standings are read this often.
        self.poll_seconds = poll_seconds
        self.interval = interval
        self.errors = errors or ErrorHook()
        self.closed = asyncio.Event()
        self._streams: dict[int, RoundStream] = {}

    def touch(self, round_id: int) -> None:
        """Participation in ``round_id`` changed (called at every vote: a dict look-up)."""
        stream = self._streams.get(round_id)
        if stream is not None:
            stream.touch()

    def subscribe(self, round_id: int, key: Hashable, render: Render) -> Subscription:
        """A page watching ``round_id`` as ``key`` (same key, same frame: the campaign, what
        the reader may see and the language); ``render`` makes that view's HTML."""
        stream = self._streams.get(round_id)
        if stream is None:
            stream = self._streams[round_id] = RoundStream(round_id, self.errors)
        page = stream.join(key, render)
        if self.closed.is_set():
            page.end()
        elif stream.task is None:
            stream.task = asyncio.create_task(self._run(stream), name=f"web-live-{round_id}")
        return page

    def unsubscribe(self, round_id: int, page: Subscription) -> None:
        """The page left (its stream closed)."""
        stream = self._streams.get(round_id)
        if stream is not None:
            stream.leave(page)

    def watched(self) -> set[int]:
        """The rounds someone watches now."""
        return set(self._streams)

    async def _run(self, stream: RoundStream) -> None:
        try:
            await stream.run(self.interval, self.poll_seconds or REFRESH_SECONDS)
        finally:
            # no await between the loop seeing no view and this: nobody joined in between
            if self._streams.get(stream.round_id) is stream:
                del self._streams[stream.round_id]

    def close(self) -> None:
        """End every live page and stream (the server is stopping)."""
        self.closed.set()
        for stream in self._streams.values():
            for view in stream.views.values():
                for page in view.pages:
                    page.end()
            if stream.task is not None:
                stream.task.cancel()
