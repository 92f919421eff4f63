"""Moderator verbs shared by every kind and platform: ``/ban``, ``/unban``, ``/announce``.

``/ban <member> [campaign] <reason>`` keeps a member out of a campaign: their participation is
refused with the reason, their votes stop counting in tallies and exports, their entries are
hidden. ``/unban`` lifts it. ``/announce [campaign] <text>`` posts a message on every channel
of the campaign through the outbox. Moderators (and owners) may use them; each is checked on
our side and written to the audit log with who, when, before and after.

A member is named ``platform:user-id`` (``telegram:12345``), or by a mention the platform
puts in the text (``<@U123|ana>`` on Slack, ``<@123>`` on Discord, a known ``@username`` on
Telegram), which names a member of the platform the command came from, or — where the platform
has replies — by replying to one of their messages (``/ban spam`` on Telegram). The usage
texts are worded for each platform (catalog contexts) and offer only what works there.
"""

from __future__ import annotations

import contextlib
import hashlib
import re

from bot.config.model import CampaignConfig
from bot.engine.command_specs import CAMPAIGN, MEMBER, CommandSpec, Param
from bot.engine.context import Context
from bot.engine.i18n import defuse
from bot.engine.routes import Route, command
from bot.engine.runtime import Runtime
from bot.model.actions import Message
from bot.model.errors import BadInput, NotFound
from bot.model.events import CommandInvoked, Event
from storage.delivery.outbox import OutboxItem, post_once
from storage.moderation import bans
from storage.moderation.audit import record_action
from storage.participants import known_member
from storage.rounds import latest_round

MENTION = re.compile(r"^<@!?([A-Za-z0-9_.\-]{1,64})(?:\|([^>]*))?>$")
MEMBER_KEY = re.compile(r"^([a-z]{2,16}):([^\s:]{1,64})$")


BAN = CommandSpec(
    "ban", moderator=True, params=(CAMPAIGN, MEMBER, Param("reason", required=True, rest=True))
)
UNBAN = CommandSpec("unban", moderator=True, params=(CAMPAIGN, MEMBER))
ANNOUNCE = CommandSpec(
    "announce", moderator=True, params=(CAMPAIGN, Param("message", required=True, rest=True))
)


def moderation_routes() -> list[Route]:
    """The routes of the moderator verbs of this module."""
    return [
        command(BAN, _ban),
        command(UNBAN, _unban),
        command(ANNOUNCE, _announce),
    ]


def parse_member(text: str, platform: str) -> str | None:
    """``platform:user-id`` for a typed key or a platform mention; None when it is neither."""
    text = text.strip()
    if mention := MENTION.match(text):
        return f"{platform}:{mention.group(1)}"
    if MEMBER_KEY.match(text):
        return text
    return None


async def shown_member(runtime: Runtime, text: str, key: str) -> str:
    """How a confirmation names the member: ``@ana`` for a mention that carries a name (Slack
    gives one), else their name as last seen, else the key as typed (a member never seen)."""
    mention = MENTION.match(text.strip())
    label = mention.group(2).strip() if mention and mention.group(2) else ""
    if label:
        return defuse(f"@{label.lstrip('@')}")
    platform, _, user_id = key.partition(":")
    known = await known_member(runtime.db, platform, user_id)
    return defuse(known.name) if known is not None else key


def _args(event: Event) -> list[str]:
    return [a for a in (event.args if isinstance(event, CommandInvoked) else ()) if a.strip()]


async def _member_and_campaign(
    ctx: Context, usage: str
) -> tuple[CampaignConfig, str, str, list[str]]:
    """The campaign (first or after the member, else the chat's), the member (its key and how
    confirmations name it), the rest. The member is typed, mentioned, or the author of the
    message the command replies to (where the platform has replies)."""
    args = _args(ctx.event)
    campaign_id = args.pop(0) if args and ctx.runtime.campaign(args[0]) is not None else None
    replied = ctx.event.replied_to if isinstance(ctx.event, CommandInvoked) else None
    typed = args[0] if args else ""
    member = parse_member(typed, ctx.event.platform)
    if member is not None:
        args.pop(0)
        shown = await shown_member(ctx.runtime, typed, member)
    elif replied is not None and not replied.anonymous:
        member, shown = replied.key, defuse(replied.name)
    else:  # a member who may not ban is told so, not how to write the command
        with contextlib.suppress(NotFound):
            await ctx.require_moderator(ctx.campaign(campaign_id))
        raise BadInput(usage)
    if campaign_id is None and args and ctx.runtime.campaign(args[0]) is not None:
        campaign_id = args.pop(0)
    return ctx.campaign(campaign_id), member, shown, args


