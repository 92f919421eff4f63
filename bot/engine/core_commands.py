"""Core commands shared by every campaign kind and platform.

Members: ``/help``, ``/campaigns``, ``/results [campaign]``. The moderators' round controls
(``/open``, ``/close``…) live in :mod:`bot.rounds.controls`, ``/status`` in
:mod:`bot.moderation.status`, ``/ban``, ``/unban``, ``/announce`` in
:mod:`bot.moderation.moderation`; the composition root (:mod:`bot.app`) gathers them all.
"""

from __future__ import annotations

from bot.config.model import CampaignConfig
from bot.engine.command_specs import CAMPAIGN, CommandSpec
from bot.engine.context import Context
from bot.engine.kinds import SecretStanding, campaign_for, commands_here
from bot.engine.routes import Route, command
from bot.model.errors import NotFound
from bot.model.events import CommandInvoked, Event
from bot.model.states import ENDED_ROUND
from storage.rounds import RoundView, latest_round

HELP = CommandSpec("help")
CAMPAIGNS = CommandSpec("campaigns")
RESULTS = CommandSpec("results", params=(CAMPAIGN,))


def core_routes() -> list[Route]:
    """The core's own command routes (every member's)."""
    return [command(HELP, _help), command(CAMPAIGNS, _campaigns), command(RESULTS, _results)]


def command_args(event: Event) -> list[str]:
    """The words after a command's name (none for any other event)."""
    return list(event.args) if isinstance(event, CommandInvoked) else []


async def current_round(ctx: Context, campaign: CampaignConfig) -> RoundView:
    """The campaign's latest round.

    Raises:
        NotFound: ``round.none`` when the campaign has no round yet.
    """
    round_ = await latest_round(ctx.runtime.db, campaign.id)
    if round_ is None:
        raise NotFound("round.none", campaign=campaign.id)
    return round_


async def _help(event: Event, ctx: Context) -> None:
    here = commands_here(ctx.runtime, event.platform)
    specs = [c for c in ctx.runtime.commands if c.name in here]
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
    campaign, _ = await campaign_for(
        ctx.runtime, ctx.event.chat, "results", command_args(event), more=False
    )
    round_ = await current_round(ctx, campaign)
    kind = ctx.runtime.kinds[campaign.kind]
    finished = round_.state in ENDED_ROUND
    hidden = isinstance(kind, SecretStanding) and kind.standing_hidden(campaign)
    if finished:
        await ctx.reply(await kind.results(ctx.runtime, campaign, round_, ctx.t))
    elif hidden and not await ctx.is_moderator(campaign):
        await ctx.reply(ctx.t("poll.results.hidden_until_close"))
    else:
        await ctx.reply(await kind.live_results(ctx.runtime, campaign, round_, ctx.t))
