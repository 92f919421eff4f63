"""One permission model for every platform: member, moderator, owner.

A member's role in a campaign is the highest of:

- **owner**: listed in ``[bot] owners`` or the campaign's ``owners`` (the brand);
- **moderator**: listed in ``[bot] moderators`` or the campaign's ``moderators``, or an
  administrator, according to the platform, of a community where the campaign runs
  (Telegram chat administrators — anonymous ones included — of a group that is one of its
  channels, Discord members with Manage Server or a listed role in a server holding one of
  its channels, Slack workspace admins and owners where it has a Slack channel);
- **member**: everyone else.

Administering *some* chat where the bot is present is not enough: the admin of another group
would otherwise pause, announce in or export a campaign that does not run there. A campaign's
communities are those of its ``channels``, asked from the adapter of the event's platform. A
moderators' channel elsewhere (a staff group, another server) gives its administrators no
right: list the people who review there in ``moderators``. Without a campaign (the help
text), administering a community where any campaign runs is enough.

Every moderator action checks the role on our side, whatever the platform's own menus let
through; a refusal names the right that is missing.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from bot.config.model import CampaignConfig
from bot.model.errors import NotAllowed
from bot.model.events import Chat, Event

if TYPE_CHECKING:
    from adapters.base import Adapter
    from bot.engine.runtime import Runtime


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
    if adapter is not None and await _administers(runtime, adapter, event, campaign):
        return Role.MODERATOR
    return Role.MEMBER


async def _administers(
    runtime: Runtime, adapter: Adapter, event: Event, campaign: CampaignConfig | None
) -> bool:
    """Whether the author administers, on the event's platform, a community where
    ``campaign`` (any campaign when None) runs."""
    here = await adapter.community(event.chat)
    if here is None:
        return False
    campaigns = [campaign] if campaign is not None else runtime.campaigns()
    chats = {chat for c in campaigns for chat in _chats_of(c, event.platform)}
    for chat in chats:
        if await adapter.community(chat) == here:
            return await adapter.is_admin(event.chat, event.user)
    return False


def _chats_of(campaign: CampaignConfig, platform: str) -> list[Chat]:
    """The campaign's channels on ``platform``."""
    found = (ref.partition(":") for ref in campaign.channels)
    return [Chat(p, ident) for p, _, ident in found if p == platform]


async def require(
    runtime: Runtime, event: Event, campaign: CampaignConfig | None, needed: Role
) -> None:
    """Raise :class:`NotAllowed`, naming the missing right, unless the author has ``needed``."""
    if needed is Role.MEMBER:
        return
    if await role_of(runtime, event, campaign) < needed:
        raise NotAllowed(_REFUSALS[needed])
