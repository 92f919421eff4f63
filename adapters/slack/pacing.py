"""Per-channel pacing: Slack accepts about one message per second in a channel.

Each channel keeps the time its next message may go; a caller reserves its turn synchronously
(so concurrent callers queue in arrival order) and then waits for it. Other channels are not
held back. With several processes on one database, :meth:`ChannelPacer.share` hands it a
throttle shared by all of them (see :mod:`bot.model.pacing`): turns are then booked there,
and the limit holds for the whole deployment.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from bot.model.pacing import Limit, Throttle


class ChannelPacer:
    """At most one message per ``interval`` seconds in each channel."""

    def __init__(self, interval: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self._clock = clock
        self._next: dict[str, float] = {}
        self._shared: Throttle | None = None

    def share(self, throttle: Throttle) -> None:
        """Book turns in ``throttle`` (shared by every process) from now on."""
        self._shared = throttle

    def reserve(self, channel: str) -> float:
        """Book the channel's next slot; return how long to wait for it (seconds)."""
        now = self._clock()
        slot = max(now, self._next.get(channel, now))
        self._next[channel] = slot + self.interval
        return slot - now

    async def turn(self, channel: str) -> None:
        """Wait until this channel may receive a message."""
        if self._shared is not None:
            await self._shared.turn(Limit(f"slack:{channel}", 1, self.interval))
            return
        delay = self.reserve(channel)
        if delay > 0:
            await asyncio.sleep(delay)
