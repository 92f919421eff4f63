"""Pure conversions for the console: typed lines → events or local directives; messages → text."""

from __future__ import annotations

import re
import shlex
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
    """A button press by position: message number (None = latest with buttons), button number."""

    message: int | None
    button: int


LOCAL = ("as", "lang", "quit", "exit")
#: ``/submit @photo.jpg My title``: a word starting with ``@`` attaches that local file.
FILE_PREFIX = "@"
_NUMBER = re.compile(r"[0-9]+")
_POSITION = re.compile(r"[0-9]+(\.[0-9]+)?")


def parse_line(line: str) -> Directive | Press | tuple[str, tuple[str, ...]] | str | None:
    """Classify a typed line.

    ``2`` or ``/press 2`` presses button 2 of the latest message with buttons; ``3.2`` or
    ``/press 3 2`` presses button 2 of message #3. ``/as``, ``/lang`` and ``/quit`` are local;
    other ``/name args`` are commands, returned as ``(name, args)``; other text is returned as is.
    """
    text = line.strip()
    if not text:
        return None
    if _POSITION.fullmatch(text):
        return _press(text.split(".") if "." in text else [text])
    if not text.startswith("/"):
        return text
    try:
        words = shlex.split(text[1:])
    except ValueError:
        words = text[1:].split()
    if not words:
        return None
    name, args = words[0].lower(), tuple(words[1:])
    if name == "press":
        numeric = bool(args) and all(_NUMBER.fullmatch(a) for a in args)
        return _press(list(args)) if numeric else Directive("press")
    if name in LOCAL:
        return Directive(name, " ".join(args))
    return name, args


def _press(parts: list[str]) -> Press:
    if len(parts) == 1:
        return Press(None, int(parts[0]))
    return Press(int(parts[0]), int(parts[1]))


def to_event(
    item: tuple[str, tuple[str, ...]] | str | tuple[int, str],
    *,
    user: Member,
    chat: Chat,
    delivery_id: str,
    at: datetime,
) -> Event:
    """Build the neutral event for a command, a text, or a resolved button press."""
    base = {
        "platform": PLATFORM,
        "delivery_id": delivery_id,
        "chat": chat,
        "user": user,
        "received_at": at,
    }
    if isinstance(item, str):
        return MessageReceived(**base, text=item)  # type: ignore[arg-type]
    first, second = item
    if isinstance(first, int):
        return ButtonPressed(**base, action=str(second), message_id=str(first))  # type: ignore[arg-type]
    args = tuple(a for a in second if not a.startswith(FILE_PREFIX))
    files = tuple(
        Attachment(a.removeprefix(FILE_PREFIX), a.rsplit("/", 1)[-1])
        for a in second
        if a.startswith(FILE_PREFIX) and len(a) > 1
    )
    return CommandInvoked(**base, name=first, args=args, attachments=files)  # type: ignore[arg-type]


def render(message: Message, *, number: int | None = None, header: str = "") -> str:
    """A message as terminal text, buttons numbered ``[1] Option``."""
    lines = []
    if header or number is not None:
        tag = f"#{number} " if number is not None else ""
        lines.append(f"── {tag}{header}".rstrip())
    lines.append(message.text)
    if message.image is not None:
        lines.append(f"[image: {message.image.alt}]")
    if message.file is not None:
        lines.append(f"[file: {message.file.name} → {message.file.path}]")
    for position, button in enumerate(message.buttons, start=1):
        lines.append(f"  [{position}] {button.label}")
    return "\n".join(lines)
