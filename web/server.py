"""Serving the dashboard with uvicorn inside Chorus's own event loop.

``chorus run`` starts it beside the adapters (:class:`bot.app.App`) when ``[web] enabled``;
``chorus web`` runs it alone. Signals stay with Chorus: uvicorn's own handlers are not
installed, the app stops the server when it stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Generator

import uvicorn

from bot.engine.runtime import Runtime
from web.dashboard import build_app
from web.feed import LiveFeed

log = logging.getLogger(__name__)


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield  # Chorus handles SIGINT/SIGTERM and stops the server itself


class DashboardServer:
    """The dashboard of ``runtime`` on ``[web] listen_host:listen_port``.

    Inside ``chorus run`` pages are woken by the runtime's participation changes; alone
    (``poll_seconds`` set) they read the database that often.
    """

    def __init__(self, runtime: Runtime, *, poll_seconds: float | None = None) -> None:
        self.runtime = runtime
        self.feed = LiveFeed(poll_seconds=poll_seconds, errors=runtime.errors)
        settings = runtime.config.web
        config = uvicorn.Config(
            build_app(runtime, self.feed),
            host=settings.listen_host,
            port=settings.listen_port,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
            proxy_headers=False,
        )
        self._server = _Server(config)
        self._task: asyncio.Task[None] | None = None
        self._socket: socket.socket | None = None

    @property
    def port(self) -> int:
        """The port listened on (the one the system chose when configured as 0)."""
        if self._socket is not None:
            return int(self._socket.getsockname()[1])
        return self.runtime.config.web.listen_port

    @property
    def url(self) -> str:
        host = self.runtime.config.web.listen_host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        """Listen; return once connections are accepted.

        Raises:
            OSError: the address cannot be listened on.
        """
        settings = self.runtime.config.web
        # bound here, so that a port in use is an OSError for the caller, not uvicorn's exit
        self._socket = socket.create_server((settings.listen_host, settings.listen_port))
        self.runtime.watchers.append(self.feed.touch)
        self._task = asyncio.create_task(
            self._server.serve(sockets=[self._socket]), name="dashboard"
        )
        # uvicorn only has a flag for this
        while not self._server.started and not self._task.done():  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        if self._task.done():
            await self.stop()
            raise OSError("the dashboard could not start")
        log.info("dashboard on %s", self.url)

    async def stop(self) -> None:
        """End the live pages, then the server."""
        self.feed.close()
        with contextlib.suppress(ValueError):
            self.runtime.watchers.remove(self.feed.touch)
        if self._task is not None:
            self._server.should_exit = True
            with contextlib.suppress(Exception):
                await self._task
            self._task = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None
