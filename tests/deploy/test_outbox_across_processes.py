"""Two replicas share one outbox: a results post held up by 429s for longer than the claim
lasts stays with the process sending it (it renews the claim) and is posted once."""

from __future__ import annotations

import asyncio

from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import free_port
from tests.deploy.replicas import STARTED, Deployment
from tests.deploy.telegram_kit import (
    chorus_command,
    telegram_config,
    telegram_env,
    webhook_settings,
)

CLAIM_SECONDS = 2
RETRY_AFTER = 3
TIMES = 3  # 9 s of waiting: the claim would have expired four times over


async def test_a_results_post_waiting_out_429s_longer_than_its_claim_is_posted_once(
    deployment: Deployment, emulator: TelegramEmulator
) -> None:
    _, settings = webhook_settings()
    extra = f"\n[storage]\nclaim_seconds = {CLAIM_SECONDS}\n"
    deployment.write_config(telegram_config(emulator, extra=extra, **settings))
    replicas = [
        await deployment.start(telegram_env(emulator, CHORUS_TELEGRAM_LISTEN_PORT=str(free_port())))
        for _ in range(2)
    ]
    await asyncio.gather(*(r.wait_for_log(STARTED) for r in replicas))
    await emulator.wait_until(lambda: len(emulator.in_chat(p.GROUP_ID)) == 1)
    for method in ("sendMessage", "sendPhoto"):
        emulator.fail(method, retry_after=RETRY_AFTER, times=TIMES)

    await chorus_command(deployment, "round", "close", "flavour", env=telegram_env(emulator))

    await emulator.wait_until(lambda: len(emulator.in_chat(p.GROUP_ID)) >= 2, within=60)
    assert all(r.alive for r in replicas)
    assert [await r.stop() for r in replicas] == [0, 0]  # a clean stop records what it sent
    [(state, attempts, owner)] = await deployment.query(
        "SELECT state, attempts, claimed_by FROM outbox WHERE kind = 'results'"
    )
    assert (state, attempts) == ("sent", 1)  # claimed once: never taken over
    assert owner.startswith("chorus/")
    refused = [c for c in emulator.calls if c.status == 429]
    assert len(refused) == TIMES
    assert len(emulator.in_chat(p.GROUP_ID)) == 2  # the opening and one results post
