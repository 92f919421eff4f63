"""The Slack app manifest that ``chorus slack manifest`` prints.

Pasted into "Create an app → From a manifest", it declares the bot user, the one ``/chorus``
slash command (its usage hint lists the sub-commands that run on Slack), the scopes
Chorus uses, the events it reads, interactivity, and Socket Mode on or off as ``[slack] mode``
says — or HTTP mode whenever a ``request_url`` is given: every request URL is then
``request_url`` (your public base URL + ``path``). HTTP mode without a URL is refused, never
filled with a placeholder.
No SDK is imported here.
"""

from __future__ import annotations

from typing import Any

from adapters.slack.translate import COMMAND
from bot.config.platforms import SlackSettings
from bot.engine.command_specs import CommandSpec
from bot.engine.i18n import Translator

#: Bot scopes, each for what Chorus does with it.
SCOPES = (
    "commands",  # /chorus
    "chat:write",  # posts, replies, ephemeral confirmations, edits
    "chat:write.public",  # post in public channels without being invited first
    "files:write",  # result charts (files upload v2)
    "files:read",  # photos members submit through the form
    "users:read",  # admin/owner flag and language of a member
    "channels:read",  # members of a public campaign channel (private votes, accept_private)
    "groups:read",  # members of a private campaign channel (the same)
    "im:write",  # open a direct message to a member
    "im:history",  # read direct messages sent to Chorus
    "app_mentions:read",  # messages that mention Chorus
)
EVENTS = ("app_mention", "message.im")


def usage_hint(commands: tuple[CommandSpec, ...]) -> str:
    """``help | results [campaign] | idea [campaign] <text> | …`` from the command specs."""
    parts = []
    for command in commands:
        params = [
            (f"<{p.name}>" if p.required else f"[{p.name}]")
            for p in command.params
            if p.kind == "text"
        ]
        parts.append(" ".join([command.name, *params]))
    return " | ".join(parts)[:1000]


def app_manifest(
    settings: SlackSettings,
    t: Translator,
    *,
    name: str = "Chorus",
    request_url: str | None = None,
    commands: tuple[CommandSpec, ...] = (),
) -> dict[str, Any]:
    """The manifest as a dict ready for JSON; the slash command's usage hint lists
    ``commands`` (those of the kinds with a campaign on Slack).

    Raises:
        ValueError: HTTP mode (``[slack] mode = "http"``) without a ``request_url``.
    """
    socket = settings.mode == "socket" and request_url is None
    if not socket and request_url is None:
        raise ValueError("HTTP mode needs the request URL Slack posts to")
    url = request_url or ""
    command: dict[str, Any] = {
        "command": COMMAND,
        "description": t("slack.manifest.command")[:100],
        "usage_hint": usage_hint(commands),
        "should_escape": False,
    }
    events: dict[str, Any] = {"bot_events": list(EVENTS)}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if not socket:
        command["url"] = url
        events["request_url"] = url
        interactivity["request_url"] = url
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": name,
            "description": t("slack.manifest.description")[:140],
        },
        "features": {
            "app_home": {"messages_tab_enabled": True, "messages_tab_read_only_enabled": False},
            "bot_user": {"display_name": name, "always_online": True},
            "slash_commands": [command],
        },
        "oauth_config": {"scopes": {"bot": list(SCOPES)}},
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": socket,
            "token_rotation_enabled": False,
        },
    }
