"""Alerts for a campaign's moderators, posted in its ``moderators_channel``.

Chorus tells moderators what they must know and cannot see from the community side: a
channel where the bot cannot post (the platform refused for good, or the outbox gave up), a
platform that keeps failing, a fraud signal. Each alert goes through the outbox with a key
made from what it is about, so the same alert is posted once however often it is raised. A
campaign without a moderators' channel gets its alerts in the log only.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

from bot.config.model import CampaignConfig
from bot.engine.runtime import Runtime
from bot.model.actions import Message
from storage.delivery.outbox import OutboxItem, post_once

log = logging.getLogger(__name__)

#: Outbox kinds of alerts start with this, so a failing alert never raises another one.
ALERT_KIND = "alert-"


def moderators_channel(campaign: CampaignConfig) -> str | None:
    """Where the campaign's alerts go (``platform:channel-id``), if it has such a channel."""
    return campaign.moderators_place()


def alert_kind(about: str) -> str:
    """The outbox kind of the alert ``about`` (a stable description of what it is about)."""
    return ALERT_KIND + hashlib.sha256(about.encode()).hexdigest()[:24]


async def alert(
    runtime: Runtime,
    campaigns: Iterable[CampaignConfig],
    about: str,
    key: str,
    **params: object,
) -> int:
    """Queue the alert ``key`` (a catalog key) once per campaign's moderators' channel.

    ``about`` identifies the alert: raising it again with the same ``about`` posts nothing new.
    Returns how many campaigns have a channel to receive it. Text parameters (often an
    SDK's error message) are redacted: a token never reaches a channel.
    """
    params = {k: runtime.redactor.redact(v) if isinstance(v, str) else v for k, v in params.items()}
    items = []
    for campaign in campaigns:
        channel = moderators_channel(campaign)
        if channel is None:
            log.info("alert for %s (no moderators_channel): %s", campaign.id, about)
            continue
        t = runtime.translator(campaign)
        text = t(key, campaign=campaign.title, **params)
        items.append(
            OutboxItem(None, alert_kind(f"{campaign.id}:{about}"), channel, Message(text).to_dict())
        )
    if items:
        await post_once(runtime.db, items, runtime.clock.now())
    return len(items)


def campaigns_on(runtime: Runtime, channel: str) -> list[CampaignConfig]:
    """Enabled campaigns posting in ``channel`` (``platform:id``)."""
    return runtime.campaigns_in(channel)


def campaigns_on_platform(runtime: Runtime, platform: str) -> list[CampaignConfig]:
    """Enabled campaigns with at least one channel on ``platform``."""
    return [
        c for c in runtime.campaigns() if any(ch.startswith(f"{platform}:") for ch in c.channels)
    ]
