"""The long-lived services of a running Chorus, handed explicitly to whoever needs them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from bot.config.model import CampaignConfig, Config
from bot.engine.access.bans import BanList
from bot.engine.action_ids import ActionSigner
from bot.engine.cache_news import CacheNews
from bot.engine.command_specs import Commands
from bot.engine.errors import ErrorHook
from bot.engine.i18n import Catalogs, Translator, pick_locale
from bot.engine.redaction import Redactor
from bot.model.actions import Message
from bot.model.clock import Clock
from storage.db import Database
from storage.peers import Alone, Peers
from storage.poll.votes import BallotBox
from storage.rounds import RoundView

if TYPE_CHECKING:
    from adapters.base import Adapter

#: Topics of :class:`CacheNews` the runtime itself applies.
BANS = "bans"
PARTICIPANT = "participant"


class KindMessages(Protocol):
    """What the runtime's registry offers of a campaign kind: its name and its messages. The
    whole protocol, with the kind's routes, is :class:`bot.engine.kinds.CampaignKind`; it
    sits above the routes, which sit above the runtime, so the registry names only this part."""

    name: str

    def opening(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        """The message that opens a round, with its buttons."""
        ...

    async def results(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        """The message that announces a closed round's outcome."""
        ...

    async def live_results(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message:
        """The current standing, for ``/results`` while the round runs."""
        ...

    async def live_opening(
        self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView, t: Translator
    ) -> Message | None:
        """The opening message as it should look now (live standing, progress…), or None
        when it never changes after it is posted."""
        ...


class LiveMessages(Protocol):
    """What the runtime needs of the live updater (:mod:`bot.delivery.live`), which sits above
    the engine: told of participation, flushed by simulations, stopped at shutdown."""

    def touch(self, round_id: int) -> None:
        """Participation changed in ``round_id``: refresh its live messages soon."""
        ...

    async def flush(self) -> None:
        """Apply every pending refresh now."""
        ...

    async def stop(self) -> None:
        """Cancel pending refreshes: the process is stopping."""
        ...


@dataclass(eq=False)
class Runtime:
    """Config, storage, clock, catalogs, adapters and campaign kinds of one process."""

    config: Config
    db: Database
    clock: Clock
    catalogs: Catalogs
    signer: ActionSigner
    ballots: BallotBox
    kinds: Mapping[str, KindMessages]
    adapters: dict[str, Adapter] = field(default_factory=dict)
    #: The commands some route handles, in menu order (set at start).
    commands: Commands = field(default_factory=Commands)
    live: LiveMessages | None = None
    #: Bans remembered for a few seconds, to refuse banned members' participation cheaply.
    bans: BanList = field(default_factory=BanList)
    outbox_ready: asyncio.Event = field(default_factory=asyncio.Event)
    #: Chats that moved (a Telegram group upgraded to a supergroup): old place → where it is now.
    moves: Mapping[str, str] = field(default_factory=dict)
    #: Where background jobs and event handlers report what failed.
    errors: ErrorHook = field(default_factory=ErrorHook)
    #: Hides configured secrets in texts built from errors (alerts, delivery failures).
    redactor: Redactor = field(default_factory=Redactor)
    #: Told the round id whenever participation changes (the dashboard's live pages).
    watchers: list[Callable[[int], None]] = field(default_factory=list)
    #: The other processes sharing the database: notifications and leases.
    peers: Peers = field(default_factory=Alone)
    #: Changes to what processes keep in memory, told to and heard from the others.
    news: CacheNews = field(init=False)

    def __post_init__(self) -> None:
        self.news = CacheNews(self.peers, self.db.owner)
        self.news.on(BANS, lambda news: self.bans.forget(str(news["campaign"])))
        self.news.on(PARTICIPANT, self._participant_erased)

    def _participant_erased(self, news: dict[str, Any]) -> None:
        if news.get("user") is None:
            self.ballots.forget_all()
        else:
            self.ballots.forget_member(str(news["platform"]), str(news["user"]))

    async def bans_changed(self, campaign_id: str) -> None:
        """A ban or unban in ``campaign_id``: every process forgets the campaign's bans."""
        self.bans.forget(campaign_id)
        await self.news.tell(BANS, campaign=campaign_id)

    async def participants_erased(
        self, platform: str | None = None, user: str | None = None
    ) -> None:
        """A member's participant row (or, without ``user``, any number of them) was erased:
        every process forgets the participant ids it kept for them."""
        self._participant_erased({"platform": platform, "user": user})
        await self.news.tell(PARTICIPANT, platform=platform, user=user)

    def campaign(self, campaign_id: str) -> CampaignConfig | None:
        """An enabled campaign by id."""
        campaign = self.config.campaign(campaign_id)
        return campaign if campaign is not None and campaign.enabled else None

    def campaigns(self) -> list[CampaignConfig]:
        """Every enabled campaign, in config order."""
        return [c for c in self.config.campaigns if c.enabled]

    def campaigns_in(self, channel: str) -> list[CampaignConfig]:
        """Enabled campaigns that list ``channel`` (``platform:id``)."""
        return [c for c in self.campaigns() if channel in c.channels]

    def participation_changed(self, round_id: int) -> None:
        """A vote (or entry, pledge…) changed the round: refresh its live messages soon."""
        if self.live is not None:
            self.live.touch(round_id)
        for watcher in self.watchers:
            watcher(round_id)

    def translator(
        self,
        campaign: CampaignConfig | None,
        member_locale: str | None = None,
        platform: str | None = None,
    ) -> Translator:
        """Texts in the member's language, else the campaign's, else the bot's; worded for
        ``platform`` where the catalogs say it differently there."""
        default = campaign.language(self.config.bot) if campaign else self.config.bot.locale
        return self.catalogs.translator(pick_locale(member_locale, default), platform)
