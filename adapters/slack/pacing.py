"""Per-channel pacing: Slack accepts about one message per second in a channel.

Each channel keeps the time its next message may go; a caller reserves its turn synchronously
(so concurrent callers queue in arrival order) and then waits for it. Other channels are not
held back.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class ChannelPacer:
    """At most one message per ``interval`` seconds in each channel."""

    def __init__(self, interval: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self._clock = clock
        self._next: dict[str, float] = {}

    def reserve(self, channel: str) -> float:
        """Book the channel's next slot; return how long to wait for it (seconds)."""
        now = self._clock()
        slot = max(now, self._next.get(channel, now))
        self._next[channel] = slot + self.interval
        return slot - now

    async def turn(self, channel: str) -> None:
        """Wait until this channel may receive a message."""
        delay = self.reserve(channel)
        if delay > 0:
            await asyncio.sleep(delay)
