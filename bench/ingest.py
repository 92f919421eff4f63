"""Ingest benchmark: vote events through the whole core, durable before the member is answered.

Each vote is a ``ButtonPressed`` pushed through the in-memory adapter: dispatcher → poll
campaign → ballot box (group commit) → database, and ``push`` returns only once the vote is
durable and the member's reply was sent. Pushes are started open-loop at ``--rate`` per second,
so a slow core shows up as latency, not as a lower offered rate. ``--rate 0`` means as fast as
possible: pushes start in waves of ``--wave`` (default 1000, the ballot box's largest batch), the
next wave as soon as at most one wave is still in flight, so the core always has a full batch
waiting; ``--wave 0`` starts all N at once (a burst: many more live objects, so more time in
Python's garbage collector). The harness freezes what exists before the run (``gc.freeze``) and
counts replies instead of keeping them, so the collector mostly sees the core's own objects.

In the same run, the bare database driver (``aiosqlite`` / ``asyncpg``, no Chorus, no SQLAlchemy)
inserts the same rows (one inbox row + one ballot upsert per vote) one transaction each,
sequentially, with the same durability settings; the ratio core/bare shows what group commit buys.

About 1 % of the deliveries are pushed a second time with the same delivery id (as platforms
re-deliver). A re-delivered vote has no effect and gets **no reply** (the first delivery was
already answered). After the run the database and the replies are checked:

* ``lost``    — votes that did not make it: missing inbox rows, missing ballots, or deliveries
  that got no reply;
* ``doubled`` — votes counted twice: extra inbox rows or ballots, or a delivery answered twice
  (a re-delivery that got a reply).

Usage::

    .venv/bin/python bench/ingest.py --backend both --votes 20000 --rate 0
    .venv/bin/python bench/ingest.py --backend sqlite --votes 20000 --rate 2000 --json
    .venv/bin/python bench/ingest.py --backend sqlite --votes 20000 --rate 0 --one-voice person

Not a test: it prints figures. PostgreSQL runs in a scratch database ``chorus_bench_<random>``
created on the server of ``--postgres-url`` and dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import logging
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from adapters.memory import MemoryAdapter  # noqa: E402
from bot.app import App  # noqa: E402
from bot.config.model import Config  # noqa: E402
from bot.model.actions import Action, Reply  # noqa: E402
from bot.model.events import ButtonPressed, Chat  # noqa: E402
from bot.model.members import Member  # noqa: E402
from campaigns import parse_config  # noqa: E402
from storage.tables import BALLOT, DELIVERY  # noqa: E402

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
PG_ENV = "CHORUS_BENCH_POSTGRES_URL"
DUPLICATE_EVERY = 100  # one re-delivery per this many votes (1 %)
DUPLICATE_DELAY = 50  # a re-delivery is pushed this many slots after its original

CONFIG_TOML = """
[bot]
locale = "en"
timezone = "Europe/Paris"

[[campaigns]]
id = "bench"
kind = "poll"
title = "Ingest benchmark"
channels = ["console:main"]
duration = "7d"
one_voice = "{one_voice}"

