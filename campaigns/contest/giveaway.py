"""Fair giveaway mode: members press "Enter" (or qualify with an approved entry) and the
winners are drawn verifiably (:mod:`campaigns.shared.draws`).

The opening shows the commitment to the round's secret seed. At the close the entrant list is
frozen — Enter presses plus authors of approved entries, one per platform account — and the
seed, the entrant hash and the winners are published. ``/redraw [campaign] [rank]`` (a winner
who does not claim) draws the next number, excluding every earlier winner; it is written in the
audit log and announced in every channel, and the new winner told privately.
"""

from __future__ import annotations

from bot.config.model import CampaignConfig
from bot.engine.context import Context
from bot.engine.i18n import Translator
from bot.engine.routes import Route, button, command
from bot.engine.runtime import Runtime
from bot.model.actions import Button, Message
from bot.model.errors import BadInput, NotFound
from bot.model.events import Event
from bot.model.states import RoundState
from campaigns.contest import commands
from campaigns.contest.awards import round_seed
from campaigns.contest.common import (
    SUBMITTING,
    args_of,
    contest_named,
    current_round,
    refuse_unless_open,
    settings,
    zone_of,
)
from campaigns.contest.eligibility import check_eligible
from campaigns.contest.results import winner_items
from campaigns.shared.draws import commitment, draw_one
from storage.contest.awards import (
    AwardView,
    add_award,
    add_entrant,
    awards_of,
    entrants_of,
    reveal_of,
)
from storage.rounds import RoundView, get_round

ENTER = "ge"


def giveaway_routes() -> list[Route]:
    return [button(ENTER, _enter), command(commands.REDRAW, _redraw)]


def enter_button(runtime: Runtime, round_: RoundView, t: Translator) -> Button:
    return Button(t("contest.button.enter"), runtime.signer.sign(ENTER, round_.id))


def commitment_line(runtime: Runtime, round_: RoundView, t: Translator) -> str:
    """The opening's promise: the hash of the seed that will decide the draws."""
    return t("contest.draw.commitment", commitment=commitment(round_seed(runtime, round_)))


async def _enter(event: Event, ctx: Context) -> None:
    try:
        round_id = int(ctx.action_args[0])
    except (IndexError, ValueError):
        raise BadInput("error.stale_button") from None
    round_ = await get_round(ctx.runtime.db, round_id)
    campaign = None if round_ is None else ctx.runtime.campaign(round_.campaign_id)
    if round_ is None or campaign is None or not settings(campaign).giveaway:
        raise BadInput("error.stale_button")
    refuse_unless_open(round_, SUBMITTING, "contest.draw.closed", zone_of(ctx, campaign))
    await check_eligible(ctx, campaign)
    added = await add_entrant(
        ctx.runtime.db,
        round_.id,
        event.user,
        event.delivery_id,
        ctx.runtime.clock.now(),
        by_person=campaign.counts_people,
    )
    if added is None:
        return
    if added:
        ctx.runtime.participation_changed(round_.id)
    await ctx.reply(ctx.t("contest.draw.entered" if added else "contest.draw.already"))


async def _redraw(event: Event, ctx: Context) -> None:
    campaign, rest = await contest_named(ctx, "redraw", args_of(event))
    await ctx.require_moderator(campaign)
    rank = int(rest[0]) if rest and rest[0].isdigit() else 1
    reason = " ".join(rest[1:]) if rest and rest[0].isdigit() else " ".join(rest)
    award = await redraw(ctx.runtime, campaign, rank, reason, event.user.key)
    await ctx.reply(ctx.t("contest.draw.redraw_done", rank=rank, winner=award.winner.name))


async def redraw(
    runtime: Runtime, campaign: CampaignConfig, rank: int, reason: str, actor: str
) -> AwardView:
    """Draw the next number for ``rank`` among the entrants not drawn before, as ``/redraw``
    does (and the dashboard): audited as ``actor``, announced in every channel and told to
    the new winner, in one transaction with the award.

    Raises:
        BadInput: not a giveaway, not drawn yet, no such rank, or another re-draw won the race.
        NotFound: every entrant has been drawn.
    """
    contest = settings(campaign)
    if not contest.giveaway:
        raise BadInput("contest.draw.not_giveaway", campaign=campaign.id)
    round_ = await current_round(runtime, campaign)
    reveal = await reveal_of(runtime.db, round_.id)
    if round_.state != RoundState.ANNOUNCED or reveal is None:
        raise BadInput("contest.draw.not_drawn")
    if not 1 <= rank <= contest.winners:
        raise BadInput("contest.draw.rank", count=contest.winners)
    people = await entrants_of(runtime.db, round_.id)
    awards = await awards_of(runtime.db, round_.id)
    earlier = [a.winner.key for a in awards]
    keys = [p.key for p in people]
    if len(set(earlier)) >= len(keys):
        raise NotFound("contest.draw.nobody_left")
    number = len(awards)
    winner_key = draw_one(reveal.seed, keys, earlier, number)
    winner = next(p for p in people if p.key == winner_key)
    award = AwardView(number + 1, rank, None, winner, 0.0, "redraw")
    t = runtime.translator(campaign)
    announce = Message(
        t(
            "contest.draw.redrawn",
            rank=rank,
            winner=winner.name,
            number=number,
            title=campaign.title,
        )
    )
    items = winner_items(runtime, campaign, round_, [award], None, announce=announce)
    added = await add_award(
        runtime.db,
        round_.id,
        award,
        runtime.clock.now(),
        actor=actor,
        campaign_id=campaign.id,
        detail=f"draw {number} for rank {rank}: {winner.key}" + (f" ({reason})" if reason else ""),
        outbox=items,
    )
    if not added:
        raise BadInput("contest.draw.raced")
    return award
