"""The other processes on the same database: notifications and leases, through PostgreSQL alone.

Several ``chorus run`` processes may share one PostgreSQL database; it is their only meeting
point (no coordinator of our own, no other server). Each process keeps one connection of its
own, beside its pool, for two things that need a session that lives as long as the process:

- ``LISTEN``: a commit that queues outbox rows sends ``NOTIFY`` (see
  :mod:`storage.delivery.outbox`); every process hears it and its sender wakes at once,
  polling staying as the fallback (a pooler such as PgBouncer in transaction mode drops
  notifications).
- news: a process that changed what the others keep in memory (bans, the look-alike index…)
  says so with :meth:`Peers.announce` (``NOTIFY`` with a payload, sent through the pool) and
  each process hears it (:meth:`Peers.hear`).
- leases: a named PostgreSQL advisory lock held by this session — one leader for the chores,
  one Telegram poller. The server releases it the moment the process dies (its connection
  closes), so another takes over at its next try.

If the connection is lost, every lease is lost with it (:meth:`Peers.on_lost` listeners are
told) and the connection is opened again in the background. SQLite has a single process:
:class:`Alone` holds every lease and hears nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import zlib
from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import Database

log = logging.getLogger(__name__)

#: The first key of every Chorus advisory lock (``"CHOR"``); the second is the lease's name.
LOCK_CLASS = 0x43484F52
RECONNECT_AFTER = 1.0


class Peers(Protocol):
    """What a process knows of the others sharing its database."""

    #: Whether other processes may share the database (PostgreSQL).
    shared: bool

    async def start(self) -> None:
        """Open the process's own connection."""

    async def close(self) -> None:
        """Give up every lease and close the connection."""

    def listen(self, channel: str, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever a ``NOTIFY channel`` is committed (by any process)."""

    def hear(self, channel: str, callback: Callable[[str], None]) -> None:
        """Call ``callback(payload)`` for each ``NOTIFY channel, payload`` (by any process)."""

    async def announce(self, channel: str, payload: str) -> None:
        """``NOTIFY channel, payload``: every process hears it (this one included)."""

    async def take(self, lease: str) -> bool:
        """Hold ``lease`` if no live process does; True when this process holds it."""

    async def give_up(self, lease: str) -> None:
        """Release ``lease`` if this process holds it."""

    def holds(self, lease: str) -> bool:
        """Whether this process holds ``lease`` now."""

    def on_lost(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(lease)`` for each lease lost with the connection."""


def lock_key(lease: str) -> int:
    """The second key of ``lease``'s advisory lock (a signed 32-bit number)."""
    value = zlib.crc32(lease.encode())
    return value - 2**32 if value >= 2**31 else value


def peers_for(db: Database) -> Peers:
    """:class:`PostgresPeers` on PostgreSQL, :class:`Alone` on SQLite."""
    if db.dialect == "postgresql":
        return PostgresPeers(db)
    return Alone()


class Alone:
    """A single process (SQLite): it holds every lease and no one notifies it."""

    shared = False

    def __init__(self) -> None:
        self._held: set[str] = set()

    async def start(self) -> None:
        """Nothing to open."""

    async def close(self) -> None:
        self._held.clear()

    def listen(self, channel: str, callback: Callable[[], None]) -> None:
        """The process's own commits wake it already (:meth:`Database.on_outbox_write`)."""

    def hear(self, channel: str, callback: Callable[[str], None]) -> None:
        """No one else changes anything."""

    async def announce(self, channel: str, payload: str) -> None:
        """No one else to tell."""

    async def take(self, lease: str) -> bool:
        self._held.add(lease)
        return True

    async def give_up(self, lease: str) -> None:
        self._held.discard(lease)

    def holds(self, lease: str) -> bool:
        return lease in self._held

    def on_lost(self, callback: Callable[[str], None]) -> None:
        """Nothing is ever lost."""


class PostgresPeers:
    """The process's own PostgreSQL session: ``LISTEN`` and advisory-lock leases."""

    shared = True

    def __init__(self, db: Database) -> None:
        url = make_url(db.engine.url)
        self._db = db
        self._dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._owner = db.owner
        self._conn: Any = None
        self._lock = asyncio.Lock()
        self._listeners: dict[str, list[Callable[[str], None]]] = {}
        self._lost: list[Callable[[str], None]] = []
        self._held: set[str] = set()
        self._closing = False
        self._reconnecting: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._closing = False
        await self._connect()

    async def _connect(self) -> None:
        import asyncpg

        conn = await asyncpg.connect(self._dsn, server_settings={"application_name": self._owner})
        conn.add_termination_listener(self._terminated)
        for channel in list(self._listeners):  # listen() may add one meanwhile
            await conn.add_listener(channel, self._notified)
        self._conn = conn

    def _notified(self, _conn: object, _pid: int, channel: str, payload: str) -> None:
        for callback in self._listeners.get(channel, ()):
            try:
                callback(payload)
            except Exception:
                log.exception("handling a notification on %s failed", channel)

    def _terminated(self, _conn: object) -> None:
        """The connection is gone, and every lease with it: say so, then reconnect."""
        self._conn = None
        lost, self._held = self._held, set()
        for lease in sorted(lost):
            log.warning("lost the %s lease with the database connection", lease)
            for callback in self._lost:
                callback(lease)
        if not self._closing and self._reconnecting is None:
            self._reconnecting = asyncio.get_running_loop().create_task(
                self._reconnect(), name="peers-reconnect"
            )

    async def _reconnect(self) -> None:
        try:
            while not self._closing and self._conn is None:
                await asyncio.sleep(RECONNECT_AFTER)
                try:
                    await self._connect()
                except Exception as exc:  # the server is not back yet
                    log.warning("cannot reach the database again yet: %s", exc)
        finally:
            self._reconnecting = None

    async def close(self) -> None:
        self._closing = True
        if self._reconnecting is not None:
            self._reconnecting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reconnecting
        conn, self._conn = self._conn, None
        self._held.clear()
        if conn is not None:
            conn.remove_termination_listener(self._terminated)
            with contextlib.suppress(Exception):
                await conn.close()

    def listen(self, channel: str, callback: Callable[[], None]) -> None:
        self.hear(channel, lambda _payload: callback())

    def hear(self, channel: str, callback: Callable[[str], None]) -> None:
        first = channel not in self._listeners
        self._listeners.setdefault(channel, []).append(callback)
        if first and self._conn is not None:
            asyncio.get_running_loop().create_task(self._add(channel), name=f"listen-{channel}")

    async def announce(self, channel: str, payload: str) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                text("SELECT pg_notify(:channel, :payload)"),
                {"channel": channel, "payload": payload},
            )

    async def _add(self, channel: str) -> None:
        async with self._lock:
            if self._conn is not None:
                await self._conn.add_listener(channel, self._notified)

    async def take(self, lease: str) -> bool:
        if lease in self._held:
            return True
        async with self._lock:
            if self._conn is None:
                return False
            try:
                taken = await self._conn.fetchval(
                    "SELECT pg_try_advisory_lock($1, $2)", LOCK_CLASS, lock_key(lease)
                )
            except Exception as exc:
                log.warning("cannot ask for the %s lease: %s", lease, exc)
                return False
        if taken:
            self._held.add(lease)
        return bool(taken)

    async def give_up(self, lease: str) -> None:
        if lease not in self._held:
            return
        self._held.discard(lease)
        async with self._lock:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    await self._conn.fetchval(
                        "SELECT pg_advisory_unlock($1, $2)", LOCK_CLASS, lock_key(lease)
                    )

    def holds(self, lease: str) -> bool:
        return lease in self._held

    def on_lost(self, callback: Callable[[str], None]) -> None:
        self._lost.append(callback)
