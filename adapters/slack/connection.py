"""How Slack reaches Chorus: a Socket Mode WebSocket, or signed HTTP requests to our server.

Socket Mode (the default) needs no public URL: ``apps.connections.open`` with the app-level
token gives a WebSocket URL and Slack sends envelopes over it. HTTP mode listens on
``listen_host:listen_port`` at ``path``; Bolt checks every request's signature and refuses a
timestamp older than five minutes with 401 before any listener runs.
"""

from __future__ import annotations

import logging
from typing import Protocol

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp

from bot.config.platforms import SlackSettings

log = logging.getLogger(__name__)


class Connection(Protocol):
    """A started way in for Slack's deliveries."""

    async def close(self) -> None: ...


class SocketConnection:
    """Socket Mode through slack-bolt's aiohttp handler."""

    def __init__(self, app: AsyncApp, app_token: str) -> None:
        self.handler = AsyncSocketModeHandler(app, app_token, web_client=app.client)

    async def open(self) -> None:
        await self.handler.connect_async()  # type: ignore[no-untyped-call]

    async def close(self) -> None:
        await self.handler.close_async()  # type: ignore[no-untyped-call]


class HttpConnection:
    """An aiohttp server handing each request at ``path`` to Bolt."""

    def __init__(self, app: AsyncApp, settings: SlackSettings) -> None:
        self.app = app
        self.settings = settings
        self.port: int | None = None
        self._runner: web.AppRunner | None = None

    async def open(self) -> None:
        server = web.Application()
        server.router.add_post(self.settings.path, self._handle)
        self._runner = web.AppRunner(server, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.listen_host, self.settings.listen_port)
        await site.start()
        sockets = getattr(site._server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else self.settings.listen_port
        log.info(
            "slack: listening on %s:%s%s", self.settings.listen_host, self.port, self.settings.path
        )

    async def _handle(self, request: web.Request) -> web.Response:
        return await to_aiohttp_response(
            await self.app.async_dispatch(await to_bolt_request(request))
        )

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
