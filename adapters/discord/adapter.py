"""The Discord adapter on discord.py: a gateway client and its command tree inside Chorus's loop.

Start-up logs in (``/users/@me``, ``/oauth2/applications/@me``), syncs the slash commands to
the configured guilds (globally when none), registers the persistent button class, then runs
the gateway connection as a task and returns once READY. Buttons carry the core's signed action
id as ``custom_id``; one :class:`~discord.ui.DynamicItem` class matches every id, so presses on
messages posted before a restart reach the core like new ones.

An interaction the core answers within ``defer_after`` needs nothing more: its answer comes
once its effect is durable. One that takes longer is deferred ("thinking…"), which Discord
takes as received: it is written to the core's journal first, and a process that dies before
handling it replays it at its next start, answering through the interaction's webhook.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from datetime import UTC, datetime
from typing import Any

import aiohttp
import discord
import yarl
from discord import app_commands

from adapters.base import BUTTONS, EDITS, EPHEMERAL, IMAGES, Journal, NoJournal, Sink
from adapters.discord.answers import NO_MENTIONS, Answer, LateAnswer
from adapters.discord.buttons import button_class
from adapters.discord.client import Client, ShardedClient
from adapters.discord.commands import CatalogTranslator, add_commands
from adapters.discord.outgoing import parts
from adapters.discord.pacing import EditPacer
from adapters.discord.posting import Poster
from adapters.discord.roster import Roster
from adapters.discord.stale import CommandTree, answer, answer_expired_form
from adapters.discord.translate import (
    PLATFORM,
    Invocation,
    Journaled,
    button_event,
    command_event,
    invocation,
    journal_entry,
    journaled,
    render,
    replayed_event,
    spelling,
)
from adapters.spelling import respelled
from bot.config.model import Config
from bot.config.platforms import DiscordSettings
from bot.engine.command_specs import Commands
from bot.engine.i18n import Catalogs
from bot.model.actions import Action, Reply
from bot.model.errors import ConfigError, ConfigProblem, TooLarge
from bot.model.events import Attachment, Chat, Event
from bot.model.members import Member
from bot.model.pacing import Throttle
from bot.model.unreachable import PlatformUnreachable, host_of

log = logging.getLogger(__name__)

TOKEN_ENV = "CHORUS_DISCORD_TOKEN"
CHUNK = 64 * 1024
#: What discord.py raises for options that are not those declared (an old client's).
STALE = (app_commands.CommandSignatureMismatch, app_commands.TransformerError)
#: Seconds ``stop`` waits for interactions in flight to be answered.
STOP_GRACE = 5.0


def build(config: Config) -> DiscordAdapter:
    """The adapter for ``config`` (token from ``CHORUS_DISCORD_TOKEN``)."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise ConfigError([ConfigProblem("discord", f"{TOKEN_ENV} is not set")])
    return DiscordAdapter(config.discord, token)


#: Chorus uses no voice: discord.py's warnings about voice libraries are noise.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


def point_at(settings: DiscordSettings) -> None:
    """Send REST calls and the gateway connection where the settings say (proxy, emulator)."""
    if settings.api_base_url:
        discord.http.Route.BASE = settings.api_base_url.rstrip("/")
    if settings.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


