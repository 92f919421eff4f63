"""Votes through Slack: emulator → Socket Mode → slack-bolt → Chorus → database, beside the bare
Bolt loop doing the least a real poll bot must, alternated in the same run.

The two apps under test, each in a child process (as it would be, with Slack far away):

* **bare Bolt** — the same ``AsyncWebClient`` and ``AsyncApp`` settings as Chorus, one listener
  for every button: ``ack()``, then a private confirmation ("✅ Your vote is recorded.") posted
  to the press's ``response_url`` as ``response_type: ephemeral``, ``replace_original: false``,
  through one shared aiohttp session — the cheapest private answer Slack offers (no Web API
  call, no rate-limit tier; Bolt's own ``respond()`` posts the same body but opens a new HTTP
  session for each answer). It stores nothing and looks nobody up.
* **Chorus** — the Slack adapter and the whole core on a SQLite file: each press journaled and
  acked, the member looked up (``users.info``, once per member while cached), the vote made
  durable, the confirmation in the member's language posted to the same ``response_url``.

The emulator and the load generator run in this process, so their work is not charged to
either app. Each run presses ``--votes`` buttons as distinct members who have not been seen
before (each Chorus run has new ones, all voting in the same round), ``--window`` envelopes
in flight. A vote counts once its ephemeral confirmation reached the emulator, on both sides;
the ack latency is from sending an envelope to receiving its ack. ``--runs`` runs of each
side, alternated (bare, Chorus, bare, …) so that the load of a shared machine hits both: the
table gives each side's median votes/s with the spread, and the median of the per-pair ratios.
"bot CPU ms/vote" is the app process's CPU time during the run divided by the votes. At the
end the database must hold one ballot per Chorus vote. ``CHORUS_BENCH_PROFILE=<folder>``
profiles each app's run (cProfile) into that folder.

    .venv/bin/python bench/slack.py --votes 2000 --window 50 --runs 5
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import itertools
import os
import re
import resource
import signal
import statistics
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
from bench.bare_store import STORE, VoteStore, stored
from bench.layers import LAYERS, STOP_AT, stop_short
from bot.app import App
from bot.config.platforms import SlackSettings
from storage.db import Database
from storage.poll.votes import ballots_of
from storage.rounds import latest_round
from tests.adapters.slack.emulator import APP_TOKEN, BOT_TOKEN, SlackEmulator
from tests.adapters.slack.payloads import block_actions
from tests.factories import poll_config

CHANNEL = "C0BENCH01"
CONFIRMATION = "✅ Your vote is recorded."
#: Each member presses twice: first unknown to the app, then known (changing their vote).
PASSES = 2


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
    """slack-bolt alone, the same client and settings as Chorus: ack every press, then confirm
    it privately through its ``response_url``."""
    import aiohttp

    session = aiohttp.ClientSession()
    client = AsyncWebClient(token=BOT_TOKEN, base_url=api, session=session)
    app = AsyncApp(
        client=client,
        signing_secret="",
        process_before_response=True,
        request_verification_enabled=False,
    )
    confirming: set[asyncio.Task[None]] = set()
    store = await VoteStore.from_environment()

    async def confirm(response_url: str) -> None:
        body = {"response_type": "ephemeral", "replace_original": False, "text": CONFIRMATION}
        async with session.post(response_url, json=body) as response:
            response.raise_for_status()

    async def ack_and_confirm(ack: Callable[[], Awaitable[None]], body: dict[str, Any]) -> None:
        await ack()
        if store is not None:
            await store.record(str(body["user"]["id"]), str(body["actions"][0]["value"]))
        task = asyncio.create_task(confirm(str(body["response_url"])))
        confirming.add(task)
        task.add_done_callback(confirming.discard)

    app.action(re.compile(".*"))(ack_and_confirm)
    handler = AsyncSocketModeHandler(app, APP_TOKEN, web_client=client)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    await until_terminated()
    await handler.close_async()  # type: ignore[no-untyped-call]
    await session.close()
    if store is not None:
        await store.close()


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
    stop_short(app, CONFIRMATION)
    await app.settled()  # start-up's background import is not charged to the votes
    await until_terminated()
    await app.stop()


def cpu_seconds() -> float:
    """CPU time of this process so far, every thread included (the SQLite writer too)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def until_terminated() -> None:
    """Say "ready"; note the CPU time at each SIGUSR1 (a pass starts) and at SIGTERM, then
    print the CPU seconds of each pass. With ``CHORUS_BENCH_PROFILE`` set, each pass is also
    profiled (cProfile, this thread) into ``<that folder>/<pid>-<pass>.prof``."""
    stop = asyncio.Event()
    marks: list[float] = []
    folder = os.environ.get("CHORUS_BENCH_PROFILE")
    profilers: list[cProfile.Profile] = []

    def mark() -> None:
        marks.append(cpu_seconds())
        if profilers:
            profilers[-1].disable()
            profilers[-1].dump_stats(Path(str(folder)) / f"{os.getpid()}-{len(profilers)}.prof")
        if folder:
            profilers.append(cProfile.Profile())
            profilers[-1].enable()

    def stopped() -> None:
        marks.append(cpu_seconds())
        if profilers:
            profilers[-1].disable()
            profilers[-1].dump_stats(Path(str(folder)) / f"{os.getpid()}-{len(profilers)}.prof")
        stop.set()

    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, mark)
    loop.add_signal_handler(signal.SIGTERM, stopped)
    print("ready", flush=True)
    await stop.wait()
    spent = [f"{after - before:.6f}" for before, after in itertools.pairwise(marks)]
    print("cpu " + " ".join(spent), flush=True)


