"""Pure conversions for the console: typed lines → events or local directives; messages → text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.model.actions import Message
from bot.model.events import (
    Attachment,
    ButtonPressed,
    Chat,
    CommandInvoked,
    Event,
    MessageReceived,
)
from bot.model.members import Member

PLATFORM = "console"


@dataclass(frozen=True, slots=True)
class Directive:
    """A console-only instruction (``/as``, ``/lang``, ``/quit``), never sent to the core."""

    name: str
    arg: str = ""


@dataclass(frozen=True, slots=True)
class Press:
    """A button press: the number shown in brackets beside the button (``[7] Vanilla``).

    Button numbers are never reused in a console's history, so a number names one button of
    one message, whichever message it is (a private reply, a review card, one from before a
    restart)."""

    button: int


@dataclass(frozen=True, slots=True)
class Command:
    """``/name args``: ``args`` are the words typed after the name, as typed (quotes and
    apostrophes are text, not shell syntax: ``/idea L'été c'est trop court``)."""

    name: str
    args: tuple[str, ...] = ()

    def files(self) -> tuple[str, ...]:
        """The local paths named by ``@path`` words (``/submit @photo.jpg My title``)."""
        return tuple(a.removeprefix(FILE_PREFIX) for a in self.args if _is_file(a))


LOCAL = ("as", "lang", "quit", "exit")
#: ``/submit @photo.jpg My title``: a word starting with ``@`` attaches that local file.
FILE_PREFIX = "@"
_NUMBER = re.compile(r"[0-9]+")


def parse_line(line: str) -> Directive | Press | Command | str | None:
    """Classify a typed line.

    ``7`` or ``/press 7`` presses button [7]. ``/as``, ``/lang`` and ``/quit`` are local;
    other ``/name args`` are commands, split on spaces only; other text is returned as is.
    """
    text = line.strip()
    if not text:
        return None
    if _NUMBER.fullmatch(text):
        return Press(int(text))
    if not text.startswith("/"):
        return text
    words = text[1:].split()
    if not words:
        return None
    name, args = words[0].lower(), tuple(words[1:])
    if name == "press":
        return (
            Press(int(args[0]))
            if len(args) == 1 and _NUMBER.fullmatch(args[0])
            else Directive(name)
        )
    if name in LOCAL:
        return Directive(name, " ".join(args))
    return Command(name, args)


def _is_file(word: str) -> bool:
    return word.startswith(FILE_PREFIX) and len(word) > 1


def to_event(
    item: Command | str | tuple[int, str],
    *,
    user: Member,
    chat: Chat,
    delivery_id: str,
    at: datetime,
) -> Event:
    """Build the neutral event for a command, a text, or a resolved button press
    (``(message number, action)``)."""
    base = {
        "platform": PLATFORM,
        "delivery_id": delivery_id,
        "chat": chat,
        "user": user,
        "received_at": at,
    }
    if isinstance(item, str):
        return MessageReceived(**base, text=item)  # type: ignore[arg-type]
    if isinstance(item, tuple):
        number, action = item
        return ButtonPressed(**base, action=action, message_id=str(number))  # type: ignore[arg-type]
    args = tuple(a for a in item.args if not _is_file(a))
    files = tuple(Attachment(path, path.rsplit("/", 1)[-1]) for path in item.files())
    return CommandInvoked(**base, name=item.name, args=args, attachments=files)  # type: ignore[arg-type]


def render(
    message: Message,
    *,
    number: int | None = None,
    header: str = "",
    buttons: Sequence[int] = (),
) -> str:
    """A message as terminal text, each button with its number: ``buttons`` (numbered from 1
    when not given)."""
    lines = []
    if header or number is not None:
        tag = f"#{number} " if number is not None else ""
        lines.append(f"── {tag}{header}".rstrip())
    lines.append(message.text)
    if message.image is not None:
        lines.append(f"[image: {message.image.alt}]")
    if message.file is not None:
        lines.append(f"[file: {message.file.name} → {message.file.path}]")
    numbers = list(buttons) or range(1, len(message.buttons) + 1)
    for shown, button in zip(numbers, message.buttons, strict=False):
        lines.append(f"  [{shown}] {button.label}")
    return "\n".join(lines)
