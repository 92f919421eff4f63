"""What every part of the contest kind shares: settings, finding the campaign a command names,
the round it acts on, and who a member is."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.config.model import CampaignConfig
from bot.engine.context import Context
from bot.engine.kinds import campaign_for
from bot.engine.runtime import Runtime
from bot.model.errors import BadInput, NotFound, RoundNotOpen
from bot.model.events import CommandInvoked, Event
from bot.model.states import RoundState
from campaigns.contest.settings import SETTINGS, ContestSettings
from storage.contest.entries import EntryView, delete_entry, get_entry
from storage.media import MediaStore
from storage.rounds import RoundView, latest_round

KIND = SETTINGS.name
#: Round phases in which each activity is allowed ("" is a round without phases).
SUBMITTING = ("", "submissions")
VOTING = ("", "voting")


def settings(campaign: CampaignConfig) -> ContestSettings:
    """The campaign's contest section (its defaults when the section is left out)."""
    return campaign.section_as(ContestSettings) or ContestSettings()


def args_of(event: Event) -> list[str]:
    return list(event.args) if isinstance(event, CommandInvoked) else []


async def contest_named(
    ctx: Context, command: str, args: list[str]
) -> tuple[CampaignConfig, list[str]]:
    """The contest ``/command`` names by a leading id (or the one here that takes it), and
    the rest (see :meth:`Context.campaign_for`).

    Raises:
        NotFound: no such campaign, or several could be meant.
        BadInput: the campaign is not a contest.
    """
    campaign, rest = await campaign_for(ctx.runtime, ctx.event.chat, command, args)
    if campaign.kind != KIND:
        raise BadInput("contest.not_a_contest", campaign=campaign.id)
    return campaign, rest


async def current_round(runtime: Runtime, campaign: CampaignConfig) -> RoundView:
    """The newest round of a contest.

    Raises:
        RoundNotOpen: the contest has no round yet.
    """
    round_ = await latest_round(runtime.db, campaign.id)
    if round_ is None:
        raise RoundNotOpen("round.not_open_yet")
    return round_


def zone_of(ctx: Context, campaign: CampaignConfig) -> ZoneInfo:
    """The time zone the campaign's dates are told in."""
    return campaign.zone(ctx.runtime.config.bot)


def refuse_unless_open(
    round_: RoundView, phases: tuple[str, ...], closed_key: str, zone: ZoneInfo
) -> None:
    """Raise :class:`RoundNotOpen` with the reason when ``round_`` is not in ``phases``; a
    contest that opens later, or whose vote opens later, says when (in ``zone``)."""
    if round_.state == RoundState.SCHEDULED:
        raise RoundNotOpen("contest.opens_on", when=round_.opens_at.astimezone(zone))
    if round_.state == RoundState.PAUSED:
        raise RoundNotOpen("round.paused")
    voting_later = round_.voting_opens_at is not None and round_.phase not in VOTING
    if round_.state == RoundState.OPEN and phases == VOTING and voting_later:
        assert round_.voting_opens_at is not None
        raise RoundNotOpen("contest.vote.opens_on", when=round_.voting_opens_at.astimezone(zone))
    if round_.state != RoundState.OPEN or round_.phase not in phases:
        raise RoundNotOpen(closed_key)


def entry_number(text: str) -> int:
    """``12`` or ``#12`` → 12.

    Raises:
        BadInput: not an entry number.
    """
    digits = text.strip().removeprefix("#")
    if not digits.isdigit():
        raise BadInput("contest.entry_number", given=text)
    return int(digits)


async def entry_in(runtime: Runtime, entry_id: int) -> tuple[EntryView, CampaignConfig]:
    """An entry and its (enabled) contest.

    Raises:
        NotFound: no such entry, or its contest is no longer running.
    """
    entry = await get_entry(runtime.db, entry_id)
    campaign = None if entry is None else runtime.campaign(entry.campaign_id)
    if entry is None or campaign is None or campaign.kind != KIND:
        raise NotFound("contest.no_entry", entry=entry_id)
    return entry, campaign


def direct_channel(platform: str, user_id: str) -> str:
    """The outbox channel of a private message to one member."""
    return f"{platform}:dm:{user_id}"


async def discard_entry(runtime: Runtime, entry_id: int) -> bool:
    """Delete an entry for good, with its votes, scores and reports, and its media file once no
    other entry uses it. Returns whether there was such an entry."""
    entry = await get_entry(runtime.db, entry_id)
    if entry is None:
        return False
    path = await delete_entry(runtime.db, entry_id)
    if path is not None:
        MediaStore(runtime.config.media_dir()).remove(path)
    return True
