"""How Slack reaches Chorus: a Socket Mode WebSocket, or signed HTTP requests to our server.

Socket Mode (the default) needs no public URL: ``apps.connections.open`` with the app-level
token gives a WebSocket URL and Slack sends envelopes over it. slack-sdk's Socket Mode client
keeps the connection (pings, reconnects); each envelope goes straight to the adapter, routed
by :func:`adapters.slack.translate.delivery_kind` and acknowledged with its ``envelope_id``:
a socket's deliveries need none of the checks Bolt's middleware makes for HTTP, and skipping
them halves what a vote costs before Chorus's own work. HTTP mode listens on
``listen_host:listen_port`` at ``path``; Bolt checks every request's signature and refuses a
timestamp older than five minutes with 401 before any listener runs.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.translate import delivery_kind
from bot.config.platforms import SlackSettings

log = logging.getLogger(__name__)


class Connection(Protocol):
    """A started way in for Slack's deliveries."""

    async def close(self) -> None: ...


Ack = Callable[[], Awaitable[None]]
#: ``(kind, body, ack)``: the adapter's way in for one delivery (see ``delivery_kind``).
Receive = Callable[[str, dict[str, Any], Ack], Awaitable[None]]


class SocketConnection:
    """Socket Mode through slack-sdk's aiohttp client, each envelope handed to ``receive``."""

    def __init__(self, app_token: str, client: AsyncWebClient, receive: Receive) -> None:
        self.client = SocketModeClient(app_token, web_client=client)
        self.client.socket_mode_request_listeners.append(self._on_request)
        self._receive = receive

    async def open(self) -> None:
        await self.client.connect()  # type: ignore[no-untyped-call]

    async def close(self) -> None:
        await self.client.close()  # type: ignore[no-untyped-call]

    async def _on_request(
        self, client: AsyncBaseSocketModeClient, request: SocketModeRequest
    ) -> None:
        async def ack() -> None:
            await client.send_socket_mode_response(SocketModeResponse(request.envelope_id))

        kind = delivery_kind(request.type, request.payload)
        if kind is None:  # nothing Chorus listens to: acknowledged, so Slack does not retry
            await ack()
            return
        try:
            await self._receive(kind, request.payload, ack)
        except Exception:  # not acknowledged: Slack delivers it again
            log.exception("slack: envelope %s could not be received", request.envelope_id)


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
