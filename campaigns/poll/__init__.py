"""Polls: a public vote among 2–25 options ("le vote du public").

Single choice, or up to N choices (pressing an option again withdraws it); public (voters'
names in the results) or anonymous; results live or hidden until close. Members may change
their vote while the round is open; the ballot box refuses votes in any other state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from bot.config.model import CampaignConfig
from bot.engine.context import Context
from bot.engine.i18n import Translator
from bot.engine.kinds import campaign_for, refuse_mistyped_campaign
from bot.engine.routes import Route, button, command
from bot.engine.runtime import Runtime
from bot.model.actions import Button, Message
from bot.model.errors import BadInput, NotFound, RoundNotOpen
from bot.model.events import Event
from bot.model.states import RoundState
from campaigns.poll.settings import SETTINGS, PollSettings
from campaigns.poll.tally import PollTally, count, count_grouped
from campaigns.shared import commands
from campaigns.shared.base import RoundCampaigns
from campaigns.shared.chart import bar_chart
from campaigns.shared.export_table import Cell, ExportTable
from storage.db import Database
from storage.identity.merge import MergeRule, OneStands
from storage.participation import activity
from storage.poll.privacy import ballot_records
from storage.poll.vote_requests import VoteRequest
from storage.poll.votes import VoteOutcome, ballot_counts, decode_choices, named_ballots
from storage.privacy.records import PersonalRecords
from storage.rounds import RoundView, get_round, latest_round
from storage.tables import BALLOT

VOTE = "pv"
NAMES_SHOWN = 10
EXPORT_COLUMNS = (
    "round",
    "platform",
    "user_id",
    "display_name",
    "choices",
    "voted_at",
    "counted",
)


class Poll:
    """The ``poll`` campaign kind."""

    name = SETTINGS.name
    settings = SETTINGS

    def __init__(self) -> None:
        self._rounds = RoundCampaigns(self.name)

    def member_data(self, runtime: Runtime) -> PersonalRecords:
        """Ballots, each naming its options (``/mydata``, erasure)."""

        def named(ballot: dict[str, Any]) -> dict[str, Any]:
            campaign = runtime.config.campaign(str(ballot["campaign"]))
            poll = campaign.section_as(PollSettings) if campaign is not None else None
            if poll is None:
                return ballot
            options = poll.options
            chosen = decode_choices(str(ballot["choices"]))
            return {
                **ballot,
                "choices": [options[i] if i < len(options) else str(i) for i in chosen],
            }

        return ballot_records(named)

    def routes(self) -> Sequence[Route]:
        return (button(VOTE, self._pressed), command(commands.VOTE, self._vote_command))

    def merge_rules(self) -> Sequence[MergeRule]:
        """Linked mid-round: the latest ballot of the person's accounts stands."""
        return (OneStands(BALLOT, "updated_at"),)

    def standing_hidden(self, campaign: CampaignConfig) -> bool:
        return _settings(campaign).results == "hidden"

    def opening(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        poll = _settings(campaign)
        zone = campaign.zone(runtime.config.bot)
        lines = [t("poll.opening.title", title=campaign.title)]
        if campaign.description:
            lines.append(campaign.description)
        lines.append(
            t("poll.opening.how_single")
            if poll.max_choices == 1
            else t("poll.opening.how_multi", count=poll.max_choices)
        )
        closes = t.moment(round_.closes_at, zone)
        lines.append(t("poll.opening.closes", when=closes.shown))
        if poll.results == "hidden":
            lines.append(t("poll.opening.hidden"))
        buttons = tuple(
            Button(label, runtime.signer.sign(VOTE, round_.id, index))
            for index, label in enumerate(poll.options)
        )
        return Message("\n".join(lines), buttons, moments=(closes,))

    async def results(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        tally, names = await self._tally(runtime, campaign, round_)
        lines = [t("poll.results.title", title=campaign.title)]
        if round_.note == "closed_late":
            lines.append(t("round.closed_late"))
        lines.extend(_standing(tally, names, t))
        if not tally.winners:
            lines.append(t("poll.results.no_votes"))
        elif tally.tie:
            tied = t.conjunction(_quoted(t, (o.label for o in tally.winners)))
            lines.append(t("poll.results.tie", options=tied))
        else:
            lines.append(t("poll.results.winner", option=tally.winners[0].label))
        ranked = tally.ranked()
        chart = await bar_chart(
            runtime.config.media_dir() / "charts" / f"round-{round_.id}-{t.locale}.png",
            campaign.title,
            [o.label for o in ranked],
            [o.votes for o in ranked],
            t,
            voters=tally.voters,
            accent=runtime.config.bot.accent_color,
        )
        return Message("\n".join(lines), image=chart)

    async def live_results(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        tally, names = await self._tally(runtime, campaign, round_)
        lines = [t("poll.live.title", title=campaign.title), *_standing(tally, names, t)]
        return Message("\n".join(lines))

    async def live_opening(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message | None:
        """The opening message followed by the standing, when results are live."""
        if _settings(campaign).results == "hidden":
            return None
        opening = self.opening(runtime, campaign, round_, t)
        tally, names = await self._tally(runtime, campaign, round_)
        return opening.with_text("\n".join([opening.text, "", *_standing(tally, names, t)]))

    async def export(
        self, db: Database, campaign: CampaignConfig, round_: RoundView
    ) -> ExportTable:
        """The round's ballots: who chose what and when; ``counted`` is "no" for banned
        members (their ballots are kept but not counted)."""
        poll = _settings(campaign)
        rows: list[tuple[Cell, ...]] = []
        for record in await activity(db, [round_.id]):
            if record.action != "vote":
                continue
            labels = [
                poll.options[i] for i in decode_choices(record.choice) if i < len(poll.options)
            ]
            rows.append(
                (
                    round_.number,
                    record.platform,
                    record.user_id,
                    record.display_name,
                    " | ".join(labels),
                    record.at.isoformat(),
                    "no" if record.banned else "yes",
                )
            )
        return ExportTable(EXPORT_COLUMNS, rows)

    async def _tally(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView
    ) -> tuple[PollTally, dict[int, list[str]]]:
        poll = _settings(campaign)
        names: dict[int, list[str]] = {}
        if poll.anonymous:
            return count_grouped(poll.options, await ballot_counts(runtime.db, round_.id)), names
        named = await named_ballots(runtime.db, round_.id)
        for choices, name in named:
            for index in choices:
                names.setdefault(index, []).append(name)
        return count(poll.options, [choices for choices, _ in named]), names

    async def _pressed(self, event: Event, ctx: Context) -> None:
        try:
            round_id, option = (int(arg) for arg in ctx.action_args)
        except ValueError:
            raise BadInput("error.stale_button") from None
        campaign = await self._rounds.of(ctx.runtime, round_id)
        await self._cast(event, ctx, campaign, round_id, option)

    async def _vote_command(self, event: Event, ctx: Context) -> None:
        campaign, args = await campaign_for(
            ctx.runtime, ctx.event.chat, "vote", getattr(event, "args", ())
        )
        if campaign.kind != self.name:
            raise BadInput("poll.not_a_poll", campaign=campaign.id)
        if not args:
            raise BadInput("poll.vote_usage", options=_numbered(_settings(campaign)))
        poll = _settings(campaign)
        try:
            option = _option_index(poll, " ".join(args))
        except NotFound:
            refuse_mistyped_campaign(args, lambda text: _names_an_option(poll, text))
            raise
        round_ = await latest_round(ctx.runtime.db, campaign.id)
        if round_ is None:
            raise RoundNotOpen("round.not_open_yet")
        await self._cast(event, ctx, campaign, round_.id, option)

    async def _cast(
        self, event: Event, ctx: Context, campaign: CampaignConfig, round_id: int, option: int
    ) -> None:
        poll = _settings(campaign)
        if not 0 <= option < len(poll.options):
            raise NotFound("poll.unknown_option", options=_numbered(poll))
        await ctx.require_participant(campaign)
        user = event.user
        result = await ctx.runtime.ballots.cast(
            VoteRequest(
                delivery_id=event.delivery_id,
                voter=user,
                round_id=round_id,
                option=option,
                at=ctx.runtime.clock.now(),
                max_choices=poll.max_choices,
                by_person=campaign.counts_people,
            )
        )
        if result.outcome is VoteOutcome.DUPLICATE:
            return
        if result.outcome in (VoteOutcome.RECORDED, VoteOutcome.CHANGED, VoteOutcome.WITHDRAWN):
            ctx.runtime.participation_changed(round_id)
        if result.outcome is VoteOutcome.CLOSED:
            await self._refuse(ctx, round_id)
            return
        label = poll.options[option]
        texts: dict[VoteOutcome, tuple[str, dict[str, object]]] = {
            VoteOutcome.RECORDED: ("poll.vote.recorded", {"option": label}),
            VoteOutcome.CHANGED: ("poll.vote.changed", {"option": label}),
            VoteOutcome.UNCHANGED: ("poll.vote.unchanged", {"option": label}),
            VoteOutcome.WITHDRAWN: ("poll.vote.withdrawn", {"option": label}),
            VoteOutcome.FULL: ("poll.vote.full", {"count": poll.max_choices}),
        }
        key, params = texts[result.outcome]
        lines = [ctx.t(key, **params)]
        if result.shared:
            lines.append(ctx.t("poll.vote.shared"))
        if poll.max_choices > 1:
            chosen = ", ".join(_quoted(ctx.t, (poll.options[i] for i in result.choices)))
            lines.append(
                ctx.t(
                    "poll.vote.choices",
                    choices=chosen or "—",
                    used=len(result.choices),
                    count=poll.max_choices,
                )
            )
        await ctx.reply("\n".join(lines))

    async def _refuse(self, ctx: Context, round_id: int) -> None:
        round_ = await get_round(ctx.runtime.db, round_id)
        state = round_.state if round_ else RoundState.CLOSED
        key = {RoundState.SCHEDULED: "round.not_open_yet", RoundState.PAUSED: "round.paused"}.get(
            state, "round.closed_no_votes"
        )
        raise RoundNotOpen(key)


def _settings(campaign: CampaignConfig) -> PollSettings:
    poll = campaign.section_as(PollSettings)
    assert poll is not None, "config validation guarantees a poll section"
    return poll


def _standing(tally: PollTally, names: dict[int, list[str]], t: Translator) -> list[str]:
    lines = []
    for option in tally.ranked():
        line = t(
            "poll.results.line",
            option=option.label,
            votes=t.number(option.votes),
            share=t.percent(option.share),
        )
        voters = names.get(option.index, [])
        if voters:
            shown = ", ".join(voters[:NAMES_SHOWN])
            more = len(voters) - NAMES_SHOWN
            line += " — " + (shown + (t("poll.results.more", count=more) if more > 0 else ""))
        lines.append(line)
    lines.append(t("poll.results.voters", count=t.number(tally.voters)))
    return lines


def _quoted(t: Translator, labels: Iterable[str]) -> list[str]:
    """Option labels quoted the way the language quotes them."""
    return [t("poll.quoted", option=label) for label in labels]


def _numbered(poll: PollSettings) -> str:
    return " · ".join(f"{i}. {label}" for i, label in enumerate(poll.options, start=1))


def _names_an_option(poll: PollSettings, text: str) -> bool:
    """Whether ``text`` is one of the poll's options, by number or by name."""
    try:
        return 0 <= _option_index(poll, text) < len(poll.options)
    except NotFound:
        return False


def _option_index(poll: PollSettings, text: str) -> int:
    """``2`` or ``Vanille`` → the option's index; raise NotFound otherwise."""
    text = text.strip()
    if text.isdigit():
        return int(text) - 1
    folded = text.casefold()
    for index, label in enumerate(poll.options):
        if label.casefold() == folded:
            return index
    raise NotFound("poll.unknown_option", options=_numbered(poll))
