"""A whole photo contest on Discord, through the real discord.py and the emulator: members with
the contestants' role submit photos with ``/submit``, moderators decide on the review cards in
their channel, members vote with the buttons of the published entries, the round closes and the
winners are announced with their photo and told in a DM."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from adapters.base import RoleTeller
from bot.model.events import Chat
from bot.model.members import Member
from campaigns import parse_config
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import DiscordRun, StartDiscord
from tests.adapters.discord.emulator import DiscordEmulator
from tests.adapters.discord.helpers import (
    buttons_of,
    is_ephemeral,
    member_json,
    submit_photo,
    text_of,
)
from tests.campaigns.contest.kit import photo
from tests.campaigns.contest.scenario import BALLOTS, SETTINGS, check_outcome, check_tally

Json = dict[str, Any]
MB = 1_000_000
CONTEST = """
[bot]
locale = "en"
timezone = "Europe/Paris"

[[campaigns]]
id = "summer"
kind = "contest"
title = "Funniest summer photo"
channels = ["discord:{channel}"]
duration = "7d"

[campaigns.contest]
moderators_channel = "discord:{mods}"
{settings}required_roles = ["discord:{role}"]

[discord]
guild_ids = ["{guild}"]
moderator_roles = ["{moderator_role}"]
api_base_url = "{api}"
gateway_url = "{gateway}"
"""
FANS = (p.CONTESTANT_ROLE_ID,)
ANA, BEA, CAL, DAN, EVE, FLO = (member_json(n, roles=FANS) for n in range(1, 7))
OUTSIDER = member_json(8)
MODERATOR = member_json(9, roles=(p.MODERATOR_ROLE_ID,))


def user_id(member: Json) -> str:
    return str(member["user"]["id"])


def locale_of(member: Json) -> str:
    """Bea and Dan read French."""
    return "fr" if member in (BEA, DAN) else "en-US"


async def start_contest(emulator: DiscordEmulator, start: StartDiscord) -> DiscordRun:
    emulator.bucket_size = 1000  # the pacing itself is tested elsewhere
    text = CONTEST.format(
        settings=SETTINGS,
        channel=p.CHANNEL_ID,
        mods=p.OTHER_CHANNEL_ID,
        role=p.CONTESTANT_ROLE_ID,
        guild=p.GUILD_ID,
        moderator_role=p.MODERATOR_ROLE_ID,
        api=emulator.api_url,
        gateway=emulator.gateway_url,
    )
    return await start(parse_config(text))


async def press(emulator: DiscordEmulator, member: Json, message: Json, label: str) -> Json:
    """``member`` presses the button labelled ``label`` on ``message``; the answer they see."""
    [custom_id] = [cid for text, cid in buttons_of(message) if text == label]
    payload = emulator.press_payload(
        member, str(message["id"]), custom_id, locale=locale_of(member)
    )
    record = await emulator.interact(payload)
    return await record.answer()


def posts_in(emulator: DiscordEmulator, channel_id: str, starting: str) -> list[Json]:
    return [
        m
        for m in emulator.channel_posts
        if m["channel_id"] == channel_id and text_of(m).startswith(starting)
    ]


def dms_to(emulator: DiscordEmulator, member: Json) -> list[str]:
    channels = {c for c, user in emulator.dm_channels.items() if user == user_id(member)}
    return [text_of(m) for m in emulator.channel_posts if m["channel_id"] in channels]


async def test_a_full_photo_contest_on_discord(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_contest(emulator, start_discord)

    # ── submissions: four photos; a duplicate, an oversize one and an outsider refused ──
    for number, member in enumerate((ANA, BEA, CAL, DAN), start=1):
        record = await submit_photo(
            emulator,
            member,
            f"p{number}.jpg",
            photo(number),
            title=f"Photo {number}",
            locale=locale_of(member),
        )
        answer = await record.answer()
        assert is_ephemeral(answer)
        assert f"#{number} to" in text_of(answer) or f"n°\u00a0{number} à" in text_of(answer)
    copy = await submit_photo(emulator, EVE, "copy.jpg", photo(1))
    assert text_of(await copy.answer()) == "This picture has already been submitted."
    big = await submit_photo(emulator, FLO, "big.jpg", photo(6), claimed=2 * MB)
    assert text_of(await big.answer()) == "This file is too large: 1 MB at most."
    outsider = await submit_photo(emulator, OUTSIDER, "out.jpg", photo(8))
    answer = await outsider.answer()
    assert text_of(answer) == "This contest is for members with the required role."

    # ── moderation: review cards with their photo in the moderators' channel ──
    await run.tick()
    cards = posts_in(emulator, p.OTHER_CHANNEL_ID, "New entry #")
    assert len(cards) == 4
    assert all(len(card["attachments"]) == 1 for card in cards)
    assert [label for label, _ in buttons_of(cards[0])] == ["✅ Approve", "❌ Reject"]
    for card in cards[:3]:
        answer = await press(emulator, MODERATOR, card, "✅ Approve")
        assert is_ephemeral(answer) and "approved by Member9" in text_of(answer)
        await run.tick()  # the cards are edited through the outbox
        assert card["components"] == [] and "approved by Member9" in text_of(card)
        assert len(card["attachments"]) == 1  # the edited card keeps its photo

    ask = await press(emulator, MODERATOR, cards[3], "❌ Reject")
    assert is_ephemeral(ask) and text_of(ask).startswith("Why reject entry #4?")
    answer = await press(emulator, MODERATOR, ask, "Picture quality too low")
    assert "rejected by Member9" in text_of(answer)
    await run.tick()
    assert cards[3]["components"] == [] and "rejected by Member9" in text_of(cards[3])

    # ── publication, and each author told in a DM in their language ──
    await run.tick()
    published = posts_in(emulator, p.CHANNEL_ID, "#")
    assert len(published) == 3
    assert all(len(m["attachments"]) == 1 for m in published)
    assert [label for label, _ in buttons_of(published[0])] == ["👍 Vote", "⚑ Report"]
    assert any("is approved and published" in t for t in dms_to(emulator, ANA))
    [note] = dms_to(emulator, DAN)
    assert note.startswith("Votre participation n°\u00a04")
    assert "Qualité d’image insuffisante" in note

    # ── voting: a self-vote, a double vote and an outsider refused ──
    first = published[0]
    assert text_of(await press(emulator, ANA, first, "👍 Vote")) == (
        "You cannot vote for your own entry."
    )
    assert "recorded" in text_of(await press(emulator, CAL, first, "👍 Vote"))
    assert text_of(await press(emulator, CAL, first, "👍 Vote")) == (
        "You have already voted for entry #1."
    )
    assert text_of(await press(emulator, OUTSIDER, first, "👍 Vote")) == (
        "This contest is for members with the required role."
    )
    members = (ANA, BEA, CAL, DAN, EVE, FLO)
    for member, index in BALLOTS:
        await press(emulator, members[member], published[index], "👍 Vote")
    await check_tally(run.runtime.db)

    # ── the close: results once with the first winner's photo, winner cards, DMs ──
    run.clock.advance(timedelta(days=7, minutes=1))
    await run.tick()
    await run.tick()
    [results] = posts_in(emulator, p.CHANNEL_ID, "🏆 Results")
    assert len(results["attachments"]) == 1 and "A year of ice cream" in text_of(results)
    assert len(posts_in(emulator, p.CHANNEL_ID, "🏆 Prize")) == 2
    assert any(t.startswith("Congratulations! You won prize #1") for t in dms_to(emulator, ANA))
    assert any(t.startswith("Félicitations") for t in dms_to(emulator, BEA))

    await check_outcome(run.runtime.db)


async def test_member_roles_are_read_from_the_interaction(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await start_contest(emulator, start_discord)
    member = member_json(5, roles=(p.CONTESTANT_ROLE_ID, p.MODERATOR_ROLE_ID))
    record = await submit_photo(emulator, member, "p.jpg", photo(5))
    await record.answer()

    here = Chat("discord", p.CHANNEL_ID)
    who = Member("discord", user_id(member), "Member5")
    assert await run.adapter.member_roles(here, who) == {p.CONTESTANT_ROLE_ID, p.MODERATOR_ROLE_ID}
    assert await run.adapter.member_roles(Chat("discord", "1", private=True), who) == set()
    assert await run.adapter.member_roles(here, Member("discord", "42", "Nobody")) == set()
    assert isinstance(run.adapter, RoleTeller)
