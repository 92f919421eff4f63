"""Idea box benchmark: look-alike checks against 10,000 ideas, and a status fan-out to 5,000.

1. **Similarity, index only** — a :class:`~campaigns.ideas.similarity.SimilarityIndex` holds
   ``--ideas`` synthetic ideas (French and English, built from word lists, so many share
   words: a harder case than real ideas); ``--checks`` queries, half of them rewordings of
   ideas in the index, are timed one by one.
2. **``/idea`` through the core** — the same ideas are written to the database of a running
   app (in-memory Telegram adapter, manual clock); the first ``/idea`` builds the index from
   the database, then ``--submissions`` commands go through dispatcher → similarity check →
   transaction (inbox, idea, outbox rows), each timed until the member is answered.
3. **Fan-out** — one idea gets ``--upvoters`` upvoters; a moderator's ``/setstatus`` writes one
   private message per follower plus one public post per channel in one transaction (timed),
   then the outbox sender delivers them all through the in-memory adapter (timed). The
   platforms' own rate limits set the floor any bot meets for that many messages; the table
   compares.

Usage::

    .venv/bin/python bench/ideas.py --backend both
    .venv/bin/python bench/ideas.py --backend sqlite --ideas 10000 --upvoters 5000

Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from adapters.memory import MemoryAdapter  # noqa: E402
from bench.ingest import postgres_reachable, postgres_urls  # noqa: E402
from bot.app import App  # noqa: E402
from bot.config.model import Config  # noqa: E402
from bot.model.clock import ManualClock  # noqa: E402
from bot.model.events import Chat, CommandInvoked  # noqa: E402
from bot.model.members import Member  # noqa: E402
from campaigns import parse_config  # noqa: E402
from campaigns.ideas.similarity import SimilarityIndex  # noqa: E402
from storage.ideas.tables import IDEA, IDEA_UPVOTE  # noqa: E402
from storage.tables import PARTICIPANT, ROUND  # noqa: E402

PG_ENV = "CHORUS_TEST_POSTGRES_URL"
DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
CHAT = Chat("telegram", "-1001")
MODERATOR = Member("telegram", "1", "Mod", "fr")

#: Documented sending limits: messages per second a bot may send, at best.
PLATFORM_LIMITS: tuple[tuple[str, float | None, str], ...] = (
    ("Telegram", 30.0, "~30 messages/s overall per bot"),
    ("Discord", 50.0, "50 requests/s global (twice the time when each DM channel is opened first)"),
    ("Slack", None, "~1 message/s per channel; each DM is a channel of its own: no bot-wide floor"),
)

_FR = "glace sorbet cornet parfum boutique terrasse atelier livraison carte coffret"
_EN = "ice cream sorbet cone flavour shop terrace workshop delivery card box"
_WORDS = (
    "vanille chocolat pistache fraise citron caramel noisette mangue framboise coco menthe "
    "cafe miel lavande basilic yaourt avoine amande vegan bio local enfants famille ete hiver "
    "dimanche soir plage marche noel fidelite recyclable carton gluten sucre lactose musique "
    "vanilla chocolate pistachio strawberry lemon hazelnut mango raspberry coconut mint coffee "
    "honey lavender basil yogurt oat almond organic kids family summer winter sunday evening "
    "beach market christmas loyalty recyclable cardboard gluten sugar lactose music night"
)
SUBJECTS_FR, SUBJECTS_EN, WORDS = _FR.split(), _EN.split(), _WORDS.split()


def synthetic_ideas(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct idea texts, French and English, 4 to 8 words each."""
    seen: set[str] = set()
    ideas = []
    while len(ideas) < count:
        subjects = SUBJECTS_FR if rng.random() < 0.5 else SUBJECTS_EN
        words = [rng.choice(subjects), *rng.sample(WORDS, rng.randint(3, 7))]
        text = " ".join(words).capitalize()
        if text not in seen:
            seen.add(text)
            ideas.append(text)
    return ideas


def reword(text: str, rng: random.Random) -> str:
    """A near-duplicate: words shuffled, one dropped, an accent and punctuation added."""
    words = text.lower().split()
    rng.shuffle(words)
    if len(words) > 4:
        words.pop()
    return "Des " + " ".join(words).replace("e", "é", 1) + " !"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench_index(ideas: list[str], checks: int, threshold: float, rng: random.Random) -> str:
    index = SimilarityIndex()
    began = time.perf_counter()
    for number, text in enumerate(ideas, start=1):
        index.add(number, text)
    built = time.perf_counter() - began
    queries = [
        reword(rng.choice(ideas), rng) if n % 2 == 0 else synthetic_ideas(1, rng)[0]
        for n in range(checks)
    ]
    times, found = [], 0
    for query in queries:
        began = time.perf_counter()
        found += bool(index.similar(query, threshold, 3))
        times.append((time.perf_counter() - began) * 1000)
    return (
        f"| index only | {len(ideas):,} | {checks:,} | {statistics.median(times):.2f} | "
        f"{percentile(times, 0.99):.2f} | {max(times):.2f} | {built * 1000:.0f} ms (fold) | "
        f"{found:,} |"
    )


def bench_config(database_url: str) -> Config:
    return parse_config(
        f"""
[bot]
locale = "fr"
moderators = ["telegram:{MODERATOR.id}"]
[storage]
database_url = "{database_url}"
[[campaigns]]
id = "box"
kind = "ideas"
title = "Bench"
channels = ["telegram:-1001"]
duration = "30d"
"""
    )


