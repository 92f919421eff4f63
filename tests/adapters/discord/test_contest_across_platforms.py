"""One contest on Telegram and Discord at once, both real SDKs against their emulators in one
app: a photo entered on Telegram is published on both platforms, and a vote pressed on Discord
counts in the same tally as one pressed on Telegram."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.telegram.adapter import SECRET_ENV, TOKEN_ENV
from adapters.telegram.adapter import build as build_telegram
from bot.app import App
from bot.model.clock import ManualClock
from campaigns import parse_config
from storage.contest.entry_votes import votes_per_entry
from tests.adapters.discord import payloads as dp
from tests.adapters.discord.conftest import discord_adapter
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import buttons_of, member_json, text_of
from tests.adapters.telegram import payloads as tp
from tests.adapters.telegram.emulator import Sent, TelegramEmulator
from tests.adapters.telegram.harness import GROUP, answer_to, telegram_section
from tests.campaigns.contest.kit import photo
from tests.campaigns.contest.scenario import round_of
from tests.conftest import START

CONTEST = """
[bot]
locale = "en"
timezone = "Europe/Paris"
moderators = ["telegram:777"]

[[campaigns]]
id = "summer"
kind = "contest"
title = "Funniest summer photo"
channels = ["{group}", "discord:{channel}"]
duration = "7d"

[campaigns.contest]
moderators_channel = "{group}"
votes_per_member = 2

[discord]
guild_ids = ["{guild}"]
api_base_url = "{api}"
gateway_url = "{gateway}"
"""
ANA, TOM = tp.user(71, "Ana"), tp.user(72, "Tom")
MODERATOR = tp.user(777, "Mia")
BOB = member_json(1)  # on Discord


@pytest.fixture
async def app(
    emulator: DiscordEmulator,
    telegram: TelegramEmulator,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[App]:
    """Chorus with both adapters, each on its emulator."""
    monkeypatch.setenv(TOKEN_ENV, telegram.token)
    monkeypatch.setenv(SECRET_ENV, "s3cret")
    text = CONTEST.format(
        group=GROUP,
        channel=dp.CHANNEL_ID,
        guild=dp.GUILD_ID,
        api=emulator.api_url,
        gateway=emulator.gateway_url,
    )
    config = parse_config(text + telegram_section(telegram))
    adapters: dict[str, Any] = {
        "telegram": build_telegram(config),
        "discord": discord_adapter(config.discord, emulator),
    }
    chorus = App(
        config, adapters=adapters, clock=ManualClock(START), timers=False, database_url=database_url
    )
    await chorus.start()
    yield chorus
    await chorus.stop()


async def deliver(app: App) -> None:
    assert app.scheduler is not None and app.postman is not None
    await app.scheduler.tick()
    await app.postman.deliver_due()


async def press(telegram: TelegramEmulator, member: dict[str, Any], on: Sent, label: str) -> None:
    [data] = [data for text, data in on.buttons if text == label]
    update = await telegram.press(member, on, data)
    query = update["callback_query"]["id"]
    await telegram.wait_until(
        lambda: any(a["callback_query_id"] == query for a in telegram.answers)
    )


def labels(sent: Sent) -> list[str]:
    return [label for label, _ in sent.buttons]


async def test_a_vote_from_discord_counts_for_an_entry_from_telegram(
    app: App, emulator: DiscordEmulator, telegram: TelegramEmulator
) -> None:
    await deliver(app)
    telegram.started_private.update({71, 72, 777})
    sent = await telegram.send_file(ANA, "/submit My cone", "ph-1", photo(1))
    assert "waiting for a moderator" in ((await answer_to(telegram, sent)).text or "")
    await deliver(app)
    [card] = [s for s in telegram.in_chat(tp.GROUP_ID) if (s.text or "").startswith("New entry")]
    await press(telegram, MODERATOR, card, "✅ Approve")
    await deliver(app)

    # published on both platforms, each with its Vote button
    [on_telegram] = [s for s in telegram.in_chat(tp.GROUP_ID) if "👍 Vote" in labels(s)]
    [on_discord] = [m for m in emulator.channel_posts if text_of(m).startswith("#1")]
    assert len(on_discord["attachments"]) == 1

    await press(telegram, TOM, on_telegram, "👍 Vote")
    [vote] = [cid for label, cid in buttons_of(on_discord) if label == "👍 Vote"]
    first = await emulator.interact(emulator.press_payload(BOB, on_discord["id"], vote))
    assert "Your vote for entry #1 is recorded" in text_of(await first.answer())
    again = await emulator.interact(emulator.press_payload(BOB, on_discord["id"], vote))
    assert text_of(await again.answer()) == "You have already voted for entry #1."

    assert app.runtime is not None
    db = app.runtime.db
    assert await votes_per_entry(db, await round_of(db)) == {1: 2}  # one tally, two platforms
