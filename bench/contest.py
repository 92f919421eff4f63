"""Contest benchmark: publishing entries under platform rate limits, and memory with many entries.

1. Publishing: ``--entries`` photo entries (default 500) are submitted through the real
   ``/submit`` path (Pillow checks, media store, inbox, outbox) to a post-moderated contest on
   three channels — Telegram, Discord, Slack — so each entry is published at once: 1,500 posts.
   The outbox is then drained twice: into adapters that post instantly (the core's own cost),
   and into adapters that hold each post until its channel's next slot under the platform's
   limit — on a virtual timeline (the core's real work plus the waits, nothing slept). The
   floor is what the limits allow with the three channels served in parallel: the slowest
   channel's posts × its interval.
2. Memory: ``--stored`` text entries (default 10,000) are stored in one round; the process's
   peak RSS and the Python heap peak while ranking them (``standings``) are printed.

Usage::

    .venv/bin/python bench/contest.py [--entries 500] [--stored 10000]

Not a test: it prints figures (real time, real SQLite file).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import logging
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402
from sqlalchemy import update  # noqa: E402

from adapters.memory import MemoryAdapter  # noqa: E402
from bot.app import App  # noqa: E402
from bot.config.model import Config  # noqa: E402
from bot.model.actions import Action, Post  # noqa: E402
from bot.model.clock import ManualClock  # noqa: E402
from bot.model.events import Attachment, Chat, CommandInvoked  # noqa: E402
from bot.model.members import Member  # noqa: E402
from campaigns import parse_config  # noqa: E402
from campaigns.contest.awards import standings  # noqa: E402
from storage.contest.entries import NewEntry, submit_entry  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.rounds import latest_round  # noqa: E402
from storage.tables import OUTBOX  # noqa: E402

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
CHANNELS = {
    "telegram": ("telegram:-1001", 3.0),  # 20 messages a minute in a group
    "discord": ("discord:111111111111111111", 1.0),  # 5 messages per 5 s per channel
    "slack": ("slack:C0BENCH01", 1.0),  # about 1 message a second per channel
}
CONFIG = """
[bot]
locale = "en"

[[campaigns]]
id = "bench"
kind = "contest"
title = "Bench contest"
channels = [{channels}]
duration = "7d"

[campaigns.contest]
entry_type = "{entry_type}"
moderation = "post"
entries_per_member = 1
"""


def _config(entry_type: str) -> Config:
    channels = ", ".join(f'"{ref}"' for ref, _ in CHANNELS.values())
    return parse_config(CONFIG.format(channels=channels, entry_type=entry_type))


class Timeline:
    """Virtual time of a sequential sender: the core's real work plus the waits the limits
    impose, without sleeping through them."""

    def __init__(self) -> None:
        self.now = 0.0
        self._last = time.perf_counter()

    def work(self) -> None:
        """Add the real time spent since the last call."""
        real = time.perf_counter()
        self.now += real - self._last
        self._last = real


class Throttled(MemoryAdapter):
    """Posts no faster than ``interval`` seconds per channel, on a shared :class:`Timeline`:
    a post waits (virtually) for its channel's next slot, as a rate limiter would make it."""

    def __init__(self, platform: str, interval: float, timeline: Timeline) -> None:
        super().__init__(platform)
        self.interval = interval
        self.timeline = timeline
        self._next: dict[str, float] = {}

    async def send(self, action: Action) -> str | None:
        if isinstance(action, Post):
            self.timeline.work()
            slot = self._next.get(action.channel, 0.0)
            self.timeline.now = max(self.timeline.now, slot)
            self._next[action.channel] = self.timeline.now + self.interval
        return await super().send(action)


