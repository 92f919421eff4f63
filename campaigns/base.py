"""The interface every campaign kind implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from bot.actions import Message
from bot.config import CampaignConfig
from bot.i18n import Translator
from bot.routes import Route
from bot.runtime import Runtime
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
class Periodic(Protocol):
    """A kind with work to do on schedule while a round is open (digests…): the scheduler's
    sweep calls ``on_tick``, which must be idempotent (outbox keys per period)."""

    async def on_tick(self, runtime: Runtime, campaign: CampaignConfig, round_: RoundView) -> None:
        """Do what is due now for an open round."""
        ...
