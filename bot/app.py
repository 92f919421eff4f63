"""The app runner: starts storage, adapters, the outbox sender and the scheduler; stops them
cleanly on SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.base import Adapter, CommandReader, Paced, Replaying
from bot.config.model import Config
from bot.delivery.live import LiveUpdater
from bot.delivery.moves import apply_moves, hear_moves, move_routes
from bot.delivery.postman import Postman
from bot.delivery.reach import release_for
from bot.engine.action_ids import ActionSigner
from bot.engine.command_specs import Commands
from bot.engine.core_commands import core_routes
from bot.engine.dispatcher import Dispatcher
from bot.engine.faults import crash_point, hold_point
from bot.engine.i18n import Catalogs
from bot.engine.ingress.journal import (
    DeliveryJournal,
    purge_old_deliveries,
    purge_stale_deliveries,
    replay_pending,
)
from bot.engine.ingress.receivers import ReceiverLeases
from bot.engine.kinds import CampaignKind, offered_commands
from bot.engine.redaction import Redactor
from bot.engine.routes import Route
from bot.engine.runtime import Runtime
from bot.health import HealthServer, Vitals
from bot.identity.linking import link_routes
from bot.model.clock import Clock, SystemClock
from bot.model.events import Event
from bot.moderation.fraud import report_signals
from bot.moderation.moderation import moderation_routes
from bot.moderation.reload import ConfigReloader
from bot.moderation.status import status_routes
from bot.privacy.requests import privacy_routes
from bot.privacy.retention import purge_expired
from bot.reports.export_chat import export_routes
from bot.rounds.controls import control_routes
from bot.rounds.lifecycle import sync_campaigns
from bot.rounds.scheduler import RoundScheduler
from campaigns import all_kinds
from campaigns.shared.chart import preload as preload_charts
from storage.db import Database
from storage.delivery.pacing import SharedThrottle
from storage.meta import signing_keys
from storage.peers import peers_for
from storage.poll.votes import BallotBox
from storage.privacy.private_files import private_media_root
from storage.processes import RunningProcess, forget_process, register_process

if TYPE_CHECKING:
    from web.server import DashboardServer

log = logging.getLogger(__name__)


def chat_routes() -> list[Route]:
    """The chat commands of the core and the features, before any kind's: the features'
    first (``/status``, moderation, ``/export``, ``/mydata``, ``/link``), then the core's own
    and the moderators' round controls. The engine knows none of the features; they meet here."""
    return [
        *status_routes(),
        *moderation_routes(),
        *export_routes(),
        *privacy_routes(),
        *link_routes(),
        *core_routes(),
        *control_routes(),
        *move_routes(),
    ]


def every_command(kinds: Mapping[str, CampaignKind] | None = None) -> Commands:
    """Every command Chorus answers with ``kinds`` (this version's by default), in menu
    order: ``/help``, ``/campaigns`` and ``/results`` first, then the kinds', then the
    features' (each declares its own beside its handler), members' before moderators'."""
    from web.command import dashboard_routes

    kinds = all_kinds() if kinds is None else kinds
    routes = [
        *core_routes(),
        *(route for kind in kinds.values() for route in kind.routes()),
        *chat_routes(),
        *dashboard_routes(),
    ]
    return Commands.gather(route.spec for route in routes if route.spec is not None)


def platform_commands(config: Config, platform: str) -> Commands:
    """The commands a platform's menu lists with this config: the core's and the features',
    and those of the kinds with a campaign there (what ``chorus run`` offers the adapter)."""
    from web.command import dashboard_routes

    core = [*chat_routes(), *dashboard_routes()]
    return every_command().only(offered_commands(config, core, all_kinds(), platform))


