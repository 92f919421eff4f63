"""Confirm updates to Telegram only once they are handled.

Telegram keeps an update until a later ``getUpdates`` call passes an ``offset`` above its id.
python-telegram-bot moves that offset as soon as it has *fetched* a batch, before the handlers
ran: a process that dies with fetched updates still queued would lose them. Here the offset
sent to Telegram never passes the oldest update still being handled, so after a crash Telegram
delivers it again and the core's inbox (keyed by ``update_id``) gives it one effect.

Two small pieces share one :class:`UpdateLedger`: :class:`ConfirmingBot` lowers the offset of
each ``getUpdates`` call and hides the updates already in flight that Telegram sends again;
:class:`ConfirmAfterHandling` (the Application's update processor) records each update as
handled once its handlers returned.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor, ExtBot

#: Most updates one ``getUpdates`` call returns.
WINDOW = 100


class UpdateLedger:
    """The ids of updates fetched from Telegram and not handled yet."""

    def __init__(self) -> None:
        self._pending: set[int] = set()
        self._progress = asyncio.Event()

    @property
    def pending(self) -> frozenset[int]:
        return frozenset(self._pending)

    def confirmable(self, requested: int | None) -> int | None:
        """The offset that confirms only handled updates (``requested`` or lower)."""
        if not self._pending or not requested:
            return requested
        return min(requested, min(self._pending))

    def fetched(self, update_id: int) -> None:
        self._pending.add(update_id)

    def handled(self, update_id: int) -> None:
        self._pending.discard(update_id)
        self._progress.set()

    async def progress(self) -> None:
        """Wait until some pending update is handled."""
        self._progress.clear()
        if self._pending:
            await self._progress.wait()

    async def make_room(self, offset: int | None, busy: bool, at_most: float) -> None:
        """Wait, at most ``at_most`` seconds, before asking Telegram for more.

        Updates still in flight below ``offset`` would come again in the next call and take
        places in its window of 100. When quiet, wait until all are handled (a few
        milliseconds), so the call confirms them and brings only new ones. When ``busy`` (the
        last call brought many), wait only until half the window is free, so fetching the next
        updates overlaps handling the last ones.
        """
        wanted = WINDOW // 2 if busy else WINDOW
        loop = asyncio.get_running_loop()
        deadline = loop.time() + at_most
        while self._pending and offset and offset - min(self._pending) > WINDOW - wanted:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            self._progress.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._progress.wait(), remaining)


class ConfirmingBot(ExtBot[Any]):
    """An ExtBot whose ``getUpdates`` confirms only what the ledger says is handled.

    Before asking for more, it waits (up to ``stall`` seconds) until enough of the updates in
    hand are handled for the call to bring new ones; it asks from the oldest update not yet
    handled and drops what Telegram sends again. One slow update (a large download…) thus
    holds the others back for ``stall`` seconds at most.
    """

    def __init__(self, ledger: UpdateLedger, *args: Any, stall: float = 1.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._chorus_ledger = ledger
        self._chorus_stall = stall
        self._chorus_busy = False

    async def get_updates(
        self, offset: int | None = None, *args: Any, **kwargs: Any
    ) -> tuple[Update, ...]:
        ledger = self._chorus_ledger
        await ledger.make_room(offset, self._chorus_busy, self._chorus_stall)
        updates = await super().get_updates(ledger.confirmable(offset), *args, **kwargs)
        fresh = tuple(u for u in updates if u.update_id >= (offset or 0))
        for update in fresh:
            ledger.fetched(update.update_id)
        self._chorus_busy = len(fresh) >= WINDOW // 2
        if updates and not fresh:
            # Telegram only re-sent updates still in flight: wait for one to finish instead
            # of asking again at once.
            await ledger.progress()
        return fresh


class ConfirmAfterHandling(BaseUpdateProcessor):
    """Runs updates concurrently (up to ``max_concurrent_updates``) and records each as handled
    when its handlers are done — whether they succeeded or failed, but not when the process is
    being torn down (a cancelled update is left for Telegram to deliver again)."""

    def __init__(self, ledger: UpdateLedger, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._ledger = ledger

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            await coroutine
        finally:
            # CancelledError is a BaseException: a torn-down update stays pending
            if isinstance(update, Update) and not _cancelled():
                self._ledger.handled(update.update_id)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _cancelled() -> bool:
    """Whether the current task is being cancelled (so its update must not be confirmed)."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0
