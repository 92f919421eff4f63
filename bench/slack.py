"""Votes through Slack: emulator → Socket Mode → slack-bolt → Chorus → database, beside the bare
Bolt loop (a listener that only acks), in the same run.

The app under test runs in a child process (as it would, with Slack far away); the emulator
and the load generator run in this one, so the emulator's own work is not charged to Chorus.

For each run, ``--votes`` button presses from distinct members are sent as Socket Mode
envelopes, ``--window`` at a time. The ack latency is from sending an envelope to receiving its
ack. Chorus's votes/s counts a vote once it is durable in the database and its ephemeral
confirmation reached the emulator; the bare loop's counts acks. Afterwards the database is
checked: every vote counted once.

    .venv/bin/python bench/slack.py --votes 2000 --window 50
"""

from __future__ import annotations

import argparse
import asyncio
import re
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.adapter import SlackAdapter
from bot.app import App
from bot.config.platforms import SlackSettings
from storage.db import Database
from storage.poll.votes import ballots_of
from storage.rounds import latest_round
from tests.adapters.slack.emulator import APP_TOKEN, BOT_TOKEN, SlackEmulator
from tests.adapters.slack.payloads import block_actions
from tests.factories import poll_config

CHANNEL = "C0BENCH01"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def press_all(
    emulator: SlackEmulator, payloads: list[dict[str, Any]], window: int, rate: float = 0
) -> tuple[list[float], float]:
    """Send every payload as an envelope, ``window`` in flight (and at most ``rate`` per
    second when set); return (ack latencies, seconds)."""
    gate = asyncio.Semaphore(window)
    latencies: list[float] = []
    start = time.perf_counter()

    async def one(index: int, payload: dict[str, Any]) -> None:
        if rate:
            await asyncio.sleep(max(0.0, start + index / rate - time.perf_counter()))
        async with gate:
            sent = time.perf_counter()
            await emulator.envelope("interactive", payload)
            latencies.append(time.perf_counter() - sent)

    began = time.perf_counter()
    await asyncio.gather(*(one(i, p) for i, p in enumerate(payloads)))
    return latencies, time.perf_counter() - began


async def serve_bare(api: str) -> None:
    """slack-bolt alone: the same client and settings, a listener that only acks."""
    import aiohttp

    session = aiohttp.ClientSession()
    client = AsyncWebClient(token=BOT_TOKEN, base_url=api, session=session)
    app = AsyncApp(
        client=client,
        signing_secret="",
        process_before_response=True,
        request_verification_enabled=False,
    )

    async def only_ack(ack: Callable[[], Awaitable[None]]) -> None:
        await ack()

    app.action(re.compile(".*"))(only_ack)
    handler = AsyncSocketModeHandler(app, APP_TOKEN, web_client=client)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    print("ready", flush=True)
    await until_terminated()
    await handler.close_async()  # type: ignore[no-untyped-call]
    await session.close()


async def serve_chorus(api: str, database: str) -> None:
    """The whole path: Bolt, the Slack adapter, the core, SQLite."""
    settings = SlackSettings(api_base_url=api)
    adapter = SlackAdapter(settings, bot_token=BOT_TOKEN, app_token=APP_TOKEN, locale="en")
    app = App(
        poll_config(channels=(f"slack:{CHANNEL}",)),
        adapters={"slack": adapter},
        timers=False,
        database_url=f"sqlite+aiosqlite:///{database}",
    )
    await app.start()
    await app.settled()  # start-up's background import is not charged to the votes
    print("ready", flush=True)
    await until_terminated()
    await app.stop()


async def until_terminated() -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()


async def measure(
    emulator: SlackEmulator, kind: str, votes: int, window: int, database: Path, rate: float
) -> dict[str, float]:
    """Start the app under test in its own process, press ``votes`` buttons, stop it."""
    members = [f"U{n:07d}" for n in range(votes)]
    for member in members:
        emulator.add_user(member)
    emulator.connected.clear()
    before_posts = len(emulator.messages)
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--serve",
        kind,
        "--api",
        emulator.api_base_url,
        "--database",
        str(database),
        stdout=asyncio.subprocess.PIPE,
    )
    assert child.stdout is not None
    await asyncio.wait_for(emulator.connected.wait(), 60)
    await asyncio.wait_for(child.stdout.readline(), 60)  # "ready"
    if kind == "chorus":
        await emulator.until(lambda: len(emulator.messages) > before_posts)
        values = [b["value"] for b in emulator.messages[-1].buttons()]
        message_ts = emulator.messages[-1].ts
    else:
        values, message_ts = ["pv:1:0:abcdefgh"], "1800000000.000001"
    payloads = [
        block_actions(m, CHANNEL, message_ts, values[n % len(values)])
        for n, m in enumerate(members)
    ]
    before = len(emulator.ephemerals)
    began = time.perf_counter()
    latencies, _ = await press_all(emulator, payloads, window, rate)
    if kind == "chorus":
        await emulator.until(lambda: len(emulator.ephemerals) - before >= votes)
    seconds = time.perf_counter() - began
    child.send_signal(signal.SIGTERM)
    await child.wait()
    return {
        "votes_s": votes / seconds,
        "p50": percentile(latencies, 0.5),
        "p99": percentile(latencies, 0.99),
    }


async def counted(database: Path) -> int:
    db = Database.connect(f"sqlite+aiosqlite:///{database}")
    try:
        round_ = await latest_round(db, "flavour")
        return len(await ballots_of(db, round_.id)) if round_ else 0
    finally:
        await db.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--votes", type=int, default=2000)
    parser.add_argument("--window", type=int, default=50, help="envelopes in flight")
    parser.add_argument("--rate", type=float, default=0, help="offered votes/s (0: max)")
    parser.add_argument("--serve", choices=["bare", "chorus"], help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve == "bare":
        await serve_bare(options.api)
        return
    if options.serve == "chorus":
        await serve_chorus(options.api, options.database)
        return
    emulator = SlackEmulator()
    await emulator.start()
    database = Path(tempfile.mkdtemp(prefix="chorus-bench-slack-")) / "chorus.db"
    try:
        base = await measure(
            emulator, "bare", options.votes, options.window, database, options.rate
        )
        full = await measure(
            emulator, "chorus", options.votes, options.window, database, options.rate
        )
    finally:
        await emulator.stop()
    offered = f"{options.rate:,.0f}" if options.rate else "max"
    print("| path | offered/s | votes | in flight | votes/s | p50 ack ms | p99 ack ms |")
    print("|---|---|---|---|---|---|---|")
    for name, row in (("bare Bolt (ack only)", base), ("Bolt + Chorus + SQLite", full)):
        print(
            f"| {name} | {offered} | {options.votes:,} | {options.window} | "
            f"{row['votes_s']:,.0f} | "
            f"{row['p50'] * 1000:.1f} | {row['p99'] * 1000:.1f} |"
        )
    print(f"\nratio votes/s (Chorus / bare): {full['votes_s'] / base['votes_s']:.2f}")
    print(f"ratio p99 ack (bare / Chorus): {base['p99'] / full['p99']:.2f}")
    print(f"counted in the database: {await counted(database):,} of {options.votes:,}")


if __name__ == "__main__":
    asyncio.run(main())
