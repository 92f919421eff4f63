"""The OAuth2 URL that adds Chorus to a server, with exactly what the adapter uses.

Scopes: ``bot`` (post, edit, DM) and ``applications.commands`` (slash commands). Permissions:
see channels, send messages, embed links (results, entries), attach files (charts, photos).
No message-content intent, no member list, no administrator.
"""

from __future__ import annotations

import discord

SCOPES = ("bot", "applications.commands")
PERMISSIONS = discord.Permissions(
    view_channel=True, send_messages=True, embed_links=True, attach_files=True
)


def invite_url(application_id: str | int) -> str:
    """The authorisation URL for the application ``application_id``."""
    return discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES)
