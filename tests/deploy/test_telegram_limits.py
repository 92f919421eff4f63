"""Telegram's flood limits hold for the whole deployment, not for each process: three real
``chorus run`` processes behind a "load balancer" (webhooks spread over them) share the
bot's 30 messages a second and a group's 20 a minute, by the emulator's clock."""

from __future__ import annotations

import asyncio

import pytest

from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import SECRET, free_port, telegram_section
from tests.adapters.telegram.wire import Call
from tests.deploy.replicas import STARTED, Deployment, Replica
from tests.deploy.telegram_kit import chorus_command, telegram_env
from tests.deploy.windows import most_in_any_window
from tests.factories import poll_text

PER_BOT, PER_GROUP = 30, 20
COMMANDS = 60
GROUPS = 45


def to_chats(emulator: TelegramEmulator, chat_id: int | None = None) -> list[Call]:
    """Requests aimed at a chat (at ``chat_id`` when given): what the limits count."""
    return [
        c
        for c in emulator.calls
        if "chat_id" in c.params and (chat_id is None or int(c.params["chat_id"]) == chat_id)
    ]


async def three_replicas(
    deployment: Deployment, emulator: TelegramEmulator, channels: tuple[str, ...]
) -> tuple[list[Replica], list[str]]:
    ports = [free_port() for _ in range(3)]
    hooks = [f"http://127.0.0.1:{port}/telegram/hook" for port in ports]
    settings = {"mode": "webhook", "webhook_url": hooks[0], "listen_host": "127.0.0.1"}
    deployment.write_config(poll_text(channels=channels) + telegram_section(emulator, **settings))
    replicas = [
        await deployment.start(telegram_env(emulator, CHORUS_TELEGRAM_LISTEN_PORT=str(port)))
        for port in ports
    ]
    await asyncio.gather(*(r.wait_for_log(STARTED) for r in replicas))
    return replicas, hooks


@pytest.mark.timeout(240)
async def test_sixty_commands_in_one_group_through_three_processes_get_twenty_answers_a_minute(
    deployment: Deployment, emulator: TelegramEmulator
) -> None:
    _, hooks = await three_replicas(deployment, emulator, (f"telegram:{p.GROUP_ID}",))
    await emulator.wait_until(lambda: len(emulator.in_chat(p.GROUP_ID)) == 1)

    async def ask(n: int) -> int:
        body = p.message(10_000 + n, p.group(), sender=p.user(n), text="/results")
        update = p.message_update(10_000 + n, body)
        return await emulator.post_webhook(hooks[n % 3], update, SECRET)

    # a webhook is answered once its update is handled: the last ones wait minutes for a turn
    asking = [asyncio.create_task(ask(n)) for n in range(1, COMMANDS + 1)]

    # the opening and 19 answers at once, then nothing until the first leaves the minute
    await emulator.wait_until(lambda: len(to_chats(emulator, p.GROUP_ID)) >= PER_GROUP)
    await emulator.wait_until(lambda: len(to_chats(emulator, p.GROUP_ID)) > PER_GROUP, within=90)
    times = [c.at for c in to_chats(emulator, p.GROUP_ID)]
    assert times[PER_GROUP - 1] - times[0] < 10  # the group's burst is not held back
    assert times[PER_GROUP] - times[0] >= 60
    assert most_in_any_window(times, 60) == PER_GROUP
    for task in asking:
        task.cancel()


async def test_an_announcement_in_many_groups_from_three_processes_keeps_thirty_a_second(
    deployment: Deployment, emulator: TelegramEmulator
) -> None:
    groups = [p.GROUP_ID - n for n in range(GROUPS)]
    replicas, _ = await three_replicas(deployment, emulator, tuple(f"telegram:{g}" for g in groups))
    await emulator.wait_until(lambda: all(emulator.in_chat(g) for g in groups), within=60)

    await chorus_command(deployment, "round", "close", "flavour", env=telegram_env(emulator))
    await emulator.wait_until(lambda: all(len(emulator.in_chat(g)) >= 2 for g in groups), within=60)

    times = [c.at for c in to_chats(emulator)]
    assert len(times) >= 2 * GROUPS
    assert most_in_any_window(times, 1.0) <= PER_BOT
    [(owners,)] = await deployment.query("SELECT count(DISTINCT claimed_by) FROM outbox")
    assert owners >= 2  # the posts were shared out between processes
    assert [await r.stop() for r in replicas] == [0, 0, 0]
