"""Discord benchmark: votes through the emulator + discord.py + Chorus, beside bare discord.py.

The bot under test runs in its own process (``--serve``), connected to the Discord emulator
(``tests/adapters/discord/emulator.py``) that runs here with the load generator. The emulator
dispatches ``INTERACTION_CREATE`` button presses over the gateway WebSocket and times each one from
dispatch to its first response (the interaction callback). Two bots, same run, alternating:

* **bare** — a ``discord.Client`` whose persistent button answers every press at once with
  ``interaction.response.send_message("✅ Your vote is recorded.", ephemeral=True)``: one
  interaction callback (type 4, ephemeral flag) that is both the acknowledgement Discord
  requires within 3 s and the private confirmation — the cheapest private answer Discord has
  and the very call Chorus answers a vote with. It stores nothing and has no logic;
* **chorus** — the Chorus app with the Discord adapter on a SQLite file: each press is
  verified, recorded durably (inbox + ballot in one transaction), then answered the same way,
  in the member's language.

``--rate 0`` (as fast as possible) keeps at most ``--window`` presses unanswered, a new one
starting as soon as one is answered; ``--rate R`` starts R presses a second whatever happens
(a busy server: slowness shows as latency). Every member votes once. Votes/s is each side's
median run (``--rounds`` alternated runs, bare then Chorus, so that the load of a shared
machine hits both), with the spread; latencies are pooled; the ratio is the median of the
per-pair ratios. At the end the database is
checked: one ballot per member, nothing lost, nothing doubled. ``CHORUS_BENCH_PROFILE=<folder>``
profiles each bot's run (cProfile, its loop's thread) into that folder.

Usage::

    .venv/bin/python bench/discord.py --votes 2000 --window 50            # as fast as possible
    .venv/bin/python bench/discord.py --votes 2000 --rate 200             # 200 presses a second

Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import gc
import logging
import os
import re
import resource
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# this script is called discord.py: its own folder must not shadow the discord package
sys.path[:] = [e for e in sys.path if Path(e or ".").resolve() != ROOT / "bench"]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import discord  # noqa: E402

from bench.bare_store import STORE, VoteStore, stored  # noqa: E402
from tests.adapters.discord import payloads as p  # noqa: E402
from tests.adapters.discord.emulator import DiscordEmulator, Interaction  # noqa: E402
from tests.adapters.discord.helpers import buttons_of, member_json  # noqa: E402

BARE_IDS = ["bare:0", "bare:1", "bare:2"]
CONFIRMATION = "✅ Your vote is recorded."


# ---- the bots under test (child process) ---------------------------------------------------


def ready() -> None:
    gc.collect()
    gc.freeze()
    print("ready", flush=True)


def cpu_seconds() -> float:
    """CPU time of this process so far, every thread included (the SQLite writer too)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def serve_bare(api: str, gateway: str, token: str, stop: asyncio.Event) -> None:
    """discord.py alone: a persistent button that answers every press immediately."""
    from adapters.discord.adapter import point_at
    from bot.config.platforms import DiscordSettings

    point_at(DiscordSettings(api_base_url=api, gateway_url=gateway))
    client = discord.Client(intents=discord.Intents(guilds=True), guild_ready_timeout=0.05)
    store = await VoteStore.from_environment()

    class Bare(discord.ui.DynamicItem[discord.ui.Button[Any]], template=re.compile(r"(?P<a>.+)")):
        def __init__(self, action: str) -> None:
            super().__init__(discord.ui.Button(label="x", custom_id=action))

        @classmethod
        async def from_custom_id(
            cls, interaction: discord.Interaction[Any], item: Any, match: re.Match[str]
        ) -> Bare:
            return cls(match["a"])

        async def callback(self, interaction: discord.Interaction[Any]) -> None:
            if store is not None:
                await store.record(str(interaction.user.id), self.item.custom_id or "")
            await interaction.response.send_message(CONFIRMATION, ephemeral=True)

    client.add_dynamic_items(Bare)
    await client.login(token)
    task = asyncio.create_task(client.connect())
    await client.wait_until_ready()
    ready()
    await stop.wait()
    await client.close()
    with contextlib.suppress(Exception):
        await task
    if store is not None:
        await store.close()


