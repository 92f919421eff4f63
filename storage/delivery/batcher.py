"""Group commit: many concurrent writers share one transaction, each still waits for durability.

While a flush is running, new requests queue up; when it finishes, everything queued is written
in the next transaction. At low load a request is flushed alone at once; at high load batches
grow by themselves, so one fsync serves hundreds of requests. Each caller's future resolves
only after the transaction holding its request has committed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Request = TypeVar("Request")
Result = TypeVar("Result")

log = logging.getLogger(__name__)


class GroupCommit(Generic[Request, Result]):
    """Feed requests to ``flush`` in batches of at most ``max_batch``.

    ``flush`` receives a batch and returns one result per request, in order; it must run the
    whole batch in one transaction. If it raises, every request of that batch gets the error.
    """

    def __init__(
        self,
        flush: Callable[[Sequence[Request]], Awaitable[Sequence[Result]]],
        *,
        max_batch: int = 1000,
    ) -> None:
        self._flush = flush
        self._max_batch = max_batch
        self._queue: list[tuple[Request, asyncio.Future[Result]]] = []
        self._worker: asyncio.Task[None] | None = None

    async def submit(self, request: Request) -> Result:
        """Queue ``request`` and wait until it is committed; return its result."""
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._queue.append((request, future))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain(), name="group-commit")
        return await future

    async def drain(self) -> None:
        """Wait until everything queued so far is written."""
        while self._worker is not None and not self._worker.done():
            await asyncio.shield(self._worker)

    async def _drain(self) -> None:
        while self._queue:
            batch = self._queue[: self._max_batch]
            del self._queue[: self._max_batch]
            try:
                results = await self._flush([request for request, _ in batch])
            except Exception as exc:
                log.exception("batched write of %d requests failed", len(batch))
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)
