"""The ``rating`` kind: members rate the campaign's subject from 1 to ``scale``; the results
give the average. It stores its ratings as one-choice ballots through the runtime's ballot
box, so a rating counts once per member whatever the re-deliveries.

Everything a kind needs is here: its settings (``[campaigns.rating]``), declared to config
validation through :data:`SETTINGS`; its routes, its own ``/rate`` command among them
(:data:`RATE_COMMAND`, which every platform's menus and help then list); its messages. Its
texts are inline, as a test kind has no catalog part.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from pydantic import Field

from bot.config.kinds import KindSettings, Section
from bot.config.model import CampaignConfig
from bot.engine.command_specs import CAMPAIGN, CommandSpec, Param
from bot.engine.context import Context
from bot.engine.i18n import Translator
from bot.engine.kinds import campaign_for
from bot.engine.routes import Route, button, command
from bot.engine.runtime import Runtime
from bot.model.actions import Button, Message
from bot.model.errors import BadInput, RoundNotOpen
from bot.model.events import Event
from campaigns.shared.base import RoundCampaigns
from storage.poll.vote_requests import VoteRequest
from storage.poll.votes import VoteOutcome, ballots_of
from storage.rounds import RoundView, latest_round

RATE = "rt"
RATE_COMMAND = CommandSpec("rate", params=(CAMPAIGN, Param("score", required=True)))


class RatingSettings(Section):
    """``[campaigns.rating]``: the top of the scale (5 unless told)."""

    scale: Annotated[int, Field(ge=2, le=10)] = 5


SETTINGS = KindSettings("rating", RatingSettings)


def _scale(campaign: CampaignConfig) -> int:
    return (campaign.section_as(RatingSettings) or RatingSettings()).scale


class Rating:
    """The ``rating`` campaign kind."""

    name = SETTINGS.name
    settings = SETTINGS

    def __init__(self) -> None:
        self._rounds = RoundCampaigns(self.name)

    def routes(self) -> Sequence[Route]:
        return (button(RATE, self._pressed), command(RATE_COMMAND, self._typed))

    def opening(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        buttons = tuple(
            Button("★" * score, runtime.signer.sign(RATE, round_.id, score))
            for score in range(1, _scale(campaign) + 1)
        )
        return Message(f"Rate {campaign.title}", buttons)

    async def results(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        return Message(f"{campaign.title}: {await self._average(runtime, round_)}")

    async def live_results(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        return Message(f"{campaign.title} so far: {await self._average(runtime, round_)}")

    async def live_opening(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message | None:
        return None

    async def _average(self, runtime: Runtime, round_: RoundView) -> str:
        scores = [choices[0] + 1 for choices in await ballots_of(runtime.db, round_.id) if choices]
        if not scores:
            return "no ratings"
        return f"{sum(scores) / len(scores):.1f} from {len(scores)} ratings"

    async def _pressed(self, event: Event, ctx: Context) -> None:
        try:
            round_id, score = (int(arg) for arg in ctx.action_args)
        except ValueError:
            raise BadInput("error.stale_button") from None
        await self._rate(event, ctx, await self._rounds.of(ctx.runtime, round_id), round_id, score)

    async def _typed(self, event: Event, ctx: Context) -> None:
        campaign, args = await campaign_for(
            ctx.runtime, event.chat, RATE_COMMAND.name, getattr(event, "args", ())
        )
        scale = _scale(campaign)
        score = int(args[0]) if len(args) == 1 and args[0].isdigit() else 0
        if campaign.kind != self.name or not 1 <= score <= scale:
            await ctx.reply(f"Rate from 1 to {scale}: /rate {scale}")
            return
        round_ = await latest_round(ctx.runtime.db, campaign.id)
        if round_ is None:
            raise RoundNotOpen("round.not_open_yet")
        await self._rate(event, ctx, campaign, round_.id, score)

    async def _rate(
        self, event: Event, ctx: Context, campaign: CampaignConfig, round_id: int, score: int
    ) -> None:
        await ctx.require_participant(campaign)
        user = event.user
        result = await ctx.runtime.ballots.cast(
            VoteRequest(
                delivery_id=event.delivery_id,
                voter=user,
                round_id=round_id,
                option=score - 1,
                at=ctx.runtime.clock.now(),
                max_choices=1,
            )
        )
        if result.outcome in (VoteOutcome.RECORDED, VoteOutcome.CHANGED):
            ctx.runtime.participation_changed(round_id)
            await ctx.reply(f"Rated {score}.")
