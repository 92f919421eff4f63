"""The neutral event model: what a platform tells the core, once translated.

Events are frozen, slotted dataclasses. Every event names its ``platform``, the platform's own
``delivery_id`` (used to count each delivery once), the ``chat`` it came from, the ``user`` (the
:class:`~bot.model.members.Member` who caused it) and when it was received. ``raw`` keeps the
platform payload for debugging and for the adapter that must answer it; campaign code never
reads it.

Member text is cleaned as an event is made (:mod:`bot.model.member_text`): names, command arguments,
messages, captions and form values reach the core without control, bidi-override or
zero-width characters, whichever adapter built the event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.model.member_text import clean, clean_name
from bot.model.members import Member


@dataclass(frozen=True, slots=True)
class Chat:
    """Where an event happened: a group, channel or private conversation."""

    platform: str
    id: str
    private: bool = False

    @property
    def key(self) -> str:
        """``platform:id``, the way config files name a channel."""
        return f"{self.platform}:{self.id}"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file a member sent with a command or form, not downloaded yet.

    ``file_ref`` is the platform's durable reference (Telegram ``file_id``, Discord attachment
    URL, Slack file id); the adapter that made the event can fetch the bytes with
    :meth:`adapters.base.Adapter.download`. ``size`` and ``mime_type`` are what the platform
    claims, checked again on the bytes themselves. ``forwarded`` says the file did not come
    first-hand from the member: it travels in a forwarded message (or, on Telegram, in another
    member's message the command replies to), so a contest does not take it as their entry.
    """

    file_ref: str
    name: str = ""
    mime_type: str | None = None
    size: int | None = None
    forwarded: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_name(self.name))


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Base of every event."""

    platform: str
    delivery_id: str
    chat: Chat
    user: Member
    received_at: datetime
    raw: object = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class CommandInvoked(Event):
    """A slash command (or its platform's equivalent): ``/name arg1 arg2``.

    ``addressed`` is False for a command typed in a group without naming the bot (Telegram's
    ``/warn`` may be another bot's): an unknown one is left unanswered there. Slash commands
    that the platform routes to the bot alone (Discord, Slack) are always addressed.

    ``replied_to`` is the author of the message the command answers, where the platform has
    replies (a Telegram moderator's ``/ban spam`` in reply to the member's message).
    """

    name: str
    args: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    addressed: bool = True
    replied_to: Member | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_name(self.name))
        object.__setattr__(self, "args", tuple(clean(arg) for arg in self.args))


@dataclass(frozen=True, slots=True, kw_only=True)
class ButtonPressed(Event):
    """A button on one of our messages was pressed; ``action`` is the button's action id."""

    action: str
    message_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageReceived(Event):
    """Plain text sent in a chat the bot can read."""

    text: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean(self.text))


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaReceived(Event):
    """A file or photo sent to the bot without a command (``caption`` is its text)."""

    attachment: Attachment
    caption: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "caption", clean(self.caption))


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatMigrated(Event):
    """The platform says ``chat`` now lives under the id ``to`` (a Telegram group upgraded to a
    supergroup: the old group says where it went, the new one where it came from)."""

    to: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ModalSubmitted(Event):
    """A form (modal) was submitted; ``form`` names it and ``values`` holds its fields."""

    form: str
    values: tuple[tuple[str, str], ...] = ()
    attachments: tuple[Attachment, ...] = ()

    def __post_init__(self) -> None:
        values = tuple((name, clean(value)) for name, value in self.values)
        object.__setattr__(self, "values", values)
