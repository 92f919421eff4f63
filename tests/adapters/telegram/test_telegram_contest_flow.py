"""A whole photo contest on Telegram, through the real python-telegram-bot and the emulator:
members submit photos as captions of ``/submit``, the moderators review the cards in their
group, members vote with the buttons of the published photos, the round closes and the winners
are announced with their photo and told privately."""

from __future__ import annotations

from datetime import timedelta

from campaigns import parse_config
from tests.adapters.telegram import payloads as p
from tests.adapters.telegram.emulator import Sent, TelegramEmulator
from tests.adapters.telegram.harness import (
    GROUP,
    StartTelegram,
    TelegramRun,
    answer_to,
    telegram_section,
)
from tests.campaigns.contest.kit import photo
from tests.campaigns.contest.scenario import BALLOTS, SETTINGS, check_outcome, check_tally

MB = 1_000_000
MODS_ID = -1_009_999
MODERATOR = p.user(777, "Mia")
CONTEST = """
[bot]
locale = "en"
timezone = "Europe/Paris"
moderators = ["telegram:777"]

[[campaigns]]
id = "summer"
kind = "contest"
title = "Funniest summer photo"
channels = ["{group}"]
duration = "7d"

[campaigns.contest]
moderators_channel = "telegram:{mods}"
{settings}"""

#: Members of the group; Bea and Dan read French.
ANA, BEA, CAL, DAN, EVE, FLO = (
    p.user(71, "Ana"),
    p.user(72, "Bea", language_code="fr"),
    p.user(73, "Cal"),
    p.user(74, "Dan", language_code="fr"),
    p.user(75, "Eve"),
    p.user(76, "Flo"),
)


async def start_contest(emulator: TelegramEmulator, start: StartTelegram) -> TelegramRun:
    for member in (ANA, BEA, CAL, DAN, EVE, FLO, MODERATOR):
        emulator.started_private.add(member["id"])  # everyone opened a chat with the bot
    text = CONTEST.format(group=GROUP, mods=MODS_ID, settings=SETTINGS)
    text += telegram_section(emulator)
    return await start(parse_config(text))


async def reply_to(emulator: TelegramEmulator, update: dict[str, object]) -> str:
    """The text Chorus posts in answer to a member's message."""
    return (await answer_to(emulator, update)).text or ""


async def press(emulator: TelegramEmulator, member: dict[str, object], on: Sent, label: str) -> str:
    """``member`` presses the button labelled ``label`` on ``on``; the private answer."""
    [data] = [data for text, data in on.buttons if text == label]
    update = await emulator.press(member, on, data)
    query_id = update["callback_query"]["id"]

    def answered() -> list[dict[str, object]]:
        return [a for a in emulator.answers if a["callback_query_id"] == query_id]

    await emulator.wait_until(lambda: bool(answered()))
    return str(answered()[0].get("text", ""))


def photos_in(emulator: TelegramEmulator, chat_id: int, starting: str) -> list[Sent]:
    return [
        s
        for s in emulator.in_chat(chat_id)
        if s.method == "sendPhoto" and (s.text or "").startswith(starting)
    ]


def texts_to(emulator: TelegramEmulator, chat_id: int) -> list[str]:
    return [s.text or "" for s in emulator.in_chat(chat_id)]


