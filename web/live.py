"""A round's live standing, rendered once per tick and handed to every page watching it.

Two hundred pages open on a campaign during a burst of a thousand votes a second must cost the
bot next to nothing per vote. So a vote only sets a flag (:meth:`RoundStream.touch`: no task,
no database read); one task per watched round (:meth:`RoundStream.run`) wakes at most once per
``interval``, renders each distinct view of the standing once (campaign, what the reader may
see, language), encodes it once as a Server-Sent Events frame, and drops that same ``bytes``
into each page's one-slot mailbox (:class:`Subscription`). A page slower than the ticks finds
only the latest frame there: the ones in between are skipped, never queued.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field

from bot.engine.errors import ErrorHook

#: The shortest time between two renderings of a round's standing (so between two updates of
#: a page): a vote still shows within a second.
MIN_INTERVAL = 0.5

Render = Callable[[], Awaitable[str]]


def sse_frame(event: str, text: str) -> bytes:
    """``text`` as one Server-Sent Event named ``event`` (one ``data:`` line per line)."""
    data = "".join(f"data: {line}\n" for line in text.split("\n"))
    return f"event: {event}\n{data}\n".encode()


class Subscription:
    """One page's mailbox: the latest frame not yet sent, nothing older."""

    __slots__ = ("_frame", "_ready", "ended", "key")

    def __init__(self, key: Hashable) -> None:
        self.key = key
        self._frame: bytes | None = None
        self._ready = asyncio.Event()
        #: Set when the feed closes: the page's stream ends.
        self.ended = False

    def offer(self, frame: bytes) -> None:
        """Put ``frame`` in the mailbox, replacing one the page has not taken yet."""
        self._frame = frame
        self._ready.set()

    def end(self) -> None:
        self.ended = True
        self._ready.set()

    async def next(self, keep_alive: float) -> bytes | None:
        """The latest frame, once there is one; None if ``keep_alive`` seconds pass first
        (or the feed closed: see :attr:`ended`)."""
        if self._frame is None and not self.ended:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(keep_alive):
                    await self._ready.wait()
        self._ready.clear()
        frame, self._frame = self._frame, None
        return frame


@dataclass(eq=False)
class View:
    """One way of showing the round (a key) and the pages showing it that way."""

    render: Render
    pages: set[Subscription] = field(default_factory=set)
    frame: bytes | None = None


class RoundStream:
    """The views of one round being watched, and the task that refreshes them."""

    def __init__(self, round_id: int, errors: ErrorHook) -> None:
        self.round_id = round_id
        self.errors = errors
        self.views: dict[Hashable, View] = {}
        self.task: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()

    def touch(self) -> None:
        """The round changed: refresh at the next tick (cheap: called at every vote)."""
        self._changed.set()

    def join(self, key: Hashable, render: Render) -> Subscription:
        """A page showing ``key`` (rendered by ``render``); it gets the current frame at once
        if one was made, else the next tick's."""
        page = Subscription(key)
        view = self.views.get(key)
        if view is None:
            view = self.views[key] = View(render)
            self._changed.set()
        elif view.frame is not None:
            page.offer(view.frame)
        view.pages.add(page)
        return page

    def leave(self, page: Subscription) -> None:
        view = self.views.get(page.key)
        if view is None:
            return
        view.pages.discard(page)
        if not view.pages:
            del self.views[page.key]
            self._changed.set()  # the last one: let the task see it and end

    async def run(self, interval: float, refresh: float) -> None:
        """Until nobody watches: wait for a change (or ``refresh`` seconds), render every
        view once and hand out what changed; renderings start ``interval`` seconds apart at
        least (the time a rendering takes counts in the rest, so a vote shows within about
        ``interval`` plus one rendering)."""
        loop = asyncio.get_running_loop()
        while self.views:
            if not self._changed.is_set():
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(refresh):
                        await self._changed.wait()
            started = loop.time()
            self._changed.clear()  # before reading: a vote during the rendering is seen next
            for view in list(self.views.values()):
                await self._refresh(view)
            await asyncio.sleep(max(0.0, started + interval - loop.time()))

    async def _refresh(self, view: View) -> None:
        try:
            frame = sse_frame("standing", await view.render())
        except Exception as error:
            self.errors.report(error, "live standing of round %d failed", self.round_id)
            return
        if frame == view.frame:
            return
        view.frame = frame
        for page in view.pages:
            page.offer(frame)
