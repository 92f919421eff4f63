"""Pledges: members back a project toward a goal, all-or-nothing ("le crowdfunding").

The goal is a number of backers or an amount in a currency. Members pledge with a tier button
(signed action ids) or ``/pledge [campaign] <amount>`` within the configured bounds, change their
pledge by pledging again, and withdraw it with a button or ``/withdraw`` while the round is
open; one pledge per member per round. The opening message shows a progress bar, the backers
count and the time left, and is refreshed by the live updater. At the deadline "funded" or
"not funded" is announced and every backer is told privately what happens next. Chorus
records pledges; it never moves money.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from bot.config.model import CampaignConfig
from bot.engine.context import Context
from bot.engine.i18n import Translator
from bot.engine.kinds import campaign_for, refuse_mistyped_campaign
from bot.engine.routes import Route, button, command
from bot.engine.runtime import Runtime
from bot.model.actions import Button, Message
from bot.model.errors import BadInput, RoundNotOpen
from bot.model.events import CommandInvoked, Event
from bot.model.states import RoundState
from campaigns.pledge import commands
from campaigns.pledge.money import format_money, from_minor
from campaigns.pledge.picture import progress_image
from campaigns.pledge.progress import (
    Progress,
    level_text,
    milestones,
    settings,
    standing,
)
from campaigns.pledge.settings import SETTINGS, PledgeSettings
from campaigns.pledge.terms import choice, custom_allowed, describe, minor, money, tier_label
from campaigns.shared.base import RoundCampaigns
from campaigns.shared.export_table import ExportTable
from storage.db import Database
from storage.delivery.outbox import OutboxItem
from storage.identity.merge import MergeRule, OneStands
from storage.pledge.pledges import (
    Held,
    Milestones,
    PledgeOutcome,
    PledgeRequest,
    Totals,
    backers,
    record_pledge,
    totals,
)
from storage.pledge.privacy import PLEDGE_RECORDS
from storage.privacy.records import PersonalRecords
from storage.rounds import RoundView, get_round, latest_round
from storage.tables import PLEDGE as PLEDGE_TABLE

PLEDGE = "pp"
WITHDRAW = "pw"
#: The "I back it" button of goals counted in backers, without tiers.
BACK = "b"
#: Outbox kind of the private message each backer gets at the outcome.
OUTCOME = "outcome"
CHANGES = (PledgeOutcome.RECORDED, PledgeOutcome.CHANGED, PledgeOutcome.WITHDRAWN)
REPLIES = {
    PledgeOutcome.RECORDED: "pledge.recorded",
    PledgeOutcome.CHANGED: "pledge.changed",
    PledgeOutcome.UNCHANGED: "pledge.unchanged",
    PledgeOutcome.WITHDRAWN: "pledge.withdrawn",
    PledgeOutcome.NOTHING_TO_WITHDRAW: "pledge.nothing_to_withdraw",
}
EXPORT_COLUMNS = (
    "round",
    "platform",
    "user_id",
    "display_name",
    "tier",
    "reward",
    "amount",
    "currency",
    "pledged_at",
)


class PledgeCampaign:
    """The ``pledge`` campaign kind."""

    name = SETTINGS.name
    settings = SETTINGS

    def __init__(self) -> None:
        self._rounds = RoundCampaigns(self.name)

    def member_data(self, runtime: Runtime) -> PersonalRecords:
        """Pledges (``/mydata``, erasure)."""
        return PLEDGE_RECORDS

    def merge_rules(self) -> Sequence[MergeRule]:
        """Linked mid-round: the latest pledge of the person's accounts stands."""
        return (OneStands(PLEDGE_TABLE, "updated_at"),)

    def routes(self) -> Sequence[Route]:
        return (
            button(PLEDGE, self._pressed),
            button(WITHDRAW, self._withdraw_pressed),
            command(commands.PLEDGE, self._pledge_command),
            command(commands.WITHDRAW, self._withdraw_command),
        )

    # Messages

    def opening(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        return self._campaign_message(runtime, campaign, round_, t, Totals(0, 0))

    async def live_opening(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message | None:
        """The opening message with the progress bar, backers and time left of now."""
        now = await totals(runtime.db, round_.id)
        return self._campaign_message(runtime, campaign, round_, t, now)

    async def live_results(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        now = await totals(runtime.db, round_.id)
        progress = Progress(settings(campaign), now)
        lines = [
            t("pledge.live.title", title=campaign.title),
            standing(progress, t),
            _backers_left(runtime, round_, now, t),
        ]
        image = await progress_image(runtime, campaign, round_, progress, t)
        return Message("\n".join(lines), image=image)

    async def results(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        progress = Progress(settings(campaign), await totals(runtime.db, round_.id))
        verdict = "pledge.results.funded" if progress.funded else "pledge.results.not_funded"
        lines = [t(verdict, title=campaign.title)]
        if round_.note == "closed_late":
            lines.append(t("round.closed_late"))
        lines.append(standing(progress, t))
        lines.append(t("pledge.results.backers", count=t.number(progress.totals.backers)))
        if progress.funded:
            for index in progress.stretches():
                text = progress.pledge.stretch_goals[index].text
                lines.append(
                    t("pledge.results.stretch", level=level_text(progress, index, t), text=text)
                )
        lines.append(
            t("pledge.results.next_funded" if progress.funded else "pledge.results.next_not_funded")
        )
        image = await progress_image(runtime, campaign, round_, progress, t)
        return Message("\n".join(lines), image=image)

    async def outcome_notices(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView
    ) -> Sequence[OutboxItem]:
        """One private message per backer, in their language: the brand's fulfilment text
        when funded, else that nothing is owed."""
        pledge = settings(campaign)
        pledges = await backers(runtime.db, round_.id)
        progress = Progress(pledge, Totals(len(pledges), sum(p.amount for p in pledges)))
        items = []
        for record in pledges:
            t = runtime.translator(campaign, record.backer.locale)
            what = describe(pledge, Held(record.tier, record.amount), t)
            if progress.funded:
                lines = [t("pledge.dm.funded", title=campaign.title, pledge=what)]
                if record.tier is not None:
                    lines.append(t("pledge.dm.reward", reward=pledge.tiers[record.tier].reward))
                lines.append(pledge.funded_text)
            else:
                lines = [t("pledge.dm.not_funded", title=campaign.title, pledge=what)]
                if pledge.not_funded_text:
                    lines.append(pledge.not_funded_text)
            channel = record.backer.private_channel
            items.append(
                OutboxItem(round_.id, OUTCOME, channel, Message("\n\n".join(lines)).to_dict())
            )
        return items

    async def export(
        self, db: Database, campaign: CampaignConfig, round_: RoundView
    ) -> ExportTable:
        """Backers of the round with their tier and amount, for fulfilment."""
        pledge = settings(campaign)
        rows = []
        for record in await backers(db, round_.id):
            tier = None if record.tier is None else pledge.tiers[record.tier]
            amount = (
                None if pledge.currency is None else str(from_minor(record.amount, pledge.currency))
            )
            rows.append(
                (
                    round_.number,
                    record.backer.platform,
                    record.backer.id,
                    record.backer.name,
                    None if tier is None else (tier.name or str(tier.amount)),
                    None if tier is None else tier.reward,
                    amount,
                    pledge.currency,
                    record.pledged_at.isoformat(),
                )
            )
        return ExportTable(EXPORT_COLUMNS, rows)

    def _campaign_message(
        self,
        runtime: Runtime,
        campaign: CampaignConfig,
        round_: RoundView,
        t: Translator,
        now: Totals,
    ) -> Message:
        pledge = settings(campaign)
        zone = campaign.zone(runtime.config.bot)
        deadline = t.moment(round_.closes_at, zone)
        lines = [t("pledge.opening.title", title=campaign.title)]
        if campaign.description:
            lines.append(campaign.description)
        if pledge.goal_backers is not None:
            goal = t("pledge.backers", count=t.number(pledge.goal_backers))
        else:
            assert pledge.goal_amount is not None and pledge.currency is not None
            goal = format_money(pledge.goal_amount, pledge.currency, t.locale)
        lines.append(t("pledge.opening.goal", goal=goal, deadline=deadline.shown))
        lines.append(t("pledge.opening.all_or_nothing"))
        if pledge.tiers:
            lines.append(t("pledge.opening.tiers"))
            lines += [
                f"• {tier_label(pledge, i, t)} — {tier.reward}"
                for i, tier in enumerate(pledge.tiers)
            ]
        if custom_allowed(pledge):
            lines.append(
                t(
                    "pledge.opening.custom",
                    minimum=money(pledge, pledge.min_amount, t),
                    maximum=money(pledge, pledge.max_amount, t),
                )
            )
        progress = Progress(pledge, now)
        if pledge.stretch_goals:
            lines.append(t("pledge.opening.stretch"))
            lines += [
                f"• {level_text(progress, i, t)} — {s.text}"
                for i, s in enumerate(pledge.stretch_goals)
            ]
        lines += ["", standing(progress, t), _backers_left(runtime, round_, now, t)]
        buttons = [
            Button(tier_label(pledge, i, t), runtime.signer.sign(PLEDGE, round_.id, i))
            for i in range(len(pledge.tiers))
        ]
        if not pledge.tiers and pledge.goal_backers is not None:
            buttons.append(
                Button(t("pledge.button.back"), runtime.signer.sign(PLEDGE, round_.id, BACK))
            )
        buttons.append(
            Button(t("pledge.button.withdraw"), runtime.signer.sign(WITHDRAW, round_.id))
        )
        return Message("\n".join(lines), tuple(buttons), moments=(deadline,))

    # Events

    async def _pressed(self, event: Event, ctx: Context) -> None:
        if len(ctx.action_args) != 2 or not ctx.action_args[0].isdigit():
            raise BadInput("error.stale_button")
        round_id, choice = int(ctx.action_args[0]), ctx.action_args[1]
        campaign = await self._rounds.of(ctx.runtime, round_id)
        pledge = settings(campaign)
        if choice == BACK and pledge.goal_backers is not None:
            tier, amount = None, 0
        elif choice.isdigit() and int(choice) < len(pledge.tiers):
            tier = int(choice)
            amount = minor(pledge, pledge.tiers[tier].amount)
        else:
            raise BadInput("error.stale_button")
        await self._record(event, ctx, campaign, round_id, tier, amount)

    async def _withdraw_pressed(self, event: Event, ctx: Context) -> None:
        if len(ctx.action_args) != 1 or not ctx.action_args[0].isdigit():
            raise BadInput("error.stale_button")
        round_id = int(ctx.action_args[0])
        campaign = await self._rounds.of(ctx.runtime, round_id)
        await self._record(event, ctx, campaign, round_id, None, 0, withdraw=True)

    async def _pledge_command(self, event: Event, ctx: Context) -> None:
        args = list(event.args) if isinstance(event, CommandInvoked) else []
        campaign, args = await self._named(ctx, "pledge", args)
        pledge = settings(campaign)
        try:
            tier, amount = choice(pledge, " ".join(args), ctx.t)
        except BadInput:
            refuse_mistyped_campaign(args, lambda text: _reads_as_a_choice(pledge, text, ctx.t))
            raise
        round_id = await self._current_round(ctx, campaign)
        await self._record(event, ctx, campaign, round_id, tier, amount)

    async def _withdraw_command(self, event: Event, ctx: Context) -> None:
        args = list(event.args) if isinstance(event, CommandInvoked) else []
        campaign, args = await self._named(ctx, "withdraw", args, more=False)
        round_id = await self._current_round(ctx, campaign)
        await self._record(event, ctx, campaign, round_id, None, 0, withdraw=True)

    async def _named(
        self, ctx: Context, command: str, args: list[str], *, more: bool = True
    ) -> tuple[CampaignConfig, list[str]]:
        """The campaign ``/command`` names first, else the pledge campaign here that takes it;
        without ``more``, a word that is no campaign's id is refused, not ignored."""
        campaign, rest = await campaign_for(ctx.runtime, ctx.event.chat, command, args, more=more)
        if campaign.kind != self.name:
            raise BadInput("pledge.not_a_pledge", campaign=campaign.id)
        return campaign, rest

    async def _current_round(self, ctx: Context, campaign: CampaignConfig) -> int:
        round_ = await latest_round(ctx.runtime.db, campaign.id)
        if round_ is None:
            raise RoundNotOpen("pledge.not_open_yet")
        return round_.id

    async def _record(
        self,
        event: Event,
        ctx: Context,
        campaign: CampaignConfig,
        round_id: int,
        tier: int | None,
        amount: int,
        *,
        withdraw: bool = False,
    ) -> None:
        runtime = ctx.runtime
        pledge = settings(campaign)
        announce_in = runtime.translator(campaign)

        def decide(now: Totals) -> Milestones:
            return milestones(campaign, round_id, Progress(pledge, now), announce_in)

        if not withdraw:  # a banned member may still take their pledge back
            await ctx.require_participant(campaign)
        user = event.user
        result = await record_pledge(
            runtime.db,
            PledgeRequest(
                delivery_id=event.delivery_id,
                backer=user,
                round_id=round_id,
                at=runtime.clock.now(),
                tier=tier,
                amount=amount,
                withdraw=withdraw,
                by_person=campaign.counts_people,
            ),
            decide,
        )
        if result.outcome is PledgeOutcome.DUPLICATE:
            return
        if result.outcome is PledgeOutcome.CLOSED:
            raise RoundNotOpen(await _refusal(runtime, round_id, result.state or RoundState.CLOSED))
        if result.outcome in CHANGES:
            runtime.participation_changed(round_id)
        what = "" if result.pledge is None else describe(pledge, result.pledge, ctx.t)
        round_ = await get_round(runtime.db, round_id)
        zone = campaign.zone(runtime.config.bot)
        deadline = () if round_ is None else (ctx.t.moment(round_.closes_at, zone),)
        shown = deadline[0].shown if deadline else ""
        text = ctx.t(REPLIES[result.outcome], pledge=what, deadline=shown)
        await ctx.reply(Message(text, moments=deadline))


async def _refusal(runtime: Runtime, round_id: int, state: RoundState) -> str:
    """Why a pledge is refused in a round that is not open: not yet, paused, cancelled, closed
    by a moderator before its deadline, or past its deadline."""
    key = {
        RoundState.SCHEDULED: "pledge.not_open_yet",
        RoundState.PAUSED: "pledge.paused",
        RoundState.CANCELLED: "pledge.cancelled",
    }.get(state)
    if key is not None:
        return key
    round_ = await get_round(runtime.db, round_id)
    if round_ is not None and round_.closed_at is not None and round_.closed_at < round_.closes_at:
        return "pledge.closed_early"
    return "pledge.closed"


def _backers_left(runtime: Runtime, round_: RoundView, now: Totals, t: Translator) -> str:
    left = round_.closes_at - runtime.clock.now()
    if left <= timedelta():
        return t.plural("pledge.progress.ended", now.backers)
    return t.plural("pledge.progress.left", now.backers, left=t.duration(left))


def _reads_as_a_choice(pledge: PledgeSettings, text: str, t: Translator) -> bool:
    """Whether ``text`` is a pledge ``/pledge`` would take (a tier or an amount)."""
    try:
        choice(pledge, text, t)
    except BadInput:
        return False
    return True