async def serve_chorus(api: str, gateway: str, token: str, db: str, stop: asyncio.Event) -> None:
    """The Chorus app with its Discord adapter, on a SQLite file."""
    from adapters.discord.adapter import DiscordAdapter
    from bench.layers import stop_short
    from bot.app import App
    from campaigns import parse_config
    from tests.factories import poll_text

    text = poll_text(channels=(f"discord:{p.CHANNEL_ID}",))
    section = f'[discord]\nguild_ids = ["{p.GUILD_ID}"]\napi_base_url = "{api}"\n'
    config = parse_config(f'{text}\n{section}gateway_url = "{gateway}"\n')
    adapter = DiscordAdapter(config.discord, token, guild_ready_timeout=0.05)
    app = App(config, adapters={"discord": adapter}, database_url=f"sqlite+aiosqlite:///{db}")
    await app.start()
    stop_short(app, CONFIRMATION)
    await app.settled()
    ready()
    await stop.wait()
    await app.stop()


async def serve(args: argparse.Namespace) -> None:
    """Run one bot until SIGTERM. Both bots freeze what exists once they are ready (as
    ``bench/ingest.py`` does): start-up objects (Chorus preloads matplotlib for its charts)
    are then not scanned again by every full garbage collection."""
    logging.basicConfig(level=logging.ERROR)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    marks: list[float] = []
    folder = os.environ.get("CHORUS_BENCH_PROFILE")
    profiler = cProfile.Profile() if folder else None

    def started() -> None:
        marks.append(cpu_seconds())
        if profiler is not None:
            profiler.enable()

    def stopped() -> None:
        marks.append(cpu_seconds())
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(Path(str(folder)) / f"{args.serve}-{os.getpid()}.prof")
        stop.set()

    loop.add_signal_handler(signal.SIGTERM, stopped)
    loop.add_signal_handler(signal.SIGUSR1, started)
    if args.serve == "bare":
        await serve_bare(args.api, args.gateway, args.token, stop)
    else:
        await serve_chorus(args.api, args.gateway, args.token, args.db, stop)
    print(f"cpu {marks[-1] - marks[0]:.6f}", flush=True)


# ---- load generator and emulator (this process) ------------------------------------------


@dataclass
class Run:
    seconds: float
    records: list[Interaction]
    cpu: float = 0.0


@dataclass
class Figures:
    side: str
    votes: int
    per_second: float
    slowest: float
    fastest: float
    p50_ms: float
    p99_ms: float
    deferred: int
    cpu_ms: float


async def drive(
    emulator: DiscordEmulator,
    message_id: str,
    custom_ids: list[str],
    members: range,
    window: int,
    rate: float,
) -> Run:
    """Each member presses once (member n presses option n % k)."""
    records: list[Interaction] = []
    slots = asyncio.Semaphore(window if rate == 0 else len(members))
    pending: set[asyncio.Task[None]] = set()

    async def answered(record: Interaction) -> None:
        await record.acked.wait()
        slots.release()

    started = time.perf_counter()
    for offset, n in enumerate(members):
        if rate:
            await asyncio.sleep(max(0.0, started + offset / rate - time.perf_counter()))
        await slots.acquire()
        custom_id = custom_ids[n % len(custom_ids)]
        payload = emulator.press_payload(member_json(n), message_id, custom_id)
        record = await emulator.interact(payload)
        records.append(record)
        task = asyncio.create_task(answered(record))
        pending.add(task)
        task.add_done_callback(pending.discard)
    await asyncio.gather(*pending)
    return Run(time.perf_counter() - started, records)


def figures(side: str, runs: list[Run]) -> Figures:
    records = [r for run in runs for r in run.records]
    latencies = sorted((r.first_response_after or 0.0) * 1000 for r in records)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    deferred = sum(1 for r in records if r.callback_type != 4)
    rates = [len(run.records) / run.seconds for run in runs]
    cpu_ms = 1000 * sum(run.cpu for run in runs) / len(records)
    return Figures(
        side,
        len(records),
        statistics.median(rates),
        min(rates),
        max(rates),
        statistics.median(latencies),
        p99,
        deferred,
        cpu_ms,
    )


async def bot_process(side: str, emulator: DiscordEmulator, db: Path) -> asyncio.subprocess.Process:
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--serve",
        side,
        "--api",
        emulator.api_url,
        "--gateway",
        emulator.gateway_url,
        "--token",
        emulator.token,
        "--db",
        str(db),
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "CHORUS_MEDIA_DIR": str(db.parent / "media")},
    )
    assert child.stdout is not None
    line = await asyncio.wait_for(child.stdout.readline(), 60)
    if line.strip() != b"ready":
        raise RuntimeError(f"the {side} bot did not start")
    return child


async def stopped(child: asyncio.subprocess.Process) -> float:
    """Stop the bot; return the CPU seconds it spent since it was told the run started."""
    child.send_signal(signal.SIGTERM)
    assert child.stdout is not None
    line = await asyncio.wait_for(child.stdout.readline(), 30)
    await asyncio.wait_for(child.wait(), 30)
    return float(line.split()[1])


