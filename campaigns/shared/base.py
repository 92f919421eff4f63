"""Which campaign a round belongs to, remembered for the kinds' button handlers. The protocols
a kind implements are in :mod:`bot.engine.kinds` (the export capability beside its table type,
in :mod:`campaigns.shared.export_table`)."""

from __future__ import annotations

import asyncio

from bot.config.model import CampaignConfig
from bot.engine.runtime import Runtime
from bot.model.errors import BadInput
from storage.rounds import RoundView, get_round


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
