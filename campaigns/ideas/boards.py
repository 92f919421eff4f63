"""What the idea box shows everyone: the top of the round, the contributors' board, the
periodic digest and the round-close summary of the ideas the brand retained."""

from __future__ import annotations

from bot.config.model import CampaignConfig
from bot.engine.context import Context
from bot.engine.i18n import Translator, defuse
from bot.engine.runtime import Runtime
from bot.model.actions import Message
from bot.model.events import Event
from bot.model.states import RoundState
from campaigns.ideas.common import args_of, ideas_campaign, settings_of
from campaigns.ideas.texts import line, status_label
from storage.delivery.outbox import OutboxItem, post_once
from storage.ideas.reads import (
    contributors,
    ideas_with_status,
    round_figures,
    top_ideas,
)
from storage.rounds import RoundView, latest_round

BOARD_SIZE = 10
RETAINED_SHOWN = 20


async def top_lines(
    runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator, limit: int
) -> list[str]:
    """The round's best ideas, one line each (or a line saying there are none yet)."""
    ideas = await top_ideas(runtime.db, campaign.id, round_.id, limit)
    if not ideas:
        return [t("ideas.top.none")]
    return [line(t, rank, idea) for rank, idea in enumerate(ideas, start=1)]


async def board_lines(runtime: Runtime, campaign: CampaignConfig, t: Translator) -> list[str]:
    """The contributors' board: ideas submitted, upvotes received, ideas shipped."""
    rows = await contributors(runtime.db, campaign.id, BOARD_SIZE, by_person=campaign.counts_people)
    if not rows:
        return [t("ideas.board.none")]
    return [
        t(
            "ideas.board.line",
            rank=rank,
            name=defuse(row.name),
            ideas=t.number(row.ideas),
            upvotes=t.number(row.upvotes),
            shipped=t.number(row.shipped),
        )
        for rank, row in enumerate(rows, start=1)
    ]


async def summary(
    runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
) -> Message:
    """The round-close summary: figures, the top of the round, the retained ideas, thanks."""
    settings = settings_of(campaign)
    figures = await round_figures(runtime.db, round_.id)
    lines = [t("ideas.results.title", title=campaign.title)]
    if round_.note == "closed_late":
        lines.append(t("round.closed_late"))
    lines.append(
        t(
            "ideas.results.figures",
            ideas=t.number(figures.ideas),
            upvotes=t.number(figures.upvotes),
            contributors=t.number(figures.contributors),
        )
    )
    lines += ["", t("ideas.results.top")]
    lines += await top_lines(runtime, campaign, round_, t, settings.top_shown)
    retained = await ideas_with_status(runtime.db, campaign.id, settings.retained)
    lines += ["", t("ideas.results.retained")]
    if not retained:
        lines.append(t("ideas.results.none_retained"))
    for idea in retained[:RETAINED_SHOWN]:
        lines.append(
            t(
                "ideas.results.retained_line",
                number=idea.id,
                title=defuse(idea.title),
                status=status_label(t, idea.status),
                name=defuse(idea.author.name),
            )
        )
    lines += ["", t("ideas.board.title"), *await board_lines(runtime, campaign, t)]
    lines.append(t("ideas.results.thanks"))
    return Message("\n".join(lines))


def digest_period(campaign: CampaignConfig, round_: RoundView, runtime: Runtime) -> int:
    """How many whole digest periods have passed since the round opened (0: none yet)."""
    every = settings_of(campaign).digest_every
    if every is None or round_.opened_at is None:
        return 0
    return int((runtime.clock.now() - round_.opened_at) / every)


async def post_digest(runtime: Runtime, campaign: CampaignConfig, round_: RoundView) -> bool:
    """Queue the digest of the current period, once per round, period and channel (a period
    missed while Chorus was down is not posted late: only the current one is)."""
    period = digest_period(campaign, round_, runtime)
    if period < 1 or round_.state != RoundState.OPEN:
        return False
    t = runtime.translator(campaign)
    settings = settings_of(campaign)
    lines = [t("ideas.digest.title", title=campaign.title)]
    lines += await top_lines(runtime, campaign, round_, t, settings.top_shown)
    lines.append(t("ideas.digest.how"))
    message = Message("\n".join(lines)).to_dict()
    items = [OutboxItem(round_.id, f"digest-{period}", ch, message) for ch in campaign.channels]
    await post_once(runtime.db, items, runtime.clock.now())
    return True


class Boards:
    """``/ideas [campaign] [top]`` and ``/contributors [campaign]``."""

    async def top(self, event: Event, ctx: Context) -> None:
        campaign, _ = await ideas_campaign(ctx, "ideas", args_of(event))
        round_ = await latest_round(ctx.runtime.db, campaign.id)
        if round_ is None:
            await ctx.reply(ctx.t("ideas.top.none"))
            return
        settings = settings_of(campaign)
        lines = [ctx.t("ideas.top.title", title=campaign.title)]
        lines += await top_lines(ctx.runtime, campaign, round_, ctx.t, settings.top_shown)
        await ctx.reply("\n".join(lines))

    async def contributors(self, event: Event, ctx: Context) -> None:
        campaign, _ = await ideas_campaign(ctx, "contributors", args_of(event), more=False)
        lines = [ctx.t("ideas.board.title"), *await board_lines(ctx.runtime, campaign, ctx.t)]
        await ctx.reply("\n".join(lines))
