"""A config as it stands after chats moved under it (a Telegram group upgraded to a supergroup
gets a new id): the same campaigns, with each moved channel — in ``channels`` and
``moderators_channel``, the campaign's and the kind section's — replaced by where it is now.

The file keeps the old id until a moderator edits it; the running process follows the chat
meanwhile, and says at start which ids the file should change.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.config.campaign import CampaignConfig
from bot.config.model import Config


def follow(moves: Mapping[str, str], channel: str) -> str:
    """Where ``channel`` is now, following moves one after the other (a chat may move twice)."""
    seen = {channel}
    while (channel := moves.get(channel, channel)) not in seen:
        seen.add(channel)
    return channel


def with_moves(config: Config, moves: Mapping[str, str]) -> Config:
    """``config`` with every moved channel replaced by where it is now."""
    if not moves:
        return config
    campaigns = [_moved(campaign, moves) for campaign in config.campaigns]
    return config.model_copy(update={"campaigns": campaigns})


def stale_channels(config: Config, moves: Mapping[str, str]) -> list[tuple[str, str]]:
    """``(old, new)`` for each channel the file still names by an id that moved."""
    named = {
        channel
        for campaign in config.campaigns
        for channel in (*campaign.channels, campaign.moderators_place())
        if channel is not None
    }
    return [(old, follow(moves, old)) for old in sorted(named) if old in moves]


def _moved(campaign: CampaignConfig, moves: Mapping[str, str]) -> CampaignConfig:
    update: dict[str, object] = {
        "channels": list(dict.fromkeys(follow(moves, c) for c in campaign.channels))
    }
    if campaign.moderators_channel is not None:
        update["moderators_channel"] = follow(moves, campaign.moderators_channel)
    section = campaign.section
    channel = getattr(section, "moderators_channel", None)
    if section is not None and isinstance(channel, str):
        moved = section.model_copy(update={"moderators_channel": follow(moves, channel)})
        update[campaign.kind] = moved
    return campaign.model_copy(update=update)
