"""Wakes the core up when rounds are due, on top of APScheduler 3's ``AsyncIOScheduler``.

The database is the truth; APScheduler only holds alarms. At start the alarms are rebuilt from
the rounds in the database with stable ids (``round:{id}:open``, ``round:{id}:close``), and a
periodic sweep runs :func:`bot.rounds.lifecycle.catch_up` anyway, so a round whose time passed while
the process was down (APScheduler silently drops one-shot jobs missed by more than their grace
time) is still handled right after restart. Every alarm just runs the same idempotent catch-up.

Several processes on one database each keep their alarms (a round closes on time even while
the leader is dying: transitions are compare-and-set), but only one of them, the leader,
sweeps and runs the periodic chores (fraud signals, retention, purges). Leadership is a lease
(:mod:`storage.peers`): asked for at every sweep, taken over by another process at its next
sweep after the leader died.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.engine.runtime import Runtime
from bot.model.states import RoundState
from bot.rounds.lifecycle import catch_up
from bot.rounds.openings import reminder_kind
from storage.rounds import RoundView, rounds_in

log = logging.getLogger(__name__)

SWEEP_SECONDS = 30
#: The lease of the process that sweeps and runs the chores.
LEADER = "chores"
#: Alarms are only set this far ahead; every tick re-arms, so later rounds are not missed.
HORIZON = timedelta(hours=1)


class RoundScheduler:
    """Alarms for round openings and closings, plus the periodic sweep."""

    def __init__(self, runtime: Runtime, *, sweep_seconds: float = SWEEP_SECONDS) -> None:
        self.runtime = runtime
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        self._sweep_seconds = sweep_seconds
        self._lock = asyncio.Lock()
        self._stopped = False
        self._ticks: set[asyncio.Task[None]] = set()
        #: Periodic work done after each catch-up (fraud signals, retention purge…), registered
        #: by the composition root: the features sit above the scheduler.
        self.chores: list[Callable[[Runtime], Awaitable[object]]] = []
        #: Whether this process led at its last sweep.
        self.leader = False

    async def start(self) -> None:
        """Catch up on anything overdue, then arm alarms for every pending round."""
        self._scheduler.start()
        self._scheduler.add_job(
            self._sweep,
            "interval",
            seconds=self._sweep_seconds,
            id="sweep",
            replace_existing=True,
            coalesce=True,
            max_instances=1,
        )
        await self.tick()

    async def stop(self) -> None:
        """Stop the alarms and wait for a tick in progress to finish."""
        self._stopped = True
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        await asyncio.gather(*self._ticks, return_exceptions=True)

    async def _wake(self) -> None:
        """The alarm's job: run a tick in a task of our own (shutting APScheduler down
        cancels its running jobs; a tick must finish its transaction instead)."""
        self._spawn(self.tick(alarm=True))

    async def _sweep(self) -> None:
        """The periodic job: a tick that leads if it can."""
        self._spawn(self.tick())

    def _spawn(self, tick: Awaitable[None]) -> None:
        task = asyncio.ensure_future(tick)
        self._ticks.add(task)
        task.add_done_callback(self._ticks.discard)

    async def tick(self, *, alarm: bool = False) -> None:
        """Advance due rounds (an alarm, or the leader's sweep), re-arm alarms from the
        database, then run the chores if this process leads."""
        async with self._lock:
            if self._stopped:
                return
            try:
                self.leader = await self.runtime.peers.take(LEADER)
                if self.leader or alarm:
                    await catch_up(self.runtime)
                await self._arm(
                    await rounds_in(self.runtime.db, (RoundState.SCHEDULED, RoundState.OPEN))
                )
            except Exception as error:
                self.runtime.errors.report(error, "scheduler tick failed")
            if not self.leader:
                return
            for chore in self.chores:
                try:
                    await chore(self.runtime)
                except Exception as error:
                    self.runtime.errors.report(
                        error, "scheduler chore %s failed", getattr(chore, "__name__", chore)
                    )

    async def _arm(self, pending: list[RoundView]) -> None:
        for round_ in pending:
            if round_.state == RoundState.SCHEDULED:
                self._alarm(f"round:{round_.id}:open", round_.opens_at)
            self._alarm(f"round:{round_.id}:close", round_.closes_at)
            if round_.phase in ("", "submissions") and round_.voting_opens_at is not None:
                self._alarm(f"round:{round_.id}:voting", round_.voting_opens_at)
            campaign = self.runtime.campaign(round_.campaign_id)
            for before in campaign.reminders if campaign is not None else ():
                when = round_.closes_at - before
                if when > self.runtime.clock.now():
                    self._alarm(f"round:{round_.id}:{reminder_kind(before)}", when)

    def _alarm(self, job_id: str, when: datetime) -> None:
        if when > self.runtime.clock.now() + HORIZON:
            return  # armed by a later tick: keeps the alarm list short with many future rounds
        existing = self._scheduler.get_job(job_id)
        # a job of a scheduler not started yet (time driven by the caller) has no run time
        if existing is not None and getattr(existing, "next_run_time", None) == when:
            return
        self._scheduler.add_job(
            self._wake,
            "date",
            run_date=max(when, self.runtime.clock.now()),
            id=job_id,
            replace_existing=True,
            misfire_grace_time=None,
        )
