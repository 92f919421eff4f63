"""What the engine knows of a campaign kind: the :class:`CampaignKind` protocol and the
optional capabilities the core asks for with ``isinstance`` (periodic work, private outcomes,
review queues, members' data). They live here, below the rounds, the features and the kinds
themselves, so that the core never imports a kind; :mod:`campaigns` lists the kinds that
implement them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol, runtime_checkable

from bot.config.kinds import KindSettings
from bot.config.model import CampaignConfig, Config
from bot.engine.routes import Route
from bot.engine.runtime import KindMessages, Runtime
from bot.model.errors import NotFound
from bot.model.events import Chat
from bot.model.states import LIVE_ROUND
from storage.delivery.outbox import OutboxItem
from storage.identity.merge import MergeRule
from storage.privacy.records import PersonalRecords
from storage.rounds import RoundView, latest_round


@runtime_checkable
class CampaignKind(KindMessages, Protocol):
    """A kind of campaign (poll, contest, ideas…): its routes and its announcements (the
    messages part, which the runtime's registry offers, is :class:`KindMessages`) and its
    ``[campaigns.<kind>]`` settings, which config validation takes from the registry."""

    settings: KindSettings

    def routes(self) -> Sequence[Route]:
        """Routes for the events this kind handles (buttons, commands)."""
        ...


@runtime_checkable
class CommandWindows(Protocol):
    """A kind that takes some commands only in part of a live round (a contest takes
    ``/submit`` while submissions run, ``/vote`` while votes do): the campaign a command is
    meant for, when the member names none, is chosen among those that take it now."""

    def takes(self, command: str, campaign: CampaignConfig, round_: RoundView) -> bool:
        """Whether ``campaign``, whose latest round is the live ``round_``, takes ``/command``."""
        ...


async def campaign_for(
    runtime: Runtime, chat: Chat, command: str, args: Sequence[str], *, more: bool = True
) -> tuple[CampaignConfig, list[str]]:
    """The campaign a member's ``/command`` in ``chat`` is meant for, and the arguments after
    its id.

    A leading argument that is a campaign's id names it. Otherwise the candidates are the
    campaigns of this chat (every campaign in a private chat); of those, the ones whose kind
    has a ``/command`` route (any kind for the core's commands), and of those the ones whose
    round takes it now (open or paused; see :class:`CommandWindows`): ``/vote 2`` beside an
    idea box is the poll's. The first of these narrowings that leaves one campaign gives it;
    its kind then says why it cannot act (closed, not a poll…). Without ``more`` the command
    takes no other argument than the id.

    Raises:
        NotFound: several campaigns could be meant (the message lists those of the right kind
            and state), none here takes ``/command``, or (without ``more``) the argument is no
            campaign's id.
    """
    if args and (named := runtime.campaign(args[0])) is not None:
        return named, list(args[1:])
    if args and not more:
        raise NotFound("error.unknown_campaign", campaign=args[0])
    here = runtime.campaigns() if chat.private else runtime.campaigns_in(chat.key)
    kinds = _kinds_taking(runtime.kinds, command)
    right_kind = [c for c in here or runtime.campaigns() if c.kind in kinds]
    right_state = [c for c in right_kind if await _takes_now(runtime, command, c)]
    for candidates in (right_state, right_kind, here):
        if len(candidates) == 1 and here:
            return candidates[0], list(args)
    listed = right_state or right_kind
    if not listed:
        raise NotFound("error.no_campaign_takes", command=command)
    raise NotFound("error.name_campaign", campaigns=", ".join(c.id for c in listed))


def _kinds_taking(kinds: Mapping[str, object], command: str) -> set[str]:
    """The kinds with a route for ``/command``; every kind when none has (a core command)."""
    taking = {
        name
        for name, kind in kinds.items()
        if isinstance(kind, CampaignKind) and any(r.command == command for r in kind.routes())
    }
    return taking or set(kinds)


async def _takes_now(runtime: Runtime, command: str, campaign: CampaignConfig) -> bool:
    round_ = await latest_round(runtime.db, campaign.id)
    if round_ is None or round_.state not in LIVE_ROUND:
        return False
    kind = runtime.kinds.get(campaign.kind)
    return not isinstance(kind, CommandWindows) or kind.takes(command, campaign, round_)


@runtime_checkable
class Periodic(Protocol):
    """A kind with work to do on schedule while a round is open (digests…): the scheduler's
    sweep calls ``on_tick``, which must be idempotent (outbox keys per period)."""

    async def on_tick(self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView) -> None:
        """Do what is due now for an open round."""
        ...


@runtime_checkable
class PrivateOutcomes(Protocol):
    """A kind that tells members privately what a round's outcome means for them (backers of
    a pledge: what happens next). The announcement queues these with the results, once."""

    async def outcome_notices(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView
    ) -> Sequence[OutboxItem]:
        """Outbox items for ``platform:dm:user-id`` channels."""
        ...


@runtime_checkable
class SecretStanding(Protocol):
    """A kind whose standing may be kept from members until the close (a hidden poll):
    ``/results`` and the dashboard show it only to moderators while the round runs."""

    def standing_hidden(self, campaign: CampaignConfig) -> bool:
        """Whether ``campaign`` keeps its standing from members until the close."""
        ...


@runtime_checkable
class ReviewQueue(Protocol):
    """A kind whose submissions wait for a moderator (contest entries…): ``/status`` shows
    how many are pending."""

    async def pending_reviews(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView
    ) -> int:
        """How many submissions of the round wait for a decision."""
        ...


@runtime_checkable
class MemberData(Protocol):
    """A kind whose records name members: ``/mydata`` lists them, ``/mydata erase`` and the
    retention purge erase them, through the hook this returns (one erase path for every
    kind: :mod:`storage.privacy.erasure` knows no kind's tables)."""

    def member_data(self, runtime: Runtime) -> PersonalRecords:
        """The kind's hook over its records (``runtime`` gives the config, to present them)."""
        ...


def member_data(runtime: Runtime) -> list[PersonalRecords]:
    """The hooks of every kind that keeps records naming members."""
    return [
        kind.member_data(runtime) for kind in runtime.kinds.values() if isinstance(kind, MemberData)
    ]


@runtime_checkable
class SharedVoices(Protocol):
    """A kind whose records count per person where a campaign says so (``one_voice``): when
    two accounts are linked mid-round, its rules say how their records merge (see
    :mod:`storage.identity.merge`)."""

    def merge_rules(self) -> Sequence[MergeRule]:
        """How each of the kind's tables merges records of linked accounts."""
        ...


def merge_rules(runtime: Runtime) -> list[MergeRule]:
    """The merge rules of every kind that has them."""
    return [
        rule
        for kind in runtime.kinds.values()
        if isinstance(kind, SharedVoices)
        for rule in kind.merge_rules()
    ]


def offered_commands(
    config: Config,
    core: Sequence[Route],
    kinds: Mapping[str, CampaignKind],
    platform: str,
) -> frozenset[str]:
    """The commands a platform's menu lists: the core's and the features' (``core``), and
    those of every kind with a campaign on ``platform`` (a channel there, or its moderators'
    channel). A poll-only server is not offered ``/submit``, ``/pledge`` or ``/score``."""
    prefix = f"{platform}:"
    names = {r.command for r in core if r.command is not None}
    for campaign in config.campaigns:
        places = [*campaign.channels, campaign.moderators_place() or ""]
        kind = kinds.get(campaign.kind)
        if kind is not None and any(place.startswith(prefix) for place in places):
            names.update(r.command for r in kind.routes() if r.command is not None)
    return frozenset(names)


def commands_here(runtime: Runtime, platform: str) -> frozenset[str]:
    """The commands ``/help`` lists on ``platform``: every command that belongs to no kind
    (the core's, the features'), and those of the kinds with a campaign there, as the
    platform's menu offers them (:func:`offered_commands`)."""
    kinds = {n: k for n, k in runtime.kinds.items() if isinstance(k, CampaignKind)}
    of_kinds = {r.command for kind in kinds.values() for r in kind.routes() if r.command}
    here = offered_commands(runtime.config, (), kinds, platform)
    return frozenset(c.name for c in runtime.commands if c.name not in of_kinds or c.name in here)


def refuse_mistyped_campaign(args: Sequence[str], takes: Callable[[str], bool]) -> None:
    """After a command could not take ``args``: when the words after the first are what it
    takes (``/vote flavor 2``, ``/pledge tuor 15``), the first was meant as a campaign's id,
    and the member is told that no campaign has it.

    Raises:
        NotFound: ``error.unknown_campaign``, naming the first word.
    """
    if len(args) > 1 and takes(" ".join(args[1:])):
        raise NotFound("error.unknown_campaign", campaign=args[0])
