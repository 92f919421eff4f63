"""The moderators' round controls: ``/open``, ``/close``, ``/extend <duration>``, ``/pause``,
``/resume``, ``/cancel <reason>`` — each takes an optional campaign id first, and checks rights
itself. They drive :mod:`bot.rounds.lifecycle`, so they live beside it, above the engine.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.config.model import CampaignConfig
from bot.engine.command_specs import CAMPAIGN, CommandSpec, Param
from bot.engine.context import Context
from bot.engine.core_commands import command_args, current_round
from bot.engine.routes import Route, command
from bot.model.actions import Message
from bot.model.durations import LONGEST, DurationTooLong, parse_duration
from bot.model.errors import BadInput, NotFound
from bot.model.events import CommandInvoked, Event
from bot.rounds import lifecycle
from storage.rounds import RoundView

OPEN = CommandSpec("open", moderator=True, params=(CAMPAIGN,))
CLOSE = CommandSpec("close", moderator=True, params=(CAMPAIGN, Param("reason", rest=True)))
EXTEND = CommandSpec(
    "extend", moderator=True, params=(CAMPAIGN, Param("duration", required=True, rest=True))
)
PAUSE = CommandSpec("pause", moderator=True, params=(CAMPAIGN,))
RESUME = CommandSpec("resume", moderator=True, params=(CAMPAIGN,))
CANCEL = CommandSpec(
    "cancel", moderator=True, params=(CAMPAIGN, Param("reason", required=True, rest=True))
)


def control_routes() -> list[Route]:
    """The command routes of the round controls."""
    return [
        command(OPEN, _moderated(OPEN, _open)),
        command(CLOSE, _moderated(CLOSE, _close)),
        command(EXTEND, _moderated(EXTEND, _extend)),
        command(PAUSE, _moderated(PAUSE, _pause)),
        command(RESUME, _moderated(RESUME, _resume)),
        command(CANCEL, _moderated(CANCEL, _cancel)),
    ]


def _split_campaign(ctx: Context, args: list[str]) -> tuple[CampaignConfig, list[str]]:
    """Take a leading campaign id off ``args`` when there is one."""
    if args and ctx.runtime.campaign(args[0]) is not None:
        return ctx.campaign(args[0]), args[1:]
    return ctx.campaign(None), args


Control = Callable[[Context, CampaignConfig, RoundView, list[str]], Awaitable[bool]]


def _moderated(spec: CommandSpec, control: Control) -> Callable[[Event, Context], Awaitable[None]]:
    """Wrap a moderator control: resolve campaign and round, check rights, report the result.
    A control that takes nothing but a campaign refuses a word that is no campaign's id (a
    mistyped id must not act on the campaign here)."""

    async def handler(event: Event, ctx: Context) -> None:
        campaign, rest = _split_campaign(ctx, command_args(event))
        await ctx.require_moderator(campaign)
        if rest and spec.params == (CAMPAIGN,):
            raise NotFound("error.unknown_campaign", campaign=rest[0])
        round_ = await current_round(ctx, campaign)
        changed = await control(ctx, campaign, round_, rest)
        name = event.name if isinstance(event, CommandInvoked) else "?"
        if not changed:
            raise BadInput("control.refused", command=name, state=ctx.t(f"state.{round_.state}"))
        await _confirm(ctx, campaign, name)

    return handler


#: Controls whose own posts in every channel say what happened (the opening, the results, the
#: cancellation notice): in one of those channels the group needs no confirmation.
POSTING = frozenset({"open", "close", "cancel"})


async def _confirm(ctx: Context, campaign: CampaignConfig, name: str) -> None:
    """Tell what a control did, naming the campaign by its title. In one of the campaign's
    channels the confirmation is public and speaks the campaign's language; for a control that
    posts there itself it is only the moderator's private acknowledgement, left out where the
    group would see it (a close shows the results, not a notice and then the results).
    Elsewhere it is the moderator's private answer, in their language."""
    here = ctx.event.chat.key in campaign.channels
    public = here and name not in POSTING
    t = ctx.runtime.translator(campaign) if public else ctx.t
    after = await current_round(ctx, campaign)
    closes = t.moment(after.closes_at, campaign.zone(ctx.runtime.config.bot))
    text = t(f"control.{name}.confirmed", title=campaign.title, closes=closes.shown)
    await ctx.reply(Message(text, moments=(closes,)), private=not public, aside=here and not public)


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
    except DurationTooLong:
        raise BadInput("control.extend.too_long", days=LONGEST.days) from None
    except ValueError:
        raise BadInput("control.extend.usage") from None
    if round_.closes_at + by - ctx.runtime.clock.now() > LONGEST:
        raise BadInput("control.extend.too_long", days=LONGEST.days)
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
