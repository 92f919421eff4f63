"""Scheduler benchmark: start-up with many future rounds, and close delay under vote load.

1. Start-up: 100 campaigns with 100 future rounds each (10,000 scheduled rounds) are put in a
   SQLite file; the time of ``App.start()`` (migrations check, config sync, catch-up, alarms)
   is printed, for a first start and a restart.
2. Close delay: 20 rounds are set to close at staggered times over ~10 s while a member load
   of ``--rate`` votes/s is recorded in another round; the delay between each round's close
   time and its closing transition (from the audit log) is printed as p50/p99/max.

Usage::

    .venv/bin/python bench/schedule.py [--rounds 10000] [--rate 1000] [--closing 20]

Not a test: it prints figures (real time, real scheduler).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, update  # noqa: E402

from adapters.memory import MemoryAdapter  # noqa: E402
from bot.app import App  # noqa: E402
from bot.config.model import Config  # noqa: E402
from bot.model.events import ButtonPressed, Chat  # noqa: E402
from bot.model.members import Member  # noqa: E402
from campaigns import parse_config  # noqa: E402
from storage.tables import AUDIT, ROUND  # noqa: E402

CAMPAIGN = """
[[campaigns]]
id = "{id}"
kind = "poll"
title = "Campaign {id}"
channels = ["console:main"]
duration = "1h"

[campaigns.poll]
options = ["A", "B", "C"]
"""


def _config(ids: list[str]) -> Config:
    return parse_config('[bot]\nlocale = "en"\n' + "".join(CAMPAIGN.format(id=i) for i in ids))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def _start(config: Config, url: str, adapter: MemoryAdapter) -> tuple[App, float]:
    app = App(config, adapters={"console": adapter}, database_url=url)
    began = time.perf_counter()
    await app.start()
    return app, time.perf_counter() - began


async def startup(folder: Path, total_rounds: int) -> tuple[float, float]:
    """Seconds for a first start and a restart with ``total_rounds`` future rounds."""
    campaigns = 100
    per_campaign = max(1, total_rounds // campaigns)
    config = _config([f"c{n:03d}" for n in range(campaigns)])
    url = f"sqlite+aiosqlite:///{folder / 'startup.db'}"
    app, _ = await _start(config, url, MemoryAdapter("console"))
    assert app.runtime is not None
    base = datetime.now(UTC) + timedelta(days=2)
    rows = [
        {
            "campaign_id": f"c{c:03d}",
            "number": n + 2,
            "state": "scheduled",
            "opens_at": base + timedelta(days=7 * n),
            "closes_at": base + timedelta(days=7 * n, hours=1),
            "note": "",
        }
        for c in range(campaigns)
        for n in range(per_campaign)
    ]
    async with app.runtime.db.transaction() as conn:
        await conn.execute(insert(ROUND), rows)
    assert app.postman is not None
    await app.postman.deliver_due()  # the 100 opening messages: not part of a restart
    await app.stop()
    app, first = await _start(config, url, MemoryAdapter("console"))
    await app.stop()
    app, again = await _start(config, url, MemoryAdapter("console"))
    await app.stop()
    return first, again


async def close_delay(folder: Path, rate: float, closing: int) -> tuple[list[float], float]:
    """Close delays (s) of ``closing`` rounds while ``rate`` votes/s are recorded."""
    ids = ["load", *(f"d{n:02d}" for n in range(closing))]
    adapter = MemoryAdapter("console")
    app, _ = await _start(_config(ids), f"sqlite+aiosqlite:///{folder / 'delay.db'}", adapter)
    runtime = app.runtime
    assert runtime is not None and app.scheduler is not None
    start = datetime.now(UTC) + timedelta(seconds=2)
    async with runtime.db.transaction() as conn:
        for n in range(closing):
            await conn.execute(
                update(ROUND)
                .where(ROUND.c.campaign_id == f"d{n:02d}")
                .values(closes_at=start + timedelta(seconds=10 * n / closing))
            )
    await app.scheduler.tick()  # arm the new close times, as the next sweep would
    opening = next(p for p in adapter.posts if p.key.startswith("1:opening"))
    action = opening.message.buttons[0].action
    chat = Chat("console", "main")
    seconds = 10 * (closing - 1) / closing + 3
    count = int(rate * seconds)
    began = time.perf_counter()
    tasks = []
    for n in range(count):
        delay = began + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        event = ButtonPressed(
            platform="console",
            delivery_id=f"v{n}",
            chat=chat,
            user=Member("console", f"m{n}", f"M{n}"),
            received_at=datetime.now(UTC),
            action=action,
        )
        tasks.append(asyncio.create_task(adapter.push(event)))
    await asyncio.gather(*tasks)
    achieved = count / (time.perf_counter() - began)
    async with runtime.db.reading() as conn:
        rows = (
            await conn.execute(
                select(AUDIT.c.at, ROUND.c.closes_at)
                .join(ROUND, ROUND.c.id == AUDIT.c.round_id)
                .where(AUDIT.c.action == "close", ROUND.c.campaign_id != "load")
            )
        ).all()
    await app.stop()
    return [(at - closes).total_seconds() for at, closes in rows], achieved


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=1000)
    parser.add_argument("--closing", type=int, default=20)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="chorus-bench-") as scratch:
        first, again = await startup(Path(scratch), args.rounds)
        print(
            f"start-up with {args.rounds:,} future rounds: first {first:.2f} s, "
            f"restart {again:.2f} s (target < 2 s)"
        )
        delays, achieved = await close_delay(Path(scratch), args.rate, args.closing)
        if len(delays) != args.closing:
            print(f"!! only {len(delays)} of {args.closing} rounds closed")
        print(
            f"close delay of {len(delays)} rounds under {achieved:,.0f} votes/s: "
            f"p50 {statistics.median(delays) * 1000:.0f} ms, "
            f"p99 {_percentile(delays, 0.99) * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms "
            "(target p99 < 1 s)"
        )


if __name__ == "__main__":
    asyncio.run(main())
