"""The console adapter: read lines from the terminal, print what the core shows.

Act as any member with ``/as alice``, switch language with ``/lang en``, press a button by
typing the number shown beside it (``[7]``), type ``/help`` for the commands. End with
``/quit``, Ctrl-D or Ctrl-C. On a terminal the prompt has line editing and history.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from adapters.base import BUTTONS, EPHEMERAL, Sink
from adapters.console.keyboard import is_terminal, piped_lines, prompted_lines
from adapters.console.transcript import Shown, Transcript
from adapters.console.translate import (
    PLATFORM,
    Command,
    Directive,
    Press,
    parse_line,
    render,
    to_event,
)
from bot.engine.i18n import Catalogs, pick_locale
from bot.model.actions import Action, Delete, Direct, Edit, Message, Post, Reply
from bot.model.errors import TooLarge
from bot.model.events import Attachment, ButtonPressed, Chat
from bot.model.members import Member

log = logging.getLogger(__name__)

CHANNEL = "main"
#: The outbox's channel prefix of private messages (``dm:alice``).
DIRECT = "dm:"
#: Logged when standard input is closed (``docker run`` without ``-it``) beside other platforms.
NO_INPUT = "console: no terminal to type in; the other platforms keep running"
#: Messages with buttons from before a restart shown again at start.
SHOWN_AGAIN = 5


class ConsoleAdapter:
    """A terminal chat in channel ``console:main``.

    ``request_stop(code)`` asks the app to stop, exiting with ``code``: 0 after ``/quit`` or
    the end of typed input, 1 when the console is ``alone`` and has nothing to read (no
    terminal, as in ``docker run`` without ``-it``). ``transcript`` and ``history`` are the
    files where it keeps its numbered messages and typed lines across restarts.
    """

    platform = PLATFORM
    capabilities = frozenset({BUTTONS, EPHEMERAL})

    def __init__(
        self,
        user: str,
        request_stop: Callable[[int], None],
        *,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        ready: asyncio.Event | None = None,
        locale: str = "en",
        alone: bool = False,
        transcript: Path | None = None,
        history: Path | None = None,
        catalogs: Catalogs | None = None,
    ) -> None:
        self.user = user
        self.locale: str | None = None
        self._default_locale = locale
        self._request_stop = request_stop
        self._stdin = stdin
        self._stdout = stdout
        self._alone = alone
        self._transcript = Transcript(transcript)
        self._history = history
        self._catalogs = catalogs
        self._deliveries = itertools.count(1)
        self._session = uuid.uuid4().hex[:8]
        self._task: asyncio.Task[None] | None = None
        self._sink: Sink | None = None
        self._ready = ready

    def t(self, key: str, **params: object) -> str:
        """The console's own text ``key`` in the console's language."""
        if self._catalogs is None:
            self._catalogs = Catalogs()
        return self._catalogs.text(pick_locale(self.locale, self._default_locale), key, params)

    async def start(self, sink: Sink) -> None:
        self._sink = sink
        self._print(self.t("console.welcome", user=self.user))
        earlier = self._transcript.load()[-SHOWN_AGAIN:]
        if earlier:
            self._print(self.t("console.earlier"))
        for shown in earlier:
            self._show(shown, f"{self._header_of(shown)} · {self.t('console.before_restart')}")
        self._task = asyncio.create_task(self._read(), name="console-input")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def send(self, action: Action) -> str | None:
        if isinstance(action, Reply):
            self._reply(action)
            return None
        if isinstance(action, Edit):
            chat = self._chat_of(action.channel)
            shown = self._replace(action.message_id, action.message, chat)
            edited = self.t("console.edited")
            self._show(shown, edited if shown else f"{edited} #{action.message_id}", action.message)
            return action.message_id
        if isinstance(action, Delete):
            if action.message_id.isdigit():
                self._transcript.forget(int(action.message_id))
            self._print(
                render(action.fallback, header=f"{self.t('console.deleted')} #{action.message_id}")
            )
            return None
        if isinstance(action, Direct):
            chat = Chat(PLATFORM, action.user_id, private=True)
            shown = self._transcript.show(chat, action.user_id, action.message)
            self._show(shown, self.t("console.direct", user=action.user_id))
            return str(shown.number)
        assert isinstance(action, Post)
        shown = self._transcript.show(Chat(PLATFORM, action.channel), None, action.message)
        self._show(shown, f"#{action.channel}")
        return str(shown.number)

    def _reply(self, reply: Reply) -> None:
        """Print a reply; number it when it has buttons, or show it in place of the one-shot
        prompt pressed (``replace``)."""
        event = reply.to
        who = event.user.name
        owner = event.user.id if reply.private else None
        header = self.t("console.to_private" if reply.private else "console.to", user=who)
        pressed = event.message_id if isinstance(event, ButtonPressed) else None
        if reply.replace and pressed is not None and pressed.isdigit():
            known = self._transcript.get(int(pressed))
            if known is not None and known.owner == owner:
                self._show(
                    self._transcript.replace(known.number, reply.message, known.chat), header
                )
                return None
        if reply.message.buttons:
            self._show(self._transcript.show(event.chat, owner, reply.message), header)
        else:
            self._print(render(reply.message, header=header))

    def _replace(self, message_id: str, message: Message, chat: Chat) -> Shown | None:
        if not message_id.isdigit():
            return None
        return self._transcript.replace(int(message_id), message, chat)

    def _show(self, shown: Shown | None, header: str, message: Message | None = None) -> None:
        """Print ``shown`` with its numbers (or ``message`` alone when it has none)."""
        if shown is None:
            self._print(render(message or Message(""), header=header))
            return
        self._print(
            render(shown.message, number=shown.number, header=header, buttons=shown.buttons)
        )

    def _header_of(self, shown: Shown) -> str:
        if shown.owner is not None:
            return self.t("console.to_private", user=shown.owner)
        return f"#{shown.chat.id}"

    @staticmethod
    def _chat_of(channel: str) -> Chat:
        if channel.startswith(DIRECT):
            return Chat(PLATFORM, channel.removeprefix(DIRECT), private=True)
        return Chat(PLATFORM, channel)

    async def is_admin(self, chat: Chat, user: Member) -> bool:
        return False

    async def community(self, chat: Chat) -> str | None:
        return chat.id

    async def download(self, attachment: Attachment, limit: int) -> bytes:
        """Console attachments are local file paths."""

        def read() -> bytes:
            path = Path(attachment.file_ref).expanduser()
            if path.stat().st_size > limit:
                raise TooLarge(limit)
            return path.read_bytes()

        return await asyncio.to_thread(read)

    def _print(self, text: str) -> None:
        # sys.stdout is looked up each time: the prompt replaces it to print above itself
        print(text, file=self._stdout or sys.stdout, flush=True)

    def _lines(self) -> AsyncIterator[str]:
        if self._stdin is None and is_terminal(sys.stdin, sys.stdout):
            return prompted_lines(lambda: f"{self.user}> ", self._history)
        return piped_lines(self._stdin or sys.stdin)

    async def _read(self) -> None:
        typed = False
        async for line in self._lines():
            typed = True
            if self._ready is not None:
                await self._ready.wait()  # typed lines refer to messages posted at start-up
            try:
                await self.handle_line(line)
            except Exception as exc:  # a typo must never end the session
                log.debug("console line failed", exc_info=True)
                self._print(f"! {exc}")
        if typed or is_terminal(self._stdin or sys.stdin):
            self._request_stop(0)
        elif self._alone:  # nothing to read and nothing else to do
            print(self.t("console.needs_terminal"), file=sys.stderr, flush=True)
            self._request_stop(1)
        else:
            log.warning(NO_INPUT)

    async def handle_line(self, line: str) -> None:
        """Act on one typed line."""
        parsed = parse_line(line)
        if parsed is None:
            return
        if isinstance(parsed, Directive):
            self._directive(parsed)
            return
        channel = Chat(PLATFORM, CHANNEL)
        item: tuple[int, str] | Command | str
        if isinstance(parsed, Press):
            found = self._press(parsed)
            if found is None:
                return
            channel, item = found  # a button is pressed where its message is
        elif isinstance(parsed, Command) and not self._files_exist(parsed):
            return
        else:
            item = parsed
        event = to_event(
            item,
            user=Member(PLATFORM, self.user, self.user, self.locale),
            chat=channel,
            delivery_id=f"{self._session}-{next(self._deliveries)}",
            at=datetime.now(UTC),
        )
        if self._sink is not None:
            await self._sink(event)

    def _press(self, press: Press) -> tuple[Chat, tuple[int, str]] | None:
        """Where button ``press.button`` is and ``(message number, action)``; None (said)
        when there is no such button or it was shown privately to another member."""
        found = self._transcript.button(press.button)
        if found is None:
            self._print(self.t("console.no_button", number=press.button))
            return None
        shown, position = found
        if shown.owner is not None and shown.owner != self.user:
            self._print(self.t("console.not_yours", number=press.button, owner=shown.owner))
            return None
        return shown.chat, (shown.number, shown.message.buttons[position].action)

    def _files_exist(self, command: Command) -> bool:
        """Whether every ``@file`` of ``command`` is a readable file (else say which is not)."""
        for name in command.files():
            if not Path(name).expanduser().is_file():
                self._print(self.t("console.no_file", path=name, command=command.name))
                return False
        return True

    def _directive(self, directive: Directive) -> None:
        if directive.name in ("quit", "exit"):
            self._request_stop(0)
        elif directive.name == "as" and directive.arg.isidentifier():
            self.user = directive.arg
            self._print(self.t("console.you_are", user=self.user))
        elif directive.name == "lang" and directive.arg in ("fr", "en", ""):
            self.locale = directive.arg or None
            self._print(self.t("console.language", language=self.locale or self._default_locale))
        else:
            self._print(self.t("console.usage"))