class DiscordAdapter:
    """Slash commands and buttons in, embeds, components, images and documents out."""

    platform = PLATFORM
    capabilities = frozenset({BUTTONS, EPHEMERAL, EDITS, IMAGES})

    def __init__(
        self,
        settings: DiscordSettings,
        token: str,
        *,
        catalogs: Catalogs | None = None,
        guild_ready_timeout: float = 2.0,
        edit_interval: float = 1.0,
    ) -> None:
        self.settings = settings
        self._token = token
        self._catalogs = catalogs or Catalogs()
        self._guild_ready_timeout = guild_ready_timeout
        self._roster = Roster(lambda: self.client, frozenset(settings.moderator_roles))
        self._answers: dict[str, Answer | LateAnswer] = {}
        self._journal: Journal = NoJournal()
        self._poster = Poster(self._client, EditPacer(edit_interval))
        #: Every command Chorus answers, and those registered here (told before start).
        self._commands = Commands()
        self._offered: frozenset[str] = frozenset()
        self._sink: Sink | None = None
        self._task: asyncio.Task[None] | None = None
        self._http: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._inflight: set[asyncio.Task[Any]] = set()
        self.client: discord.Client | None = None

    # ---- life cycle -------------------------------------------------------------------------

    async def start(self, sink: Sink) -> None:
        """Log in, sync commands, connect; return once the gateway says READY."""
        self._sink = sink
        point_at(self.settings)
        self._http = aiohttp.ClientSession()
        client = self._make_client()
        self.client = client
        tree = CommandTree(client, self._catalogs, self._commands)
        offered = self._commands.only(self._offered).specs
        add_commands(tree, offered, self._on_command, self._catalogs)
        client.add_dynamic_items(button_class(self._on_press))
        setattr(client, "on_interaction", self._on_interaction)  # noqa: B010  # an event
        tree.error(self._on_tree_error)

        async def setup_hook() -> None:
            await tree.set_translator(CatalogTranslator(self._catalogs))
            if self.settings.guild_ids:
                for guild_id in self.settings.guild_ids:
                    guild = discord.Object(int(guild_id))
                    tree.copy_global_to(guild=guild)
                    await tree.sync(guild=guild)
            else:
                await tree.sync()

        client.setup_hook = setup_hook  # type: ignore[method-assign]
        try:
            await client.login(self._token)
            self._task = asyncio.create_task(client.connect(reconnect=True), name="discord-gateway")
            ready = asyncio.create_task(client.wait_until_ready(), name="discord-ready")
            await asyncio.wait({self._task, ready}, return_when=asyncio.FIRST_COMPLETED)
            if not ready.done():
                ready.cancel()
                self._task.result()  # raises what ended the connection
                raise ConnectionError("the Discord gateway closed before READY")
        except discord.LoginFailure as error:
            await self.stop()
            raise PlatformUnreachable(
                PLATFORM, self._host, "token", str(error), TOKEN_ENV
            ) from None
        except (aiohttp.ClientConnectionError, OSError) as error:
            await self.stop()
            raise PlatformUnreachable(PLATFORM, self._host, "network", str(error)) from None
        except BaseException:
            await self.stop()
            raise
        log.info("discord connected as %s", client.user)

    def learn_commands(self, commands: Commands, offered: frozenset[str]) -> None:
        """Read invocations with ``commands``; register only those ``offered`` (the kinds
        running here) at the next start."""
        self._commands, self._offered = commands, offered

    @property
    def _host(self) -> str:
        return host_of(self.settings.api_base_url or discord.http.Route.BASE)

    def _make_client(self) -> discord.Client:
        options: dict[str, Any] = {
            "intents": discord.Intents(guilds=True),
            "guild_ready_timeout": self._guild_ready_timeout,
            "chunk_guilds_at_startup": False,
            "member_cache_flags": discord.MemberCacheFlags.none(),
            "max_messages": None,
            "allowed_mentions": NO_MENTIONS,
        }
        if self.settings.shard_count is not None:
            return ShardedClient(
                shard_count=self.settings.shard_count,
                shard_ids=self.settings.shard_ids,  # type: ignore[arg-type]  # None = all
                **options,
            )
        return Client(**options)

    async def stop(self) -> None:
        """Take no new interaction, let those in flight answer (a few seconds at most), then
        close the gateway and HTTP sessions."""
        self._sink = None
        pending = self._inflight | self._tasks
        if pending:
            await asyncio.wait(pending, timeout=STOP_GRACE)
        if self.client is not None:
            await self.client.close()
        if self._task is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._task
        if self._http is not None:
            await self._http.close()

    # ---- inbound ----------------------------------------------------------------------------

    async def _on_command(self, interaction: discord.Interaction[Any]) -> None:
        inv = invocation(interaction)
        event = command_event(inv, datetime.now(UTC), self._commands)
        await self._deliver(interaction, inv, None, event)

    async def _on_press(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        inv = invocation(interaction)
        event = button_event(inv, custom_id, datetime.now(UTC))
        await self._deliver(interaction, inv, custom_id, event)

    async def _on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Every interaction, once discord.py routed it: a form's submission reaches no
        handler (Chorus opens no form on Discord any more), so it is told it expired."""
        await answer_expired_form(interaction, self._catalogs)

    async def _on_tree_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        """A command the tree cannot run (unknown to this version, options it cannot read, a
        bug): the member gets a short answer in their language instead of "interaction
        failed"; only a bug is logged with its traceback."""
        if isinstance(error, app_commands.CommandNotFound):
            await answer(interaction, self._catalogs, "error.unknown_command", command=error.name)
        elif isinstance(error, STALE):
            log.info("a command's options could not be read (%s): %s", type(error).__name__, error)
            await answer(interaction, self._catalogs, "discord.stale_command")
        else:
            log.error("command %s failed", interaction.data, exc_info=error)
            await answer(interaction, self._catalogs, "error.internal")

    async def _deliver(
        self,
        interaction: discord.Interaction[Any],
        inv: Invocation,
        custom_id: str | None,
        event: Event,
    ) -> None:
        """Hand ``event`` to the core; defer if it has not answered within ``defer_after``.

        The core runs in this task (discord.py gives each interaction its own); a timer, not
        a second task, watches the 3-second window, so a quick answer costs one request. A
        deferred interaction is one Discord considers received: it is journaled before the
        defer, and finished once handled, so a process dying in between replays it.
        """
        sink = self._sink
        current = asyncio.current_task()
        if sink is None or current is None:
            return
        self._inflight.add(current)
        self._roster.remember(inv)
        answer = Answer(interaction)
        self._answers[inv.id] = answer
        entry = Journaled(inv, custom_id, str(interaction.application_id), interaction.token)
        deferrals: list[asyncio.Task[bool]] = []
        timer = asyncio.get_running_loop().call_later(
            self.settings.defer_after, lambda: deferrals.append(self._defer_soon(answer, entry))
        )
        handled = False
        try:
            await sink(event)
            handled = True
        except Exception:
            log.exception("interaction %s failed", inv.id)
        finally:
            timer.cancel()
            kept = bool(deferrals) and await deferrals[0]  # finished only once written
            await answer.finish()
            if self._answers.get(inv.id) is answer:  # a replay in flight may have replaced it
                del self._answers[inv.id]
            self._inflight.discard(current)
        if handled and kept:
            await self._journal.finish(PLATFORM, inv.id)

    def _defer_soon(self, answer: Answer, entry: Journaled) -> asyncio.Task[bool]:
        task = asyncio.create_task(self._journal_then_defer(answer, entry), name="discord-defer")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _journal_then_defer(self, answer: Answer, entry: Journaled) -> bool:
        """Journal the interaction, then defer it; True once journaled. Without the journal
        entry there is no defer: Discord is told nothing a crash could then lose."""
        try:
            await self._journal.record(PLATFORM, entry.inv.id, journal_entry(entry))
        except Exception:
            log.exception("interaction %s not journaled: not deferred", entry.inv.id)
            return False
        try:
            await answer.defer()
        except Exception:
            log.exception("interaction %s could not be deferred", entry.inv.id)
        return True

    def keep_journal(self, journal: Journal) -> None:
        self._journal = journal

    async def replay(self, delivery_id: str, payload: str) -> None:
        """Handle an interaction a process deferred before it died; answers are follow-ups."""
        entry = journaled(payload)
        client = self._client()
        webhook = discord.Webhook.from_state(
            data={"id": int(entry.application_id), "type": 3, "token": entry.token},
            state=client._connection,
        )
        answer = LateAnswer(webhook, client.get_partial_messageable(int(entry.inv.channel_id)))
        event = replayed_event(entry, datetime.now(UTC), self._commands)
        task = asyncio.create_task(self._replayed(entry.inv, event, answer), name="discord-replay")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replayed(self, inv: Invocation, event: Event, answer: LateAnswer) -> None:
        sink = self._sink
        if sink is None:
            return
        self._roster.remember(inv)
        self._answers[inv.id] = answer
        try:
            await sink(event)
        except Exception:
            log.exception("replayed interaction %s failed; kept for the next start", inv.id)
            return
        finally:
            await answer.finish()
            if self._answers.get(inv.id) is answer:
                del self._answers[inv.id]
        await self._journal.finish(PLATFORM, inv.id)

    async def is_admin(self, chat: Chat, user: Member) -> bool:
        """Manage Server or a moderator role, as the member's latest interaction here said."""
        return await self._roster.is_admin(chat, user)

    async def community(self, chat: Chat) -> str | None:
        """The server of ``chat``, as far as this process can tell."""
        return await self._roster.community(chat)

    async def member_roles(self, chat: Chat, user: Member) -> frozenset[str]:
        """The member's roles in the server of ``chat``, from their interaction in hand."""
        return await self._roster.member_roles(chat, user)

    async def is_member(self, chat: Chat, user: Member) -> bool:
        """Whether ``user`` is in the server of the channel ``chat``."""
        return await self._roster.is_member(chat, user)

    # ---- outbound ---------------------------------------------------------------------------

    def pace_with(self, throttle: Throttle) -> None:
        """Keep the bot's request limit with every process sharing ``throttle``."""
        self._poster.pace_with(throttle)

    async def send(self, action: Action) -> str | None:
        action = respelled(action, self._commands, spelling)
        if isinstance(action, Reply):
            await self._reply(action)
            return None
        return await self._poster.send(action)

    async def _reply(self, action: Reply) -> None:
        answer = self._answers.get(action.to.delivery_id)
        if answer is None:
            log.warning("no open interaction %s to answer", action.to.delivery_id)
            return
        rendering = render(action.message, plain=True)
        if action.replace and isinstance(answer, Answer):
            replaced = await answer.replace(parts(rendering, edit=True))
            if replaced:
                return
        await answer.send(parts(rendering), private=action.private)

    def _client(self) -> discord.Client:
        if self.client is None:
            raise RuntimeError("the Discord adapter is not started")
        return self.client

    async def download(self, attachment: Attachment, limit: int) -> bytes:
        """Fetch an attachment by its URL, refusing more than ``limit`` bytes."""
        if attachment.size is not None and attachment.size > limit:
            raise TooLarge(limit)
        if self._http is None:
            raise RuntimeError("the Discord adapter is not started")
        async with self._http.get(attachment.file_ref) as response:
            response.raise_for_status()
            if (response.content_length or 0) > limit:
                raise TooLarge(limit)
            data = bytearray()
            async for chunk in response.content.iter_chunked(CHUNK):
                data += chunk
                if len(data) > limit:
                    raise TooLarge(limit)
        return bytes(data)