async def measure(
    emulator: SlackEmulator,
    kind: str,
    members: list[str],
    window: int,
    database: Path,
    rate: float,
) -> list[dict[str, float]]:
    """Start the app under test in its own process; each member presses one button (members
    it has never seen), then another (members it saw moments ago, changing their vote); stop
    it. One row of figures per pass."""
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
        if len(emulator.messages) == before_posts == 0:  # the round's opening, posted once
            await emulator.until(lambda: len(emulator.messages) > before_posts)
        opening = next(m for m in reversed(emulator.messages) if m.buttons())
        values = [b["value"] for b in opening.buttons()]
        message_ts = opening.ts
    else:
        values, message_ts = ["pv:1:0:abcdefgh", "pv:1:1:abcdefgh"], "1800000000.000001"
    rows: list[dict[str, float]] = []
    for turn in range(PASSES):
        payloads = [
            block_actions(m, CHANNEL, message_ts, values[(n + turn) % len(values)])
            for n, m in enumerate(members)
        ]
        expected = len(emulator.ephemerals) + len(members)
        child.send_signal(signal.SIGUSR1)  # a pass starts: the app notes its CPU time
        began = time.perf_counter()
        latencies, _ = await press_all(emulator, payloads, window, rate)
        await emulator.until(lambda: len(emulator.ephemerals) >= expected)  # noqa: B023
        seconds = time.perf_counter() - began
        rows.append(
            {
                "votes_s": len(members) / seconds,
                "p50": percentile(latencies, 0.5),
                "p99": percentile(latencies, 0.99),
            }
        )
    child.send_signal(signal.SIGTERM)
    spent = (await asyncio.wait_for(child.stdout.readline(), 60)).split()[1:]
    await child.wait()
    for row, cpu in zip(rows, spent, strict=True):
        row["cpu_ms"] = 1000 * float(cpu) / len(members)
    return rows


async def counted(database: Path) -> int:
    db = Database.connect(f"sqlite+aiosqlite:///{database}")
    try:
        round_ = await latest_round(db, "flavour")
        return len(await ballots_of(db, round_.id)) if round_ else 0
    finally:
        await db.close()


