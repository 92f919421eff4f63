"""One permission model for every platform: member, moderator, owner.

A member's role in a campaign is the highest of:

- **owner**: listed in ``[bot] owners`` or the campaign's ``owners`` (the brand);
- **moderator**: listed in ``[bot] moderators`` or the campaign's ``moderators``, or an
  administrator of the chat according to the platform (Telegram chat administrators, Slack
  workspace admins and owners, Discord members with Manage Server or a listed role);
- **member**: everyone else.

Every moderator action checks the role on our side, whatever the platform's own menus let
through; a refusal names the right that is missing.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from bot.config import CampaignConfig
from bot.errors import NotAllowed
from bot.events import Event

if TYPE_CHECKING:
    from bot.runtime import Runtime


class Role(IntEnum):
    """Ordered roles: a higher role has every right of the lower ones."""

    MEMBER = 0
    MODERATOR = 1
    OWNER = 2


_REFUSALS = {Role.MODERATOR: "error.not_moderator", Role.OWNER: "error.not_owner"}


async def role_of(runtime: Runtime, event: Event, campaign: CampaignConfig | None) -> Role:
    """The role of the event's author in ``campaign`` (bot-wide lists when None)."""
    bot = runtime.config.bot
    key = event.user.key
    if key in bot.owners or (campaign is not None and key in campaign.owners):
        return Role.OWNER
    if key in bot.moderators or (campaign is not None and key in campaign.moderators):
        return Role.MODERATOR
    adapter = runtime.adapters.get(event.platform)
    if adapter is not None and await adapter.is_admin(event.chat, event.user):
        return Role.MODERATOR
    return Role.MEMBER


async def require(
    runtime: Runtime, event: Event, campaign: CampaignConfig | None, needed: Role
) -> None:
    """Raise :class:`NotAllowed`, naming the missing right, unless the author has ``needed``."""
    if needed is Role.MEMBER:
        return
    if await role_of(runtime, event, campaign) < needed:
        raise NotAllowed(_REFUSALS[needed])
