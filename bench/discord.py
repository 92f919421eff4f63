"""Discord benchmark: votes through the emulator + discord.py + Chorus, beside bare discord.py.

Both sides run in the same process, in the same run, against the same emulator
(``tests/discord/emulator.py``): the emulator dispatches ``INTERACTION_CREATE`` button presses
over the gateway WebSocket and times each interaction from dispatch to its first response
(the callback POST). The two sides:

* **bare** — a ``discord.Client`` whose persistent button answers every press at once with an
  ephemeral "ok" (no storage, no logic): the ceiling of discord.py + emulator here;
* **chorus** — the Chorus app with the Discord adapter on a SQLite file: each press is
  verified, recorded durably by the ballot box (inbox + ballot in one transaction), and then
  answered in the member's language.

At most ``--concurrency`` presses are unanswered at any time (a closed loop: a new press starts
as soon as one is answered); every member votes once. The sides alternate
``--rounds`` times (each Chorus run is a fresh process start on the same database, new
members); votes/s is each side's median run, latencies are pooled over all presses. At the end
the database is checked: one ballot per member, nothing lost, nothing doubled.

Usage::

    .venv/bin/python bench/discord.py --votes 2000 --concurrency 100

Not a test: it prints figures (votes/s, p50/p99 first-response latency, ratio chorus/bare).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# this script is called discord.py: its own folder must not shadow the discord package
sys.path[:] = [e for e in sys.path if Path(e or ".").resolve() != ROOT / "bench"]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import discord  # noqa: E402

from adapters.discord.adapter import DiscordAdapter, point_at  # noqa: E402
from bot.app import App  # noqa: E402
from bot.config import parse_config  # noqa: E402
from bot.platform_settings import DiscordSettings  # noqa: E402
from storage.votes import ballots_of  # noqa: E402
from tests.discord import payloads as p  # noqa: E402
from tests.discord.emulator import DiscordEmulator, Interaction  # noqa: E402
from tests.discord.helpers import buttons_of, member_json  # noqa: E402
from tests.factories import poll_text  # noqa: E402


@dataclass
class Figures:
    side: str
    votes: int
    seconds: float
    p50_ms: float
    p99_ms: float
    late: int

    @property
    def per_second(self) -> float:
        return self.votes / self.seconds


async def drive(
    emulator: DiscordEmulator,
    message_id: str,
    custom_ids: list[str],
    members: range,
    window: int,
) -> tuple[float, list[Interaction]]:
    """Each member presses once (member n presses option n % k); at most ``window`` presses
    are unanswered at any time, a new one starting as soon as one is answered."""
    records: list[Interaction] = []
    slots = asyncio.Semaphore(window)
    pending: set[asyncio.Task[None]] = set()

    async def answered(record: Interaction) -> None:
        await record.acked.wait()
        slots.release()

    gc.collect()
    gc.freeze()  # what exists before the run (both sides' start-up) is not scanned again
    started = time.perf_counter()
    for n in members:
        await slots.acquire()
        custom_id = custom_ids[n % len(custom_ids)]
        record = await emulator.interact(
            emulator.press_payload(member_json(n), message_id, custom_id)
        )
        records.append(record)
        task = asyncio.create_task(answered(record))
        pending.add(task)
        task.add_done_callback(pending.discard)
    await asyncio.gather(*pending)
    seconds = time.perf_counter() - started
    gc.unfreeze()
    return seconds, records


@dataclass
class Run:
    seconds: float
    records: list[Interaction]


def figures(side: str, runs: list[Run]) -> Figures:
    """Votes/s is the median over the runs; latencies are pooled over every press."""
    records = [r for run in runs for r in run.records]
    latencies = sorted((r.first_response_after or 0.0) * 1000 for r in records)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    late = sum(1 for r in records if r.callback_type is None or r.callback_type == 5)
    rate = statistics.median(len(run.records) / run.seconds for run in runs)
    return Figures(side, len(records), len(records) / rate, statistics.median(latencies), p99, late)


def bare_button(on_press: Callable[[discord.Interaction[Any]], Awaitable[None]]) -> type[Any]:
    class Bare(discord.ui.DynamicItem[discord.ui.Button[Any]], template=re.compile(r"(?P<a>.+)")):
        def __init__(self, action: str) -> None:
            super().__init__(discord.ui.Button(label="x", custom_id=action))

        @classmethod
        async def from_custom_id(
            cls, interaction: discord.Interaction[Any], item: Any, match: re.Match[str]
        ) -> Bare:
            return cls(match["a"])

        async def callback(self, interaction: discord.Interaction[Any]) -> None:
            await on_press(interaction)

    return Bare


async def bench_bare(emulator: DiscordEmulator, votes: int, wave: int) -> Run:
    """discord.py alone: a persistent button that answers every press immediately."""
    client = discord.Client(intents=discord.Intents(guilds=True), guild_ready_timeout=0.05)

    async def answer(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("ok", ephemeral=True)

    client.add_dynamic_items(bare_button(answer))
    await client.login(emulator.token)
    task = asyncio.create_task(client.connect())
    await client.wait_until_ready()
    message_id = p.snowflake()
    components = [
        {
            "type": 1,
            "components": [
                {"type": 2, "style": 1, "label": f"o{i}", "custom_id": f"bare:{i}"}
                for i in range(3)
            ],
        }
    ]
    emulator.messages[message_id] = p.message(
        message_id, p.CHANNEL_ID, {"content": "poll", "components": components}
    )
    try:
        custom_ids = ["bare:0", "bare:1", "bare:2"]
        seconds, records = await drive(emulator, message_id, custom_ids, range(votes), wave)
    finally:
        await client.close()
        with contextlib.suppress(Exception):
            await task
    return Run(seconds, records)


async def bench_chorus(
    emulator: DiscordEmulator, members: range, wave: int, folder: Path
) -> tuple[Run, int]:
    """The Chorus app on Discord: every press verified, recorded durably, then answered."""
    text = poll_text(channels=(f"discord:{p.CHANNEL_ID}",))
    config = parse_config(
        text
        + f'\n[discord]\nguild_ids = ["{p.GUILD_ID}"]\napi_base_url = "{emulator.api_url}"\n'
        + f'gateway_url = "{emulator.gateway_url}"\n'
    )
    adapter = DiscordAdapter(config.discord, emulator.token, guild_ready_timeout=0.05)
    app = App(
        config,
        adapters={"discord": adapter},
        database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}",
    )
    runtime = await app.start()
    try:
        opening = next(m for m in emulator.channel_posts if m["components"])
        custom_ids = [c for _, c in buttons_of(opening)]
        seconds, records = await drive(emulator, opening["id"], custom_ids, members, wave)
        round_id = int(custom_ids[0].split(":")[1])
        await runtime.ballots.drain()
        ballots = len(await ballots_of(runtime.db, round_id))
    finally:
        await app.stop()
    return Run(seconds, records), ballots


async def main(args: argparse.Namespace) -> None:
    logging.basicConfig(level=logging.ERROR)
    emulator = DiscordEmulator(bucket_size=50, bucket_window=1.0)
    await emulator.start()
    point_at(DiscordSettings(api_base_url=emulator.api_url, gateway_url=emulator.gateway_url))
    try:
        with tempfile.TemporaryDirectory() as scratch:
            os.environ["CHORUS_MEDIA_DIR"] = str(Path(scratch) / "media")
            await bench_bare(emulator, min(200, args.votes), args.concurrency)  # warm-up
            bare_runs, chorus_runs = [], []
            for number in range(args.rounds):  # alternate, so machine noise hits both sides
                bare_runs.append(await bench_bare(emulator, args.votes, args.concurrency))
                members = range(number * args.votes, (number + 1) * args.votes)
                run, ballots = await bench_chorus(
                    emulator, members, args.concurrency, Path(scratch)
                )
                chorus_runs.append(run)
    finally:
        await emulator.stop()
    bare, chorus = figures("bare discord.py", bare_runs), figures("chorus", chorus_runs)
    total = args.votes * args.rounds
    print(f"votes={args.votes} x {args.rounds} runs, concurrency={args.concurrency}")
    print("| side | votes | votes/s | p50 ms | p99 ms | deferred or unanswered |")
    print("|---|---|---|---|---|---|")
    for f in (bare, chorus):
        print(
            f"| {f.side} | {f.votes:,} | {f.per_second:,.0f} | {f.p50_ms:.1f} | "
            f"{f.p99_ms:.1f} | {f.late} |"
        )
    ratio = chorus.per_second / bare.per_second
    print(f"ratio chorus/bare votes/s: {ratio:.2f} (target ≥ 0.8)")
    print(f"ballots stored: {ballots} of {total} (lost or doubled: {abs(total - ballots)})")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--votes", type=int, default=2000, help="members, one press each")
    parser.add_argument("--concurrency", type=int, default=100, help="presses in flight")
    parser.add_argument("--rounds", type=int, default=3, help="alternated runs of each side")
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
