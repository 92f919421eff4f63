"""Telegram's flood limits, kept by one process or by the whole deployment.

Alone, a process keeps them with python-telegram-bot's :class:`~telegram.ext.AIORateLimiter`.
Given a shared throttle (several processes on one database, see :mod:`bot.model.pacing`),
every request aimed at a chat takes a turn under the bot's limit (about 30 messages a second),
and one aimed at a group or channel first under that chat's (20 a minute); answers to a
button press (``answerCallbackQuery``, aimed at no chat) take none and go at once. Either
way a 429's ``retry_after`` is waited out before trying again, holding this process's other
requests meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter, BaseRateLimiter

from bot.model.pacing import Limit, Throttle

log = logging.getLogger(__name__)

#: Telegram's limits: messages per second per bot, per minute in one group.
PER_BOT = 30
PER_GROUP = 20
MAX_RETRIES = 10

Request = Callable[..., Coroutine[Any, Any, Any]]


def group_of(data: dict[str, Any]) -> str | None:
    """The group or channel a request is aimed at (its ``chat_id`` is negative or a
    ``@name``), else None (a private chat, or no chat at all)."""
    chat_id = data.get("chat_id")
    with contextlib.suppress(ValueError, TypeError):
        chat_id = int(chat_id)  # type: ignore[arg-type]
    if (isinstance(chat_id, int) and chat_id < 0) or isinstance(chat_id, str):
        return str(chat_id)
    return None


class TelegramLimiter(BaseRateLimiter[int]):
    """:class:`AIORateLimiter` until :meth:`share` hands it a deployment-wide throttle."""

    def __init__(self, bot_id: str) -> None:
        self._bot_id = bot_id
        self._local = AIORateLimiter(max_retries=MAX_RETRIES)
        self._shared: Throttle | None = None
        self._clear = asyncio.Event()
        self._clear.set()

    def share(self, throttle: Throttle) -> None:
        """Take turns from ``throttle`` (shared by every process) from now on."""
        self._shared = throttle

    async def initialize(self) -> None:
        await self._local.initialize()

    async def shutdown(self) -> None:
        await self._local.shutdown()

    async def process_request(
        self,
        callback: Request,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        throttle = self._shared
        if throttle is None:
            return await self._local.process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        limits = self._limits(data)
        for attempt in range(MAX_RETRIES + 1):
            for limit in limits:
                await throttle.turn(limit)
            await self._clear.wait()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == MAX_RETRIES:
                    raise
                wait = exc._retry_after.total_seconds() + 0.1
                log.info("telegram asked to wait %.1f s before %s", wait, endpoint)
                self._clear.clear()
                try:
                    await asyncio.sleep(wait)
                finally:
                    self._clear.set()
        raise AssertionError("unreachable")  # pragma: no cover

    def _limits(self, data: dict[str, Any]) -> list[Limit]:
        """The chat's limit first (its turn may be far), then the bot's, booked when due."""
        if data.get("chat_id") is None:
            return []
        bot = Limit(f"telegram:{self._bot_id}", PER_BOT, 1.0, spread=True)
        group = group_of(data)
        if group is None:
            return [bot]
        return [Limit(f"telegram:{self._bot_id}:{group}", PER_GROUP, 60.0), bot]
