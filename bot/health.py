"""``/healthz`` and ``/metrics`` for the load balancer and the operator, on a port of their own.

``/healthz`` answers 200 ``ok`` once the process has started and its database answers, 503
otherwise: a load balancer sends deliveries only to processes that can record them.
``/metrics`` is Prometheus's text format: events handled, messages posted and failed posts
(a platform's 429s that outlast the SDK's own waiting among them), the outbox backlog and how
overdue it is per platform, and the roles this process holds (chores leader, receiver).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from sqlalchemy import text

from bot.config.deploy import HealthSettings
from bot.engine.runtime import Runtime
from storage.delivery.outbox_health import backlog

log = logging.getLogger(__name__)

PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


@dataclass
class Vitals:
    """What the running app tells the endpoint, read at each request."""

    started: Callable[[], bool]
    events: Callable[[], int]
    sent: Callable[[], int]
    failed: Callable[[], int]
    leader: Callable[[], bool]
    receiving: Callable[[], dict[str, bool]]


class HealthServer:
    """The health and metrics endpoint of one process."""

    def __init__(self, runtime: Runtime, settings: HealthSettings, vitals: Vitals) -> None:
        self.runtime = runtime
        self.settings = settings
        self.vitals = vitals
        self.port: int | None = None
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.listen_host, self.settings.listen_port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self.port = int(sockets[0].getsockname()[1]) if sockets else self.settings.listen_port
        log.info("health endpoint on http://%s:%d", self.settings.listen_host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _database_answers(self) -> bool:
        try:
            async with self.runtime.db.reading() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:
            log.warning("health check: the database does not answer: %s", exc)
            return False
        return True

    async def _healthz(self, _request: web.Request) -> web.Response:
        if self.vitals.started() and await self._database_answers():
            return web.Response(text="ok\n")
        return web.Response(status=503, text="unavailable\n")

    async def _metrics(self, _request: web.Request) -> web.Response:
        vitals = self.vitals
        lines = [
            *_metric("chorus_up", "gauge", "1 once the process has started", vitals.started()),
            *_metric("chorus_events_total", "counter", "events handled", vitals.events()),
            *_metric("chorus_messages_sent_total", "counter", "messages posted", vitals.sent()),
            *_metric("chorus_send_failures_total", "counter", "posts that failed", vitals.failed()),
            *_metric(
                "chorus_leader", "gauge", "1 if this process runs the chores", vitals.leader()
            ),
        ]
        receiving = vitals.receiving()
        if receiving:
            lines += _help("chorus_receiving", "gauge", "1 if this process receives for the bot")
            lines += [
                f'chorus_receiving{{platform="{p}"}} {int(on)}' for p, on in receiving.items()
            ]
        waiting = await backlog(self.runtime.db, self.runtime.clock.now())
        lines += _help("chorus_outbox_waiting", "gauge", "messages waiting to be sent")
        lines += [f'chorus_outbox_waiting{{platform="{b.platform}"}} {b.waiting}' for b in waiting]
        lines += _help("chorus_outbox_overdue_seconds", "gauge", "how late the most overdue is")
        lines += [
            f'chorus_outbox_overdue_seconds{{platform="{b.platform}"}} {b.overdue_seconds:.3f}'
            for b in waiting
        ]
        body = ("\n".join(lines) + "\n").encode()
        return web.Response(body=body, headers={"Content-Type": PROMETHEUS_TEXT})


def _help(name: str, kind: str, what: str) -> list[str]:
    return [f"# HELP {name} {what}", f"# TYPE {name} {kind}"]


def _metric(name: str, kind: str, what: str, value: int | bool) -> list[str]:
    return [*_help(name, kind, what), f"{name} {int(value)}"]
