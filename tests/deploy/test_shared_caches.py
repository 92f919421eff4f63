"""What one process keeps in memory learns another's changes at once (``NOTIFY``), not at
its restart or when its copy expires: two real ``chorus run`` processes on one PostgreSQL,
Telegram webhooks sent to one or the other."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import Sent, TelegramEmulator
from tests.adapters.telegram.harness import SECRET, free_port, telegram_section
from tests.deploy.replicas import STARTED, Deployment, Replica
from tests.deploy.telegram_kit import telegram_env
from tests.factories import poll_text

MODERATOR = p.user(999, "Mod")
#: The ``flavour`` poll moderated by MODERATOR, and an idea box, in the test group.
CONFIG = (
    poll_text(channels=(f"telegram:{p.GROUP_ID}",)).replace('"console:mod"', '"telegram:999"')
    + f"""
[[campaigns]]
id = "box"
kind = "ideas"
title = "Idea box"
channels = ["telegram:{p.GROUP_ID}"]
duration = "7d"
"""
)


class Two:
    """Two replicas, each with its own webhook address."""

    def __init__(self, deployment: Deployment, emulator: TelegramEmulator) -> None:
        self.deployment, self.emulator = deployment, emulator
        self.replicas: list[Replica] = []
        self.hooks: list[str] = []
        self._next = 50_000

    async def start(self) -> None:
        ports = [free_port() for _ in range(2)]
        self.hooks = [f"http://127.0.0.1:{port}/telegram/hook" for port in ports]
        settings = {"mode": "webhook", "webhook_url": self.hooks[0], "listen_host": "127.0.0.1"}
        text = CONFIG + telegram_section(self.emulator, **settings)
        self.deployment.write_config(text)
        for port in ports:
            env = telegram_env(self.emulator, CHORUS_TELEGRAM_LISTEN_PORT=str(port))
            self.replicas.append(await self.deployment.start(env))
        await asyncio.gather(*(r.wait_for_log(STARTED) for r in self.replicas))

    async def say(
        self, through: int, sender: dict[str, Any], text: str, chat: dict[str, Any] | None = None
    ) -> Sent:
        """``sender`` writes ``text`` in the group (or ``chat``), delivered to replica
        ``through``; the answer Chorus posts in reply."""
        await self.deliver(through, p.message(0, chat or p.group(), sender=sender, text=text))
        return await self._reply_to(self._next)

    async def deliver(self, through: int, body: dict[str, Any]) -> None:
        """Deliver a message (its id and the update's set here) to replica ``through``."""
        self._next += 1
        update = p.message_update(self._next, {**body, "message_id": self._next})
        assert await self.emulator.post_webhook(self.hooks[through], update, SECRET) == 200

    async def _reply_to(self, message_id: int) -> Sent:
        def replies() -> list[Sent]:
            return [s for s in self.emulator.sent if s.reply_to == message_id]

        await self.emulator.wait_until(lambda: bool(replies()))
        return replies()[0]

    async def press(self, through: int, sender: dict[str, Any], on: Sent, index: int) -> str:
        """``sender`` presses button ``index`` of ``on`` via replica ``through``; the answer."""
        update = self.emulator.press_update(sender, on, on.buttons[index][1])
        assert await self.emulator.post_webhook(self.hooks[through], update, SECRET) == 200
        query = update["callback_query"]["id"]

        def answer() -> list[dict[str, Any]]:
            return [a for a in self.emulator.answers if a["callback_query_id"] == query]

        await self.emulator.wait_until(lambda: bool(answer()))
        return str(answer()[0].get("text", ""))


async def test_a_ban_in_one_process_refuses_the_member_in_the_other_at_once(
    deployment: Deployment, emulator: TelegramEmulator
) -> None:
    two = Two(deployment, emulator)
    await two.start()
    await emulator.wait_until(lambda: any(s.buttons for s in emulator.in_chat(p.GROUP_ID)))
    opening = next(s for s in emulator.in_chat(p.GROUP_ID) if s.buttons)
    member = p.user(5, "Zoe")

    assert "banned" not in await two.press(1, member, opening, 0)  # B now keeps the bans
    await two.say(0, MODERATOR, "/ban telegram:5 flavour spam")  # banned through A
    await two.replicas[1].wait_for_log("heard of a bans change")

    assert "You are banned" in await two.press(1, member, opening, 1)
    [(choice,)] = await deployment.query("SELECT choices FROM ballot")
    assert choice == "0"  # the vote before the ban, unchanged


async def test_an_idea_published_in_one_process_is_a_look_alike_in_the_other(
    deployment: Deployment, emulator: TelegramEmulator
) -> None:
    two = Two(deployment, emulator)
    await two.start()
    first = await two.say(1, p.user(6), "/idea box Chocolate chip cookie dough")
    assert "is published" in (first.text or "")  # B has built its look-alike index

    second = await two.say(0, p.user(7), "/idea box Salted caramel swirl with pecans")
    assert "is published" in (second.text or "")  # published through A
    await two.replicas[1].wait_for_log("heard of a ideas change")

    alike = await two.say(1, p.user(8), "/idea box Salted caramel swirl with pecan nuts")
    assert "look like yours" in (alike.text or "")
    assert "Salted caramel swirl with pecans" in (alike.text or "")


async def test_a_group_upgraded_under_one_process_is_followed_by_the_other_at_once(
    deployment: Deployment, emulator: TelegramEmulator
) -> None:
    two = Two(deployment, emulator)
    await two.start()
    supergroup = -1_004_001_000_001
    await emulator.upgrade(p.GROUP_ID, supergroup, by=MODERATOR, tell=False)
    old = p.basic_group(p.GROUP_ID)
    await two.deliver(0, p.message(0, old, sender=MODERATOR, migrate_to_chat_id=supergroup))
    await two.replicas[1].wait_for_log("following 1 chat move")

    vote = await two.say(1, p.user(9, "Ana"), "/vote 2", chat=p.group(supergroup))
    assert "Pistachio" in (vote.text or "")  # B runs the poll in the supergroup now
