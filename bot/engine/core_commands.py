"""Core commands shared by every campaign kind and platform.

Members: ``/help``, ``/campaigns``, ``/results [campaign]``.
Moderators: ``/open``, ``/close``, ``/extend <duration>``, ``/pause``, ``/resume``,
``/cancel <reason>`` — each takes an optional campaign id first, and checks rights itself.
``/status`` lives in :mod:`bot.moderation.status`, ``/ban``, ``/unban``, ``/announce`` in
:mod:`bot.moderation.moderation`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.config.model import CampaignConfig
from bot.engine.command_specs import routed
from bot.engine.context import Context
from bot.engine.routes import Route, command
from bot.model.durations import parse_duration
from bot.model.errors import BadInput, NotFound
from bot.model.events import CommandInvoked, Event
from bot.rounds import lifecycle
from storage.rounds import RoundView, latest_round


def core_routes() -> list[Route]:
    """The core's command routes (with the moderation, export and privacy ones)."""
    from bot.moderation.moderation import moderation_routes
    from bot.moderation.status import status_routes
    from bot.privacy.requests import privacy_routes
    from bot.reports.export_chat import export_routes

    return [
        *status_routes(),
        *moderation_routes(),
        *export_routes(),
        *privacy_routes(),
        command("help", _help),
        command("campaigns", _campaigns),
        command("results", _results),
        command("open", _moderated(_open)),
        command("close", _moderated(_close)),
        command("extend", _moderated(_extend)),
        command("pause", _moderated(_pause)),
        command("resume", _moderated(_resume)),
        command("cancel", _moderated(_cancel)),
    ]


def _args(event: Event) -> list[str]:
    return list(event.args) if isinstance(event, CommandInvoked) else []


def _split_campaign(ctx: Context, args: list[str]) -> tuple[CampaignConfig, list[str]]:
    """Take a leading campaign id off ``args`` when there is one."""
    if args and ctx.runtime.campaign(args[0]) is not None:
        return ctx.campaign(args[0]), args[1:]
    return ctx.campaign(None), args


async def _round(ctx: Context, campaign: CampaignConfig) -> RoundView:
    round_ = await latest_round(ctx.runtime.db, campaign.id)
    if round_ is None:
        raise NotFound("round.none", campaign=campaign.id)
    return round_


async def _help(event: Event, ctx: Context) -> None:
    specs = routed(ctx.runtime.commands)
    lines = [ctx.t("help.title")]
    lines += [f"/{c.name} — {ctx.t(f'help.{c.name}')}" for c in specs if not c.moderator]
    if await ctx.is_moderator(None):
        lines.append(ctx.t("help.moderators"))
        lines += [f"/{c.name} — {ctx.t(f'help.{c.name}')}" for c in specs if c.moderator]
    await ctx.reply("\n".join(lines))


async def _campaigns(event: Event, ctx: Context) -> None:
    campaigns = ctx.runtime.campaigns()
    if not campaigns:
        await ctx.reply(ctx.t("campaigns.none"))
        return
    lines = [ctx.t("campaigns.title")]
    for campaign in campaigns:
        round_ = await latest_round(ctx.runtime.db, campaign.id)
        state = ctx.t(f"state.{round_.state}") if round_ else ctx.t("state.scheduled")
        lines.append(ctx.t("campaigns.line", id=campaign.id, title=campaign.title, state=state))
    await ctx.reply("\n".join(lines))


async def _results(event: Event, ctx: Context) -> None:
    args = _args(event)
    campaign = ctx.campaign(args[0] if args else None)
    round_ = await _round(ctx, campaign)
    kind = ctx.runtime.kinds[campaign.kind]
    finished = round_.state in ("closed", "announced")
    hidden = campaign.poll is not None and campaign.poll.results == "hidden"
    if finished:
        await ctx.reply(await kind.results(ctx.runtime, campaign, round_, ctx.t))
    elif hidden and not await ctx.is_moderator(campaign):
        await ctx.reply(ctx.t("poll.results.hidden_until_close"))
    else:
        await ctx.reply(await kind.live_results(ctx.runtime, campaign, round_, ctx.t))


Control = Callable[[Context, CampaignConfig, RoundView, list[str]], Awaitable[bool]]


def _moderated(control: Control) -> Callable[[Event, Context], Awaitable[None]]:
    """Wrap a moderator control: resolve campaign and round, check rights, report the result."""

    async def handler(event: Event, ctx: Context) -> None:
        campaign, rest = _split_campaign(ctx, _args(event))
        await ctx.require_moderator(campaign)
        round_ = await _round(ctx, campaign)
        changed = await control(ctx, campaign, round_, rest)
        name = event.name if isinstance(event, CommandInvoked) else "?"
        if not changed:
            raise BadInput("control.refused", command=name, state=ctx.t(f"state.{round_.state}"))
        after = await _round(ctx, campaign)
        zone = campaign.zone(ctx.runtime.config.bot)
        await ctx.reply(
            ctx.t(
                f"control.{name}.done", id=campaign.id, closes=ctx.t.datetime(after.closes_at, zone)
            ),
            private=False,
        )

    return handler


def _actor(ctx: Context) -> str:
    return ctx.event.user.key


async def _open(ctx: Context, campaign: CampaignConfig, round_: RoundView, _: list[str]) -> bool:
    return await lifecycle.open_round(ctx.runtime, round_, _actor(ctx))


async def _close(
    ctx: Context, campaign: CampaignConfig, round_: RoundView, rest: list[str]
) -> bool:
    return await lifecycle.close_round(ctx.runtime, round_, _actor(ctx), reason=" ".join(rest))


async def _extend(
    ctx: Context, campaign: CampaignConfig, round_: RoundView, rest: list[str]
) -> bool:
    try:
        by = parse_duration(" ".join(rest))
    except ValueError:
        raise BadInput("control.extend.usage") from None
    return await lifecycle.extend_round(ctx.runtime, round_, _actor(ctx), by)


async def _pause(ctx: Context, campaign: CampaignConfig, round_: RoundView, _: list[str]) -> bool:
    return await lifecycle.pause_round(ctx.runtime, round_, _actor(ctx))


async def _resume(ctx: Context, campaign: CampaignConfig, round_: RoundView, _: list[str]) -> bool:
    return await lifecycle.resume_round(ctx.runtime, round_, _actor(ctx))


async def _cancel(
    ctx: Context, campaign: CampaignConfig, round_: RoundView, rest: list[str]
) -> bool:
    if not rest:
        raise BadInput("control.cancel.usage")
    return await lifecycle.cancel_round(ctx.runtime, round_, _actor(ctx), " ".join(rest))