def summary(name: str, rows: list[dict[str, float]], offered: str, votes: int) -> str:
    rates = [r["votes_s"] for r in rows]
    return (
        f"{name} | {offered} | {votes:,} × {len(rows)} | {statistics.median(rates):,.0f} | "
        f"{min(rates):,.0f}–{max(rates):,.0f} | "
        f"{statistics.median(r['p50'] for r in rows) * 1000:.1f} | "
        f"{statistics.median(r['p99'] for r in rows) * 1000:.1f} | "
        f"{statistics.median(r['cpu_ms'] for r in rows):.2f} |"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--votes", type=int, default=2000)
    parser.add_argument("--window", type=int, default=50, help="envelopes in flight")
    parser.add_argument("--rate", type=float, default=0, help="offered votes/s (0: max)")
    parser.add_argument("--runs", type=int, default=5, help="alternated runs of each side")
    parser.add_argument(
        "--stop-at", choices=LAYERS, help="measure Chorus short of a layer (bench/layers.py)"
    )
    parser.add_argument(
        "--bare-stores",
        action="store_true",
        help="the bare loop also commits each vote to SQLite (bench/bare_store.py)",
    )
    parser.add_argument("--serve", choices=["bare", "chorus"], help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.stop_at:
        os.environ[STOP_AT] = options.stop_at  # the bot's process inherits it
    if options.serve == "bare":
        await serve_bare(options.api)
        return
    if options.serve == "chorus":
        await serve_chorus(options.api, options.database)
        return
    emulator = SlackEmulator()
    await emulator.start()
    database = Path(tempfile.mkdtemp(prefix="chorus-bench-slack-")) / "chorus.db"
    bare_store = database.parent / "bare.db"
    if options.bare_stores:
        os.environ[STORE] = str(bare_store)  # the bare loop's process inherits it
    bare: list[list[dict[str, float]]] = []
    full: list[list[dict[str, float]]] = []
    try:
        for run in range(options.runs):
            members = [f"U{run:02d}{n:07d}" for n in range(options.votes)]
            for kind, rows in (("bare", bare), ("chorus", full)):
                rows.append(
                    await measure(emulator, kind, members, options.window, database, options.rate)
                )
                rates = ", ".join(f"{r['votes_s']:,.0f}" for r in rows[-1])
                print(f"run {run + 1} {kind}: {rates} votes/s", flush=True)
    finally:
        await emulator.stop()
    offered = f"{options.rate:,.0f}" if options.rate else "max"
    print(
        "| members | path | offered/s | votes | votes/s (median) | spread | p50 ack ms "
        "| p99 ack ms | bot CPU ms/vote |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    bare_name = "bare Bolt (ack + ephemeral)"
    if options.bare_stores:
        bare_name = "bare Bolt (ack + vote committed + ephemeral)"
    for turn, who in enumerate(("new", "returning")):
        for name, rows in ((bare_name, bare), ("Bolt + Chorus + SQLite", full)):
            print(f"| {who} | " + summary(name, [r[turn] for r in rows], offered, options.votes))
    for turn, who in enumerate(("new", "returning")):
        ratios = [f[turn]["votes_s"] / b[turn]["votes_s"] for b, f in zip(bare, full, strict=True)]
        cpu = statistics.median(f[turn]["cpu_ms"] for f in full) / statistics.median(
            b[turn]["cpu_ms"] for b in bare
        )
        print(
            f"{who} members: ratio votes/s (Chorus / bare) per run "
            f"{', '.join(f'{r:.2f}' for r in ratios)}; median {statistics.median(ratios):.2f} "
            f"(target ≥ 0.8); CPU per vote Chorus / bare {cpu:.2f}"
        )
    total = options.votes * options.runs
    print(f"counted in the database: {await counted(database):,} ballots for {total:,} members")
    if options.bare_stores:
        print(f"bare votes stored: {stored(bare_store):,} for {total:,} members")


if __name__ == "__main__":
    asyncio.run(main())
