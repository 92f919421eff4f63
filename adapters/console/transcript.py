"""What the console has shown: numbered messages and their numbered buttons, kept across restarts.

The console is its own platform, and a platform remembers the messages it showed: a button
from yesterday's session can still be pressed today, as on Telegram. Every message the console
numbers (posts, private messages, replies with buttons) takes the next message number; every
button takes the next button number, never reused, so that typing a button's number names one
button of one message. With a file, each change is appended to it as one JSON line and read
back at the next start; the file is compacted then, keeping the latest messages with buttons.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.model.actions import Message
from bot.model.events import Chat

log = logging.getLogger(__name__)

#: Messages with buttons kept across restarts (the oldest are forgotten first).
KEEP = 200


@dataclass(frozen=True, slots=True)
class Shown:
    """A numbered message: where a press on it happens (``chat``), the member it was shown to
    privately (``owner``, None when public), and its buttons' numbers."""

    number: int
    chat: Chat
    owner: str | None
    message: Message
    buttons: tuple[int, ...] = ()

    def to_json(self) -> str:
        """One line of the transcript file."""
        record: dict[str, Any] = {
            "n": self.number,
            "chat": [self.chat.platform, self.chat.id, self.chat.private],
            "owner": self.owner,
            "message": self.message.to_dict(),
            "buttons": list(self.buttons),
        }
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Shown:
        """The inverse of :meth:`to_json` (already parsed)."""
        platform, chat, private = record["chat"]
        return cls(
            number=int(record["n"]),
            chat=Chat(str(platform), str(chat), private=bool(private)),
            owner=None if record["owner"] is None else str(record["owner"]),
            message=Message.from_dict(record["message"]),
            buttons=tuple(int(b) for b in record["buttons"]),
        )


class Transcript:
    """The numbered messages, in memory and (with ``path``) on disk."""

    def __init__(self, path: Path | None = None, keep: int = KEEP) -> None:
        self._path = path
        self._keep = keep
        self._messages: dict[int, Shown] = {}
        #: button number → (message number, position of the button in the message)
        self._buttons: dict[int, tuple[int, int]] = {}
        self._next_message = 1
        self._next_button = 1

    def load(self) -> list[Shown]:
        """Read the file (a damaged line is skipped), compact it; the messages with buttons
        from before, oldest first."""
        if self._path is None or not self._path.is_file():
            return []
        for line in self._path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
                self._next_message = max(self._next_message, int(record.get("next_message", 0)))
                self._next_button = max(self._next_button, int(record.get("next_button", 0)))
                if "gone" in record:
                    self._drop(int(record["gone"]))
                elif "n" in record:
                    self._remember(Shown.from_json(record))
            except (ValueError, KeyError, TypeError):
                log.warning("console transcript: a damaged line is skipped")
        for number in sorted(self._messages)[: -self._keep or None]:
            self._drop(number)
        self._compact()
        return [self._messages[n] for n in sorted(self._messages)]

    def show(self, chat: Chat, owner: str | None, message: Message) -> Shown:
        """Number a new message (and its buttons)."""
        number = self._next_message
        self._next_message += 1
        return self._store(Shown(number, chat, owner, message, self._number_buttons(message)))

    def replace(self, number: int, message: Message, chat: Chat) -> Shown:
        """Message ``number`` now shows ``message`` (an edit, a one-shot prompt answered); a
        button it still has keeps its number. ``chat`` is used when ``number`` is unknown."""
        before = self._messages.get(number)
        kept = {}
        if before is not None:
            chat = before.chat
            kept = {
                b.action: n for b, n in zip(before.message.buttons, before.buttons, strict=True)
            }
        buttons = tuple(kept.get(b.action) or self._new_button() for b in message.buttons)
        owner = before.owner if before is not None else None
        self._next_message = max(self._next_message, number + 1)
        return self._store(Shown(number, chat, owner, message, buttons))

    def forget(self, number: int) -> None:
        """Message ``number`` is gone (deleted): its buttons can no longer be pressed."""
        if number in self._messages:
            self._drop(number)
            self._append(json.dumps({"gone": number}))

    def _drop(self, number: int) -> None:
        shown = self._messages.pop(number, None)
        for button in shown.buttons if shown is not None else ():
            self._buttons.pop(button, None)

    def get(self, number: int) -> Shown | None:
        """Message ``number``, if it is known."""
        return self._messages.get(number)

    def button(self, number: int) -> tuple[Shown, int] | None:
        """The message showing button ``number``, and the button's position in it."""
        found = self._buttons.get(number)
        if found is None:
            return None
        return self._messages[found[0]], found[1]

    def _number_buttons(self, message: Message) -> tuple[int, ...]:
        return tuple(self._new_button() for _ in message.buttons)

    def _new_button(self) -> int:
        number = self._next_button
        self._next_button += 1
        return number

    def _remember(self, shown: Shown) -> None:
        self._drop(shown.number)
        if shown.message.buttons:
            self._messages[shown.number] = shown
            for position, button in enumerate(shown.buttons):
                self._buttons[button] = (shown.number, position)
        self._next_message = max(self._next_message, shown.number + 1)
        self._next_button = max([self._next_button, *(b + 1 for b in shown.buttons)])

    def _store(self, shown: Shown) -> Shown:
        had_buttons = shown.number in self._messages
        self._remember(shown)
        if shown.message.buttons:
            self._append(shown.to_json())
        elif had_buttons:
            self._append(json.dumps({"gone": shown.number, **self._counter_values()}))
        else:
            self._append(self._counters())
        return shown

    def _counter_values(self) -> dict[str, int]:
        return {"next_message": self._next_message, "next_button": self._next_button}

    def _counters(self) -> str:
        return json.dumps(self._counter_values())

    def _append(self, line: str) -> None:
        if self._path is None:
            return
        try:
            with self._path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        except OSError as error:  # the chat goes on; only the memory across restarts is lost
            log.warning("console transcript not written: %s", error)

    def _compact(self) -> None:
        if self._path is None:
            return
        lines = [self._counters(), *(self._messages[n].to_json() for n in sorted(self._messages))]
        try:
            self._path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        except OSError as error:
            log.warning("console transcript not compacted: %s", error)
