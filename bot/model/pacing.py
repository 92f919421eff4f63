"""The platforms' sending limits, as the adapters name them, and who keeps them.

A platform allows at most ``count`` requests of a kind in any ``seconds`` (Telegram: about 30
messages a second per bot, 20 a minute per group; Slack about one a second per channel;
Discord 50 requests a second per bot). An adapter names each :class:`Limit` a request spends
and waits its turn from a :class:`Throttle` before sending. With several processes on one
database the throttle is shared (``storage.delivery.pacing``), so a limit holds for the whole
deployment, not for each process. Answers to a member's own press never wait for one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``count`` requests under ``key`` in any window of ``seconds``; with ``spread``,
    also at least ``seconds / count`` apart (no burst: a burst of requests sent at once may
    reach the platform over a while, and bunch up with the next one)."""

    key: str
    count: int
    seconds: float
    spread: bool = False


class Throttle(Protocol):
    """Books turns within limits shared by every process of a deployment."""

    async def turn(self, limit: Limit) -> None:
        """Return once one more request fits within ``limit``, that request counted."""
