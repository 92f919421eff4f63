"""Voting for entries (the Vote button, ``/vote <entry>``) and the jury's ``/score``.

A vote pressed on Slack for an entry submitted on Telegram lands in the same table: entries,
not messages, are voted for. Refusals say why: self-vote, voted already, no votes left, vote not
open yet, entry withdrawn, or an eligibility rule.

``/vote`` is shared with polls: this kind's route comes first and hands a campaign that is not a
contest to the route of that campaign's kind.
"""

from __future__ import annotations

from bot.config.model import CampaignConfig
from bot.engine.context import Context
from bot.engine.kinds import CampaignKind, campaign_for
from bot.engine.routes import Route, button, command
from bot.model.errors import BadInput, NotAllowed, RoundNotOpen
from bot.model.events import Event
from bot.model.states import LIVE_ROUND, EntryState
from campaigns.contest import commands
from campaigns.contest.cards import VOTE
from campaigns.contest.common import (
    KIND,
    VOTING,
    args_of,
    current_round,
    entry_in,
    entry_number,
    refuse_unless_open,
    settings,
    zone_of,
)
from campaigns.contest.eligibility import check_eligible
from storage.contest.entries import EntryView
from storage.contest.entry_votes import EntryBallot, Voted, cast_entry_vote, score_entry


def vote_routes() -> list[Route]:
    return [
        button(VOTE, _pressed),
        command(commands.VOTE, _vote_command),
        command(commands.SCORE, _score),
    ]


async def _pressed(event: Event, ctx: Context) -> None:
    try:
        entry_id = int(ctx.action_args[0])
    except (IndexError, ValueError):
        raise BadInput("error.stale_button") from None
    entry, campaign = await entry_in(ctx.runtime, entry_id)
    await _cast(event, ctx, campaign, entry)


async def _vote_command(event: Event, ctx: Context) -> None:
    campaign, rest = await campaign_for(ctx.runtime, ctx.event.chat, "vote", args_of(event))
    if campaign.kind != KIND:
        await _hand_over(event, ctx, campaign)
        return
    if not rest:
        raise BadInput("contest.vote_usage")
    entry, owner = await entry_in(ctx.runtime, entry_number(rest[0]))
    if owner.id != campaign.id:
        raise BadInput("contest.no_entry", entry=entry.id)
    await _cast(event, ctx, campaign, entry)


async def _hand_over(event: Event, ctx: Context, campaign: CampaignConfig) -> None:
    """``/vote`` for another kind of campaign goes to that kind's own ``vote`` route."""
    kind = ctx.runtime.kinds.get(campaign.kind)
    routes = kind.routes() if isinstance(kind, CampaignKind) else ()
    route = next((r for r in routes if r.command == "vote"), None)
    if route is None:  # an idea box, a pledge: they take part their own way
        raise BadInput("error.no_vote_here", title=campaign.title)
    await route.handler(event, ctx)


async def _cast(event: Event, ctx: Context, campaign: CampaignConfig, entry: EntryView) -> None:
    contest = settings(campaign)
    round_ = await current_round(ctx.runtime, campaign)
    if round_.id != entry.round_id:
        raise RoundNotOpen("contest.vote.closed")
    refuse_unless_open(round_, VOTING, "contest.vote.closed", zone_of(ctx, campaign))
    voter = event.user
    if not contest.self_votes and voter.key == entry.author.key:
        raise NotAllowed("contest.vote.self")
    await check_eligible(ctx, campaign)
    outcome, used = await cast_entry_vote(
        ctx.runtime.db,
        EntryBallot(
            delivery_id=event.delivery_id,
            round_id=round_.id,
            entry_id=entry.id,
            voter=voter,
            at=ctx.runtime.clock.now(),
            allowance=contest.votes_per_member,
            phases=VOTING,
            by_person=campaign.counts_people,
            self_votes=contest.self_votes,
        ),
    )
    if outcome is Voted.REDELIVERED:
        return
    if outcome is Voted.OWN:
        raise NotAllowed("contest.vote.self")
    if outcome is Voted.CLOSED:
        refuse_unless_open(round_, (), "contest.vote.closed", zone_of(ctx, campaign))
    if outcome is Voted.GONE:
        raise BadInput("contest.no_entry", entry=entry.id)
    if outcome is Voted.RECORDED:
        ctx.runtime.participation_changed(round_.id)
    keys = {
        Voted.RECORDED: "contest.vote.recorded",
        Voted.ALREADY: "contest.vote.already",
        Voted.FULL: "contest.vote.full",
    }
    await ctx.reply(ctx.t(keys[outcome], entry=entry.id, used=used, count=contest.votes_per_member))


async def _score(event: Event, ctx: Context) -> None:
    """``/score <entry> <points>``: a listed juror scores an entry, privately."""
    args = args_of(event)
    if len(args) < 2 or not args[1].isdigit():
        raise BadInput("contest.score_usage")
    entry, campaign = await entry_in(ctx.runtime, entry_number(args[0]))
    contest = settings(campaign)
    if event.user.key not in contest.jury:
        raise NotAllowed("contest.score.not_juror")
    points = int(args[1])
    if not 0 <= points <= contest.jury_max_points:
        raise BadInput("contest.score.range", max=contest.jury_max_points)
    if entry.state != EntryState.APPROVED:
        raise BadInput("contest.no_entry", entry=entry.id)
    round_ = await current_round(ctx.runtime, campaign)
    if round_.id != entry.round_id or round_.state not in LIVE_ROUND:
        raise RoundNotOpen("contest.vote.closed")
    await score_entry(ctx.runtime.db, entry.id, event.user.key, points, ctx.runtime.clock.now())
    await ctx.reply(
        ctx.t("contest.score.recorded", entry=entry.id, points=points, max=contest.jury_max_points)
    )
