"""Small readers of what the emulator recorded, so tests read like the behaviour they check."""

from __future__ import annotations

from typing import Any

from tests.adapters.discord import payloads as p
from tests.adapters.discord.emulator import DiscordEmulator, Interaction

Json = dict[str, Any]


def text_of(message: Json) -> str:
    """What a member reads: the content, else the embed's description."""
    if message.get("content"):
        return str(message["content"])
    return "\n".join(str(e.get("description", "")) for e in message.get("embeds", []))


def buttons_of(message: Json) -> list[tuple[str, str]]:
    """``(label, custom_id)`` of every button of a message, in order."""
    return [
        (str(b["label"]), str(b["custom_id"]))
        for row in message["components"]
        for b in row["components"]
    ]


def is_ephemeral(message: Json) -> bool:
    return bool(int(message.get("flags", 0)) & p.EPHEMERAL)


def member_json(number: int, **kwargs: Any) -> Json:
    """Member ``number`` of the test server (ids 3000…)."""
    return p.member(f"3{number:017d}", f"Member{number}", **kwargs)


async def submit_photo(
    emulator: DiscordEmulator,
    member: Json,
    name: str,
    data: bytes,
    *,
    title: str = "Beach at dawn",
    content_type: str = "image/jpeg",
    claimed: int | None = None,
    locale: str = "en-US",
) -> Interaction:
    """``member`` runs ``/submit`` with ``data`` uploaded as ``name`` (Discord claims
    ``claimed`` bytes, the real size by default) and a title."""
    url = emulator.add_file(name, data)
    attachment_id = p.snowflake()
    options = [
        {"type": 11, "name": "photo", "value": attachment_id},
        {"type": 3, "name": "title", "value": title},
    ]
    size = len(data) if claimed is None else claimed
    resolved = {
        "attachments": {attachment_id: p.attachment(attachment_id, name, size, url, content_type)}
    }
    command = p.command_data("submit", options, resolved=resolved)
    return await emulator.interact(p.interaction(2, command, member, locale=locale))
