"""Scale-out benchmark: 1, 2 and 3 real ``chorus run`` processes on one PostgreSQL, side by side.

Each column starts that many processes (Telegram webhook mode, the Bot API emulator of
``tests/adapters/telegram`` on 127.0.0.1, a "load balancer" spreading webhooks over them) on a
fresh database, with one poll in ``--channels`` Telegram groups (standing hidden, so no live
edits), then measures:

* **votes/s through the core** — ``--votes`` presses from distinct members on the first group's
  opening, posted to the processes in turn (``--concurrent`` at a time); a webhook is answered
  once its vote is durable and confirmed. votes/s is presses over the time from the first post
  to the last answer; the database must then hold one ballot per member.
* **outbox wake-up latency** — a message queued by another connection (an operator's command,
  another process), at a random moment once the senders are idle: with ``NOTIFY`` in the same
  transaction, as Chorus queues, and without, found by the 5-second poll. Time from the commit
  to the message reaching the emulator; median of ``--wakeups`` each.
* **announcement fan-out** — ``chorus round close``: the results posted in every group, spread
  over the processes by outbox claims and paced by the shared per-bot limit (30 messages a
  second). Time from the first results request to the last, against the minimum the limit
  allows for that many requests, spread evenly (``(n - 1) / 30`` seconds), and the most
  requests the emulator saw in any one second.

Usage::

    CHORUS_TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/scaleout.py

Not a test: it prints figures. The processes, PostgreSQL and the emulator share this machine's
cores: throughput cannot scale linearly on a small machine; correctness and pacing are the
point.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
# bench/telegram.py would shadow the ``telegram`` package
sys.path = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from adapters.telegram.pacing import PER_BOT  # noqa: E402
from bot.model.actions import Message  # noqa: E402
from storage.delivery.outbox import OUTBOX_CHANNEL  # noqa: E402
from tests.adapters.telegram import payloads as p  # noqa: E402
from tests.adapters.telegram.emulator import TelegramEmulator  # noqa: E402
from tests.adapters.telegram.harness import SECRET, free_port, telegram_section  # noqa: E402
from tests.conftest import POSTGRES_ENV, _create_pg_database  # noqa: E402
from tests.deploy.replicas import STARTED, Deployment  # noqa: E402
from tests.deploy.telegram_kit import chorus_command, telegram_env  # noqa: E402
from tests.deploy.windows import most_in_any_window  # noqa: E402
from tests.factories import poll_text  # noqa: E402

SENDS = ("sendMessage", "sendPhoto", "sendDocument")
QUEUE = """
INSERT INTO outbox (key, kind, channel, payload, state, attempts, next_attempt_at, last_error)
VALUES ($1, 'note', $2, $3, 'pending', 0, (now() AT TIME ZONE 'utc') - interval '1 second', '')
"""


@dataclass
class Column:
    processes: int
    votes_per_second: float
    ballots: int
    notify_ms: float
    polling_ms: float
    fan_out_s: float
    minimum_s: float
    requests: int
    most_in_a_second: int


async def votes(
    deployment: Deployment, emulator: TelegramEmulator, hooks: list[str], count: int, width: int
) -> tuple[float, int]:
    opening = next(s for s in emulator.in_chat(p.GROUP_ID) if s.buttons)
    gate = asyncio.Semaphore(width)

    async def press(n: int) -> None:
        update = emulator.press_update(p.user(100_000 + n), opening, opening.buttons[n % 3][1])
        async with gate:
            assert await emulator.post_webhook(hooks[n % len(hooks)], update, SECRET) == 200

    started = time.perf_counter()
    await asyncio.gather(*(press(n) for n in range(count)))
    elapsed = time.perf_counter() - started
    [(ballots,)] = await deployment.query("SELECT count(*) FROM ballot")
    return count / elapsed, int(ballots)


async def wake_up(
    deployment: Deployment, emulator: TelegramEmulator, notify: bool, times: int
) -> float:
    """Median milliseconds from a commit that queues a message to its arrival."""
    import asyncpg

    latencies = []
    conn = await asyncpg.connect(deployment.dsn)
    try:
        for n in range(times):
            # at a random moment of the senders' 5 s poll, once they are idle
            await settled(deployment)
            await asyncio.sleep(random.uniform(0.5, 5.5))
            text = f"wake-up {'notify' if notify else 'poll'} {n}"
            payload = json.dumps(Message(text).to_dict())
            async with conn.transaction():
                await conn.execute(QUEUE, f"bench-{text}", f"telegram:{p.GROUP_ID}", payload)
                if notify:
                    await conn.execute(f"NOTIFY {OUTBOX_CHANNEL}")
            committed = time.monotonic()
            arrived = await arrival(deployment, emulator, text)
            latencies.append((arrived - committed) * 1000)
    finally:
        await conn.close()
    return statistics.median(latencies)


async def arrival(deployment: Deployment, emulator: TelegramEmulator, text: str) -> float:
    """When the message showing ``text`` reached the emulator."""

    def calls() -> list[float]:
        return [c.at for c in emulator.calls if c.params.get("text") == text]

    try:
        await emulator.wait_until(lambda: bool(calls()), 30)
    except TimeoutError:
        rows = await deployment.query(
            "SELECT key, state, last_error FROM outbox WHERE kind = 'note'"
        )
        raise SystemExit(f"{text!r} never came: {rows}") from None
    return calls()[0]


async def fan_out(
    deployment: Deployment, emulator: TelegramEmulator, groups: list[int]
) -> tuple[float, float, int, int]:
    before = len(emulator.calls)
    await chorus_command(deployment, "round", "close", "flavour", env=telegram_env(emulator))

    def announced() -> bool:
        done = {int(c.params["chat_id"]) for c in emulator.calls[before:] if c.method in SENDS}
        return done >= set(groups)

    await emulator.wait_until(announced, within=120)
    await settled(deployment)
    calls = [c.at for c in emulator.calls[before:] if "chat_id" in c.params]
    minimum = (len(calls) - 1) / PER_BOT
    return max(calls) - min(calls), minimum, len(calls), most_in_any_window(calls, 1.0)


async def settled(deployment: Deployment) -> None:
    """Until nothing is left to send (a results post may take more than one request)."""
    left = "SELECT count(*) FROM outbox WHERE state <> 'sent'"
    while (await deployment.query(left))[0][0]:  # noqa: ASYNC110 (other processes' outbox)
        await asyncio.sleep(0.2)


async def column(processes: int, options: argparse.Namespace, admin_url: str) -> Column:
    emulator = TelegramEmulator()
    await emulator.start()
    url, drop = await _create_pg_database(admin_url)
    with tempfile.TemporaryDirectory() as tmp:
        deployment = Deployment(Path(tmp), url)
        try:
            groups = [p.GROUP_ID - n for n in range(options.channels)]
            ports = [free_port() for _ in range(processes)]
            hooks = [f"http://127.0.0.1:{port}/telegram/hook" for port in ports]
            settings = {"mode": "webhook", "webhook_url": hooks[0], "listen_host": "127.0.0.1"}
            channels = tuple(f"telegram:{g}" for g in groups)
            deployment.write_config(
                poll_text(channels=channels, results="hidden")
                + telegram_section(emulator, **settings)
            )
            for port in ports:
                env = telegram_env(emulator, CHORUS_TELEGRAM_LISTEN_PORT=str(port))
                await deployment.start(env)
            await asyncio.gather(*(r.wait_for_log(STARTED, 120) for r in deployment.replicas))
            await emulator.wait_until(lambda: all(emulator.in_chat(g) for g in groups), 120)

            per_second, ballots = await votes(
                deployment, emulator, hooks, options.votes, options.concurrent
            )
            notify_ms = await wake_up(deployment, emulator, True, options.wakeups)
            polling_ms = await wake_up(deployment, emulator, False, options.wakeups)
            fan_s, minimum_s, requests, most = await fan_out(deployment, emulator, groups)
            for replica in deployment.replicas:
                await replica.stop()
        finally:
            await deployment.close()
            await drop()
            await emulator.stop()
    return Column(
        processes, per_second, ballots, notify_ms, polling_ms, fan_s, minimum_s, requests, most
    )


def table(columns: list[Column], options: argparse.Namespace) -> str:
    rows = [
        ("votes/s through the core", [f"{c.votes_per_second:,.0f}" for c in columns]),
        (f"ballots counted (of {options.votes:,})", [f"{c.ballots:,}" for c in columns]),
        ("outbox wake-up, NOTIFY (median ms)", [f"{c.notify_ms:,.0f}" for c in columns]),
        ("outbox wake-up, polling (median ms)", [f"{c.polling_ms:,.0f}" for c in columns]),
        (
            f"fan-out to {options.channels} groups (s)",
            [f"{c.fan_out_s:.2f} ({c.requests} requests)" for c in columns],
        ),
        ("minimum at 30/s per bot (s)", [f"{c.minimum_s:.2f}" for c in columns]),
        ("most requests in any 1 s", [str(c.most_in_a_second) for c in columns]),
    ]
    head = "| | " + " | ".join(
        f"{c.processes} process{'es' if c.processes > 1 else ''}" for c in columns
    )
    lines = [head + " |", "|---" * (len(columns) + 1) + "|"]
    lines += [f"| {name} | " + " | ".join(values) + " |" for name, values in rows]
    return "\n".join(lines)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--votes", type=int, default=1000)
    parser.add_argument("--concurrent", type=int, default=64)
    parser.add_argument("--channels", type=int, default=100)
    parser.add_argument("--wakeups", type=int, default=5)
    options = parser.parse_args()
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        sys.exit(f"{POSTGRES_ENV} must name a PostgreSQL server")
    columns = [await column(n, options, admin_url) for n in options.processes]
    print(table(columns, options))


if __name__ == "__main__":
    asyncio.run(main())
