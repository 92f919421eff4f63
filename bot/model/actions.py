"""What the core asks adapters to show: messages, replies, posts, edits, deletions and direct
messages.

A :class:`Message` is platform-neutral: text, buttons with stable action ids, an optional image
with alt text, an optional file (document). Each adapter renders it natively. Messages
serialise to plain dicts so the outbox can store them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from bot.model.events import Event


@dataclass(frozen=True, slots=True)
class Button:
    """A button; pressing it sends a :class:`~bot.model.events.ButtonPressed` carrying
    ``action``."""

    label: str
    action: str


@dataclass(frozen=True, slots=True)
class Image:
    """A PNG/JPEG image with its alt text (platforms without images show the alt text)."""

    path: str
    alt: str


@dataclass(frozen=True, slots=True)
class File:
    """A document sent with a message (an export, a member's own data): ``path`` on disk,
    ``name`` shown to the member, ``mime_type`` (``text/csv``, ``application/json``).
    Platforms without files show the text only."""

    path: str
    name: str
    mime_type: str


@dataclass(frozen=True, slots=True)
class Moment:
    """A point in time shown in a message's text: ``at`` (aware, UTC) appears there as
    ``shown``, the local text in the campaign's time zone and language. Platforms that can
    show a time in each reader's own zone (Discord's ``<t:…>``, Slack's ``<!date^…>``) put
    theirs in its place; the others show ``shown`` as it is."""

    at: datetime
    shown: str

    @property
    def unix(self) -> int:
        """Seconds since the epoch, as the platforms' time tokens take them."""
        return int(self.at.timestamp())


@dataclass(frozen=True, slots=True)
class Message:
    """Something to show: text, optional buttons, image and file.

    ``text`` is plain text, ours and members' alike: each adapter shows it as typed, escaping
    its platform's markup (Discord markdown, Slack mrkdwn), so a member's ``[prize](url)`` never
    becomes a disguised link. Catalog texts therefore carry no markup. ``moments`` are the
    times ``text`` shows (a deadline…), for platforms that show each reader their own time.
    """

    text: str
    buttons: tuple[Button, ...] = ()
    image: Image | None = None
    file: File | None = None
    moments: tuple[Moment, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form for the outbox (``file`` and ``moments`` only when there are
        some, so rows written before they existed and after read the same)."""
        data: dict[str, Any] = {
            "text": self.text,
            "buttons": [[b.label, b.action] for b in self.buttons],
            "image": None if self.image is None else [self.image.path, self.image.alt],
        }
        if self.file is not None:
            data["file"] = [self.file.path, self.file.name, self.file.mime_type]
        if self.moments:
            data["moments"] = [[m.at.isoformat(), m.shown] for m in self.moments]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Message:
        """The inverse of :meth:`to_dict`."""
        image = data.get("image")
        file = data.get("file")
        return cls(
            text=str(data["text"]),
            buttons=tuple(Button(str(label), str(action)) for label, action in data["buttons"]),
            image=None if image is None else Image(str(image[0]), str(image[1])),
            file=None if file is None else File(str(file[0]), str(file[1]), str(file[2])),
            moments=tuple(
                Moment(datetime.fromisoformat(str(at)), str(shown))
                for at, shown in data.get("moments") or ()
            ),
        )

    def with_text(self, text: str) -> Message:
        """The same message (buttons, image, file, moments) showing ``text`` instead."""
        return replace(self, text=text)


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer to one event; ``private`` asks for an ephemeral/private answer where possible.

    ``replace`` answers a button press by taking the place of the message pressed: a one-shot
    prompt (a confirmation, a choice among look-alikes) shows the outcome and loses its buttons
    once used. Where the pressed message cannot be changed, the answer is shown as usual.

    ``aside`` marks a private acknowledgement the author can do without (a moderator's
    ``/close`` in a channel where the results then show): where a private answer would be
    seen by the whole group (a Telegram group has no ephemeral messages), the adapter leaves
    it out rather than post a notice before what it announces.
    """

    to: Event
    message: Message
    private: bool = True
    replace: bool = False
    aside: bool = False


@dataclass(frozen=True, slots=True)
class Post:
    """A message posted in a channel (``channel`` is the id on the adapter's platform)."""

    channel: str
    message: Message
    key: str = field(default="")


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the content of a message we posted earlier."""

    channel: str
    message_id: str
    message: Message


@dataclass(frozen=True, slots=True)
class Direct:
    """A private message to one member (``user_id`` on the adapter's platform): a DM where the
    platform allows it. Adapters raise :class:`~bot.model.errors.Undeliverable` when the member
    cannot be reached privately."""

    user_id: str
    message: Message
    key: str = field(default="")


@dataclass(frozen=True, slots=True)
class Delete:
    """Take down a message we posted earlier (e.g. an erased member's own entry).

    ``fallback`` is shown instead, by an edit, where the platform refuses the deletion (Telegram
    lets a bot delete its messages for 48 hours only): the content still leaves the post.
    """

    channel: str
    message_id: str
    fallback: Message


Action = Reply | Post | Edit | Direct | Delete
