"""A photo contest's ``/submit`` on Discord: the ATTACHMENT option through to the media store."""

from __future__ import annotations

import io

from PIL import Image

from campaigns import parse_config
from storage.contest.entries import get_entry
from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import DiscordRun, StartDiscord
from tests.adapters.discord.emulator import DiscordEmulator, Interaction
from tests.adapters.discord.helpers import is_ephemeral, member_json, submit_photo, text_of

CONTEST = """
[bot]
locale = "en"
timezone = "Europe/Paris"

[[campaigns]]
id = "summer"
kind = "contest"
title = "Summer photos"
channels = ["discord:{channel}"]
duration = "7d"

[campaigns.contest]
moderation = "post"
max_size_mb = 1

[discord]
guild_ids = ["{guild}"]
api_base_url = "{api}"
gateway_url = "{gateway}"
"""


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, format="JPEG")
    return out.getvalue()


async def submit(
    emulator: DiscordEmulator, name: str, data: bytes, content_type: str, *, claimed: int
) -> Interaction:
    return await submit_photo(
        emulator, member_json(1), name, data, content_type=content_type, claimed=claimed
    )


async def started(emulator: DiscordEmulator, start_discord: StartDiscord) -> DiscordRun:
    text = CONTEST.format(
        channel=p.CHANNEL_ID, guild=p.GUILD_ID, api=emulator.api_url, gateway=emulator.gateway_url
    )
    return await start_discord(parse_config(text))


async def test_a_photo_submitted_with_submit_is_stored(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await started(emulator, start_discord)
    photo = jpeg()
    record = await submit(emulator, "beach.jpg", photo, "image/jpeg", claimed=len(photo))
    answer = await record.answer()
    assert "Your entry #1 to “Summer photos” is published" in text_of(answer)
    assert is_ephemeral(answer)
    entry = await get_entry(run.runtime.db, 1)
    assert entry is not None and entry.title == "Beach at dawn" and entry.media_path


async def test_a_file_that_is_not_a_picture_gets_a_clear_private_answer(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await started(emulator, start_discord)
    record = await submit(emulator, "notes.txt", b"hello", "text/plain", claimed=5)
    answer = await record.answer()
    assert text_of(answer).startswith("This file is not a picture we accept.")
    assert is_ephemeral(answer)
    assert await get_entry(run.runtime.db, 1) is None


async def test_a_too_large_file_gets_a_clear_private_answer_claimed_or_real(
    emulator: DiscordEmulator, start_discord: StartDiscord
) -> None:
    run = await started(emulator, start_discord)
    big = jpeg() + b"\0" * 1_200_000
    claimed = await submit(emulator, "big.jpg", big, "image/jpeg", claimed=len(big))
    assert text_of(await claimed.answer()) == "This file is too large: 1 MB at most."
    assert "big.jpg" not in emulator.downloads  # refused on the size Discord reports
    lying = await submit(emulator, "lie.jpg", big, "image/jpeg", claimed=1000)
    answer = await lying.answer()
    assert text_of(answer) == "This file is too large: 1 MB at most."
    assert "lie.jpg" in emulator.downloads  # fetched, and stopped at the limit
    assert is_ephemeral(answer)
    assert await get_entry(run.runtime.db, 1) is None
