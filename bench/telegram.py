"""Telegram benchmark: votes through the emulator, python-telegram-bot and Chorus, beside the
bare PTB loop doing the least a real poll bot must, alternated in the same run.

Both loops run the real python-telegram-bot against the Bot API emulator of
``tests/adapters/telegram`` on 127.0.0.1 (long polling, ``AIORateLimiter``, the same number of
updates handled at once):

* **bare PTB** — a ``CallbackQueryHandler`` that answers each press with
  ``answerCallbackQuery(text="✅ Your vote is recorded.")``: in one call the acknowledgement
  (the button stops spinning) and the private confirmation (a toast only the member sees),
  the cheapest private answer Telegram has and the very call Chorus confirms a vote with. It
  stores nothing; its offsets are confirmed as soon as a batch is fetched (PTB's default).
* **Chorus** — the Telegram adapter and the whole core: each press is a vote from a distinct
  member, written durably (SQLite, group commit) before ``answerCallbackQuery`` confirms it in
  the member's language, with Telegram offsets confirmed only once updates are handled.

The emulator queues ``--votes`` presses (all at once with ``--rate 0``, else at ``--rate`` per
second) and timestamps each one; an answer's latency is from queueing the press to the
``answerCallbackQuery`` call reaching the emulator. votes/s is presses over the time from the
first press to the last answer. ``--runs`` runs of each loop, alternated (bare, Chorus, bare,
…) so that the load of a shared machine hits both; the table gives each loop's median with the
spread, and the median of the per-pair ratios. After each Chorus run the database must hold
exactly one ballot per member.

Usage::

    .venv/bin/python bench/telegram.py --votes 5000 --rate 0 --runs 5
    .venv/bin/python bench/telegram.py --votes 5000 --rate 500

Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
# this file is called telegram.py: its folder must not shadow the ``telegram`` package
sys.path = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402
from telegram.ext import (  # noqa: E402
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
)

from adapters.telegram.adapter import TOKEN_ENV  # noqa: E402
from adapters.telegram.transport import AiohttpRequest  # noqa: E402
from bot.app import App  # noqa: E402
from campaigns import parse_config  # noqa: E402
from storage.poll.votes import ballots_of  # noqa: E402
from storage.rounds import latest_round  # noqa: E402
from tests.adapters.telegram import payloads as p  # noqa: E402
from tests.adapters.telegram.emulator import Sent, TelegramEmulator  # noqa: E402
from tests.adapters.telegram.harness import GROUP, telegram_section  # noqa: E402
from tests.factories import poll_text  # noqa: E402

CONCURRENT = 256
CONFIRMATION = "✅ Your vote is recorded."


@dataclass
class Figures:
    loop: str
    votes: int
    per_second: float
    p50_ms: float
    p99_ms: float
    ballots: int | None = None


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def offer(emulator: TelegramEmulator, on: Sent, votes: int, rate: float) -> dict[str, float]:
    """Queue ``votes`` presses from distinct members; return query id → time queued."""
    data = [d for _, d in on.buttons]
    updates = [
        emulator.press_update(p.user(10_000 + i), on, data[i % len(data)]) for i in range(votes)
    ]
    queued: dict[str, float] = {}
    if rate <= 0:
        now = time.monotonic()
        queued = {u["callback_query"]["id"]: now for u in updates}
        await emulator.push_all(updates)
        return queued
    start = time.monotonic()
    for index, update in enumerate(updates):
        due = start + index / rate
        if (delay := due - time.monotonic()) > 0:
            await asyncio.sleep(delay)
        queued[update["callback_query"]["id"]] = time.monotonic()
        await emulator.push(update)
    return queued


async def collect(emulator: TelegramEmulator, loop: str, queued: dict[str, float]) -> Figures:
    def answered() -> bool:
        return len(emulator.answered_at) >= len(queued)

    await emulator.wait_until(answered, within=600)
    first = emulator.answered_at
    latencies = [(first[q] - queued[q]) * 1000 for q in queued]
    span = max(first[q] for q in queued) - min(queued.values())
    return Figures(
        loop,
        len(queued),
        len(queued) / span,
        percentile(latencies, 0.5),
        percentile(latencies, 0.99),
    )


async def bare_ptb(votes: int, rate: float, transport: str) -> Figures:
    """PTB as a stock bot has it (``httpx``), or on Chorus's aiohttp transport."""
    emulator = TelegramEmulator()
    await emulator.start()

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer(text=CONFIRMATION)

    builder = (
        ApplicationBuilder()
        .token(emulator.token)
        .base_url(emulator.api_base_url)
        .base_file_url(emulator.file_base_url)
        .rate_limiter(AIORateLimiter())
        .concurrent_updates(CONCURRENT)
        .job_queue(None)
    )
    if transport == "aiohttp":
        builder = builder.request(AiohttpRequest(connections=100)).get_updates_request(
            AiohttpRequest(connections=2)
        )
    else:
        builder = builder.connection_pool_size(100).pool_timeout(60)
    app = builder.build()
    app.add_handler(CallbackQueryHandler(answer))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=10)
    try:
        on = Sent(
            "sendMessage",
            p.GROUP_ID,
            1,
            "Vote",
            {
                "inline_keyboard": [
                    [{"text": "A", "callback_data": "a"}],
                    [{"text": "B", "callback_data": "b"}],
                ]
            },
        )
        queued = await offer(emulator, on, votes, rate)
        return await collect(emulator, f"bare PTB ({transport})", queued)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await emulator.stop()


