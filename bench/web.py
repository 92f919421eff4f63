"""Dashboard benchmark: browsers watching a campaign's live standing while votes pour in.

``chorus run``'s own process (the App with the dashboard on, a SQLite file) takes votes through
the whole core (in-memory adapter → dispatcher → ballot box → database, as ``bench/ingest.py``)
at ``--rate`` per second, open loop, for ``--seconds``; twice:

1. **alone** — nobody watches;
2. **watched** — ``--clients`` browsers (200) hold the campaign's live stream open
   (``GET /campaigns/<id>/live``, Server-Sent Events, signed in). They run in a separate process
   (``--watch``, httpx streams) so their own parsing does not count as the bot's cost.

Printed, per phase: votes per second achieved, ingest latency (scheduled send → vote durable
and answered) p50/p99, and the bot process's CPU seconds per 1,000 votes; the cost of being
watched is the difference between the phases. For the watched phase, the **update delay**: for
each vote and each browser, the time from the vote being durable to that browser receiving a
standing that counts it — p50, p99 and max over every (vote, browser) pair; and the bot
process's memory held by the streams once connected (Python objects, ``tracemalloc``), per stream.

Usage::

    .venv/bin/python bench/web.py [--clients 200] [--rate 1000] [--seconds 10]

Not a test: it prints figures (real time, real SQLite file, real sockets).
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import gc
import json
import logging
import re
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.ingest import CountingAdapter, percentile  # noqa: E402
from bot.app import App  # noqa: E402
from bot.model.events import ButtonPressed, Chat  # noqa: E402
from bot.model.members import Member  # noqa: E402
from campaigns import parse_config  # noqa: E402
from web.links import issue_link  # noqa: E402
from web.people import WebRole, WebUser  # noqa: E402

CONFIG_TOML = """
[bot]
locale = "en"
timezone = "Europe/Paris"
owners = ["console:boss"]

[web]
enabled = true
listen_port = 0

[[campaigns]]
id = "bench"
kind = "poll"
title = "Dashboard benchmark"
channels = ["console:main"]
duration = "7d"

[campaigns.poll]
options = ["Vanilla", "Pistachio", "Lemon"]
"""
#: The participants' total at the foot of the standing's table.
TOTAL = re.compile(r"<tfoot>.*?<td>([\d,  ]+)</td>", re.S)


@dataclass
class Phase:
    """What one phase measured."""

    name: str
    votes_per_s: float
    latencies: list[float]
    cpu_per_1000: float
    done: list[float]  # when each vote was durable (monotonic), in completion order


async def run_votes(
    adapter: CountingAdapter, actions: list[str], first_member: int, count: int, rate: float
) -> tuple[float, list[float], list[float], float]:
    """Push ``count`` votes by new members at ``rate`` per second, open loop; return the
    rate achieved, each vote's latency, when each became durable, and CPU seconds used."""
    chat = Chat("console", "main")
    events = [
        ButtonPressed(
            platform="console",
            delivery_id=f"v{first_member + n}",
            chat=chat,
            user=Member("console", f"u{first_member + n}", f"Member {n}", None),
            received_at=datetime.now(UTC),
            action=actions[n % len(actions)],
        )
        for n in range(count)
    ]
    latencies = [0.0] * count
    done: list[float] = []
    tasks = []

    async def one(index: int, due: float) -> None:
        await adapter.push(events[index])
        end = time.monotonic()
        done.append(end)
        latencies[index] = end - due

    cpu0, t0 = time.process_time(), time.monotonic()
    for index in range(count):
        due = t0 + index / rate
        now = time.monotonic()
        if due > now:
            await asyncio.sleep(due - now)
        tasks.append(asyncio.ensure_future(one(index, due)))
    await asyncio.gather(*tasks)
    elapsed = max(done) - t0
    return count / elapsed, latencies, sorted(done), time.process_time() - cpu0


async def sign_in(base: str, link: str) -> dict[str, str]:
    """Press "Sign in" on a login link; the session cookies."""
    token = link.rsplit("/", 1)[1]
    async with httpx.AsyncClient(base_url=base) as client:
        page = await client.get(f"/login/{token}")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf, "no CSRF token on the sign-in page"
        signed = await client.post("/login", data={"csrf": csrf.group(1), "token": token})
        assert signed.status_code == 303, signed.text
        return dict(client.cookies)


# ------------------------------------------------------------------------------ the browsers


async def watch(
    url: str, cookies: dict[str, str], clients: int, final: int
) -> list[list[tuple[float, int]]]:
    """``clients`` streams of ``url``; print "ready" once each got its first standing, stop
    once each has seen ``final`` participants; each stream's (monotonic time, total) pairs."""
    seen: list[list[tuple[float, int]]] = [[] for _ in range(clients)]
    first = [asyncio.Event() for _ in range(clients)]
    limits = httpx.Limits(max_connections=clients + 10, max_keepalive_connections=clients + 10)
    timeout = httpx.Timeout(60.0, connect=30.0)
    async with httpx.AsyncClient(cookies=cookies, limits=limits, timeout=timeout) as client:

        async def one(index: int) -> None:
            async with client.stream("GET", url) as stream:
                data: list[str] = []
                async for line in stream.aiter_lines():
                    if line.startswith("data: "):
                        data.append(line[6:])
                    elif not line and data:
                        found = TOTAL.search("\n".join(data))
                        data = []
                        if found is None:
                            continue
                        total = int(re.sub(r"\D", "", found.group(1)))
                        seen[index].append((time.monotonic(), total))
                        first[index].set()
                        if total >= final:
                            return

        tasks = [asyncio.ensure_future(one(i)) for i in range(clients)]
        await asyncio.gather(*(event.wait() for event in first))
        print("ready", flush=True)
        await asyncio.wait(tasks, timeout=None)
    return seen


