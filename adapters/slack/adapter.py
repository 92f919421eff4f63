"""The Slack adapter: slack-sdk's clients, and slack-bolt's ``AsyncApp`` for HTTP mode.

Inbound, every delivery (a Socket Mode envelope routed by what it brings, or an HTTP request
through Bolt's listeners) is recorded raw in the core's journal, acknowledged (Slack wants an
answer within 3 s and never re-sends what was acknowledged) and then handed to a task that
finds the member (read from the workspace's directory, else ``users.info``: language, admin
flag), builds the neutral event and passes it to the core; the journal entry is finished once
handled, and a process that dies in between replays it at its next start. A delivery seen
moments ago (Slack's retries carry ``X-Slack-Retry-Num`` and the same ids) is dropped after its
ack; the core's inbox makes the count exact even across restarts.

Outbound, :meth:`SlackAdapter.send` renders actions natively: a reply to a button press is an
ephemeral message posted to the press's ``response_url`` (``chat.postEphemeral`` once that is
used up or expired), a reply to a slash command goes to its ``response_url``; posts and edits are
``chat.postMessage`` / ``chat.update`` paced per channel; images use the files upload v2 flow;
direct messages open the member's DM first.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import aiohttp
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from adapters.base import BUTTONS, EDITS, EPHEMERAL, IMAGES, Journal, NoJournal, Sink
from adapters.remembered import LIMIT, Remembered
from adapters.slack import blockkit, translate
from adapters.slack.blockkit import FormCampaign
from adapters.slack.connection import Connection, HttpConnection, SocketConnection
from adapters.slack.members import (
    MemberDirectory,
    SlackProfile,
    channel_members,
    read_directory,
)
from adapters.slack.pacing import ChannelPacer
from adapters.slack.posting import PERMANENT, delete, post
from adapters.slack.replies import answer
from adapters.spelling import respelled
from bot.config.platforms import SlackSettings
from bot.engine.command_specs import Commands, CommandSpec
from bot.engine.i18n import Catalogs, pick_locale
from bot.model.actions import Action, Delete, Direct, Edit, Reply
from bot.model.errors import TooLarge, Undeliverable
from bot.model.events import Attachment, Chat, CommandInvoked, Event
from bot.model.members import Member
from bot.model.pacing import Throttle
from bot.model.unreachable import PlatformUnreachable, host_of

log = logging.getLogger(__name__)

SEEN_LIMIT = 20_000
#: How long a channel's member list is trusted, in seconds.
MEMBERSHIP_TTL = 300.0
CHUNK = 64 * 1024
#: Each kind of delivery's id, the same for Slack's retries.
_KEYS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "command": translate.command_key,
    "action": translate.button_key,
    "form": translate.form_key,
    "event": translate.event_key,
}


class SlackAdapter:
    """Chorus in one Slack workspace."""

    platform = translate.PLATFORM
    capabilities = frozenset({BUTTONS, EPHEMERAL, EDITS, IMAGES})

    def __init__(
        self,
        settings: SlackSettings,
        *,
        bot_token: str,
        app_token: str | None = None,
        signing_secret: str | None = None,
        locale: str = "fr",
        form_campaigns: Mapping[str, Sequence[FormCampaign]] | None = None,
        pace: float = 1.0,
        member_ttl: float = 600.0,
        catalogs: Catalogs | None = None,
    ) -> None:
        if settings.mode == "socket" and not app_token:
            raise ValueError("Socket Mode needs CHORUS_SLACK_APP_TOKEN (an xapp- token)")
        if settings.mode == "http" and not signing_secret:
            raise ValueError("HTTP mode needs CHORUS_SLACK_SIGNING_SECRET")
        self.settings = settings
        self._bot_token = bot_token
        self._app_token = app_token
        self._signing_secret = signing_secret
        self._locale = locale
        #: The campaigns a form may be for, by kind (see :mod:`adapters.slack.setup`).
        self._form_campaigns = dict(form_campaigns or {})
        #: Every command Chorus answers (told before start).
        self._commands = Commands()
        self._catalogs = catalogs or Catalogs()
        self.pacer = ChannelPacer(pace)
        self._member_ttl = member_ttl
        self._sink: Sink | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._journal: Journal = NoJournal()
        self._handlers: dict[str, Callable[[dict[str, Any]], Coroutine[Any, Any, None]]] = {
            "command": self._command,
            "action": self._button,
            "form": self._form,
            "event": self._event,
        }
        self._session: aiohttp.ClientSession | None = None
        self._client: AsyncWebClient | None = None
        self._members: MemberDirectory | None = None
        #: ``channel id → member ids``: Slack lists a channel's members (it cannot answer "is
        #: this member in it"), so one listing answers every private vote of a burst.
        self._channel_members: Remembered[str, frozenset[str]] = Remembered(
            self._list_members, MEMBERSHIP_TTL
        )
        self._team: str | None = None
        self._directory: asyncio.Task[None] | None = None
        self._directory_read = asyncio.Event()
        self.connection: Connection | None = None
        self.bolt: AsyncApp | None = None

    # --- life cycle ---------------------------------------------------------------------

    async def start(self, sink: Sink) -> None:
        self._sink = sink
        self._session = aiohttp.ClientSession()
        client = AsyncWebClient(
            token=self._bot_token, base_url=self.settings.api_base_url, session=self._session
        )
        client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=3))
        self._client = client
        self._members = MemberDirectory(self._lookup, ttl=self._member_ttl)
        app = AsyncApp(
            client=client,
            signing_secret=self._signing_secret or "",
            process_before_response=True,
            request_verification_enabled=self.settings.mode == "http",
        )
        app.command(translate.COMMAND)(self._on_command)
        app.action(re.compile(".*"))(self._on_action)
        app.view(translate.FORM)(self._on_form)
        app.event("message")(self._on_event)
        app.event("app_mention")(self._on_event)
        self.bolt = app
        await self._reach(client)
        self._directory = asyncio.create_task(self._read_directory(), name="slack-directory")
        if self.settings.mode == "socket":
            assert self._app_token is not None
            socket = SocketConnection(self._app_token, client, self._receive)
            await socket.open()
            self.connection = socket
        else:
            http = HttpConnection(app, self.settings)
            await http.open()
            self.connection = http

    async def _reach(self, client: AsyncWebClient) -> None:
        """``auth.test`` once: an unreachable API or a refused token stops start-up with
        :class:`PlatformUnreachable` (and the workspace is known from then on)."""
        host = host_of(self.settings.api_base_url)
        try:
            self._team = str((await client.auth_test())["team_id"])
        except SlackApiError as error:
            await self.stop()
            raise PlatformUnreachable(
                translate.PLATFORM, host, "token", str(error), "CHORUS_SLACK_BOT_TOKEN"
            ) from None
        except (aiohttp.ClientError, OSError, TimeoutError) as error:
            await self.stop()
            raise PlatformUnreachable(translate.PLATFORM, host, "network", str(error)) from None

    async def stop(self) -> None:
        if self._directory is not None:
            self._directory.cancel()
            await asyncio.gather(self._directory, return_exceptions=True)
            self._directory = None
        if self.connection is not None:
            await self.connection.close()
            self.connection = None
        await self.drain()
        if self._session is not None:
            await self._session.close()
            self._session = None
        self._sink = None

    async def drain(self) -> None:
        """Wait until every delivery received so far has been handled by the core."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # --- inbound ------------------------------------------------------------------------

    def _first_time(self, key: str) -> bool:
        """False for a delivery seen recently (a retry); remembers the newest ones."""
        if key in self._seen:
            return False
        self._seen[key] = None
        if len(self._seen) > SEEN_LIMIT:
            self._seen.popitem(last=False)
        return True

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _on_command(self, ack: Callable[..., Any], body: dict[str, Any]) -> None:
        await self._receive("command", body, ack)

    async def _on_action(self, ack: Callable[..., Any], body: dict[str, Any]) -> None:
        await self._receive("action", body, ack)

    async def _on_form(self, ack: Callable[..., Any], body: dict[str, Any]) -> None:
        await self._receive("form", body, ack)

    async def _on_event(self, ack: Callable[..., Any], body: dict[str, Any]) -> None:
        await self._receive("event", body, ack)

    async def _receive(
        self, kind: str, body: dict[str, Any], ack: Callable[[], Awaitable[Any]]
    ) -> None:
        """Journal a new delivery, acknowledge it, then handle it in the background.

        Slack never re-sends a delivery once acknowledged, so it is on disk first: if the
        process dies before handling it, the next start replays it. Should the journal fail,
        nothing is acknowledged and Slack shows the member an error (or retries an event).
        """
        key = _KEYS[kind](body)
        first = self._first_time(key)
        if first:
            try:
                await self._journal.record(self.platform, key, translate.journal_entry(kind, body))
            except Exception:
                self._seen.pop(key, None)  # Slack's retry must not be taken for a repeat
                raise
        await ack()
        if first:
            self._spawn(self._handle(kind, key, body))

    async def replay(self, delivery_id: str, payload: str) -> None:
        """Handle a delivery an earlier process acknowledged but did not finish."""
        kind, body = translate.journaled(payload)
        self._first_time(delivery_id)
        self._spawn(self._handle(kind, delivery_id, body))

    def learn_commands(self, commands: Commands, offered: frozenset[str]) -> None:
        """Read ``/chorus …`` and its forms with ``commands`` (Slack lists Chorus's commands
        in the app's manifest, not at run time, so ``offered`` is not needed here)."""
        self._commands = commands

    def keep_journal(self, journal: Journal) -> None:
        self._journal = journal

    async def _handle(self, kind: str, key: str, body: dict[str, Any]) -> None:
        """Look the member up, translate, hand to the core; then finish the journal entry.

        A failure (Slack unreachable for ``users.info``, a bug) leaves the entry for the next
        start rather than lose the delivery.
        """
        try:
            await self._handlers[kind](body)
        except Exception:
            log.exception("slack: delivery %s failed; kept for the next start", key)
            return
        await self._journal.finish(self.platform, key)

    async def _command(self, body: dict[str, Any]) -> None:
        user = await self._user(translate.command_user_id(body))
        names = await self._names(str(body.get("text", "")))
        event = translate.command_event(body, user, datetime.now(UTC), self._commands, names)
        command = self._commands.spec(event.name)
        if command and command.form and translate.needs_form(command, event.args):
            campaigns = [
                (c.id, c.title)
                for c in self._form_campaigns.get(command.form.kind, ())
                if c.runs_in(event.chat.id, event.chat.private)
            ]
            if campaigns:  # else no campaign of its kind runs here: the core says so
                await self._open_form(command, event, campaigns, str(body["trigger_id"]))
                return
        await self._deliver(event)

    async def _button(self, body: dict[str, Any]) -> None:
        user = await self._user(translate.interaction_user_id(body))
        event = translate.button_event(body, user, datetime.now(UTC))
        if event is not None:
            await self._deliver(event)

    async def _form(self, body: dict[str, Any]) -> None:
        user = await self._user(translate.interaction_user_id(body))
        event = translate.form_event(body, user, datetime.now(UTC), self._commands)
        if event is not None:
            await self._deliver(event)

    async def _event(self, body: dict[str, Any]) -> None:
        user_id = translate.event_user_id(body)
        if user_id is None:
            return
        user, names = await self._user(user_id), await self._names(translate.event_text(body))
        event = translate.message_event(body, user, datetime.now(UTC), names)
        if event is not None:
            await self._deliver(event)

    async def _deliver(self, event: Event) -> None:
        if self._sink is not None:
            await self._sink(event)

    async def _open_form(
        self,
        command: CommandSpec,
        event: CommandInvoked,
        campaigns: Sequence[tuple[str, str]],
        trigger_id: str,
    ) -> None:
        t = self._catalogs.translator(pick_locale(event.user.locale, self._locale))
        view = blockkit.command_form(command, event.chat.id, campaigns, t)
        try:
            await self._api().views_open(trigger_id=trigger_id, view=view)
        except SlackApiError as error:
            log.warning("slack: views.open for %s failed: %s", event.name, error)

    # --- members ------------------------------------------------------------------------

    async def _lookup(self, user_id: str) -> Mapping[str, Any]:
        response = await self._api().users_info(user=user_id, include_locale=True)
        user: Mapping[str, Any] = response["user"]
        return user

    async def _read_directory(self) -> None:
        """Learn the workspace's members in the background, again every half ``member_ttl``
        so that what was learnt never expires (a lookup still answers anyone not learnt yet, or
        not at all should Slack refuse)."""
        assert self._members is not None
        while True:
            try:
                learnt = await read_directory(self._api(), self._members, LIMIT)
                log.info("slack: %d members known from the workspace's directory", learnt)
            except (SlackApiError, aiohttp.ClientError, OSError, TimeoutError) as error:
                log.warning("slack: cannot read the workspace's members (users.list): %s", error)
            except Exception:
                log.exception("slack: reading the workspace's members failed")
            self._directory_read.set()
            await asyncio.sleep(self._member_ttl / 2)

    async def directory_read(self) -> None:
        """Wait until the start's read of the workspace's members is over."""
        await self._directory_read.wait()

    async def member(self, user_id: str) -> SlackProfile:
        assert self._members is not None, "adapter not started"
        return await self._members.get(user_id)

    async def _names(self, text: str) -> dict[str, str]:
        """Names of the members mentioned as ``<@U123>`` in ``text``, stored as ``@name``."""
        return {uid: (await self.member(uid)).name for uid in translate.mentioned_users(text)}

    async def _user(self, user_id: str) -> Member:
        member = await self.member(user_id)
        return Member(translate.PLATFORM, user_id, member.name, member.locale)

    async def is_admin(self, chat: Chat, user: Member) -> bool:
        """A workspace admin or owner of this workspace (``users.info``). A member of another
        workspace met in a shared channel administers their own, not ours."""
        member = await self.member(user.id)
        return member.admin and member.team in (None, await self.community(chat))

    async def community(self, chat: Chat) -> str | None:
        """Every channel Chorus sees, direct messages included, is in the workspace it is
        installed in (``auth.test``'s ``team_id``, asked once); None while it cannot be told."""
        if self._team is None:
            try:
                self._team = str((await self._api().auth_test())["team_id"])
            except SlackApiError as error:
                log.warning("slack: auth.test failed: %s", error)
        return self._team

    async def is_member(self, chat: Chat, user: Member) -> bool:
        """Whether ``user`` is in the channel ``chat`` (its member list is kept a while)."""
        return user.id in await self._channel_members.get(chat.id)

    async def _list_members(self, channel_id: str) -> frozenset[str]:
        return await channel_members(self._api(), channel_id)

    def pace_with(self, throttle: Throttle) -> None:
        """Keep one message a second per channel with every process sharing ``throttle``."""
        self.pacer.share(throttle)

    # --- outbound -----------------------------------------------------------------------

    def _api(self) -> AsyncWebClient:
        assert self._client is not None, "adapter not started"
        return self._client

    async def send(self, action: Action) -> str | None:
        action = respelled(action, self._commands, translate.spelling)
        try:
            if isinstance(action, Reply):
                await answer(self._api(), self._web(), self.pacer, action)
                return None
            if isinstance(action, Edit):
                await self.pacer.turn(action.channel)
                await self._api().chat_update(
                    channel=action.channel,
                    ts=action.message_id,
                    **blockkit.message_arguments(action.message),
                )
                return action.message_id
            if isinstance(action, Delete):
                await delete(self._api(), self.pacer, action)
                return None
            if isinstance(action, Direct):
                opened = await self._api().conversations_open(users=action.user_id)
                return await post(
                    self._api(), self.pacer, str(opened["channel"]["id"]), action.message
                )
            return await post(self._api(), self.pacer, action.channel, action.message)
        except SlackApiError as error:
            code = str(error.response.get("error", ""))
            if code in PERMANENT:
                raise Undeliverable(f"slack refused: {code}") from error
            raise

    def _web(self) -> aiohttp.ClientSession:
        assert self._session is not None, "adapter not started"
        return self._session

    async def download(self, attachment: Attachment, limit: int) -> bytes:
        """``files.info`` for the download URL, then the bytes with the bot token."""
        if attachment.size is not None and attachment.size > limit:
            raise TooLarge(limit)
        info = (await self._api().files_info(file=attachment.file_ref))["file"]
        if int(info.get("size") or 0) > limit:
            raise TooLarge(limit)
        url = info.get("url_private_download") or info.get("url_private")
        headers = {"Authorization": f"Bearer {self._bot_token}"}
        data = bytearray()
        async with self._web().get(str(url), headers=headers) as response:
            response.raise_for_status()
            async for chunk in response.content.iter_chunked(CHUNK):
                data.extend(chunk)
                if len(data) > limit:
                    raise TooLarge(limit)
        return bytes(data)