async def seed(app: App, ideas: list[str], upvoters: int) -> None:
    """Write members, ideas and the upvotes of idea #1 straight to the database."""
    assert app.runtime is not None
    db, now = app.runtime.db, START
    members = max(1000, upvoters + 1)
    async with db.transaction() as conn:
        round_id = (await conn.execute(select(ROUND.c.id))).scalar_one()  # type: ignore[attr-defined]
        await conn.execute(
            insert(PARTICIPANT),
            [
                {
                    "platform": "telegram",
                    "user_id": f"{1000 + n}",
                    "display_name": f"M{n}",
                    "locale": "fr" if n % 2 else "en",
                }
                for n in range(members)
            ],
        )
        first = (
            (await conn.execute(select(PARTICIPANT.c.id).order_by(PARTICIPANT.c.id)))
            .scalars()
            .first()
        )  # type: ignore[attr-defined]
        await conn.execute(
            insert(IDEA),
            [
                {
                    "campaign_id": "box",
                    "round_id": round_id,
                    "author_id": first + n % 1000,
                    "title": text,
                    "body": "",
                    "state": "published",
                    "status": "new",
                    "status_note": "",
                    "origin_channel": "telegram:-1001",
                    "created_at": now,
                    "updated_at": now,
                }
                for n, text in enumerate(ideas)
            ],
        )
        await conn.execute(
            insert(IDEA_UPVOTE),
            [
                {"idea_id": 1, "participant_id": first + n, "round_id": round_id, "cast_at": now}
                for n in range(1, upvoters + 1)
            ],
        )


async def command(adapter: MemoryAdapter, user: Member, n: int, *args: str) -> float:
    """Push ``/args…`` and return the milliseconds until it was handled."""
    event = CommandInvoked(
        platform="telegram",
        delivery_id=f"bench-{n}",
        chat=CHAT,
        user=user,
        received_at=datetime.now(UTC),
        name=args[0],
        args=args[1:],
    )
    began = time.perf_counter()
    await adapter.push(event)
    return (time.perf_counter() - began) * 1000


@contextlib.asynccontextmanager
async def database(backend: str, admin_url: str) -> AsyncIterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="chorus-bench-") as scratch:
            yield f"sqlite+aiosqlite:///{Path(scratch) / 'ideas.db'}"
        return
    async with postgres_urls(admin_url) as (url, _):
        yield url


async def bench_core(backend: str, args: argparse.Namespace, ideas: list[str]) -> tuple[str, str]:
    rng = random.Random(args.seed + 1)
    async with database(backend, args.postgres_url) as url:
        adapter = MemoryAdapter("telegram")
        app = App(
            bench_config(url),
            adapters={"telegram": adapter},
            clock=ManualClock(START),
            timers=False,
            database_url=url,
        )
        await app.start()
        try:
            await seed(app, ideas, args.upvoters)
            first = await command(
                adapter, Member("telegram", "9", "First", "fr"), 0, "idea", reword(ideas[0], rng)
            )
            times = []
            for n in range(1, args.submissions + 1):
                text = reword(rng.choice(ideas), rng) if n % 2 else synthetic_ideas(1, rng)[0]
                user = Member("telegram", f"{50_000 + n}", f"S{n}", "fr")
                times.append(await command(adapter, user, n, "idea", text))
            submit = (
                f"| /idea through the core, {backend} | {len(ideas):,} | {args.submissions:,} | "
                f"{statistics.median(times):.2f} | {percentile(times, 0.99):.2f} | "
                f"{max(times):.2f} | {first:.0f} ms (first /idea) | — |"
            )
            assert app.postman is not None
            await app.postman.deliver_due()
            posted = len(adapter.posts)
            decided = await command(
                adapter, MODERATOR, 10**9, "setstatus", "1", "planned", "Merci", "à", "tous"
            )
            began = time.perf_counter()
            await app.postman.deliver_due()
            sent = time.perf_counter() - began
            messages = len(adapter.directs) + len(adapter.posts) - posted
            floors = " · ".join(
                f"{name} ≥ {messages / rate:,.0f} s" for name, rate, _ in PLATFORM_LIMITS if rate
            )
            fanout = (
                f"| {backend} | {args.upvoters:,} | {messages:,} | {decided:,.0f} ms | "
                f"{sent:.1f} s ({messages / sent:,.0f}/s) | {floors} |"
            )
        finally:
            await app.stop()
    return submit, fanout


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--checks", type=int, default=1_000)
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--upvoters", type=int, default=5_000)
    parser.add_argument("--threshold", type=float, default=0.75)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres-url", default=os.environ.get(PG_ENV, DEFAULT_PG))
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    ideas = synthetic_ideas(args.ideas, rng)
    checks = [
        "| check | ideas | checks | p50 ms | p99 ms | max ms | build | look-alikes found |",
        "|---|---|---|---|---|---|---|---|",
        bench_index(ideas, args.checks, args.threshold, rng),
    ]
    fanouts = [
        "| backend | upvoters | messages | /setstatus (one transaction) | delivered by the core "
        "| platform floor at their rate limits |",
        "|---|---|---|---|---|---|",
    ]
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    for backend in backends:
        if backend == "postgres" and (why := await postgres_reachable(args.postgres_url)):
            print(f"postgres: skipped ({why})", file=sys.stderr)
            continue
        submit, fanout = await bench_core(backend, args, ideas)
        checks.append(submit)
        fanouts.append(fanout)
    print("\n".join(checks))
    print()
    print("\n".join(fanouts))
    print()
    for name, _, why in PLATFORM_LIMITS:
        print(f"{name}: {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
