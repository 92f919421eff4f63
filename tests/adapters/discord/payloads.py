"""Discord payload builders for the emulator and the tests, in one place.

Each builder returns the JSON shape Discord sends, with the fields discord.py 2.7 reads
(``attachment_size_limit`` on interactions, ``resume_gateway_url`` in READY, …).
"""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime
from typing import Any

Json = dict[str, Any]

APPLICATION_ID = "900000000000000001"
BOT_ID = APPLICATION_ID
GUILD_ID = "800000000000000001"
CHANNEL_ID = "700000000000000001"
OTHER_CHANNEL_ID = "700000000000000002"
#: Another server, where the bot is not: a member's interaction there says who administers it.
OTHER_GUILD_ID = "800000000000000002"
FOREIGN_CHANNEL_ID = "700000000000000009"
EPHEMERAL = 1 << 6
MANAGE_GUILD = 1 << 5
#: What a plain member may do in a channel: view, send, embed, attach, read history.
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16)
UPLOAD_LIMIT = 10 * 1024 * 1024

_DISCORD_EPOCH_MS = 1_420_070_400_000
_counter = itertools.count(1)


def snowflake() -> str:
    """A fresh, increasing snowflake id."""
    ms = int(time.time() * 1000) - _DISCORD_EPOCH_MS
    return str((ms << 22) | (next(_counter) & 0x3FFFFF))


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def user(user_id: str, name: str, *, bot: bool = False) -> Json:
    return {
        "id": user_id,
        "username": name.lower(),
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


BOT_USER = user(BOT_ID, "Chorus", bot=True)


def application() -> Json:
    return {
        "id": APPLICATION_ID,
        "name": "Chorus",
        "icon": None,
        "description": "Participative marketing",
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "owner": user("100000000000000001", "Owner"),
        "flags": 0,
        "team": None,
        "summary": "",
        "interactions_endpoint_url": None,
    }


def channel(channel_id: str = CHANNEL_ID, name: str = "general", guild_id: str = GUILD_ID) -> Json:
    return {
        "id": channel_id,
        "type": 0,
        "guild_id": guild_id,
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
    }


MODERATOR_ROLE_ID = "600000000000000002"
CONTESTANT_ROLE_ID = "600000000000000003"


def role(role_id: str, name: str, permissions: int) -> Json:
    return {
        "id": role_id,
        "name": name,
        "color": 0,
        "hoist": False,
        "position": 0 if role_id == GUILD_ID else 1,
        "permissions": str(permissions),
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def guild(guild_id: str = GUILD_ID, channels: list[Json] | None = None) -> Json:
    """A server (the test server unless told), with its channels."""
    if channels is None:
        channels = [channel(), channel(OTHER_CHANNEL_ID, "contests")]
    return {
        "id": guild_id,
        "name": "Brand community",
        "icon": None,
        "owner_id": "100000000000000001",
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [
            role(guild_id, "@everyone", MEMBER_PERMISSIONS),
            role(MODERATOR_ROLE_ID, "Community team", MEMBER_PERMISSIONS),
            role(CONTESTANT_ROLE_ID, "Contestants", MEMBER_PERMISSIONS),
        ],
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "vanity_url_code": None,
        "description": None,
        "banner": None,
        "premium_tier": 0,
        "preferred_locale": "fr",
        "public_updates_channel_id": None,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
        "unavailable": False,
        "member_count": 2,
        "large": False,
        "joined_at": now_iso(),
        "members": [],
        "channels": channels,
        "threads": [],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def ready(session_id: str, resume_url: str, shard: list[int] | None) -> Json:
    data: Json = {
        "v": 10,
        "user": BOT_USER,
        "guilds": [{"id": GUILD_ID, "unavailable": True}],
        "session_id": session_id,
        "resume_gateway_url": resume_url,
        "application": {"id": APPLICATION_ID, "flags": 0},
        "private_channels": [],
    }
    if shard is not None:
        data["shard"] = shard
    return data


def member(
    user_id: str, name: str, *, permissions: int = MEMBER_PERMISSIONS, roles: tuple[str, ...] = ()
) -> Json:
    return {
        "user": user(user_id, name),
        "roles": list(roles),
        "nick": None,
        "avatar": None,
        "joined_at": now_iso(),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
        "permissions": str(permissions),
    }


def interaction(
    kind: int,
    data: Json,
    member_json: Json,
    *,
    locale: str = "en-US",
    channel_id: str = CHANNEL_ID,
    message: Json | None = None,
    guild_id: str = GUILD_ID,
) -> Json:
    """An INTERACTION_CREATE payload in a guild channel."""
    payload: Json = {
        "id": snowflake(),
        "application_id": APPLICATION_ID,
        "type": kind,
        "token": f"tok-{snowflake()}",
        "version": 1,
        "guild_id": guild_id,
        "guild": {"id": guild_id, "locale": "fr", "features": []},
        "channel_id": channel_id,
        "channel": channel(channel_id, guild_id=guild_id),
        "member": member_json,
        "locale": locale,
        "guild_locale": "fr",
        "app_permissions": str(MEMBER_PERMISSIONS),
        "entitlements": [],
        "authorizing_integration_owners": {"0": guild_id},
        "context": 0,
        "attachment_size_limit": UPLOAD_LIMIT,
        "data": data,
    }
    if message is not None:
        payload["message"] = message
    return payload


def dm_interaction(kind: int, data: Json, user_json: Json, *, locale: str = "en-US") -> Json:
    """An INTERACTION_CREATE payload in the member's DM with the bot: no server, no member,
    the ``user`` alone; the command's ``data`` carries no ``guild_id`` either."""
    channel_id = f"5{int(user_json['id']) % 10**17:017d}"
    return {
        "id": snowflake(),
        "application_id": APPLICATION_ID,
        "type": kind,
        "token": f"tok-{snowflake()}",
        "version": 1,
        "channel_id": channel_id,
        "channel": {"id": channel_id, "type": 1, "last_message_id": None, "flags": 0},
        "user": user_json,
        "locale": locale,
        "app_permissions": str(MEMBER_PERMISSIONS),
        "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD_ID},
        "context": 1,
        "attachment_size_limit": UPLOAD_LIMIT,
        "data": {k: v for k, v in data.items() if k != "guild_id"},
    }


def command_data(
    name: str,
    options: list[Json] | None = None,
    *,
    sub: str | None = None,
    resolved: Json | None = None,
) -> Json:
    """``data`` of an application command; ``sub`` wraps ``options`` in a sub-command."""
    opts = options or []
    if sub is not None:
        opts = [{"type": 1, "name": sub, "options": opts}]
    data: Json = {"id": snowflake(), "name": name, "type": 1, "options": opts}
    data["guild_id"] = GUILD_ID
    if resolved:
        data["resolved"] = resolved
    return data


def attachment(attachment_id: str, filename: str, size: int, url: str, content_type: str) -> Json:
    return {
        "id": attachment_id,
        "filename": filename,
        "size": size,
        "url": url,
        "proxy_url": url,
        "content_type": content_type,
    }


def message(
    message_id: str,
    channel_id: str,
    body: Json,
    *,
    attachments: list[Json] | None = None,
    flags: int = 0,
    author: Json | None = None,
) -> Json:
    """A message as Discord returns it, from what the bot sent (``body``)."""
    return {
        "id": message_id,
        "channel_id": channel_id,
        "author": author or BOT_USER,
        "content": body.get("content") or "",
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": attachments or [],
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "pinned": False,
        "type": 0,
        "flags": flags,
    }
