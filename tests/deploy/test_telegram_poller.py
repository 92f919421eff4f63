"""Telegram long polling from three replicas: exactly one polls, the others stand by; when the
poller is killed a standby takes over within seconds, and no 409 Conflict storm happens."""

from __future__ import annotations

import asyncio
import time

from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.deploy.replicas import STARTED, Deployment, Replica
from tests.deploy.telegram_kit import telegram_config, telegram_env

RECEIVES = "telegram: this process receives"
TAKEOVER_WITHIN = 10.0


async def _vote(emulator: TelegramEmulator, member: int) -> None:
    [opening] = emulator.in_chat(p.GROUP_ID)[:1]
    update = await emulator.press(p.user(member), opening, opening.buttons[0][1])
    query = update["callback_query"]["id"]
    await emulator.wait_until(lambda: query in emulator.answered_at, within=30)


def _receiving(replicas: list[Replica]) -> list[Replica]:
    return [r for r in replicas if r.alive and r.logged(RECEIVES)]


async def test_one_poller_and_a_standby_takes_over_when_it_is_killed(
    deployment: Deployment, emulator: TelegramEmulator
) -> None:
    deployment.write_config(telegram_config(emulator))
    replicas = [await deployment.start(telegram_env(emulator)) for _ in range(3)]
    await asyncio.gather(*(r.wait_for_log(STARTED) for r in replicas))
    await emulator.wait_until(lambda: len(emulator.in_chat(p.GROUP_ID)) == 1)

    await _vote(emulator, 101)
    [poller] = _receiving(replicas)
    assert emulator.conflicts == 0

    killed_at = time.monotonic()
    poller.kill()
    await _vote(emulator, 102)
    assert time.monotonic() - killed_at < TAKEOVER_WITHIN
    [successor] = _receiving(replicas)
    assert successor is not poller
    # the dead poller's abandoned request is the only one a new poller may end
    assert emulator.conflicts <= 1
    [(ballots,)] = await deployment.query("SELECT count(*) FROM ballot")
    assert ballots == 2