async def chorus(votes: int, rate: float, folder: Path) -> Figures:
    emulator = TelegramEmulator()
    await emulator.start()
    os.environ[TOKEN_ENV] = emulator.token
    os.environ["CHORUS_MEDIA_DIR"] = str(folder / "media")
    text = poll_text(channels=(GROUP,)) + telegram_section(emulator, concurrent_updates=CONCURRENT)
    app = App(parse_config(text), database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}")
    runtime = await app.start()
    await app.settled()  # start-up's background import is not charged to the votes
    try:
        await emulator.wait_until(lambda: any(s.buttons for s in emulator.sent), within=60)
        [on] = [s for s in emulator.sent if s.buttons]
        queued = await offer(emulator, on, votes, rate)
        figures = await collect(emulator, "Chorus (aiohttp)", queued)
        round_ = await latest_round(runtime.db, "flavour")
        assert round_ is not None
        figures.ballots = len(await ballots_of(runtime.db, round_.id))
        return figures
    finally:
        await app.stop()
        await emulator.stop()


def table(runs: list[list[Figures]], rate: float) -> str:
    """One row per loop: median votes/s over the runs with the spread, median latencies."""
    offered = "max" if rate <= 0 else f"{rate:,.0f}"
    lines = [
        "| loop | offered/s | votes | votes/s (median) | spread | p50 ms | p99 ms | ballots |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for rows in runs:
        rates = [r.per_second for r in rows]
        ballots = "—" if rows[0].ballots is None else " / ".join(f"{r.ballots:,}" for r in rows)
        lines.append(
            f"| {rows[0].loop} | {offered} | {rows[0].votes:,} × {len(rows)} | "
            f"{statistics.median(rates):,.0f} | {min(rates):,.0f}–{max(rates):,.0f} | "
            f"{statistics.median(r.p50_ms for r in rows):.1f} | "
            f"{statistics.median(r.p99_ms for r in rows):.1f} | {ballots} |"
        )
    return "\n".join(lines)


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--votes", type=int, default=5000)
    parser.add_argument("--rate", type=float, default=0, help="presses per second; 0 = burst")
    parser.add_argument("--runs", type=int, default=5, help="alternated runs of each loop")
    parser.add_argument(
        "--stock", action="store_true", help="also run bare PTB on its default httpx transport"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    stock = [await bare_ptb(args.votes, args.rate, "httpx")] if args.stock else []
    bare: list[Figures] = []
    ours: list[Figures] = []
    for run in range(args.runs):
        bare.append(await bare_ptb(args.votes, args.rate, "aiohttp"))
        with tempfile.TemporaryDirectory(prefix="chorus-bench-") as folder:
            ours.append(await chorus(args.votes, args.rate, Path(folder)))
        print(
            f"run {run + 1}: bare {bare[-1].per_second:,.0f}, "
            f"Chorus {ours[-1].per_second:,.0f} votes/s",
            flush=True,
        )
    print(table([rows for rows in (stock, bare, ours) if rows], args.rate))
    ratios = [o.per_second / b.per_second for b, o in zip(bare, ours, strict=True)]
    print(
        "ratio Chorus / bare PTB on the same transport, votes/s, per run: "
        f"{', '.join(f'{r:.2f}' for r in ratios)}; median {statistics.median(ratios):.2f} "
        "(target ≥ 0.8)"
    )
    if stock:
        median = statistics.median(o.per_second for o in ours)
        print(f"ratio Chorus (median) / stock PTB (httpx): {median / stock[0].per_second:.2f}")
    wrong = [o.ballots for o in ours if o.ballots != args.votes]
    if wrong:
        print(f"!! {args.votes} votes but {wrong} ballots")
        return 1
    return 0


def _run(argv: list[str] | None = None) -> Any:
    return asyncio.run(main(argv))


if __name__ == "__main__":
    sys.exit(_run())
