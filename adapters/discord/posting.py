"""What the Discord adapter posts, edits, deletes and sends privately, under the bot's request
limit when several processes share it (discord.py keeps the per-route buckets from the headers
Discord answers with; answers to interactions never wait: they are not sent here)."""

from __future__ import annotations

from collections.abc import Callable

import discord

from adapters.discord.outgoing import parts, refused_for_good
from adapters.discord.pacing import EditPacer
from adapters.discord.translate import render
from bot.model.actions import Action, Delete, Direct, Edit, Post
from bot.model.errors import Undeliverable
from bot.model.pacing import Limit, Throttle

#: Discord's global limit: requests per second per bot (interaction answers excepted).
PER_BOT = 50


class Poster:
    """Sends every action but replies to an interaction."""

    def __init__(self, client: Callable[[], discord.Client], pacer: EditPacer) -> None:
        self._client = client
        self._pacer = pacer
        self._throttle: Throttle | None = None

    def pace_with(self, throttle: Throttle) -> None:
        """Keep the bot's 50 requests a second with every process sharing ``throttle``."""
        self._throttle = throttle

    async def _turn(self) -> None:
        """Wait for a turn under the bot's limit (when shared; answers never wait)."""
        if self._throttle is not None:
            user = self._client().user
            bot = user.id if user is not None else "bot"
            await self._throttle.turn(Limit(f"discord:{bot}", PER_BOT, 1.0, spread=True))

    async def send(self, action: Action) -> str | None:
        client = self._client()
        if isinstance(action, Edit):
            rendering = render(action.message)
            message = client.get_partial_messageable(int(action.channel)).get_partial_message(
                int(action.message_id)
            )

            async def edit() -> None:
                await self._turn()
                await refused_for_good(message.edit(**parts(rendering, edit=True)), action.channel)

            await self._pacer.edit(action.message_id, edit)
            return action.message_id
        if isinstance(action, Delete):
            await self._delete(client, action)
            return None
        if isinstance(action, Direct):
            await self._turn()
            channel: discord.abc.Messageable = await refused_for_good(
                client.create_dm(discord.Object(int(action.user_id))), action.user_id
            )
            await self._turn()
            sent = await refused_for_good(
                channel.send(**parts(render(action.message))), action.user_id
            )
            return str(sent.id)
        assert isinstance(action, Post)
        target = client.get_partial_messageable(int(action.channel))
        await self._turn()
        sent = await refused_for_good(target.send(**parts(render(action.message))), action.channel)
        return str(sent.id)

    async def _delete(self, client: discord.Client, action: Delete) -> None:
        """Delete a message we posted; one already gone (10008 Unknown Message) is fine."""
        message = client.get_partial_messageable(int(action.channel)).get_partial_message(
            int(action.message_id)
        )
        await self._turn()
        try:
            await refused_for_good(message.delete(), action.channel)
        except Undeliverable as exc:
            if isinstance(exc.__cause__, discord.NotFound) and exc.__cause__.code == 10008:
                return
            raise
