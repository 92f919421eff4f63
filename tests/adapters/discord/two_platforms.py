"""Chorus on Telegram and Discord at once, both real SDKs against their emulators in one app,
with a manual clock: what tests across platforms (linked accounts) start from."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from adapters.telegram.adapter import SECRET_ENV, TOKEN_ENV
from adapters.telegram.adapter import build as build_telegram
from bot.app import App
from bot.engine.runtime import Runtime
from bot.model.clock import ManualClock
from campaigns import parse_config
from tests.adapters.discord import payloads as dp
from tests.adapters.discord.conftest import discord_adapter
from tests.adapters.discord.emulator import DiscordEmulator, Interaction
from tests.adapters.discord.helpers import buttons_of, text_of
from tests.adapters.telegram import payloads as tp
from tests.adapters.telegram.emulator import Sent, TelegramEmulator
from tests.adapters.telegram.harness import GROUP, answer_to, telegram_section
from tests.conftest import START

Json = dict[str, Any]
#: A link code as ``/link`` sends it.
CODE = re.compile(r"/link ([A-Z0-9]{8})")

#: ``[discord]`` pointing at the emulator; a campaign's channels name ``{group}`` (Telegram)
#: and ``discord:{channel}``.
DISCORD_SECTION = """
[discord]
guild_ids = ["{guild}"]
api_base_url = "{api}"
gateway_url = "{gateway}"
"""


@dataclass
class BothRun:
    """The started app, its runtime, both emulators and the clock."""

    app: App
    runtime: Runtime
    telegram: TelegramEmulator
    discord: DiscordEmulator
    clock: ManualClock

    async def tick(self) -> None:
        assert self.app.scheduler is not None and self.app.postman is not None
        await self.app.scheduler.tick()
        await self.app.postman.deliver_due()

    async def say(self, member: Json, text: str) -> str:
        """``member`` writes ``text`` in the Telegram group; Chorus's answer."""
        update = await self.telegram.say(member, text)
        return (await answer_to(self.telegram, update)).text or ""

    async def command(self, member: Json, name: str, **options: str) -> str:
        """``member`` uses Discord's ``/name`` with ``options``; Chorus's answer."""
        values = [{"type": 3, "name": k, "value": v} for k, v in options.items()]
        record = await self.discord.interact(
            dp.interaction(2, dp.command_data(name, values), member)
        )
        return await answer_text(record)

    async def press_on_telegram(self, member: Json, label: str) -> str:
        """``member`` presses the button ``label`` of the group's latest message showing it;
        the toast Chorus answers with."""
        [on, *_] = [s for s in reversed(in_group(self.telegram)) if label in dict(s.buttons)]
        update = await self.telegram.press(member, on, dict(on.buttons)[label])
        query = update["callback_query"]["id"]
        await self.telegram.wait_until(
            lambda: any(a["callback_query_id"] == query for a in self.telegram.answers)
        )
        [answer] = [a for a in self.telegram.answers if a["callback_query_id"] == query]
        return str(answer.get("text", ""))

    async def press_on_discord(self, member: Json, label: str) -> str:
        """``member`` presses ``label`` on the channel's latest post showing it; the answer."""
        [on, *_] = [m for m in reversed(self.discord.channel_posts) if label in dict(buttons_of(m))]
        custom_id = dict(buttons_of(on))[label]
        record = await self.discord.interact(
            self.discord.press_payload(member, str(on["id"]), custom_id)
        )
        return await answer_text(record)

    async def code_for(self, member: Json) -> str:
        """``member`` asks for a link code in the Telegram group; the code they receive
        privately."""
        self.telegram.started_private.add(int(member["id"]))
        answer = await self.say(member, "/link")
        assert "sent you a one-time code privately" in answer
        await self.tick()
        [dm, *_] = [t for t in reversed(self.telegram_dms(int(member["id"]))) if CODE.search(t)]
        match = CODE.search(dm)
        assert match is not None
        return match.group(1)

    async def link(self, on_telegram: Json, on_discord: Json) -> None:
        """Link a Telegram account and a Discord account with a code."""
        answer = await self.command(on_discord, "link", code=await self.code_for(on_telegram))
        assert answer.startswith("🔗 Linked"), answer

    def telegram_dms(self, user_id: int) -> list[str]:
        return [s.text or "" for s in self.telegram.sent if s.chat_id == user_id]

    def discord_dms(self, user_id: str) -> list[str]:
        channels = {c for c, user in self.discord.dm_channels.items() if user == user_id}
        return [text_of(m) for m in self.discord.channel_posts if m["channel_id"] in channels]


async def answer_text(record: Interaction) -> str:
    return text_of(await record.answer())


def in_group(telegram: TelegramEmulator) -> list[Sent]:
    return telegram.in_chat(tp.GROUP_ID)


StartBoth = Callable[[str], Awaitable[BothRun]]


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramEmulator]:
    fake = TelegramEmulator()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def start_both(
    emulator: DiscordEmulator,
    telegram: TelegramEmulator,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[StartBoth]:
    """Start Chorus on both platforms with a campaign whose TOML names ``{group}`` and
    ``{channel}``; stopped at the end."""
    monkeypatch.setenv(TOKEN_ENV, telegram.token)
    monkeypatch.setenv(SECRET_ENV, "s3cret")
    running: list[App] = []

    async def start(campaigns: str) -> BothRun:
        text = campaigns.format(group=GROUP, channel=dp.CHANNEL_ID) + DISCORD_SECTION.format(
            guild=dp.GUILD_ID, api=emulator.api_url, gateway=emulator.gateway_url
        )
        config = parse_config(text + telegram_section(telegram))
        adapters: dict[str, Any] = {
            "telegram": build_telegram(config),
            "discord": discord_adapter(config.discord, emulator),
        }
        clock = ManualClock(START)
        app = App(config, adapters=adapters, clock=clock, timers=False, database_url=database_url)
        runtime = await app.start()
        running.append(app)
        run = BothRun(app, runtime, telegram, emulator, clock)
        await run.tick()
        return run

    yield start
    for app in running:
        if app.runtime is not None:
            await app.stop()
