"""What the engine knows of a campaign kind: the :class:`CampaignKind` protocol and the
optional capabilities the core asks for with ``isinstance`` (periodic work, private outcomes,
review queues, members' data). They live here, below the rounds, the features and the kinds
themselves, so that the core never imports a kind; :mod:`campaigns` lists the kinds that
implement them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

from bot.config.kinds import KindSettings
from bot.config.model import CampaignConfig, Config
from bot.engine.routes import Route
from bot.engine.runtime import KindMessages, Runtime
from storage.delivery.outbox import OutboxItem
from storage.identity.merge import MergeRule
from storage.privacy.records import PersonalRecords
from storage.rounds import RoundView


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
