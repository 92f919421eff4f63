"""The webhook listener: Telegram POSTs each update; it is answered once it is handled.

python-telegram-bot's own webhook server answers 200 as soon as an update is queued (so a crash
before handling loses it) and refuses a missing secret with 403. This listener checks the
``X-Telegram-Bot-Api-Secret-Token`` header first (401 without the right secret, nothing read
further), then handles the update through the Application and only then answers 200: when the
process dies mid-way Telegram gets no answer and sends the update again, and the core's inbox
gives it one effect.
"""

from __future__ import annotations

import hmac
import json
import logging
import socket
from collections.abc import Awaitable, Callable

from aiohttp import web
from telegram import Bot, Update

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1_000_000  # an update is a few kilobytes


class WebhookListener:
    """An aiohttp server on ``host:port`` answering POSTs to ``path``."""

    def __init__(
        self,
        bot: Bot,
        handle: Callable[[Update], Awaitable[None]],
        *,
        host: str,
        port: int,
        path: str,
        secret: str,
    ) -> None:
        self._bot = bot
        self._handle = handle
        self._host = host
        self._port = port
        self._path = "/" + path.lstrip("/")
        self._secret = secret.encode()
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(self._path, self._receive)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        sock = socket.create_server((self._host, self._port), reuse_port=False)
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            return web.Response(status=401)
        try:
            update = Update.de_json(json.loads(await request.read()), self._bot)
        except (ValueError, TypeError, KeyError):
            log.warning("webhook body is not an update")
            return web.Response(status=400)
        await self._handle(update)
        return web.Response(status=200)
