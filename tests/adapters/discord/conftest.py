"""Fixtures for the Discord tests: an emulator, and Chorus running against it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import discord
import pytest
import yarl

from adapters.discord.adapter import DiscordAdapter
from bot.app import App, every_command
from bot.config.model import Config
from bot.config.platforms import DiscordSettings
from bot.engine.runtime import Runtime
from bot.model.clock import ManualClock
from campaigns import parse_config
from tests.adapters.discord import payloads as p
from tests.adapters.discord.emulator import DiscordEmulator
from tests.conftest import START
from tests.factories import poll_text
from tests.log_guard import CapturedLogs


@pytest.fixture
async def emulator() -> AsyncIterator[DiscordEmulator]:
    server = DiscordEmulator()
    await server.start()
    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    yield server
    await server.stop()
    discord.http.Route.BASE = base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway or yarl.URL(
        "wss://gateway.discord.gg/"
    )


def discord_section(emulator: DiscordEmulator) -> str:
    """A ``[discord]`` section pointing the SDK at the emulator's server."""
    return f"""
[discord]
guild_ids = ["{p.GUILD_ID}"]
moderator_roles = ["{p.MODERATOR_ROLE_ID}"]
api_base_url = "{emulator.api_url}"
gateway_url = "{emulator.gateway_url}"
"""


def discord_config(emulator: DiscordEmulator, *, extra: str = "", **options: object) -> Config:
    """The factories' poll, in the emulator's channel, with a ``[discord]`` section."""
    text = poll_text(channels=(f"discord:{p.CHANNEL_ID}",), **options)  # type: ignore[arg-type]
    return parse_config(text + extra + discord_section(emulator))


def discord_adapter(settings: DiscordSettings, emulator: DiscordEmulator) -> DiscordAdapter:
    """The adapter alone, told every command as the app tells it before start."""
    adapter = DiscordAdapter(settings, emulator.token, guild_ready_timeout=0.05, edit_interval=0.05)
    every = every_command()
    adapter.learn_commands(every, frozenset(c.name for c in every))
    return adapter


@dataclass
class DiscordRun:
    """A started app on Discord with its adapter and manual clock."""

    app: App
    runtime: Runtime
    adapter: DiscordAdapter
    clock: ManualClock

    async def tick(self) -> None:
        assert self.app.scheduler is not None and self.app.postman is not None
        await self.app.scheduler.tick()
        await self.app.postman.deliver_due()


StartDiscord = Callable[..., Awaitable[DiscordRun]]


@pytest.fixture
async def start_discord(
    emulator: DiscordEmulator, database_url: str, logs: CapturedLogs
) -> AsyncIterator[StartDiscord]:
    """Start Chorus on Discord (the emulator); every app started is stopped at the end. The
    bot token must not show in the logs (see the ``logs`` fixture)."""
    logs.redactor.add(emulator.token)
    running: list[App] = []

    async def start(config: Config, *, clock: ManualClock | None = None) -> DiscordRun:
        clock = clock or ManualClock(START)
        adapter = discord_adapter(config.discord, emulator)
        app = App(
            config,
            adapters={"discord": adapter},
            clock=clock,
            timers=False,
            database_url=database_url,
            redactor=logs.redactor,
        )
        runtime = await app.start()
        running.append(app)
        run = DiscordRun(app, runtime, adapter, clock)
        await run.tick()
        return run

    yield start
    for app in running:
        if app.runtime is not None:
            await app.stop()


# Chorus on Telegram and Discord at once (tests across platforms)
from tests.adapters.discord.two_platforms import start_both, telegram  # noqa: E402, F401
