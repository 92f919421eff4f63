"""The live standing rendered once per change and shared by every page watching it.

Two hundred pages open on a campaign during a burst of votes must not each re-read the
database at every vote: a page asks for the rendering of the change it was woken by (the
feed's version of the round); the first asker renders, the others wait for that same
rendering, and a page sends at most one update per :data:`MIN_INTERVAL`, so a burst of a
thousand votes a second costs a few renderings a second, whatever the number of pages.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable

#: The shortest time between two updates of one page (an update still lands within a second).
MIN_INTERVAL = 0.25


class SharedRenders:
    """The latest rendering per key (campaign, what the reader may see, language)."""

    def __init__(self) -> None:
        self._done: dict[Hashable, tuple[int, str]] = {}
        self._running: dict[Hashable, tuple[int, asyncio.Task[str]]] = {}

    async def render(self, key: Hashable, version: int, make: Callable[[], Awaitable[str]]) -> str:
        """The rendering of ``key`` at ``version`` or later: the one done, the one under way,
        or a new one made by ``make`` (read after ``version`` was taken)."""
        done = self._done.get(key)
        if done is not None and done[0] >= version:
            return done[1]
        running = self._running.get(key)
        if running is None or running[0] < version:
            task = asyncio.ensure_future(make())
            running = self._running[key] = (version, task)
        html = await asyncio.shield(running[1])
        if self._running.get(key) is running:
            del self._running[key]
        done = self._done.get(key)
        if done is None or done[0] < running[0]:
            self._done[key] = (running[0], html)
        return html
