"""Erasure on Telegram, through the real python-telegram-bot and the emulator: after
``/mydata erase`` the member is nowhere — not in any table, not in the media folder, and not in
the posts Chorus made in the group (her entry's card deleted, her idea's card edited)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
from tests.adapters.telegram.test_telegram_contest_flow import MODERATOR, MODS_ID, photos_in, press
from tests.campaigns.contest.kit import photo
from tests.traces import traces_in_database, traces_in_folder

CONFIG = """
[bot]
locale = "en"
timezone = "Europe/Paris"
moderators = ["telegram:777"]

[[campaigns]]
id = "box"
kind = "ideas"
title = "Idea box"
channels = ["{group}"]
duration = "7d"

[[campaigns]]
id = "summer"
kind = "contest"
title = "Funniest summer photo"
channels = ["{group}"]
duration = "7d"

[campaigns.contest]
moderators_channel = "telegram:{mods}"
"""

ZOE_ID = 5_550_123_987
ZOE = p.user(ZOE_ID, "Zoé Quennell")
ANA = p.user(71, "Ana")
#: What must be gone: her platform id and her display name (any case).
HER = (str(ZOE_ID), "Zoé Quennell", "Quennell")


async def start(emulator: TelegramEmulator, start_telegram: StartTelegram) -> TelegramRun:
    for member in (ZOE, ANA, MODERATOR):
        emulator.started_private.add(member["id"])
    text = CONFIG.format(group=GROUP, mods=MODS_ID) + telegram_section(emulator)
    return await start_telegram(parse_config(text))


async def published_entry(
    emulator: TelegramEmulator, run: TelegramRun, member: dict[str, object], seed: int
) -> tuple[Sent, Sent]:
    """``member`` submits a photo, the moderator approves it: its review card, its card in
    the group."""
    update = await emulator.send_file(
        member, f"/submit summer Photo {seed}", f"ph-{seed}", photo(seed)
    )
    await answer_to(emulator, update)
    await run.tick()
    [card] = photos_in(emulator, MODS_ID, f"New entry #{seed}")
    assert "approved" in await press(emulator, MODERATOR, card, "✅ Approve")
    await run.tick()
    [entry] = photos_in(emulator, p.GROUP_ID, f"#{seed} ")
    return card, entry


def public_texts(emulator: TelegramEmulator) -> str:
    """Everything Chorus shows outside her own private chat."""
    return "\n".join(s.text or "" for s in emulator.sent if s.chat_id != ZOE_ID).casefold()


@dataclass
class Scene:
    """Zoé took part everywhere: an entry (card and review card), a vote, an idea."""

    run: TelegramRun
    anas: Sent
    hers: Sent
    review: Sent
    card: Sent
    opening: Sent


async def she_took_part(emulator: TelegramEmulator, start_telegram: StartTelegram) -> Scene:
    run = await start(emulator, start_telegram)
    _, anas = await published_entry(emulator, run, ANA, 1)
    review, hers = await published_entry(emulator, run, ZOE, 2)
    assert "Zoé Quennell" in (hers.text or "") and "Zoé Quennell" in (review.text or "")
    assert "recorded" in await press(emulator, ZOE, anas, "👍 Vote")

    idea = "Rose ice cream — my grandmother's recipe, signed zoé quennell"
    await answer_to(emulator, await emulator.say(ZOE, f"/idea box {idea}"))
    await run.tick()
    group = emulator.in_chat(p.GROUP_ID)
    [card] = [s for s in group if (s.text or "").startswith("💡 Idea #1:")]
    assert "suggested by Zoé Quennell" in (card.text or "")
    await press(emulator, ANA, card, "👍 Upvote #1")
    assert run.runtime.live is not None
    await run.runtime.live.flush()  # the box's opening lists the top ideas, hers with her name
    [opening] = [
        s for s in group if "Rose ice cream" in (s.text or "") and s is not card and not s.reply_to
    ]
    assert "Zoé Quennell" in (opening.text or "")
    await answer_to(emulator, await emulator.say(ZOE, "/mydata"))
    await run.tick()
    assert any(s.document for s in emulator.in_chat(ZOE_ID))
    return Scene(run, anas, hers, review, card, opening)


async def erase(emulator: TelegramEmulator, run: TelegramRun) -> None:
    """``/mydata erase``, the confirmation pressed, and the outbox delivered."""
    confirm = await answer_to(emulator, await emulator.say(ZOE, "/mydata erase"))
    done = await press(emulator, ZOE, confirm, confirm.buttons[0][0])
    assert done.startswith("Done: your data is erased")
    await run.tick()


async def test_erase_leaves_no_trace_of_the_member(
    emulator: TelegramEmulator, start_telegram: StartTelegram, media_dir: Path
) -> None:
    scene = await she_took_part(emulator, start_telegram)

    await erase(emulator, scene.run)

    assert await traces_in_database(scene.run.runtime.db, HER) == []
    assert traces_in_folder(media_dir, HER) == []
    assert all(n.casefold() not in public_texts(emulator) for n in HER)
    assert {s.message_id for s in emulator.deleted} == {
        scene.hers.message_id,
        scene.review.message_id,
    }
    card = scene.card
    assert "Rose ice cream" in (card.text or "") and "suggested by #" in (card.text or "")
    assert card.buttons[0][0] == "👍 Upvote #1", "the idea stays for its upvoters, under her alias"
    assert "Rose ice cream" in (scene.opening.text or "")
    assert scene.anas in emulator.sent and scene.anas.edits == 0


async def test_a_post_too_old_to_delete_loses_its_words_instead(
    emulator: TelegramEmulator, start_telegram: StartTelegram
) -> None:
    scene = await she_took_part(emulator, start_telegram)
    emulator.too_old_to_delete.add(scene.hers.message_id)

    await erase(emulator, scene.run)

    assert scene.hers in emulator.sent and scene.hers.buttons == []
    assert scene.hers.text == "🗑️ This post was withdrawn: its author erased their data."
    assert all(n.casefold() not in public_texts(emulator) for n in HER)
