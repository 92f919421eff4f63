"""The review queue is never lost on Telegram (real python-telegram-bot, the emulator): with
``moderators_channel`` set for the campaign, as the README documents, a contest entry and a
pre-moderated idea each get their review card in the moderators' group."""

from __future__ import annotations

from campaigns import parse_config
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import TelegramEmulator
from tests.adapters.telegram.harness import GROUP, StartTelegram, answer_to, telegram_section
from tests.campaigns.contest.kit import photo

MODS_ID = -1_009_999
ANA = p.user(71, "Ana")
CONFIG = """
[bot]
locale = "en"
timezone = "Europe/Paris"

[[campaigns]]
id = "summer"
kind = "contest"
title = "Funniest summer photo"
channels = ["{group}"]
moderators_channel = "telegram:{mods}"
duration = "7d"

[campaigns.contest]
moderation = "pre"

[[campaigns]]
id = "box"
kind = "ideas"
title = "Idea box"
channels = ["{group}"]
moderators_channel = "telegram:{mods}"
duration = "7d"

[campaigns.ideas]
moderation = "pre"
"""


def cards(emulator: TelegramEmulator) -> list[str]:
    return [s.text or "" for s in emulator.in_chat(MODS_ID)]


async def test_campaign_moderators_channel_gets_contest_and_idea_review_cards(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    text = CONFIG.format(group=GROUP, mods=MODS_ID) + telegram_section(emulator)
    run = await start_telegram(parse_config(text))

    sent = await emulator.send_file(ANA, "/submit summer Beach cone", "ph-1", photo(1))
    assert "waiting for a moderator" in ((await answer_to(emulator, sent)).text or "")
    await run.tick()
    await emulator.wait_until(lambda: any("Beach cone" in c for c in cards(emulator)))
    [card] = [s for s in emulator.in_chat(MODS_ID) if "Beach cone" in (s.text or "")]
    assert [label for label, _ in card.buttons] == ["✅ Approve", "❌ Reject"]

    said = await emulator.say(ANA, "/idea box Mint and lime sorbet")
    assert "moderator" in ((await answer_to(emulator, said)).text or "")
    await run.tick()
    await emulator.wait_until(lambda: any("Mint and lime" in c for c in cards(emulator)))
    [card] = [s for s in emulator.in_chat(MODS_ID) if "Mint and lime" in (s.text or "")]
    assert [label for label, _ in card.buttons] == ["✅ Approve", "❌ Reject"]
