"""The acceptance run: three real ``chorus run`` processes on one PostgreSQL behind a "load
balancer" (Telegram webhooks spread over the three), a crowd voting with re-deliveries to
another process, one process SIGKILLed mid-round: every vote counted once, every member
answered once, and the round still closes and announces once."""

from __future__ import annotations

import asyncio
from collections import Counter

from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import SECRET, free_port
from tests.deploy.replicas import STARTED, Deployment
from tests.deploy.telegram_kit import chorus_command, telegram_config, telegram_env

CROWD = 30


async def test_a_crowd_votes_through_three_replicas_one_is_killed_and_the_round_announces_once(
    deployment: Deployment, emulator: TelegramEmulator
) -> None:
    ports = [free_port() for _ in range(3)]
    hooks = [f"http://127.0.0.1:{port}/telegram/hook" for port in ports]
    settings = {"mode": "webhook", "webhook_url": hooks[0], "listen_host": "127.0.0.1"}
    deployment.write_config(telegram_config(emulator, **settings))
    replicas = [
        await deployment.start(telegram_env(emulator, CHORUS_TELEGRAM_LISTEN_PORT=str(port)))
        for port in ports
    ]
    await asyncio.gather(*(r.wait_for_log(STARTED) for r in replicas))
    await emulator.wait_until(lambda: len(emulator.in_chat(p.GROUP_ID)) == 1)
    [opening] = emulator.in_chat(p.GROUP_ID)

    async def vote(member: int, through: list[str]) -> None:
        choice = opening.buttons[member % 3][1]
        update = emulator.press_update(p.user(member), opening, choice)
        first, again = through[member % len(through)], through[(member + 1) % len(through)]
        assert await emulator.post_webhook(first, update, SECRET) == 200
        assert await emulator.post_webhook(again, update, SECRET) == 200  # a re-delivery

    await asyncio.gather(*(vote(member, hooks) for member in range(1, CROWD + 1)))
    replicas[0].kill()  # mid-round; the load balancer stops sending it anything
    await replicas[0].process.wait()
    await asyncio.gather(*(vote(member, hooks[1:]) for member in range(CROWD + 1, 2 * CROWD + 1)))

    [(ballots,)] = await deployment.query("SELECT count(*) FROM ballot")
    assert ballots == 2 * CROWD
    recorded = Counter(a["callback_query_id"] for a in emulator.answers if a.get("text"))
    assert len(recorded) == 2 * CROWD and set(recorded.values()) == {1}

    await chorus_command(deployment, "round", "close", "flavour", env=telegram_env(emulator))
    await emulator.wait_until(lambda: len(emulator.in_chat(p.GROUP_ID)) >= 2, within=60)
    assert all(r.alive for r in replicas[1:])
    assert [await r.stop() for r in replicas[1:]] == [0, 0]  # a clean stop records what it sent
    [(state,)] = await deployment.query("SELECT state FROM round")
    [(results,)] = await deployment.query(
        "SELECT count(*) FROM outbox WHERE kind = 'results' AND state = 'sent'"
    )
    assert (state, results) == ("announced", 1)
    assert len(emulator.in_chat(p.GROUP_ID)) == 2  # the opening and one results post