async def run_side(
    side: str, emulator: DiscordEmulator, db: Path, members: range, args: argparse.Namespace
) -> Run:
    child = await bot_process(side, emulator, db)
    run = Run(0.0, [])
    try:
        if side == "bare":
            message_id = p.snowflake()
            row = [{"type": 2, "style": 1, "label": i, "custom_id": i} for i in BARE_IDS]
            body = {"content": "poll", "components": [{"type": 1, "components": row}]}
            emulator.messages[message_id] = p.message(message_id, p.CHANNEL_ID, body)
            custom_ids = BARE_IDS
        else:
            opening = next(m for m in emulator.channel_posts if m["components"])
            message_id, custom_ids = opening["id"], [c for _, c in buttons_of(opening)]
        child.send_signal(signal.SIGUSR1)  # the run starts: the bot notes its CPU time
        run = await drive(emulator, message_id, custom_ids, members, args.window, args.rate)
    finally:
        run.cpu = await stopped(child)
    return run


async def main(args: argparse.Namespace) -> None:
    emulator = DiscordEmulator(bucket_size=50, bucket_window=1.0)
    await emulator.start()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            db = Path(scratch) / "bench.db"
            bare_store = Path(scratch) / "bare.db"
            if args.bare_stores:
                os.environ[STORE] = str(bare_store)  # the bare bot's process inherits it
            await run_side("bare", emulator, db, range(min(200, args.votes)), args)  # warm-up
            bare_runs, chorus_runs = [], []
            for number in range(args.rounds):  # alternate, so machine noise hits both sides
                bare_runs.append(await run_side("bare", emulator, db, range(args.votes), args))
                members = range(number * args.votes, (number + 1) * args.votes)
                chorus_runs.append(await run_side("chorus", emulator, db, members, args))
            with contextlib.closing(sqlite3.connect(db)) as conn:
                ballots = conn.execute("SELECT count(*) FROM ballot").fetchone()[0]
            bare_kept = stored(bare_store)
    finally:
        await emulator.stop()
    bare_name = "bare discord.py + SQLite (stores the vote)" if args.bare_stores else None
    bare, chorus = (
        figures(bare_name or "bare discord.py", bare_runs),
        figures("discord.py + Chorus", chorus_runs),
    )
    offered = "max" if args.rate == 0 else f"{args.rate:,.0f}"
    print(f"votes={args.votes} x {args.rounds} runs, window={args.window}, offered/s={offered}")
    print(
        "| path | offered/s | votes | votes/s (median) | spread | p50 ms | p99 ms | deferred "
        "| bot CPU ms/vote |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for f in (bare, chorus):
        print(
            f"| {f.side} | {offered} | {f.votes:,} | {f.per_second:,.0f} | "
            f"{f.slowest:,.0f}–{f.fastest:,.0f} | {f.p50_ms:.1f} | "
            f"{f.p99_ms:.1f} | {f.deferred} | {f.cpu_ms:.2f} |"
        )
    ratios = [
        (len(c.records) / c.seconds) / (len(b.records) / b.seconds)
        for b, c in zip(bare_runs, chorus_runs, strict=True)
    ]
    print(
        f"ratio Chorus/bare votes/s, per run: {', '.join(f'{r:.2f}' for r in ratios)}; "
        f"median {statistics.median(ratios):.2f} (target ≥ 0.8)"
    )
    total = args.votes * args.rounds
    print(f"ballots stored: {ballots} of {total} (lost or doubled: {abs(total - ballots)})")
    if args.bare_stores:
        print(f"bare votes stored: {bare_kept} of {args.votes} members")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    from bench.layers import LAYERS, STOP_AT

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--votes", type=int, default=2000, help="members, one press each")
    parser.add_argument("--window", type=int, default=50, help="unanswered presses at most")
    parser.add_argument("--rate", type=float, default=0, help="presses a second (0 = max)")
    parser.add_argument("--rounds", type=int, default=5, help="alternated runs of each side")
    parser.add_argument(
        "--stop-at", choices=LAYERS, help="measure Chorus short of a layer (bench/layers.py)"
    )
    parser.add_argument(
        "--bare-stores",
        action="store_true",
        help="the bare bot also commits each vote to SQLite (bench/bare_store.py)",
    )
    parser.add_argument("--serve", choices=("bare", "chorus"), help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    parser.add_argument("--gateway", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.stop_at:
        os.environ[STOP_AT] = arguments.stop_at  # the bot's process inherits it
    return arguments


if __name__ == "__main__":
    arguments = parse_args()
    asyncio.run(serve(arguments) if arguments.serve else main(arguments))