[campaigns.poll]
options = ["Vanilla", "Pistachio", "Lemon"]
max_choices = 1
anonymous = true
results = "hidden"
"""


# --------------------------------------------------------------------------- the workload


@dataclass(frozen=True, slots=True)
class Push:
    """One push of the schedule: a vote, or a re-delivery of an earlier vote."""

    delivery_id: str
    member: int
    option: int
    duplicate: bool


def schedule(votes: int, members: int) -> list[Push]:
    """``votes`` distinct deliveries (vote ``i`` by member ``i % members``) plus ~1 % re-deliveries.

    A member's successive votes cycle through the options, so with ``members < votes`` every
    later vote changes the ballot (exercising the upsert path).
    """
    originals = [
        Push(f"d{i}", i % members, (i // members) % 3, duplicate=False) for i in range(votes)
    ]
    out: list[Push] = []
    pending: dict[int, Push] = {}
    for i, push in enumerate(originals):
        out.append(push)
        if i % DUPLICATE_EVERY == DUPLICATE_EVERY // 2:
            pending[i + DUPLICATE_DELAY] = Push(push.delivery_id, push.member, push.option, True)
        if (again := pending.pop(i, None)) is not None:
            out.append(again)
    out.extend(pending.values())
    return out


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(fraction * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


@dataclass
class Figures:
    """What one run prints."""

    backend: str
    rate: float
    votes: int
    members: int
    redeliveries: int
    votes_per_s: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    bare_rows_per_s: float
    ratio: float
    lost: int
    doubled: int
    notes: str = ""


# --------------------------------------------------------------------------- the core run


@dataclass
class CoreResult:
    votes_per_s: float
    latencies: list[float]
    lost: int
    doubled: int
    notes: list[str]
    redeliveries: int


class CountingAdapter(MemoryAdapter):
    """The in-memory adapter, counting replies per delivery instead of keeping every one.

    Keeping 20,000 replies would grow the heap the garbage collector walks during the run: a
    harness cost, not the core's. Posts and edits are kept as usual.
    """

    def __init__(self) -> None:
        super().__init__("console")
        self.replied: Counter[str] = Counter()
        self.redelivered: set[int] = set()  # ids of the re-delivery events
        self.answered_redeliveries = 0

    async def send(self, action: Action) -> str | None:
        if isinstance(action, Reply):
            self.replied[action.to.delivery_id] += 1
            if id(action.to) in self.redelivered:
                self.answered_redeliveries += 1
            return None
        return await super().send(action)


async def run_core(
    url: str,
    votes: int,
    members: int,
    rate: float,
    wave: int = 1000,
    one_voice: str = "account",
) -> CoreResult:
    """Start the app on ``url``, push the schedule, check the outcome, stop the app;
    ``one_voice`` is the poll's (``person``: each ballot looks up the voter's links)."""
    config: Config = parse_config(CONFIG_TOML.replace("{one_voice}", one_voice), "bench")
    adapter = CountingAdapter()
    app = App(config, adapters={"console": adapter}, database_url=url, sweep_seconds=3600)
    runtime = await app.start()
    try:
        assert app.postman is not None
        await app.postman.deliver_due()
        if not adapter.posts:
            raise RuntimeError("the poll's opening message was not posted")
        buttons = adapter.posts[0].message.buttons
        actions = [b.action for b in buttons]

        # one warm-up vote (its own member) first, untimed: a running bot has its caches warm
        plan = [Push("warmup", members, 0, duplicate=False), *schedule(votes, members)]
        chat = Chat("console", "main")
        users = [Member("console", f"u{m}", f"Member {m}", None) for m in range(members + 1)]
        events = [
            ButtonPressed(
                platform="console",
                delivery_id=p.delivery_id,
                chat=chat,
                user=users[p.member],
                received_at=datetime.now(UTC),
                action=actions[p.option],
            )
            for p in plan
        ]
        adapter.redelivered.update(id(e) for e, p in zip(events, plan, strict=True) if p.duplicate)
        await adapter.push(events[0])
        total = len(events) - 1
        latencies = [0.0] * len(events)
        done = [0.0] * len(events)
        push = adapter.push
        clock = time.perf_counter
        running: set[asyncio.Task[None]] = set()
        finished = asyncio.Event()
        remaining = [total]

        async def one(index: int, event: ButtonPressed, start: float) -> None:
            await push(event)
            end = clock()
            done[index] = end
            latencies[index] = end - start
            remaining[0] -= 1
            if remaining[0] == 0:
                finished.set()

        room = asyncio.Event()

        def landed(task: asyncio.Task[None]) -> None:
            running.discard(task)
            room.set()

        def launch(index: int, start: float) -> None:
            task = spawn(one(index, events[index], start))
            running.add(task)
            task.add_done_callback(landed)

        gc.collect()
        gc.freeze()  # what exists now (app, schedule, events) needs no scanning during the run
        spawn = asyncio.get_running_loop().create_task
        t0 = clock()
        if rate <= 0:
            # as fast as possible, in waves: the next wave starts once at most one wave is still
            # in flight, so the core always has a full batch queued (wave=0: all at once)
            step = wave if wave > 0 else total
            for first in range(1, len(events), step):
                while len(running) > step:
                    await room.wait()
                    room.clear()
                for index in range(first, min(first + step, len(events))):
                    launch(index, clock())
        else:
            for index in range(1, len(events)):
                due = t0 + (index - 1) / rate
                now = clock()
                if due > now:
                    await asyncio.sleep(due - now)
                # latency counts from the scheduled time: a late start is the core's delay too
                launch(index, due)
        await finished.wait()
        elapsed = max(done) - t0
        gc.unfreeze()

        lost, doubled, notes = await verify(app, adapter, plan)
        return CoreResult(
            votes_per_s=votes / elapsed,
            latencies=latencies[1:],
            lost=lost,
            doubled=doubled,
            notes=notes,
            redeliveries=sum(p.duplicate for p in plan),
        )
    finally:
        await app.stop()
        del runtime


async def verify(
    app: App, adapter: CountingAdapter, plan: list[Push]
) -> tuple[int, int, list[str]]:
    """Count lost and doubled votes from the database and the replies."""
    assert app.runtime is not None
    db = app.runtime.db
    ballot: Any = BALLOT
    delivery: Any = DELIVERY
    async with db.reading() as conn:
        ballots = (await conn.execute(select(func.count()).select_from(ballot))).scalar_one()
        deliveries = (await conn.execute(select(func.count()).select_from(delivery))).scalar_one()
        per_option: dict[str, int] = dict(
            (
                await conn.execute(
                    select(ballot.c.choices, func.count()).group_by(ballot.c.choices)
                )
            ).all()
        )

    distinct = {p.delivery_id for p in plan}
    expected_ballots = len({p.member for p in plan})
    replied = adapter.replied
    answered_redeliveries = adapter.answered_redeliveries
    unanswered = sum(1 for d in distinct if replied[d] == 0)
    answered_twice = sum(n - 1 for n in replied.values() if n > 1)

    # what each member's last vote was, in push order (the ballot box keeps submission order)
    last: dict[int, int] = {}
    for p in plan:
        if not p.duplicate:
            last[p.member] = p.option
    expected_options = Counter(str(o) for o in last.values())

    lost = max(0, expected_ballots - ballots) + max(0, len(distinct) - deliveries) + unanswered
    doubled = (
        max(0, ballots - expected_ballots) + max(0, deliveries - len(distinct)) + answered_twice
    )
    notes = []
    if answered_redeliveries and not answered_twice:
        notes.append(f"{answered_redeliveries} re-deliveries were answered instead of the first")
    if dict(expected_options) != per_option:
        notes.append(f"tally differs: expected {dict(expected_options)}, got {per_option}")
    if lost or doubled:
        notes.append(
            f"ballots={ballots}/{expected_ballots} deliveries={deliveries}/{len(distinct)} "
            f"unanswered={unanswered} answered_twice={answered_twice} "
            f"answered_redeliveries={answered_redeliveries}"
        )
    return lost, doubled, notes


# --------------------------------------------------------------------------- the bare driver

BARE_DELIVERY = (
    "CREATE TABLE bare_delivery (platform VARCHAR(16) NOT NULL, "
    "delivery_id VARCHAR(128) NOT NULL, received_at {ts} NOT NULL, "
    "PRIMARY KEY (platform, delivery_id))"
)
BARE_BALLOT = (
    "CREATE TABLE bare_ballot (id {pk}, round_id INTEGER NOT NULL, "
    "participant_id INTEGER NOT NULL, choices VARCHAR(128) NOT NULL, cast_at {ts} NOT NULL, "
    "updated_at {ts} NOT NULL, UNIQUE (round_id, participant_id))"
)
BARE_INSERT = (
    "INSERT INTO bare_delivery (platform, delivery_id, received_at) VALUES ({p1}, {p2}, {p3})"
)
BARE_UPSERT = (
    "INSERT INTO bare_ballot (round_id, participant_id, choices, cast_at, updated_at) "
    "VALUES ({p1}, {p2}, {p3}, {p4}, {p4}) ON CONFLICT (round_id, participant_id) "
    "DO UPDATE SET choices = excluded.choices, updated_at = excluded.updated_at"
)


def bare_rows(votes: int, members: int) -> list[tuple[str, int, str]]:
    """The same rows the core writes: delivery id, member, choices."""
    return [(f"d{i}", i % members, str((i // members) % 3)) for i in range(votes)]


async def bare_sqlite(path: Path, votes: int, members: int) -> float:
    """Rows/s of aiosqlite, one transaction per vote, WAL + synchronous=FULL like storage.db."""
    import aiosqlite

    rows = bare_rows(votes, members)
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=30000"):
            await conn.execute(f"PRAGMA {pragma}")
        await conn.execute(BARE_DELIVERY.format(ts="DATETIME"))
        await conn.execute(BARE_BALLOT.format(pk="INTEGER PRIMARY KEY", ts="DATETIME"))
        insert = BARE_INSERT.format(p1="?1", p2="?2", p3="?3")
        upsert = BARE_UPSERT.format(p1="?1", p2="?2", p3="?3", p4="?4")
        t0 = time.perf_counter()
        for delivery_id, member, choices in rows:
            at = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
            await conn.execute("BEGIN")
            await conn.execute(insert, ("console", delivery_id, at))
            await conn.execute(upsert, (1, member, choices, at))
            await conn.execute("COMMIT")
        elapsed = time.perf_counter() - t0
    return votes / elapsed


async def bare_postgres(dsn: str, votes: int, members: int) -> float:
    """Rows/s of asyncpg, one transaction per vote (default synchronous_commit, like the core)."""
    import asyncpg

    rows = bare_rows(votes, members)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(BARE_DELIVERY.format(ts="TIMESTAMP WITHOUT TIME ZONE"))
        await conn.execute(
            BARE_BALLOT.format(pk="SERIAL PRIMARY KEY", ts="TIMESTAMP WITHOUT TIME ZONE")
        )
        insert = BARE_INSERT.format(p1="$1", p2="$2", p3="$3")
        upsert = BARE_UPSERT.format(p1="$1", p2="$2", p3="$3", p4="$4")
        t0 = time.perf_counter()
        for delivery_id, member, choices in rows:
            at = datetime.now(UTC).replace(tzinfo=None)
            async with conn.transaction():
                await conn.execute(insert, "console", delivery_id, at)
                await conn.execute(upsert, 1, member, choices, at)
        elapsed = time.perf_counter() - t0
    finally:
        await conn.close()
    return votes / elapsed


# --------------------------------------------------------------------------- backends


@contextlib.asynccontextmanager
async def sqlite_urls(keep_dir: str | None) -> AsyncIterator[tuple[str, Path]]:
    """A fresh SQLite file for the core and another for the bare driver."""
    base = Path(tempfile.mkdtemp(prefix="chorus_bench_", dir=keep_dir))
    try:
        yield f"sqlite+aiosqlite:///{base / 'core.db'}", base / "bare.db"
    finally:
        shutil.rmtree(base, ignore_errors=True)


@contextlib.asynccontextmanager
async def postgres_urls(admin_url: str) -> AsyncIterator[tuple[str, str]]:
    """A scratch database ``chorus_bench_<random>``: SQLAlchemy URL and asyncpg DSN."""
    import asyncpg

    url = make_url(admin_url)
    admin_dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"chorus_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(admin_dsn, timeout=5)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        scratch = url.set(database=name)
        yield (
            scratch.render_as_string(hide_password=False),
            scratch.set(drivername="postgresql").render_as_string(hide_password=False),
        )
    finally:
        admin = await asyncpg.connect(admin_dsn, timeout=5)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


async def postgres_reachable(admin_url: str) -> str | None:
    """``None`` when the server answers, else why not."""
    import asyncpg

    dsn = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        conn = await asyncpg.connect(dsn, timeout=5)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    await conn.close()
    return None


async def bench_backend(backend: str, args: argparse.Namespace) -> Figures:
    members = args.members or args.votes
    if backend == "sqlite":
        async with sqlite_urls(args.sqlite_dir) as (url, bare_path):
            core = await run_core(url, args.votes, members, args.rate, args.wave, args.one_voice)
            bare_rate = await bare_sqlite(bare_path, args.votes, members)
    else:
        async with postgres_urls(args.postgres_url) as (url, dsn):
            core = await run_core(url, args.votes, members, args.rate, args.wave, args.one_voice)
            bare_rate = await bare_postgres(dsn, args.votes, members)
    lat = sorted(core.latencies)
    return Figures(
        backend=backend,
        rate=args.rate,
        votes=args.votes,
        members=members,
        redeliveries=core.redeliveries,
        votes_per_s=core.votes_per_s,
        p50_ms=percentile(lat, 0.50) * 1000,
        p99_ms=percentile(lat, 0.99) * 1000,
        max_ms=lat[-1] * 1000,
        bare_rows_per_s=bare_rate,
        ratio=core.votes_per_s / bare_rate,
        lost=core.lost,
        doubled=core.doubled,
        notes="; ".join(core.notes),
    )


# --------------------------------------------------------------------------- output

COLUMNS = (
    ("backend", "{:<8}"),
    ("offered/s", "{:>9}"),
    ("votes", "{:>6}"),
    ("votes/s", "{:>8}"),
    ("p50 ms", "{:>7}"),
    ("p99 ms", "{:>7}"),
    ("bare rows/s", "{:>11}"),
    ("ratio", "{:>6}"),
    ("lost", "{:>4}"),
    ("doubled", "{:>7}"),
)


def table(rows: list[Figures]) -> str:
    header = " ".join(
        fmt.replace(">", "<").format(name) if i == 0 else fmt.format(name)
        for i, (name, fmt) in enumerate(COLUMNS)
    )
    lines = [header, "-" * len(header)]
    for f in rows:
        values = (
            f.backend,
            "max" if f.rate <= 0 else f"{f.rate:g}",
            f.votes,
            f"{f.votes_per_s:,.0f}",
            f"{f.p50_ms:.1f}",
            f"{f.p99_ms:.1f}",
            f"{f.bare_rows_per_s:,.0f}",
            f"{f.ratio:.1f}x",
            f.lost,
            f.doubled,
        )
        lines.append(" ".join(fmt.format(v) for (_, fmt), v in zip(COLUMNS, values, strict=True)))
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--votes", type=int, default=20000, help="distinct vote deliveries")
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="offered votes per second, open loop (0 = as fast as possible)",
    )
    parser.add_argument(
        "--wave",
        type=int,
        default=1000,
        help="at --rate 0, pushes launched per event-loop turn (0 = all at once)",
    )
    parser.add_argument(
        "--members",
        type=int,
        default=0,
        help="distinct members (default: one per vote; fewer = vote changes)",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(PG_ENV, DEFAULT_PG),
        help=f"server to create the scratch database on (env {PG_ENV})",
    )
    parser.add_argument(
        "--one-voice",
        choices=("account", "person"),
        default="account",
        help="the poll's one_voice (person: linked accounts share a ballot; no links here)",
    )
    parser.add_argument("--sqlite-dir", default=None, help="where to put the SQLite files")
    parser.add_argument("--json", action="store_true", help="also print one JSON line per run")
    args = parser.parse_args(argv)
    if args.votes < 1 or args.members < 0 or args.members > args.votes:
        parser.error("need votes >= 1 and 0 <= members <= votes")
    return args


async def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger().setLevel(logging.WARNING)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    rows: list[Figures] = []
    for backend in backends:
        if backend == "postgres" and (why := await postgres_reachable(args.postgres_url)):
            print(f"postgres: skipped, {args.postgres_url} unreachable ({why})", file=sys.stderr)
            continue
        figures = await bench_backend(backend, args)
        rows.append(figures)
        if args.json:
            print(json.dumps(asdict(figures)), flush=True)
    if rows:
        print(table(rows))
        print(
            f"notes: {rows[0].redeliveries} re-deliveries per run (~1 %), each with no effect "
            "and, by design, no reply (the first delivery was answered)."
        )
        print(
            "       latency = scheduled send -> push() returned (vote durable, reply sent); "
            "votes/s = distinct votes / (last answer - first send)."
        )
        if args.rate > 0:
            print(
                "       at a finite offered rate votes/s cannot exceed that rate, so the ratio "
                "to the bare driver is only telling at --rate 0."
            )
        else:
            how = f"in waves of {args.wave}" if args.wave > 0 else "all at once"
            print(f"       at --rate 0 votes are sent {how}: latencies are mostly queueing.")
        for f in rows:
            if f.notes:
                print(f"{f.backend}: {f.notes}")
    return 1 if any(f.lost or f.doubled or f.notes for f in rows) else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
