"""Edits of one message, paced: at most one per ``interval``, the newest content wins.

Live results may change many times a second; Discord allows about five edits per five seconds
per channel. An edit waiting its turn is dropped when a newer one for the same message arrives,
so the message always ends on the latest content without a burst of requests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field


@dataclass
class _Slot:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    generation: int = 0
    last: float = float("-inf")


class EditPacer:
    """Serialises and spaces the edits of each message."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._slots: dict[str, _Slot] = {}

    async def edit(self, message_id: str, apply: Callable[[], Awaitable[None]]) -> bool:
        """Run ``apply`` in its turn; return False when a newer edit superseded it."""
        slot = self._slots.setdefault(message_id, _Slot())
        slot.generation += 1
        mine = slot.generation
        loop = asyncio.get_running_loop()
        async with slot.lock:
            wait = slot.last + self.interval - loop.time()
            if mine == slot.generation and wait > 0:
                await asyncio.sleep(wait)
            if mine != slot.generation:
                return False
            try:
                await apply()
            finally:
                slot.last = loop.time()
        return True