# ------------------------------------------------------------------------------ the figures


def update_delays(
    done: list[float], streams: list[list[tuple[float, int]]], base: int
) -> list[float]:
    """For each vote (the k-th durable one) and each stream, the time until that stream first
    received a total of at least ``base + k``."""
    delays: list[float] = []
    for events in streams:
        totals = [total for _, total in events]
        for k, durable in enumerate(done, start=1):
            at = bisect.bisect_left(totals, base + k)
            if at < len(events):
                delays.append(max(0.0, events[at][0] - durable))
            else:
                delays.append(float("inf"))
    return delays


def line(phase: Phase) -> str:
    lat = sorted(phase.latencies)
    return (
        f"{phase.name:<8} {phase.votes_per_s:>9.0f} votes/s   ingest p50 "
        f"{percentile(lat, 0.5) * 1000:6.1f} ms  p99 {percentile(lat, 0.99) * 1000:6.1f} ms   "
        f"CPU {phase.cpu_per_1000:5.2f} s per 1,000 votes"
    )


async def bench(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING)
    count = int(args.rate * args.seconds)
    with tempfile.TemporaryDirectory(prefix="chorus-bench-web-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'chorus.db'}"
        adapter = CountingAdapter()
        app = App(
            parse_config(CONFIG_TOML, "bench"),
            adapters={"console": adapter},
            database_url=url,
            sweep_seconds=3600,
        )
        runtime = await app.start()
        try:
            assert app.postman is not None and app.web is not None
            await app.postman.deliver_due()
            actions = [b.action for b in adapter.posts[0].message.buttons]
            await run_votes(adapter, actions, 0, 200, args.rate)  # warm-up
            rate, lat, done, cpu = await run_votes(adapter, actions, 1_000, count, args.rate)
            alone = Phase("alone", rate, lat, cpu * 1000 / count, done)

            boss = WebUser("console:boss", "Boss", {"bench": WebRole.OWNER})
            cookies = await sign_in(app.web.url, await issue_link(runtime, boss))
            out = Path(tmp) / "streams.json"
            base = 200 + count
            final = base + count
            gc.collect()
            tracemalloc.start()
            child = await asyncio.create_subprocess_exec(
                sys.executable,
                __file__,
                "--watch",
                f"{app.web.url}/campaigns/bench/live",
                "--cookies",
                json.dumps(cookies),
                "--clients",
                str(args.clients),
                "--final",
                str(final),
                "--out",
                str(out),
                stdout=asyncio.subprocess.PIPE,
            )
            assert child.stdout is not None
            ready = (await child.stdout.readline()).decode()
            if ready.strip() != "ready":
                raise RuntimeError(f"the browsers did not connect: {ready!r}")
            gc.collect()
            per_stream = tracemalloc.get_traced_memory()[0] / args.clients
            tracemalloc.stop()
            rate, lat, done, cpu = await run_votes(adapter, actions, 100_000, count, args.rate)
            watched = Phase("watched", rate, lat, cpu * 1000 / count, done)
            await asyncio.wait_for(child.wait(), 120)
            streams = json.loads(await asyncio.to_thread(out.read_text))
        finally:
            await app.stop()
    delays = sorted(update_delays(watched.done, streams, base))
    cost = watched.cpu_per_1000 / alone.cpu_per_1000 - 1
    p99_alone = percentile(sorted(alone.latencies), 0.99)
    p99_watched = percentile(sorted(watched.latencies), 0.99)
    print(f"{count:,} votes at {args.rate:,.0f}/s; {args.clients} live streams when watched")
    print(line(alone))
    print(line(watched))
    print(
        f"cost of being watched: CPU {cost:+.1%} per vote, ingest p99 "
        f"{(p99_watched - p99_alone) * 1000:+.1f} ms"
    )
    updates = sum(len(s) for s in streams) / max(1, len(streams))
    p50, p99 = percentile(delays, 0.5) * 1000, percentile(delays, 0.99) * 1000
    print(
        f"update delay (vote durable → browser has it), over {len(delays):,} vote×browser pairs: "
        f"p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {delays[-1] * 1000:.0f} ms; "
        f"{updates:.0f} updates per browser"
    )
    print(f"memory: {per_stream / 1024:.1f} KiB of Python objects per live stream once connected")
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", type=int, default=200, help="live streams (default 200)")
    parser.add_argument("--rate", type=float, default=1000, help="votes per second (1000)")
    parser.add_argument("--seconds", type=float, default=10, help="length of each phase (10)")
    parser.add_argument("--watch", help=argparse.SUPPRESS)
    parser.add_argument("--cookies", help=argparse.SUPPRESS)
    parser.add_argument("--final", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.watch:
        cookies = json.loads(args.cookies)
        seen = asyncio.run(watch(args.watch, cookies, args.clients, args.final))
        Path(args.out).write_text(json.dumps(seen))
        return 0
    return asyncio.run(bench(args))


if __name__ == "__main__":
    sys.exit(main())
