"""Private messages the platform refuses until the member opens the way for them.

Telegram refuses a bot's private message to anyone who never started it (or blocked it),
Discord to a member whose direct messages are closed. Such a message is parked, not retried
nor given up (:mod:`storage.delivery.outbox_parking`), and the member is told in the chat
where they are — the chat they asked from (``/mydata``, ``/export``), else the first chat of
the campaign on their platform — how to open the way: on Telegram a link that starts the bot.
Once they show up (anything they send in a private chat with the bot, or any command they
use, since on Discord opening one's direct messages is a setting the bot never hears of),
what was parked for them is due again at once.
"""

from __future__ import annotations

import logging

from adapters.base import PrivateInvitation
from bot.config.model import CampaignConfig
from bot.engine.i18n import defuse
from bot.engine.places import DIRECT
from bot.engine.runtime import Runtime
from bot.model.actions import Message
from bot.model.events import CommandInvoked, Event
from storage.delivery.outbox import NEAR, OutboxItem, PendingMessage
from storage.delivery.outbox_parking import first_parked, park, release_parked
from storage.participants import known_member
from storage.rounds import get_round

log = logging.getLogger(__name__)

#: The payload of the Telegram link: ``/start inbox`` (any private message releases too).
TOKEN = "inbox"
NOTICE = "reach.notice"


async def park_refused(runtime: Runtime, row: PendingMessage, reason: str) -> None:
    """Park the private message ``row`` and tell its member where they are, once per
    parking (the notice is keyed by the first message parked for them)."""
    first = await first_parked(runtime.db, row.channel)
    notice = await _notice(runtime, row, first if first is not None else row.id)
    if not await park(runtime.db, row.id, f"parked: {reason}", notice, runtime.clock.now()):
        log.warning("%s was parked after another process took its claim over", row.key)


async def release_for(runtime: Runtime, event: Event) -> int:
    """The member of ``event`` showed up: make what was parked for them due now (only for
    a private message or a command, and only when something waits: a read costs little)."""
    if not (event.chat.private or isinstance(event, CommandInvoked)):
        return 0
    channel = event.user.private_channel
    if await first_parked(runtime.db, channel) is None:
        return 0
    released = await release_parked(runtime.db, channel, runtime.clock.now())
    log.info("%d private message(s) released for %s", released, event.user.key)
    return released


async def _notice(runtime: Runtime, row: PendingMessage, first: int) -> OutboxItem | None:
    platform, _, rest = row.channel.partition(":")
    user_id = rest.removeprefix(f"{DIRECT}:")
    where, campaign = await _where(runtime, row, platform)
    if where is None:
        log.info("%s refused privately and no chat to tell them in", row.channel)
        return None
    member = await known_member(runtime.db, platform, user_id)
    near = row.payload.get(NEAR)
    named = str(near[1]) if isinstance(near, list) and len(near) == 2 else ""
    t = runtime.translator(campaign, member.locale if member is not None else None)
    adapter = runtime.adapters.get(platform)
    link = adapter.invitation(TOKEN) if isinstance(adapter, PrivateInvitation) else None
    own = f"{NOTICE}.{platform}"
    key = f"{NOTICE}.link" if link else own if own in runtime.catalogs.keys("en") else NOTICE
    name = defuse(member.name if member is not None else named)
    text = t(key, member=name or t("reach.someone"), link=link or "")
    return OutboxItem(None, f"reach-{first}", where, Message(text).to_dict())


async def _where(
    runtime: Runtime, row: PendingMessage, platform: str
) -> tuple[str | None, CampaignConfig | None]:
    """The chat to tell the member in, and the campaign the message is about (if known)."""
    campaign = None
    if row.round_id is not None and (round_ := await get_round(runtime.db, row.round_id)):
        campaign = runtime.campaign(round_.campaign_id)
    near = row.payload.get(NEAR)
    chat = str(near[0]) if isinstance(near, list) and near else ""
    if chat.startswith(f"{platform}:"):
        here = runtime.campaigns_in(chat)
        return chat, campaign or (here[0] if here else None)
    if campaign is not None and (channels := campaign.channels_on(platform)):
        return f"{platform}:{channels[0]}", campaign
    return None, campaign