class App:
    """One running Chorus process."""

    def __init__(
        self,
        config: Config,
        *,
        adapters: Mapping[str, Adapter] | None = None,
        clock: Clock | None = None,
        sweep_seconds: float = 30,
        timers: bool = True,
        database_url: str | None = None,
        redactor: Redactor | None = None,
        kinds: Mapping[str, CampaignKind] | None = None,
        config_path: Path | None = None,
    ) -> None:
        """``kinds`` are the campaign kinds it runs (the registry's, :func:`campaigns.all_kinds`,
        unless told); ``config`` must have been validated for them."""
        self.config = config
        self._kinds = kinds
        #: The file ``config`` was read from: reloaded on SIGHUP (``chorus reload``).
        self.config_path = config_path
        self.database_url = database_url or config.database_url()
        #: Shared with the log handlers (``chorus run``), so that secrets loaded from the
        #: database at start are hidden in the logs too.
        self.redactor = redactor or Redactor.from_environment(database_url=self.database_url)
        self.clock = clock or SystemClock()
        self._adapters = adapters
        self._sweep_seconds = sweep_seconds
        self._timers = timers
        self.stopping = asyncio.Event()
        self.ready = asyncio.Event()
        self.runtime: Runtime | None = None
        self.dispatcher: Dispatcher | None = None
        self.postman: Postman | None = None
        self.scheduler: RoundScheduler | None = None
        self.journal: DeliveryJournal | None = None
        #: The leases of adapters that allow one receiver per bot (Telegram polling).
        self.receivers: ReceiverLeases | None = None
        #: ``/healthz`` and ``/metrics``, when ``[health] enabled``.
        self.health: HealthServer | None = None
        #: Events handed to the core since start.
        self.events_total = 0
        #: The dashboard, when ``[web] enabled`` (see :mod:`web`).
        self.web: DashboardServer | None = None
        self._preload: asyncio.Task[None] | None = None
        self.reloader: ConfigReloader | None = None
        self._process: RunningProcess | None = None
        self._reloads: set[asyncio.Task[bool]] = set()
        #: What ``chorus run`` exits with once stopped (an adapter may ask for a failure).
        self.exit_code = 0

    async def start(self) -> Runtime:
        """Open storage (migrating it), then start everything; return the runtime."""
        preload = self._preload = asyncio.create_task(preload_charts(), name="preload-charts")
        private_media_root(self.config.media_dir())
        storage = self.config.storage
        db = Database.connect(
            self.database_url, pool_size=storage.pool_size, pool_overflow=storage.pool_overflow
        )
        await db.migrate()
        peers = peers_for(db)
        await peers.start()
        kinds = dict(self._kinds) if self._kinds is not None else all_kinds()
        keys = await signing_keys(db)
        for secret in (keys.current, keys.previous, keys.derivation):
            self.redactor.add(secret.hex() if secret else "")
        runtime = Runtime(
            config=self.config,
            db=db,
            clock=self.clock,
            catalogs=Catalogs(),
            signer=ActionSigner.from_keys(keys, self.clock),
            ballots=BallotBox(db),
            kinds=kinds,
            redactor=self.redactor,
            peers=peers,
        )
        self.runtime = runtime
        from web.command import dashboard_routes

        core: list[Route] = [*chat_routes(), *dashboard_routes()]
        routes = list(core)
        for kind in kinds.values():
            routes.extend(kind.routes())
        self.dispatcher = Dispatcher(runtime, routes)
        runtime.commands = every_command(kinds)
        runtime.live = LiveUpdater(runtime, timers=self._timers)
        await apply_moves(runtime)  # chats that moved (a group became a supergroup)
        hear_moves(runtime)
        await sync_campaigns(runtime)
        if self._adapters is None:
            from adapters.registry import build_adapters

            runtime.adapters.update(build_adapters(self.config, self.request_stop, self.ready))
        else:
            runtime.adapters.update(self._adapters)
        journal = self.journal = DeliveryJournal(db, self.clock)
        throttle = SharedThrottle(db)
        for platform, adapter in runtime.adapters.items():
            if isinstance(adapter, Replaying):
                adapter.keep_journal(journal)
            if isinstance(adapter, CommandReader):
                offered = offered_commands(self.config, core, kinds, platform)
                adapter.learn_commands(runtime.commands, offered)
            if peers.shared and isinstance(adapter, Paced):
                adapter.pace_with(throttle)
        self.receivers = ReceiverLeases(runtime)
        self.receivers.prepare()
        self.postman = Postman(runtime)
        self.scheduler = RoundScheduler(runtime, sweep_seconds=self._sweep_seconds)
        self.scheduler.chores.extend(
            (report_signals, purge_expired, purge_stale_deliveries, purge_old_deliveries)
        )
        if self.config_path is not None:
            self.reloader = ConfigReloader(runtime, self.config_path, self.scheduler.tick)
            self.scheduler.chores.append(self.reloader.follow)
            self._process = RunningProcess(
                socket.gethostname(), os.getpid(), str(self.config_path.resolve()), self.clock.now()
            )
            await register_process(db, self._process)
        # the platforms first: one that cannot be reached stops start-up before any round
        # opens (an opened round would fix the campaign's rules while nothing ran)
        for adapter in runtime.adapters.values():
            await adapter.start(self._sink)
        if self._timers:
            await self.scheduler.start()
        else:  # time is driven by the caller (tests with a manual clock)
            await self.scheduler.tick()
        await self.receivers.start()
        # deliveries acknowledged by a process that died before handling them
        await replay_pending(runtime)
        # what start-up decided (opening messages…) is posted before any event is handled
        await self.postman.deliver_due()
        if self._timers:
            self.postman.start()
        if self.config.web.enabled:
            from web.links import purge_stale_links
            from web.server import DashboardServer

            self.scheduler.chores.append(purge_stale_links)
            self.web = DashboardServer(runtime)
            await self.web.start()
        if self.config.health.enabled:
            self.health = HealthServer(runtime, self.config.health, self._vitals())
            await self.health.start()
        _freeze_survivors()
        preload.add_done_callback(lambda _: _freeze_survivors())
        self.ready.set()
        log.info("chorus started with %s", ", ".join(runtime.adapters) or "no adapter")
        return runtime

    async def settled(self) -> None:
        """Wait until start-up work left running in the background (importing the chart
        library) is done; benchmarks wait for it so that it is not charged to the first votes."""
        if self._preload is not None:
            await asyncio.shield(self._preload)

    def _vitals(self) -> Vitals:
        """What ``/metrics`` reads of this process."""
        postman, scheduler, receivers = self.postman, self.scheduler, self.receivers
        assert postman is not None and scheduler is not None and receivers is not None
        return Vitals(
            started=self.ready.is_set,
            events=lambda: self.events_total,
            sent=lambda: postman.sent_total,
            failed=lambda: postman.failed_total,
            leader=lambda: scheduler.leader,
            receiving=lambda: {
                str(getattr(a, "platform", "")): receivers.receiving(getattr(a, "platform", ""))
                for a in receivers.single_receivers()
            },
        )

    async def _sink(self, event: Event) -> None:
        """Events wait until start-up is complete (opening messages posted), then dispatch."""
        await self.ready.wait()
        self.events_total += 1
        assert self.dispatcher is not None and self.runtime is not None
        await hold_point("before-handling")
        try:  # a member who shows up may be reached privately now
            await release_for(self.runtime, event)
        except Exception as error:
            self.runtime.errors.report(error, "releasing parked messages failed")
        await self.dispatcher.dispatch(event)
        crash_point("after-handling")

    async def stop(self) -> None:
        """Stop adapters first (no new events), finish pending writes, then the rest."""
        runtime = self.runtime
        if runtime is None:
            return
        if self.health is not None:
            await self.health.stop()
            self.health = None
        if self.receivers is not None:
            await self.receivers.stop()
        for adapter in runtime.adapters.values():
            with contextlib.suppress(Exception):
                await adapter.stop()
        await asyncio.gather(*self._reloads, return_exceptions=True)
        if self._process is not None:
            with contextlib.suppress(Exception):
                await forget_process(runtime.db, self._process)
        if self.web is not None:
            await self.web.stop()
            self.web = None
        if self.scheduler is not None:
            await self.scheduler.stop()
        if runtime.live is not None:
            await runtime.live.stop()
        await runtime.ballots.drain()
        if self.journal is not None:
            await self.journal.drain()
        if self.postman is not None:
            await self.postman.stop()
        await runtime.peers.close()
        await runtime.db.close()
        if self._preload is not None:
            await self._preload
        gc.unfreeze()
        self.runtime = None

    def request_stop(self, code: int = 0) -> None:
        """Stop (an adapter asks: the console's ``/quit``), then exit with ``code``."""
        self.exit_code = max(self.exit_code, code)
        self.stopping.set()

    def request_reload(self) -> None:
        """Reload the config file in the background (SIGHUP): validated, then applied."""
        if self.reloader is None or self.runtime is None:
            log.warning("reload asked before start-up completed: ignored")
            return
        task = asyncio.create_task(self.reloader.reload(), name="config-reload")
        self._reloads.add(task)
        task.add_done_callback(self._reload_done)

    def _reload_done(self, task: asyncio.Task[bool]) -> None:
        self._reloads.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None and self.runtime:
            self.runtime.errors.report(error, "config reload failed")

    async def run_until_stopped(self) -> int:
        """Start, wait for SIGINT/SIGTERM (or an adapter asking to stop), then stop; the
        exit code asked for (0 unless an adapter asked otherwise)."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, self.stopping.set)
        with contextlib.suppress(NotImplementedError, AttributeError):  # no SIGHUP on Windows
            loop.add_signal_handler(signal.SIGHUP, self.request_reload)
        try:
            await self.start()
        except BaseException:  # e.g. a platform unreachable: release what start opened
            with contextlib.suppress(Exception):
                await self.stop()
            raise
        try:
            await self.stopping.wait()
        finally:
            await self.stop()
        return self.exit_code


def _freeze_survivors() -> None:
    """Move what start-up left alive (config, catalogs, SDK and chart modules) out of the
    garbage collector's reach: a long-lived bot would otherwise rescan those objects at every
    full collection, and bursts of votes (many short-lived tasks and futures) trigger many.
    The chart library finishes importing later, so it is frozen again then. No collection
    first: a full one costs as much as the scans saved, and start-up leaves little garbage."""
    gc.freeze()
