"""Answering one interaction: at most one first response, within Discord's 3 seconds.

The core answers through :meth:`Answer.send` while it handles the event. When it answers in
time the answer is the interaction's first response (one HTTP round trip); when it needs
longer the adapter calls :meth:`Answer.defer` (an ephemeral "thinking…" response) and later
answers become follow-ups. :meth:`Answer.finish` acknowledges an interaction the core chose not
to answer (a repeated delivery) and removes a "thinking…" message nothing replaced.
:class:`LateAnswer` answers an interaction a process deferred before it died, once replayed.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord

log = logging.getLogger(__name__)

Kwargs = dict[str, Any]
#: The id that names an interaction's first response in its webhook's routes.
ORIGINAL = "@original"
NO_MENTIONS = discord.AllowedMentions.none()


class Answer:
    """The answering state of one interaction; every step holds one lock."""

    def __init__(self, interaction: discord.Interaction[Any]) -> None:
        self.interaction = interaction
        self._lock = asyncio.Lock()
        self._deferred = False
        self._replaced = False  # a follow-up took the place of "thinking…"

    async def send(self, parts: Kwargs, *, private: bool) -> None:
        """Show an answer: the first response if none was made, else a follow-up.

        A public answer after an ephemeral defer is posted in the channel, since Discord
        keeps the deferred message's visibility for its first follow-up.
        """
        async with self._lock:
            response = self.interaction.response
            if not response.is_done():
                await response.send_message(
                    **parts, ephemeral=private, allowed_mentions=NO_MENTIONS
                )
                return
            if private or not self._deferred:
                await self.interaction.followup.send(
                    **parts, ephemeral=private, allowed_mentions=NO_MENTIONS
                )
                self._replaced = True
                return
        channel = self.interaction.channel
        if isinstance(channel, discord.abc.Messageable):
            await channel.send(**parts, allowed_mentions=NO_MENTIONS)

    async def replace(self, parts: Kwargs) -> bool:
        """Show an answer in place of the message whose button was pressed (a one-shot
        prompt: its buttons go), as the interaction's first response; False when that is no
        longer possible (the interaction was answered or deferred), so the caller sends it."""
        async with self._lock:
            response = self.interaction.response
            component = self.interaction.type is discord.InteractionType.component
            if response.is_done() or not component:
                return False
            parts = {"content": None, "embed": None, **parts}
            await response.edit_message(**parts, allowed_mentions=NO_MENTIONS)
            return True

    async def defer(self) -> None:
        """Tell Discord the answer comes later (called when the 3-second window runs short)."""
        async with self._lock:
            if self.interaction.response.is_done():
                return
            try:
                await self.interaction.response.defer(ephemeral=True, thinking=True)
            except discord.HTTPException as exc:  # the answer itself will be tried anyway
                log.warning("interaction %s could not be deferred: %s", self.interaction.id, exc)
                return
            self._deferred = True

    async def finish(self) -> None:
        """Acknowledge silently if nothing answered; drop an unreplaced "thinking…"."""
        async with self._lock:
            try:
                if not self.interaction.response.is_done():
                    if self.interaction.type is discord.InteractionType.component:
                        await self.interaction.response.defer()
                    else:
                        await self.interaction.response.defer(ephemeral=True, thinking=True)
                        self._deferred = True
                if self._deferred and not self._replaced:
                    await self.interaction.delete_original_response()
            except discord.HTTPException as exc:
                # e.g. 40060 on a delivery replayed after a resume: it was answered already
                log.info("interaction %s not acknowledged: %s", self.interaction.id, exc)


class LateAnswer:
    """Answering an interaction replayed after a restart.

    The process that died had deferred it (an ephemeral "thinking…"; the journal entry was
    written just before), so Discord takes no first response any more: a private answer is a
    follow-up through the interaction's webhook — the first one takes the place of
    "thinking…" — and a public one is posted in the channel. The webhook works 15 minutes
    after the interaction; later, answers fail and are logged, the effect counts all the same.
    """

    def __init__(self, webhook: discord.Webhook, channel: discord.abc.Messageable) -> None:
        self.webhook = webhook
        self.channel = channel
        self._lock = asyncio.Lock()
        self._replaced = False

    async def send(self, parts: Kwargs, *, private: bool) -> None:
        """Show an answer: privately as a follow-up, publicly in the channel."""
        if not private:
            await self.channel.send(**parts, allowed_mentions=NO_MENTIONS)
            return
        async with self._lock:
            await self.webhook.send(**parts, ephemeral=True, allowed_mentions=NO_MENTIONS)
            self._replaced = True

    async def finish(self) -> None:
        """Drop the "thinking…" message if nothing replaced it, before the crash or since.

        A replay whose effect had landed says nothing again, and its answer may already have
        taken the place of "thinking…": only a message still loading is removed.
        """
        async with self._lock:
            if self._replaced:
                return
            try:
                original = await self.webhook.fetch_message(ORIGINAL)  # type: ignore[arg-type]
                if original.flags.loading:
                    await self.webhook.delete_message(ORIGINAL)  # type: ignore[arg-type]
            except discord.HTTPException as exc:
                log.info("replayed interaction not cleaned up: %s", exc)
