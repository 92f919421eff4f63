"""The Telegram adapter: python-telegram-bot's Application, run by hand inside Chorus's loop.

Life cycle: ``initialize`` (``getMe``), ``setMyCommands``, ``start``, then
``updater.start_polling`` or our webhook listener (see :mod:`adapters.telegram.webhook`) — never
``run_polling``, which would own the event loop. Outgoing calls go through PTB's
:class:`~adapters.telegram.pacing.TelegramLimiter`, which keeps to Telegram's flood limits (for
the whole deployment when several processes share a database) and waits out a 429's
``retry_after`` before trying again.

Secrets come from the environment: ``CHORUS_TELEGRAM_TOKEN`` and, for webhooks,
``CHORUS_TELEGRAM_WEBHOOK_SECRET`` (Telegram sends it back in a header on every webhook request;
a request without it is answered 401).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
from telegram import CallbackQuery, Update
from telegram import Message as TgMessage
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from adapters.base import BUTTONS, EDITS, IMAGES, Sink
from adapters.telegram.admins import AdminCache
from adapters.telegram.delivery import ConfirmAfterHandling, ConfirmingBot, UpdateLedger
from adapters.telegram.files import download_picture
from adapters.telegram.menus import menus
from adapters.telegram.outgoing import delete_message, edit_message, refusals, send_message
from adapters.telegram.pacing import TelegramLimiter
from adapters.telegram.translate import (
    PLATFORM,
    answer_call,
    fits_answer,
    fits_toast,
    to_event,
    toast_call,
)
from adapters.telegram.transport import AiohttpRequest
from adapters.telegram.usernames import Usernames
from adapters.telegram.webhook import WebhookListener
from bot.config.model import Config
from bot.config.platforms import TelegramSettings
from bot.engine.command_specs import Commands, CommandSpec
from bot.engine.i18n import Catalogs
from bot.model.actions import Action, Delete, Direct, Edit, Message, Post, Reply
from bot.model.errors import ConfigError, ConfigProblem
from bot.model.events import Attachment, ButtonPressed, Chat, Event
from bot.model.members import Member
from bot.model.pacing import Throttle
from bot.model.unreachable import PlatformUnreachable, host_of

log = logging.getLogger(__name__)

TOKEN_ENV = "CHORUS_TELEGRAM_TOKEN"
SECRET_ENV = "CHORUS_TELEGRAM_WEBHOOK_SECRET"
ALLOWED_UPDATES = ("message", "callback_query")


def build(config: Config) -> TelegramAdapter:
    """The adapter for ``config``'s ``[telegram]`` section, with secrets from the environment.

    Raises:
        ConfigError: the token (or, for webhooks, the secret) is not set.
    """
    settings = config.telegram
    token = os.environ.get(TOKEN_ENV, "").strip()
    problems = []
    if not token:
        problems.append(ConfigProblem("telegram", f"{TOKEN_ENV} is not set"))
    secret = os.environ.get(SECRET_ENV, "").strip() or None
    if settings.mode == "webhook" and not secret:
        problems.append(ConfigProblem("telegram", f"{SECRET_ENV} is not set (webhook mode)"))
    if problems:
        raise ConfigError(problems)
    return TelegramAdapter(settings, token, secret=secret, default_locale=config.bot.locale)


class TelegramAdapter:
    """One bot in any number of Telegram groups and private chats."""

    platform = PLATFORM
    capabilities = frozenset({BUTTONS, IMAGES, EDITS})

    def __init__(
        self,
        settings: TelegramSettings,
        token: str,
        *,
        secret: str | None = None,
        default_locale: str = "fr",
        catalogs: Catalogs | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        poll_timeout: float = 10,
    ) -> None:
        self.settings = settings
        self._secret = secret
        self._default_locale = default_locale
        self._catalogs = catalogs or Catalogs()
        #: The commands the menus list (told before start: those that run here).
        self._commands: tuple[CommandSpec, ...] = ()
        self._poll_timeout = poll_timeout
        self.ledger = UpdateLedger()
        self._admins = AdminCache(self._ask_status, settings.admin_cache_seconds, monotonic)
        self._unanswered: set[str] = set()
        self._usernames = Usernames()
        self._sink: Sink | None = None
        self._files: httpx.AsyncClient | None = None
        self._listener: WebhookListener | None = None
        self._deferred = False
        self.limiter = TelegramLimiter(token.partition(":")[0])
        bot = ConfirmingBot(
            self.ledger,
            token,
            base_url=settings.api_base_url,
            base_file_url=settings.file_base_url,
            request=AiohttpRequest(connections=100),
            get_updates_request=AiohttpRequest(connections=2),
            rate_limiter=self.limiter,
        )
        self.application: Application[Any, Any, Any, Any, Any, Any] = (
            ApplicationBuilder()
            .bot(bot)
            .concurrent_updates(ConfirmAfterHandling(self.ledger, settings.concurrent_updates))
            .job_queue(None)
            .build()
        )
        self.application.add_handler(TypeHandler(Update, self._on_update))
        self.application.add_error_handler(self._on_error)

    @property
    def _polling_request(self) -> Any:
        return self.bot._request[0]  # the getUpdates request (python-telegram-bot keeps two)

    @property
    def _host(self) -> str:
        return host_of(self.settings.api_base_url)

    @property
    def bot(self) -> ConfirmingBot:
        bot = self.application.bot
        assert isinstance(bot, ConfirmingBot)
        return bot

    async def start(self, sink: Sink) -> None:
        """Connect (``getMe``), publish the command menus, then poll or listen for webhooks."""
        self._sink = sink
        self._files = httpx.AsyncClient(timeout=30)
        app = self.application
        try:
            await app.initialize()
        except (InvalidToken, NetworkError) as error:
            for request in (self.bot.request, self._polling_request):  # their sessions
                await request.shutdown()
            if isinstance(error, InvalidToken):
                raise PlatformUnreachable(
                    PLATFORM, self._host, "token", str(error), TOKEN_ENV
                ) from None
            raise PlatformUnreachable(PLATFORM, self._host, "network", str(error)) from None
        await self._publish_menus()
        await app.start()
        if self.settings.mode == "webhook":
            await self._listen()
        elif not self._deferred:
            await self.start_receiving()
        log.info("telegram bot @%s started (%s)", app.bot.username, self.settings.mode)

    def pace_with(self, throttle: Throttle) -> None:
        """Keep the flood limits with every process sharing ``throttle``."""
        self.limiter.share(throttle)

    def single_receiver(self) -> bool:
        """Long polling allows one poller per bot; webhooks reach any number of processes."""
        return self.settings.mode == "polling"

    def defer_receiving(self) -> None:
        self._deferred = True

    async def start_receiving(self) -> None:
        """Start long polling (once this process holds the poller's lease)."""
        updater = self.application.updater
        assert updater is not None
        if not updater.running:
            await updater.start_polling(
                poll_interval=0,
                timeout=int(self._poll_timeout),
                allowed_updates=list(ALLOWED_UPDATES),
            )
            log.info("telegram: polling for updates")

    async def stop_receiving(self) -> None:
        """Stop long polling; the updates in hand are still handled and confirmed."""
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()

    async def _listen(self) -> None:
        """Start the webhook listener, then tell Telegram where it is (with the secret)."""
        url = self.settings.webhook_url
        assert url is not None and self._secret is not None
        self._listener = WebhookListener(
            self.bot,
            self.application.process_update,
            host=self.settings.listen_host,
            port=self.settings.listen_port,
            path=urlsplit(url).path,
            secret=self._secret,
        )
        await self._listener.start()
        await self.bot.set_webhook(
            url, secret_token=self._secret, allowed_updates=list(ALLOWED_UPDATES)
        )

    async def stop(self) -> None:
        """Stop fetching, finish the updates in hand (so they are confirmed), disconnect.

        The webhook stays set: Telegram keeps updates while Chorus is down.
        """
        if self._listener is not None:
            await self._listener.stop()
            self._listener = None
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        if self._files is not None:
            await self._files.aclose()
            self._files = None
        self._sink = None

    def learn_commands(self, commands: Commands, offered: frozenset[str]) -> None:
        """List those of ``commands`` that are ``offered`` (the kinds running here) in the
        menus (Telegram delivers a command's words as typed: reading them needs no spec)."""
        self._commands = commands.only(offered).specs

    async def _publish_menus(self) -> None:
        for menu in menus(self._catalogs, self._default_locale, self._commands):
            try:
                await self.bot.set_my_commands(
                    menu.commands, scope=menu.scope, language_code=menu.language_code
                )
            except Exception:  # a missing menu must not keep the bot from running
                log.exception("setMyCommands failed for %s", menu.language_code or "default")

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        self._usernames.see(update)
        event = to_event(
            update, bot_username=self.bot.username, at=datetime.now(UTC), usernames=self._usernames
        )
        if event is None or self._sink is None:
            return
        query = update.callback_query
        if query is not None:
            self._unanswered.add(query.id)
        try:
            await self._sink(event)
        finally:
            if query is not None and query.id in self._unanswered:
                # nothing to say (e.g. a re-delivered press): still stop the button's spinner
                self._unanswered.discard(query.id)
                with contextlib.suppress(BadRequest):
                    await self.bot.answer_callback_query(query.id)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("telegram update %r failed", update, exc_info=context.error)

    def invitation(self, token: str) -> str:
        """The deep link that opens the member's private chat with the bot, where pressing
        Start sends ``/start <token>`` (and lets the bot write to them)."""
        return f"https://t.me/{self.bot.username}?start={token}"

    async def send(self, action: Action) -> str | None:
        with refusals(private=isinstance(action, Direct)):
            if isinstance(action, Reply):
                await self._reply(action)
                return None
            if isinstance(action, Edit):
                await edit_message(self.bot, action)
                return action.message_id
            if isinstance(action, Delete):
                await delete_message(self.bot, action)
                return None
            if isinstance(action, Direct):
                return str(await send_message(self.bot, action.user_id, action.message))
            assert isinstance(action, Post)
            return str(await send_message(self.bot, action.channel, action.message))

    async def _reply(self, reply: Reply) -> None:
        """A press is confirmed privately by ``answerCallbackQuery`` when the answer is text
        alone; anything else (a public answer, an answer with buttons or an image, which a
        callback answer cannot carry) is posted in its chat (Telegram has no ephemeral
        messages), as a reply to the member's message or to the message pressed. An answer
        that replaces a one-shot prompt is also written over the prompt, without its buttons. A
        private acknowledgement marked ``aside`` is left out in a group."""
        event = reply.to
        update = event.raw if isinstance(event.raw, Update) else None
        query = update.callback_query if update is not None else None
        pressed = isinstance(event, ButtonPressed) and query is not None
        if pressed and query is not None and query.id in self._unanswered:
            self._unanswered.discard(query.id)
            if reply.private and fits_answer(reply.message):
                await self._answer_press(event, query, reply)
                return
            await self.bot.answer_callback_query(query.id)  # stop the button's spinner
        prompt = query.message if reply.replace and pressed and query is not None else None
        if fits_answer(reply.message) and await self._over_prompt(
            event.chat.id, prompt, reply.message
        ):
            return
        if reply.aside and reply.private and not event.chat.private:
            return  # the group would see it: an acknowledgement the author can do without
        message = update.effective_message if update is not None else None
        reply_to = message.message_id if message is not None else None
        # a group sees every reply (no ephemeral messages): a file goes only to a private chat
        await send_message(
            self.bot, event.chat.id, reply.message, reply_to=reply_to, files=event.chat.private
        )

    async def _answer_press(self, event: Event, query: CallbackQuery, reply: Reply) -> None:
        """Answer a press privately: a toast when the text fits one; else a short toast and
        the whole text written over the one-shot prompt, or sent in the member's private chat
        with the bot; a (modal, cut) alert only when neither is possible."""
        message = reply.message
        if fits_toast(message):
            await self.bot.answer_callback_query(**answer_call(query.id, message))
            if reply.replace:
                await self._over_prompt(event.chat.id, query.message, message)
            return
        shown = (
            reply.replace and await self._over_prompt(event.chat.id, query.message, message)
        ) or await self._in_private(event.user.id, message)
        call = toast_call(query.id, message) if shown else answer_call(query.id, message)
        await self.bot.answer_callback_query(**call)

    async def _in_private(self, user_id: str, message: Message) -> bool:
        """Send ``message`` in the member's private chat with the bot; False when Telegram
        refuses (the member never started the bot)."""
        try:
            await send_message(self.bot, user_id, message)
        except Forbidden as exc:
            log.info("no private chat with %s: %s", user_id, exc.message)
            return False
        return True

    async def _over_prompt(self, chat_id: str, prompt: object, message: Message) -> bool:
        """Write ``message`` over a one-shot prompt (its buttons go); False when the prompt
        cannot be edited (too old, gone), so the answer is sent as usual."""
        if not isinstance(prompt, TgMessage):
            return False
        try:
            await edit_message(self.bot, Edit(chat_id, str(prompt.message_id), message))
        except BadRequest as exc:
            log.info("one-shot prompt %s not replaced: %s", prompt.message_id, exc.message)
            return False
        return True

    async def is_admin(self, chat: Chat, user: Member) -> bool:
        """``getChatMember`` says creator or administrator (answers cached for a while).

        A message sent as the group itself comes from one of its anonymous administrators
        (Telegram lets no one else do it); one sent as a channel administers nothing here.
        """
        if chat.private:
            return False
        if user.anonymous:
            return user.id == chat.id
        return await self._admins.is_admin(chat.id, user.id)

    async def is_member(self, chat: Chat, user: Member) -> bool:
        """``getChatMember`` says ``user`` is in the group ``chat`` (shares the admin cache)."""
        return await self._admins.is_member(chat.id, user.id)

    async def community(self, chat: Chat) -> str | None:
        """A group is its own community; a private chat has none."""
        return None if chat.private else chat.id

    async def _ask_status(self, chat_id: str, user_id: str) -> str:
        """The member's status in the chat; "left" when Telegram does not know them there."""
        try:
            member = await self.bot.get_chat_member(chat_id, int(user_id))
        except BadRequest:  # not in the chat, or no such member
            return "left"
        if member.status == "restricted":
            return "member" if getattr(member, "is_member", False) else "left"
        return str(member.status)

    async def download(self, attachment: Attachment, limit: int) -> bytes:
        """A member's picture, at most ``limit`` bytes (see :func:`download_picture`)."""
        assert self._files is not None
        limit = min(limit, self.settings.max_upload_mb * 1_000_000)
        return await download_picture(self.bot, self._files, attachment, limit)
