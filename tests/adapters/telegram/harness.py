"""Chorus running on the real python-telegram-bot against the emulator, with a manual clock."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest

from adapters.telegram.adapter import SECRET_ENV, TOKEN_ENV, TelegramAdapter, build
from bot.app import App
from bot.config.model import Config
from bot.engine.redaction import configured_secrets
from bot.engine.runtime import Runtime
from bot.model.clock import ManualClock
from campaigns import parse_config
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.wire import Sent
from tests.conftest import START
from tests.factories import poll_text
from tests.log_guard import CapturedLogs

GROUP = f"telegram:{p.GROUP_ID}"
SECRET = "s3cret-webhook_token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def telegram_section(emulator: TelegramEmulator, **settings: object) -> str:
    """A ``[telegram]`` section pointing the SDK at the emulator."""
    lines = [
        "[telegram]",
        f'api_base_url = "{emulator.api_base_url}"',
        f'file_base_url = "{emulator.file_base_url}"',
    ]
    for key, value in settings.items():
        lines.append(f'{key} = "{value}"' if isinstance(value, str) else f"{key} = {value}")
    return "\n" + "\n".join(lines) + "\n"


def poll_on_telegram(
    emulator: TelegramEmulator, *, locale: str = "en", **settings: object
) -> Config:
    """The ``flavour`` poll (Vanilla, Pistachio, Lemon; 7 days) in the test group."""
    text = poll_text(locale=locale, channels=(GROUP,)) + telegram_section(emulator, **settings)
    return parse_config(text)


@dataclass
class TelegramRun:
    """A started app whose only adapter is Telegram, talking to the emulator."""

    app: App
    runtime: Runtime
    adapter: TelegramAdapter
    clock: ManualClock

    async def tick(self) -> None:
        """The scheduler's catch-up and the outbox, as the timers would run them."""
        assert self.app.scheduler is not None and self.app.postman is not None
        await self.app.scheduler.tick()
        await self.app.postman.deliver_due()


StartTelegram = Callable[..., Awaitable[TelegramRun]]


@pytest.fixture
async def emulator() -> AsyncIterator[TelegramEmulator]:
    fake = TelegramEmulator()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def start_telegram(
    database_url: str,
    emulator: TelegramEmulator,
    monkeypatch: pytest.MonkeyPatch,
    logs: CapturedLogs,
) -> AsyncIterator[StartTelegram]:
    """Start Chorus with its Telegram adapter; every app started is stopped at the end. The
    token and webhook secret must not show in the logs (see the ``logs`` fixture)."""
    monkeypatch.setenv(TOKEN_ENV, emulator.token)
    monkeypatch.setenv(SECRET_ENV, SECRET)
    logs.redactor.add(*configured_secrets())
    running: list[App] = []

    async def start(config: Config, *, clock: ManualClock | None = None) -> TelegramRun:
        clock = clock or ManualClock(START)
        adapter = build(config)
        app = App(
            config,
            adapters={"telegram": adapter},
            clock=clock,
            timers=False,
            database_url=database_url,
            redactor=logs.redactor,
        )
        runtime = await app.start()
        running.append(app)
        run = TelegramRun(app, runtime, adapter, clock)
        await run.tick()
        return run

    yield start
    for app in running:
        await app.stop()


async def answer_to(emulator: TelegramEmulator, update: dict[str, object]) -> Sent:
    """The reply Chorus posts to a member's message (Telegram has no private answer in groups)."""
    message = update["message"]
    assert isinstance(message, dict)

    def replies() -> list[Sent]:
        return [s for s in emulator.sent if s.reply_to == message["message_id"]]

    await emulator.wait_until(lambda: bool(replies()))
    [reply] = replies()
    return reply
