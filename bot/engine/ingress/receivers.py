"""One receiver per bot where the platform allows only one (Telegram long polling).

Each process that runs such an adapter asks for the platform's receiver lease (a PostgreSQL
advisory lock, :mod:`storage.peers`) every :data:`STANDBY_RETRY` seconds until it gets it: the
holder receives, the others stand by and only send. The lease is freed the moment its holder
dies (the server closes its session), so a standby takes over within about a second — never
two pollers at once, so no ``409 Conflict``. On SQLite the single process holds it at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from adapters.base import SingleReceiver
from bot.engine.runtime import Runtime

log = logging.getLogger(__name__)

STANDBY_RETRY = 1.0


def lease_name(platform: str) -> str:
    return f"receiver:{platform}"


class ReceiverLeases:
    """Starts and stops the single-receiver adapters of a process as it gains or loses their
    lease."""

    def __init__(self, runtime: Runtime, retry: float = STANDBY_RETRY) -> None:
        self.runtime = runtime
        self._retry = retry
        self._tasks: list[asyncio.Task[None]] = []
        self._lost: dict[str, asyncio.Event] = {}
        runtime.peers.on_lost(self._on_lost)

    def prepare(self) -> None:
        """Before the adapters start: the single receivers wait for their lease."""
        for adapter in self.single_receivers():
            adapter.defer_receiving()

    def single_receivers(self) -> list[SingleReceiver]:
        return [
            adapter
            for adapter in self.runtime.adapters.values()
            if isinstance(adapter, SingleReceiver) and adapter.single_receiver()
        ]

    async def start(self) -> None:
        """After the adapters started: receive where the lease is free now, and keep
        competing for the others' in the background."""
        for adapter in self.single_receivers():
            platform = getattr(adapter, "platform", type(adapter).__name__)
            self._lost[lease_name(platform)] = asyncio.Event()
            await self._try(platform, adapter)
            self._tasks.append(
                asyncio.create_task(self._hold(platform, adapter), name=f"receiver-{platform}")
            )

    def receiving(self, platform: str) -> bool:
        """Whether this process holds ``platform``'s receiver lease."""
        return self.runtime.peers.holds(lease_name(platform))

    async def _try(self, platform: str, adapter: SingleReceiver) -> bool:
        """Take the lease and start receiving if it is free; True when receiving."""
        lease, peers = lease_name(platform), self.runtime.peers
        if peers.holds(lease):
            return True
        if not await peers.take(lease):
            return False
        self._lost[lease].clear()
        try:
            await adapter.start_receiving()
        except Exception as error:
            self.runtime.errors.report(error, "%s: cannot start receiving", platform)
            await peers.give_up(lease)
            return False
        log.info("%s: this process receives (it holds the lease)", platform)
        return True

    async def _hold(self, platform: str, adapter: SingleReceiver) -> None:
        lost = self._lost[lease_name(platform)]
        while True:
            if await self._try(platform, adapter):
                await lost.wait()
                try:
                    await adapter.stop_receiving()
                except Exception as error:  # stand by all the same: the lease is gone
                    self.runtime.errors.report(error, "%s: cannot stop receiving", platform)
                log.warning("%s: lease lost, standing by", platform)
            await asyncio.sleep(self._retry)

    def _on_lost(self, lease: str) -> None:
        if (lost := self._lost.get(lease)) is not None:
            lost.set()

    async def stop(self) -> None:
        """Stop receiving and free the leases, so that a standby takes over at once."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        for adapter in self.single_receivers():
            platform = getattr(adapter, "platform", type(adapter).__name__)
            if self.receiving(platform):
                with contextlib.suppress(Exception):
                    await adapter.stop_receiving()
                await self.runtime.peers.give_up(lease_name(platform))
