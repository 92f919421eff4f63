"""The neutral event model: what a platform tells the core, once translated.

Events are frozen, slotted dataclasses. Every event names its ``platform``, the platform's own
``delivery_id`` (used to count each delivery once), the ``chat`` and ``user`` it came from, and
when it was received. ``raw`` keeps the platform payload for debugging and for the adapter that
must answer it; campaign code never reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class User:
    """A member as the platform knows them.

    ``created_at`` is when their platform account was created, where the platform tells
    (Discord ids are snowflakes that encode it); fraud signals and eligibility use it. It does
    not take part in comparisons: it says something about the member, not who they are.

    ``anonymous`` is set when no person can be told behind the author: a message sent on
    behalf of a group or a channel (Telegram's anonymous administrators post as the group
    itself). ``id`` is then the group's or channel's. Such an author may hold a role the
    platform vouches for, but never takes part (votes, entries, ideas, pledges): two people
    behind one name would count as one.
    """

    platform: str
    id: str
    name: str
    locale: str | None = None
    created_at: datetime | None = field(default=None, compare=False)
    anonymous: bool = False

    @property
    def key(self) -> str:
        """``platform:id``, the way config files name a member."""
        return f"{self.platform}:{self.id}"


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
    claims, checked again on the bytes themselves.
    """

    file_ref: str
    name: str = ""
    mime_type: str | None = None
    size: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Base of every event."""

    platform: str
    delivery_id: str
    chat: Chat
    user: User
    received_at: datetime
    raw: object = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class CommandInvoked(Event):
    """A slash command (or its platform's equivalent): ``/name arg1 arg2``."""

    name: str
    args: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ButtonPressed(Event):
    """A button on one of our messages was pressed; ``action`` is the button's action id."""

    action: str
    message_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageReceived(Event):
    """Plain text sent in a chat the bot can read."""

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaReceived(Event):
    """A file or photo sent to the bot without a command (``caption`` is its text)."""

    attachment: Attachment
    caption: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ModalSubmitted(Event):
    """A form (modal) was submitted; ``form`` names it and ``values`` holds its fields."""

    form: str
    values: tuple[tuple[str, str], ...] = ()
    attachments: tuple[Attachment, ...] = ()
