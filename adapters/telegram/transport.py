"""python-telegram-bot's HTTP transport on aiohttp.

PTB's default transport (httpx) slows down sharply when many requests wait for a connection:
with a few hundred button presses in flight, each answered by its own ``answerCallbackQuery``,
it managed well under a hundred calls a second in ``bench/telegram.py``, where aiohttp keeps up
with thousands. PTB lets a bot bring its own :class:`~telegram.request.BaseRequest`; this one
sends the same requests (form fields, or multipart when files are attached) and maps failures
onto PTB's errors (``TimedOut``, ``NetworkError``) so PTB's retry and error handling still apply.
"""

from __future__ import annotations

import asyncio
from typing import IO

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

DEFAULT_TIMEOUT = 5.0
MEDIA_WRITE_TIMEOUT = 20.0


class AiohttpRequest(BaseRequest):
    """One aiohttp session with at most ``connections`` connections to the Bot API."""

    def __init__(self, connections: int = 100, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._connections = connections
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = (
            request_data.multipart_data if request_data and request_data.contains_files else None
        )
        read = _seconds(read_timeout, self._timeout)
        write = _seconds(write_timeout, MEDIA_WRITE_TIMEOUT if files else self._timeout)
        connect = _seconds(connect_timeout, self._timeout)
        pool = _seconds(pool_timeout, self._timeout)
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            # the body is written before the answer is read: the read wait covers both
            sock_read=None if read is None or write is None else read + write,
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data, files), timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except asyncio.TimeoutError as exc:  # noqa: UP041 (aiohttp may raise either name)
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc


def _seconds(value: object, default: float | None) -> float | None:
    """A PTB timeout argument: its default marker means ours; None means no limit."""
    if isinstance(value, int | float):
        return float(value)
    if value is None:
        return None
    return default


def _body(
    request_data: RequestData | None, files: dict[str, tuple[str, bytes | IO[bytes], str]] | None
) -> aiohttp.FormData | dict[str, str] | None:
    if request_data is None:
        return None
    fields = request_data.json_parameters
    if not files:
        return fields
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mime) in files.items():
        form.add_field(name, content, filename=filename, content_type=mime)
    return form
