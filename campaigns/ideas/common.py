"""What every part of the idea box needs: its settings, who and what an event is, idea lookups."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from bot.config.model import CampaignConfig
from bot.engine.context import Context
from bot.engine.kinds import campaign_for
from bot.engine.runtime import Runtime
from bot.model.errors import BadInput, NotFound
from bot.model.events import CommandInvoked, Event
from bot.model.members import Member
from bot.model.states import IdeaState
from campaigns.ideas.settings import SETTINGS, IdeasSettings
from campaigns.ideas.similarity import SimilarityIndex
from storage.ideas.reads import IdeaView, get_idea, published_texts
from storage.ideas.writes import Delivery

KIND = SETTINGS.name
#: The topic of the look-alike index's news to the other processes.
NEWS = "ideas"


def settings_of(campaign: CampaignConfig) -> IdeasSettings:
    """The campaign's ``[campaigns.ideas]`` section, or the defaults when it has none."""
    return campaign.section_as(IdeasSettings) or IdeasSettings()


def member_of(event: Event) -> Member:
    return event.user


def delivery_of(event: Event, ctx: Context) -> Delivery:
    return Delivery(event.platform, event.delivery_id, ctx.runtime.clock.now())


def args_of(event: Event) -> list[str]:
    return list(event.args) if isinstance(event, CommandInvoked) else []


async def ideas_campaign(
    ctx: Context, command: str, args: list[str], *, more: bool = True
) -> tuple[CampaignConfig, list[str]]:
    """The idea box ``/command`` names first, or the one here that takes it; the other args
    (see :meth:`Context.campaign_for`; without ``more``, a word that is no campaign's id is
    refused).

    Raises:
        NotFound: no campaign can be chosen.
        BadInput: the campaign is not an idea box.
    """
    campaign, rest = await campaign_for(ctx.runtime, ctx.event.chat, command, args, more=more)
    if campaign.kind != KIND:
        raise BadInput("ideas.not_ideas", campaign=campaign.id)
    return campaign, rest


def idea_number(text: str) -> int:
    """``12`` or ``#12`` → 12.

    Raises:
        BadInput: not a number.
    """
    digits = text.strip().removeprefix("#")
    if not digits.isdigit() or len(digits) > 12:
        raise BadInput("ideas.bad_number", text=text)
    return int(digits)


async def idea_of(runtime: Runtime, idea_id: int) -> tuple[IdeaView, CampaignConfig]:
    """An idea members have seen and its (enabled) campaign.

    Raises:
        NotFound: no such idea in a running campaign (drafts and ideas awaiting or refused
            review included).
    """
    idea, campaign = await idea_of_any(runtime, idea_id)
    if idea.state in (IdeaState.DRAFT, IdeaState.PENDING, IdeaState.REJECTED):
        raise NotFound("ideas.unknown", number=idea_id)
    return idea, campaign


async def idea_of_any(runtime: Runtime, idea_id: int) -> tuple[IdeaView, CampaignConfig]:
    """An idea in any state and its (enabled) campaign.

    Raises:
        NotFound: no such idea in a running campaign.
    """
    idea = await get_idea(runtime.db, idea_id)
    campaign = runtime.campaign(idea.campaign_id) if idea is not None else None
    if idea is None or campaign is None:
        raise NotFound("ideas.unknown", number=idea_id)
    return idea, campaign


class Indexes:
    """One similarity index per campaign, built from the database at first use and kept up to
    date as ideas are published, hidden and merged: by this process, and by the others, which
    tell it (:class:`~bot.engine.cache_news.CacheNews`, topic :data:`NEWS`)."""

    def __init__(self) -> None:
        self._built: dict[str, SimilarityIndex] = {}
        self._lock = asyncio.Lock()
        #: News heard while a campaign's index was being read from the database.
        self._late: dict[str, list[dict[str, Any]]] = {}
        self._hearing: set[int] = set()

    def _hear(self, runtime: Runtime) -> None:
        """Apply the other processes' changes to this process's indexes (once per runtime)."""
        if id(runtime) not in self._hearing:
            self._hearing.add(id(runtime))
            runtime.news.on(NEWS, lambda news: self._heard(runtime, news))

    async def of(self, runtime: Runtime, campaign_id: str) -> SimilarityIndex:
        self._hear(runtime)
        index = self._built.get(campaign_id)
        if index is not None:
            return index
        async with self._lock:
            if campaign_id not in self._built:
                self._late[campaign_id] = []
                fresh = SimilarityIndex()
                for idea_id, text in await published_texts(runtime.db, campaign_id):
                    fresh.add(idea_id, text)
                self._built[campaign_id] = fresh
                for news in self._late.pop(campaign_id):
                    await self._apply(runtime, news)
        return self._built[campaign_id]

    async def published(self, runtime: Runtime, idea: IdeaView) -> None:
        """``idea`` is published: in this process's index now, in the others' once told."""
        index = self._built.get(idea.campaign_id)
        if index is not None:
            index.add(idea.id, f"{idea.title} {idea.body}")
        await runtime.news.tell(NEWS, campaign=idea.campaign_id, idea=idea.id)

    async def removed(self, runtime: Runtime, campaign_id: str, idea_id: int) -> None:
        """The idea left the published ones (hidden, merged): out of every process's index."""
        index = self._built.get(campaign_id)
        if index is not None:
            index.remove(idea_id)
        await runtime.news.tell(NEWS, campaign=campaign_id, idea=idea_id)

    def _heard(self, runtime: Runtime, news: dict[str, Any]) -> Awaitable[None] | None:
        campaign_id = str(news.get("campaign"))
        if campaign_id in self._late:
            self._late[campaign_id].append(news)
            return None
        if campaign_id not in self._built:
            return None  # read from the database when first needed
        return self._apply(runtime, news)

    async def _apply(self, runtime: Runtime, news: dict[str, Any]) -> None:
        """Bring the campaign's index in line with the idea as the database has it now."""
        index = self._built.get(str(news.get("campaign")))
        idea = await get_idea(runtime.db, int(news["idea"]))
        if index is None or idea is None:
            return
        if idea.state == IdeaState.PUBLISHED:
            index.add(idea.id, f"{idea.title} {idea.body}")
        else:
            index.remove(idea.id)
