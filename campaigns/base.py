"""The interface every campaign kind implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from bot.actions import Message
from bot.config import CampaignConfig
from bot.export import ExportTable
from bot.i18n import Translator
from bot.routes import Route
from bot.runtime import Runtime
from storage.db import Database
from storage.outbox import OutboxItem
from storage.rounds import RoundView


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
    """A kind whose records ``chorus export`` can hand over (see :mod:`bot.export`)."""

    async def export(
        self, db: Database, campaign: CampaignConfig, round_: RoundView
    ) -> ExportTable:
        """The round's records as a table."""
        ...
