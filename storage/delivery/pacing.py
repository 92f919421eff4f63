"""Sending limits shared by every process on one PostgreSQL database.

Each :class:`~bot.model.pacing.Limit` is a sliding window kept in a ``meta`` row
(``pace:<key>``): the times, on the database's clock, of the last ``count`` requests booked
under it. Booking a turn locks that row (``INSERT … ON CONFLICT DO UPDATE`` takes the row
lock), finds the first instant at which one more request keeps every window of ``seconds``
within ``count``, records it and commits; the caller then sleeps until that instant. Turns
are thus handed out in order across processes, bursts included (Telegram takes 20 messages in
a group at once, then none until a minute has passed since the first), unless the limit is
``spread`` (a bot's 30 messages a second go about 35 ms apart).

Windows are taken :data:`MARGIN` longer than the platform's, and at least :data:`LEEWAY`
seconds longer, for the jitter between the instant booked and the request's arrival (a
process's scheduling, the network): measured on this project's emulators, a burst's requests
from three processes on two cores arrived more than a tenth of a second closer together than
booked. A ``spread`` limit's requests go one turn apart, so a second holds too many only if
one request is held back while the one sent a whole window later is not: its window is taken
:data:`SPREAD_MARGIN` longer, which keeps a fan-out within a few percent of the platform's
pace.

If the database cannot be asked, the request goes at once (the platform's ``retry_after`` is
still waited out by the adapter): a database hiccup delays no message. SQLite has one
process: adapters keep their own pacing there.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy import text

from bot.model.pacing import Limit
from storage.db import Database

log = logging.getLogger(__name__)

#: How much longer than the platform's window ours is (5 %), and at least (seconds).
MARGIN = 0.05
LEEWAY = 0.2
PREFIX = "pace:"
#: How much longer than the platform's window a spread limit's is (7 %: 70 ms a second).
SPREAD_MARGIN = 0.07
#: The ``meta`` table's keys are at most 64 characters.
KEY_LENGTH = 64

_BOOK = text(
    "INSERT INTO meta (key, value) VALUES (:key, '[]') "
    "ON CONFLICT (key) DO UPDATE SET value = meta.value "
    "RETURNING value, extract(epoch FROM clock_timestamp())"
)
_KEEP = text("UPDATE meta SET value = :value WHERE key = :key")


def meta_key(limit: Limit) -> str:
    """The ``meta`` row of ``limit`` (a digest when its key is too long for the column)."""
    key = PREFIX + limit.key
    if len(key) <= KEY_LENGTH:
        return key
    return PREFIX + hashlib.sha256(limit.key.encode()).hexdigest()[: KEY_LENGTH - len(PREFIX)]


def next_slot(
    booked: list[float], now: float, count: int, window: float, spread: bool = False
) -> float:
    """The first instant from ``now`` at which one more request keeps ``count`` per ``window``
    (``booked``: the latest instants booked, in order), and with ``spread`` is at least
    ``window / count`` after the last one."""
    slot = now
    if spread and booked:
        slot = max(slot, booked[-1] + window / count)
    if len(booked) < count:
        return slot
    return max(slot, booked[-count] + window)


def window_of(limit: Limit) -> float:
    """The window a limit is kept in: the platform's, and a margin for jitter."""
    if limit.spread:
        return limit.seconds * (1 + SPREAD_MARGIN)
    return limit.seconds + max(limit.seconds * MARGIN, LEEWAY)


async def book(db: Database, limit: Limit) -> float:
    """Book one request under ``limit``; return how many seconds to wait for its turn."""
    key = meta_key(limit)
    window = window_of(limit)
    async with db.transaction() as conn:
        value, clock = (await conn.execute(_BOOK, {"key": key})).one()
        now = float(clock)
        booked = [t for t in json.loads(value) if t > now - window]
        slot = next_slot(booked, now, limit.count, window, limit.spread)
        kept = [*booked, slot][-limit.count :]
        await conn.execute(_KEEP, {"key": key, "value": json.dumps([round(t, 4) for t in kept])})
    return slot - now


class SharedThrottle:
    """Turns booked in the database: a limit holds for every process sharing it."""

    def __init__(
        self, db: Database, sleep: Callable[[float], Awaitable[object]] = asyncio.sleep
    ) -> None:
        self.db = db
        self._sleep = sleep
        #: Seconds waited for turns since start (for the operator's metrics).
        self.waited = 0.0

    async def turn(self, limit: Limit) -> None:
        try:
            wait = await book(self.db, limit)
        except Exception as exc:
            log.warning("cannot book a turn under %s, sending at once: %s", limit.key, exc)
            return
        if wait > 0:
            self.waited += wait
            await self._sleep(wait)