async def _ban(event: Event, ctx: Context) -> None:
    campaign, member, shown, rest = await _member_and_campaign(ctx, "moderation.ban.usage")
    await ctx.require_moderator(campaign)
    reason = " ".join(rest).strip()
    if not reason:
        raise BadInput("moderation.ban.usage")
    if member == event.user.key:
        raise BadInput("moderation.ban.self")
    request = f"{event.platform}:{event.delivery_id}"
    if not await ban_member(ctx.runtime, campaign, member, reason, event.user.key, request):
        raise BadInput("moderation.ban.already", member=shown, campaign=campaign.title)
    await ctx.reply(ctx.t("moderation.ban.done", member=shown, campaign=campaign.title))


async def ban_member(
    runtime: Runtime,
    campaign: CampaignConfig,
    member: str,
    reason: str,
    actor: str,
    request: str,
) -> bool:
    """Ban ``member`` (``platform:user-id``) from the campaign, as ``/ban`` does: the ban and
    its audit entry (``actor``), the live standing refreshed, and the member told privately in
    their own language as last seen, else the campaign's (one outbox row per ``request``, the
    command's delivery or the page's form). False when they were banned already (nobody is
    told twice)."""
    now = runtime.clock.now()
    done = await bans.ban(runtime.db, campaign.id, member, reason[:500], actor, now)
    await runtime.bans_changed(campaign.id)
    if not done:
        return False
    await _touch(runtime, campaign)
    platform, _, user_id = member.partition(":")
    known = await known_member(runtime.db, platform, user_id)
    t = runtime.translator(campaign, known.locale if known is not None else None)
    notice = t("moderation.banned", campaign=campaign.title, reason=reason)
    key = hashlib.sha256(request.encode()).hexdigest()[:20]
    await post_once(
        runtime.db,
        [OutboxItem(None, f"ban-{key}", f"{platform}:dm:{user_id}", Message(notice).to_dict())],
        now,
    )
    return True


async def _unban(event: Event, ctx: Context) -> None:
    campaign, member, shown, _ = await _member_and_campaign(ctx, "moderation.unban.usage")
    await ctx.require_moderator(campaign)
    now = ctx.runtime.clock.now()
    done = await bans.unban(ctx.runtime.db, campaign.id, member, event.user.key, now)
    await ctx.runtime.bans_changed(campaign.id)
    if not done:
        raise NotFound("moderation.unban.not_banned", member=shown, campaign=campaign.title)
    await _touch(ctx.runtime, campaign)
    await ctx.reply(ctx.t("moderation.unban.done", member=shown, campaign=campaign.title))


async def _touch(runtime: Runtime, campaign: CampaignConfig) -> None:
    """A ban changes the standing: refresh the live messages of the current round."""
    round_ = await latest_round(runtime.db, campaign.id)
    if round_ is not None:
        runtime.participation_changed(round_.id)


async def _announce(event: Event, ctx: Context) -> None:
    args = _args(event)
    campaign_id = args.pop(0) if args and ctx.runtime.campaign(args[0]) is not None else None
    campaign = ctx.campaign(campaign_id)
    await ctx.require_moderator(campaign)
    text = " ".join(args).strip()
    if not text:
        raise BadInput("moderation.announce.usage")
    round_ = await latest_round(ctx.runtime.db, campaign.id)
    round_id = None if round_ is None else round_.id
    t = ctx.runtime.translator(campaign)
    message = Message(t("moderation.announce.post", title=campaign.title, text=defuse(text)))
    key = hashlib.sha256(f"{event.platform}:{event.delivery_id}".encode()).hexdigest()[:20]
    items = [
        OutboxItem(round_id, f"announce-{key}", channel, message.to_dict())
        for channel in campaign.channels
    ]
    now = ctx.runtime.clock.now()
    done = await record_action(
        ctx.runtime.db,
        (event.platform, f"announce:{event.delivery_id}"),
        items,
        at=now,
        actor=event.user.key,
        campaign_id=campaign.id,
        action="announce",
        round_id=round_id,
        after=f"{len(items)} channels",
        detail=text,
    )
    if not done:
        return  # the same command delivered again: announced once already
    await ctx.reply(ctx.t("moderation.announce.done", count=len(items), campaign=campaign.title))
