"""Cache news: a change told by one process is applied by the others, never by itself."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from bot.engine.cache_news import CHANNEL, CacheNews


class Wire:
    """Processes sharing one notification channel, as PostgreSQL delivers it (to everyone)."""

    shared = True

    def __init__(self) -> None:
        self.hearers: list[Callable[[str], None]] = []

    def hear(self, channel: str, callback: Callable[[str], None]) -> None:
        assert channel == CHANNEL
        self.hearers.append(callback)

    async def announce(self, channel: str, payload: str) -> None:
        for hearer in self.hearers:
            hearer(payload)


async def test_news_reaches_the_other_process_and_not_its_teller() -> None:
    wire = Wire()
    teller, other = CacheNews(wire, "chorus/a"), CacheNews(wire, "chorus/b")  # type: ignore[arg-type]
    heard: dict[str, list[dict[str, Any]]] = {"a": [], "b": []}
    teller.on("bans", heard["a"].append)
    other.on("bans", heard["b"].append)

    await teller.tell("bans", campaign="flavour")

    assert heard["a"] == []
    assert [n["campaign"] for n in heard["b"]] == ["flavour"]


async def test_a_handler_that_reads_the_database_runs_in_the_background() -> None:
    wire = Wire()
    teller, other = CacheNews(wire, "chorus/a"), CacheNews(wire, "chorus/b")  # type: ignore[arg-type]
    applied = asyncio.Event()

    async def apply(news: dict[str, Any]) -> None:
        applied.set()

    other.on("ideas", apply)
    await teller.tell("ideas", campaign="box", idea=3)
    await asyncio.wait_for(applied.wait(), 5)