async def test_a_full_photo_contest_on_telegram(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    run = await start_contest(emulator, start_telegram)
    assert any("Funniest summer photo" in (s.text or "") for s in emulator.in_chat(p.GROUP_ID))

    # ── submissions: four photos, a duplicate and an oversize one refused ──
    for number, member in enumerate((ANA, BEA, CAL, DAN), start=1):
        sent = await emulator.send_file(
            member, f"/submit Photo {number}", f"ph-{number}", photo(number)
        )
        pending = f"n°\u00a0{number} à «\u00a0Funniest summer photo\u00a0» attend un modérateur"
        if member.get("language_code") != "fr":
            pending = f"#{number} to “Funniest summer photo” is waiting for a moderator"
        assert pending in await reply_to(emulator, sent)
    copy = await emulator.send_file(EVE, "/submit Mine too", "ph-copy", photo(1))
    assert await reply_to(emulator, copy) == "This picture has already been submitted."
    big = await emulator.send_file(FLO, "/submit Huge", "ph-big", photo(6), claimed_size=2 * MB)
    assert await reply_to(emulator, big) == "This file is too large: 1 MB at most."

    # ── moderation: the cards arrive in the moderators' group with their photo ──
    await run.tick()
    cards = photos_in(emulator, MODS_ID, "New entry #")
    assert len(cards) == 4
    assert all(c.photo for c in cards)
    assert [label for label, _ in cards[0].buttons] == ["✅ Approve", "❌ Reject"]
    for card in cards[:3]:
        assert "approved by Mia" in await press(emulator, MODERATOR, card, "✅ Approve")
        await run.tick()  # the cards are edited through the outbox
        assert card.edits == 1 and card.buttons == []  # the card shows the decision instead
        assert card.text is not None and "approved by Mia" in card.text

    assert await press(emulator, MODERATOR, cards[3], "❌ Reject") == ""  # spinner stopped

    def asked() -> list[Sent]:
        return [s for s in emulator.in_chat(MODS_ID) if (s.text or "").startswith("Why reject")]

    await emulator.wait_until(lambda: bool(asked()))
    [ask] = asked()
    assert ask.reply_to == cards[3].message_id  # asked under the card it is about
    assert "Picture quality too low" in [label for label, _ in ask.buttons]
    assert "rejected by Mia" in await press(emulator, MODERATOR, ask, "Picture quality too low")
    await run.tick()
    assert cards[3].buttons == [] and "rejected by Mia" in (cards[3].text or "")

    # ── publication, and each author told in their language ──
    await run.tick()
    published = photos_in(emulator, p.GROUP_ID, "#")
    assert len(published) == 3
    assert [label for label, _ in published[0].buttons] == ["👍 Vote", "⚑ Report"]
    assert any("is approved and published" in t for t in texts_to(emulator, ANA["id"]))
    [note] = texts_to(emulator, DAN["id"])
    assert note.startswith("Votre participation n°\u00a04")
    assert "Qualité d’image insuffisante" in note

    # ── voting: a self-vote and a double vote refused ──
    first = published[0]
    assert await press(emulator, ANA, first, "👍 Vote") == "You cannot vote for your own entry."
    assert "recorded" in await press(emulator, CAL, first, "👍 Vote")
    assert await press(emulator, CAL, first, "👍 Vote") == "You have already voted for entry #1."
    members = (ANA, BEA, CAL, DAN, EVE, FLO)
    for member, index in BALLOTS:
        await press(emulator, members[member], published[index], "👍 Vote")
    await check_tally(run.runtime.db)

    # ── the close: results once with the first winner's photo, winner cards, private notes ──
    run.clock.advance(timedelta(days=7, minutes=1))
    await run.tick()
    await run.tick()  # a second pass announces nothing again
    [results] = photos_in(emulator, p.GROUP_ID, "🏆 Results")
    assert results.photo and "A year of ice cream" in (results.text or "")
    assert len(photos_in(emulator, p.GROUP_ID, "🏆 Prize")) == 2
    assert any(t.startswith("Congratulations! You won prize #1") for t in texts_to(emulator, 71))
    assert any(t.startswith("Félicitations") for t in texts_to(emulator, 72))
    assert any("prizes@example.com" in t for t in texts_to(emulator, 72))

    await check_outcome(run.runtime.db)


async def test_a_contest_that_opens_later_says_when(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    text = CONTEST.format(group=GROUP, mods=MODS_ID, settings=SETTINGS).replace(
        'duration = "7d"', 'opens_at = 2026-11-09T10:00:00\nduration = "7d"'
    )
    await start_telegram(parse_config(text + telegram_section(emulator)))

    english = await emulator.send_file(ANA, "/submit Early", "ph-early", photo(1))
    french = await emulator.send_file(BEA, "/submit Tôt", "ph-tot", photo(2))

    assert await reply_to(emulator, english) == (
        "Opens on Nov 9, 2026, 10:00\u202fAM: come back then!"
    )
    assert await reply_to(emulator, french) == (
        "Ouverture le 9 nov. 2026, 10:00\u00a0: revenez à ce moment-là\u00a0!"
    )
