"""Fixtures for campaign tests that need several platforms at once."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.memory import MemoryAdapter
from bot.app import App
from bot.config.model import Config
from bot.model.clock import ManualClock
from tests.campaigns.contest.kit import START, TELEGRAM_MOD, Community, StartCommunity


@pytest.fixture
async def community(database_url: str) -> AsyncIterator[StartCommunity]:
    """Start apps with a Telegram and a Discord in-memory adapter; stop them at the end."""
    started: list[App] = []

    async def start(
        config: Config, *, clock: ManualClock | None = None, discord: MemoryAdapter | None = None
    ) -> Community:
        clock = clock or ManualClock(START)
        adapters = {
            "telegram": MemoryAdapter("telegram", admins=frozenset({f"telegram:{TELEGRAM_MOD}"})),
            "discord": discord or MemoryAdapter("discord"),
        }
        app = App(
            config,
            adapters=dict(adapters),
            clock=clock,
            timers=False,
            database_url=database_url,
        )
        runtime = await app.start()
        started.append(app)
        running = Community(app, runtime, clock, adapters)
        await running.tick()
        return running

    yield start
    for app in started:
        await app.stop()
