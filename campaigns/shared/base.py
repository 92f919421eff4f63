"""The interface every campaign kind implements."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from bot.config.model import CampaignConfig
from bot.engine.i18n import Translator
from bot.engine.routes import Route
from bot.engine.runtime import Runtime
from bot.model.actions import Message
from bot.model.errors import BadInput
from campaigns.shared.export_table import ExportTable
from storage.db import Database
from storage.outbox import OutboxItem
from storage.rounds import RoundView, get_round


class CampaignKind(Protocol):
    """A kind of campaign (poll, contest, ideas…): its routes and its announcements."""

    name: str

    def routes(self) -> Sequence[Route]:
        """Routes for the events this kind handles (buttons, commands)."""
        ...

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
class Exports(Protocol):
    """A kind whose records ``chorus export`` can hand over (see :mod:`bot.reports.export`)."""

    async def export(
        self, db: Database, campaign: CampaignConfig, round_: RoundView
    ) -> ExportTable:
        """The round's records as a table."""
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


class RoundCampaigns:
    """Which campaign of one kind a round belongs to, remembered: button presses name rounds,
    and a round never changes campaign."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._known: dict[int, str] = {}
        self._loading: dict[int, asyncio.Task[RoundView | None]] = {}

    async def of(self, runtime: Runtime, round_id: int) -> CampaignConfig:
        """The enabled campaign of this kind that ``round_id`` belongs to.

        Raises:
            BadInput: ``error.stale_button`` for an unknown round, or one of a campaign that
                is gone, disabled or of another kind.
        """
        campaign_id = self._known.get(round_id)
        if campaign_id is None:
            round_ = await self._load(runtime, round_id)
            if round_ is None:
                raise BadInput("error.stale_button")
            campaign_id = self._known[round_id] = round_.campaign_id
        campaign = runtime.campaign(campaign_id)
        if campaign is None or campaign.kind != self.kind:
            raise BadInput("error.stale_button")
        return campaign

    async def _load(self, runtime: Runtime, round_id: int) -> RoundView | None:
        """One database lookup per round, however many presses arrive before it returns."""
        task = self._loading.get(round_id)
        if task is None:
            task = asyncio.create_task(get_round(runtime.db, round_id))
            self._loading[round_id] = task
            task.add_done_callback(lambda _: self._loading.pop(round_id, None))
        return await asyncio.shield(task)