def _photo(n: int) -> bytes:
    image = Image.new("RGB", (96, 72), (n % 256, (n // 256) % 256, (n * 7) % 256))
    ImageDraw.Draw(image).text((8, 28), f"#{n}", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


async def _start(config: Config, adapters: dict[str, MemoryAdapter], url: str) -> App:
    app = App(
        config, adapters=dict(adapters), clock=ManualClock(START), timers=False, database_url=url
    )
    await app.start()
    return app


async def publishing(entries: int, folder: Path) -> None:
    url = f"sqlite+aiosqlite:///{folder / 'publish.db'}"
    instant = {p: MemoryAdapter(p) for p in CHANNELS}
    app = await _start(_config("photo"), instant, url)
    assert app.postman is not None
    await app.postman.deliver_due()  # the opening messages
    for adapter in instant.values():
        adapter.posts.clear()
    started = time.perf_counter()
    for n in range(entries):
        platform = list(CHANNELS)[n % len(CHANNELS)]
        adapter = instant[platform]
        adapter.files[f"f{n}"] = _photo(n)
        user = Member(platform, f"{n + 10**17}", f"Member {n}")
        channel = CHANNELS[platform][0].split(":", 1)[1]
        await adapter.push(
            CommandInvoked(
                platform=platform,
                delivery_id=f"d{n}",
                chat=Chat(platform, channel),
                user=user,
                received_at=START,
                name="submit",
                args=(f"Photo {n}",),
                attachments=(Attachment(f"f{n}", "p.png", "image/png", None),),
            )
        )
    submitted = time.perf_counter() - started
    queued = entries * len(CHANNELS)
    started = time.perf_counter()
    while await app.postman.deliver_due():
        pass
    drained = time.perf_counter() - started
    posted = sum(len(a.posts) for a in instant.values())
    await app.stop()
    print(f"submit {entries} photo entries (check, store, record, queue): {submitted:.2f} s")
    print(f"post {posted} of {queued} messages, no rate limit (core cost): {drained:.2f} s")

    # the same outbox again (re-queued), into rate-limited adapters
    timeline = Timeline()
    throttled = {p: Throttled(p, interval, timeline) for p, (_, interval) in CHANNELS.items()}
    app = await _start(_config("photo"), throttled, url)
    assert app.postman is not None and app.runtime is not None
    await _requeue(app.runtime.db)
    timeline.work()
    timeline.now = 0.0
    while await app.postman.deliver_due():
        pass
    timeline.work()
    limited = timeline.now
    posted_limited = sum(len(a.posts) for a in throttled.values())
    await app.stop()
    floor = max((entries - 1) * interval for _, interval in CHANNELS.values())
    serial = sum((entries - 1) * interval for _, interval in CHANNELS.values())
    print(f"post {posted_limited} messages under the platforms' limits: {limited:.0f} s")
    print(f"  floor, the three channels served in parallel: {floor:.0f} s")
    print(f"  one channel after the other (sum of the limits): {serial:.0f} s")


async def _requeue(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            update(OUTBOX)
            .where(OUTBOX.c.kind.like("entry-%"))
            .values(state="pending", attempts=0, next_attempt_at=START, message_id=None)
        )


async def memory(stored: int, folder: Path) -> None:
    url = f"sqlite+aiosqlite:///{folder / 'memory.db'}"
    app = await _start(_config("text"), {p: MemoryAdapter(p) for p in CHANNELS}, url)
    runtime = app.runtime
    assert runtime is not None
    round_ = await latest_round(runtime.db, "bench")
    assert round_ is not None
    rss_before = _rss_mb()
    started = time.perf_counter()
    for n in range(stored):
        await submit_entry(
            runtime.db,
            NewEntry(
                delivery_id=f"m{n}",
                campaign_id="bench",
                round_id=round_.id,
                author=Member("discord", f"{n + 10**17}", f"Member {n}"),
                title=f"Slogan number {n}",
                text=f"Slogan number {n}: ice cream for everyone",
                state="approved",
                at=START,
            ),
            None,
            1,
            lambda entry: [],
        )
    stored_in = time.perf_counter() - started
    campaign = runtime.campaign("bench")
    assert campaign is not None
    tracemalloc.start()
    started = time.perf_counter()
    ranked = await standings(runtime, campaign, round_)
    ranking = time.perf_counter() - started
    _, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    await app.stop()
    print(f"store {stored} entries: {stored_in:.1f} s")
    print(f"rank {len(ranked)} entries: {ranking:.2f} s, Python heap peak {heap_peak / 1e6:.1f} MB")
    print(f"process peak RSS: {rss_before:.0f} MB before storing, {_rss_mb():.0f} MB after ranking")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--stored", type=int, default=10_000)
    options = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="chorus-bench-contest-") as scratch:
        os.environ["CHORUS_MEDIA_DIR"] = str(Path(scratch) / "media")
        await publishing(options.entries, Path(scratch))
        await memory(options.stored, Path(scratch))


if __name__ == "__main__":
    asyncio.run(main())
