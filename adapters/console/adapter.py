"""The console adapter: read lines from the terminal, print what the core shows.

Act as any member with ``/as alice``, switch language with ``/lang en``, press buttons by
number, type ``/help`` for the commands. End with ``/quit`` or Ctrl-D.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import sys
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from adapters.base import BUTTONS, EPHEMERAL, Sink
from adapters.console.translate import PLATFORM, Directive, Press, parse_line, render, to_event
from bot.model.actions import Action, Delete, Direct, Edit, Message, Post, Reply
from bot.model.errors import TooLarge
from bot.model.events import Attachment, Chat
from bot.model.members import Member

CHANNEL = "main"


class ConsoleAdapter:
    """A terminal chat in channel ``console:main``."""

    platform = PLATFORM
    capabilities = frozenset({BUTTONS, EPHEMERAL})

    def __init__(
        self,
        user: str,
        request_stop: Callable[[], None],
        *,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        ready: asyncio.Event | None = None,
    ) -> None:
        self.user = user
        self.locale: str | None = None
        self._request_stop = request_stop
        self._stdin = stdin or sys.stdin
        self._stdout = stdout or sys.stdout
        #: Posted messages by number, with the channel each was posted in.
        self._messages: dict[int, tuple[str, Message]] = {}
        self._numbers = itertools.count(1)
        self._deliveries = itertools.count(1)
        self._session = uuid.uuid4().hex[:8]
        self._task: asyncio.Task[None] | None = None
        self._sink: Sink | None = None
        self._ready = ready

    async def start(self, sink: Sink) -> None:
        self._sink = sink
        self._print(
            f"Chorus console — you are {self.user}. /help for commands, /as NAME to "
            "become another member, /lang fr|en, /quit to leave."
        )
        self._task = asyncio.create_task(self._read(), name="console-input")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def send(self, action: Action) -> str | None:
        if isinstance(action, Reply):
            who = action.to.user.name
            tag = f"(to {who}, private)" if action.private else f"(to {who})"
            self._print(render(action.message, header=tag))
            return None
        if isinstance(action, Edit):
            self._print(render(action.message, header=f"edited #{action.message_id}"))
            return action.message_id
        if isinstance(action, Delete):
            if action.message_id.isdigit():
                self._messages.pop(int(action.message_id), None)
            self._print(render(action.fallback, header=f"deleted #{action.message_id}"))
            return None
        if isinstance(action, Direct):
            self._print(render(action.message, header=f"(private message to {action.user_id})"))
            return None
        assert isinstance(action, Post)
        number = next(self._numbers)
        self._messages[number] = (action.channel, action.message)
        self._print(render(action.message, number=number, header=f"#{action.channel}"))
        return str(number)

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
        print(text, file=self._stdout, flush=True)

    async def _read(self) -> None:
        # A daemon thread reads the terminal: a thread blocked in readline() must not keep
        # the process alive after SIGTERM (the default executor would).
        loop = asyncio.get_running_loop()
        lines: asyncio.Queue[str] = asyncio.Queue()

        def pump() -> None:
            while True:
                line = self._stdin.readline()
                loop.call_soon_threadsafe(lines.put_nowait, line)
                if not line:
                    return

        threading.Thread(target=pump, name="console-stdin", daemon=True).start()
        if self._ready is not None:
            await self._ready.wait()  # typed lines refer to messages posted at start-up
        while True:
            line = await lines.get()
            if not line:
                self._request_stop()
                return
            try:
                await self.handle_line(line)
            except Exception as exc:  # a typo must never end the session
                self._print(f"! {exc}")

    async def handle_line(self, line: str) -> None:
        """Act on one typed line."""
        parsed = parse_line(line)
        if parsed is None:
            return
        if isinstance(parsed, Directive):
            self._directive(parsed)
            return
        channel = CHANNEL
        item: tuple[int, str] | tuple[str, tuple[str, ...]] | str
        if isinstance(parsed, Press):
            resolved = self._resolve(parsed)
            if resolved is None:
                self._print("! no such button (type the number shown in brackets)")
                return
            channel, number, action = resolved  # a button is pressed where its message is
            item = (number, action)
        else:
            item = parsed
        event = to_event(
            item,
            user=Member(PLATFORM, self.user, self.user, self.locale),
            chat=Chat(PLATFORM, channel),
            delivery_id=f"{self._session}-{next(self._deliveries)}",
            at=datetime.now(UTC),
        )
        if self._sink is not None:
            await self._sink(event)

    def _resolve(self, press: Press) -> tuple[str, int, str] | None:
        """``(channel, message number, action)`` of the button ``press`` names."""
        number = press.message
        if number is None:
            number = max((n for n, (_, m) in self._messages.items() if m.buttons), default=None)
        if number is None or number not in self._messages:
            return None
        channel, message = self._messages[number]
        if not 1 <= press.button <= len(message.buttons):
            return None
        return channel, number, message.buttons[press.button - 1].action

    def _directive(self, directive: Directive) -> None:
        if directive.name in ("quit", "exit"):
            self._request_stop()
        elif directive.name == "as" and directive.arg.isidentifier():
            self.user = directive.arg
            self._print(f"you are now {self.user}")
        elif directive.name == "lang" and directive.arg in ("fr", "en", ""):
            self.locale = directive.arg or None
            self._print(f"language: {self.locale or 'campaign default'}")
        else:
            self._print("! usage: /as NAME · /lang fr|en · /press [MESSAGE] BUTTON · /quit")
