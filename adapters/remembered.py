"""Answers a platform gave, remembered for a while: one request per question per period.

Adapters ask platforms questions whose answers change slowly (is this member an administrator,
is she in the group, who is in this channel), and a burst of votes or commands asks the same
one many times. :class:`Remembered` keeps each answer ``ttl`` seconds, lets concurrent askers
of the same question share one request, forgets a failed request (it is asked again next time),
and holds at most ``limit`` answers (the oldest go first), so a long-lived process stays small.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: How many answers are kept at most, whatever their age.
LIMIT = 10_000


class Remembered(Generic[K, V]):
    """``key → answer`` from ``lookup``, each answer trusted for ``ttl`` seconds."""

    def __init__(
        self,
        lookup: Callable[[K], Awaitable[V]],
        ttl: float,
        monotonic: Callable[[], float] = time.monotonic,
        limit: int = LIMIT,
    ) -> None:
        self._lookup = lookup
        self._ttl = ttl
        self._monotonic = monotonic
        self._limit = limit
        self._answers: OrderedDict[K, tuple[float, asyncio.Future[V]]] = OrderedDict()

    def remember(self, key: K, answer: V) -> None:
        """Keep ``answer`` for ``key`` as if just asked (an answer learnt in bulk)."""
        known: asyncio.Future[V] = asyncio.get_running_loop().create_future()
        known.set_result(answer)
        self._keep(key, (self._monotonic() + self._ttl, known))

    def _keep(self, key: K, known: tuple[float, asyncio.Future[V]]) -> None:
        self._answers[key] = known
        self._answers.move_to_end(key)
        while len(self._answers) > self._limit:
            self._answers.popitem(last=False)

    async def get(self, key: K) -> V:
        """The answer for ``key``: remembered, shared with a request in flight, or asked now.

        Raises:
            Exception: whatever ``lookup`` raised; the failure is not remembered.
        """
        now = self._monotonic()
        known = self._answers.get(key)
        if known is None or known[0] <= now:
            known = (now + self._ttl, asyncio.ensure_future(self._lookup(key)))
            self._keep(key, known)
        try:
            return await asyncio.shield(known[1])
        except Exception:
            if self._answers.get(key) is known:
                del self._answers[key]
            raise
