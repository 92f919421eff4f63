"""What the delivery journal adds to an acknowledgement: the time ``journal.record`` takes.

Slack and Discord allow 3 s to acknowledge a delivery; Chorus writes the raw delivery (a Slack
button press, about 1 KB of JSON) to the journal first. Records are group-committed, so this
measures them one at a time (a quiet bot: one transaction and one fsync each) and in waves of
``--window`` concurrent deliveries (a busy one: they share transactions), then the removal once
handled. Each backend starts from an empty database.

    .venv/bin/python bench/journal.py --backend both --records 2000 --window 50
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.slack.translate import button_key, journal_entry
from bot.engine.ingress.journal import DeliveryJournal
from bot.model.clock import SystemClock
from storage.db import Database
from tests.adapters.slack.payloads import block_actions

POSTGRES_ENV = "CHORUS_TEST_POSTGRES_URL"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def timed(
    calls: list[Callable[[], Awaitable[None]]], window: int
) -> tuple[list[float], float]:
    """Run ``calls`` ``window`` at a time; return each one's latency and the total seconds."""
    latencies: list[float] = []

    async def one(call: Callable[[], Awaitable[None]]) -> None:
        began = time.perf_counter()
        await call()
        latencies.append(time.perf_counter() - began)

    began = time.perf_counter()
    for start in range(0, len(calls), window):
        await asyncio.gather(*(one(call) for call in calls[start : start + window]))
    return latencies, time.perf_counter() - began


async def measure(url: str, records: int, window: int) -> list[tuple[str, dict[str, float]]]:
    db = Database.connect(url)
    await db.migrate()
    journal = DeliveryJournal(db, SystemClock())
    rows: list[tuple[str, dict[str, float]]] = []
    try:
        for label, size in (("one at a time", 1), (f"{window} at once", window)):
            bodies = [
                block_actions(f"U{n:07d}", "C0BENCH01", "1800000000.000100", "pv:1:0:abcdefgh")
                for n in range(records)
            ]
            keys = [f"{label}:{button_key(body)}" for body in bodies]
            entries = [journal_entry("action", body) for body in bodies]

            def record(key: str, entry: str) -> Callable[[], Awaitable[None]]:
                return lambda: journal.record("slack", key, entry)

            def finish(key: str) -> Callable[[], Awaitable[None]]:
                return lambda: journal.finish("slack", key)

            writes = [record(k, e) for k, e in zip(keys, entries, strict=True)]
            kept, kept_s = await timed(writes, size)
            _, done_s = await timed([finish(k) for k in keys], size)
            rows.append(
                (
                    label,
                    {
                        "record_s": records / kept_s,
                        "p50": percentile(kept, 0.5),
                        "p99": percentile(kept, 0.99),
                        "finish_s": records / done_s,
                        "bytes": sum(len(e) for e in entries) / records,
                    },
                )
            )
    finally:
        await db.close()
    return rows


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--window", type=int, default=50, help="deliveries in flight")
    options = parser.parse_args()
    backends: list[tuple[str, str]] = []
    if options.backend in ("sqlite", "both"):
        folder = Path(tempfile.mkdtemp(prefix="chorus-bench-journal-"))
        backends.append(("SQLite", f"sqlite+aiosqlite:///{folder / 'chorus.db'}"))
    if options.backend in ("postgres", "both"):
        admin = os.environ.get(POSTGRES_ENV)
        if not admin:
            raise SystemExit(f"set {POSTGRES_ENV} for PostgreSQL")
        backends.append(("PostgreSQL", admin))
    print("| backend | deliveries | records/s | p50 record ms | p99 record ms | finishes/s |")
    print("|---|---|---|---|---|---|")
    for name, url in backends:
        if name == "PostgreSQL":
            rows = await on_scratch_postgres(url, options.records, options.window)
        else:
            rows = await measure(url, options.records, options.window)
        for label, row in rows:
            print(
                f"| {name} | {label} | {row['record_s']:,.0f} | {row['p50'] * 1000:.2f} | "
                f"{row['p99'] * 1000:.2f} | {row['finish_s']:,.0f} |"
            )
    print(f"\n{options.records:,} records per row; a journaled press is ~{row['bytes']:,.0f} bytes")


async def on_scratch_postgres(
    admin_url: str, records: int, window: int
) -> list[tuple[str, dict[str, float]]]:
    """:func:`measure` on a new database beside ``admin_url``'s, dropped afterwards."""
    import asyncpg
    from sqlalchemy.engine import make_url

    url = make_url(admin_url)
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"chorus_bench_journal_{os.getpid()}"
    admin = await asyncpg.connect(dsn)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        scratch = url.set(database=name).render_as_string(hide_password=False)
        return await measure(scratch, records, window)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main())
