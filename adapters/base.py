"""The one small interface every platform adapter implements.

An adapter turns platform deliveries into neutral events handed to ``sink`` and renders neutral
actions natively. It does not own the event loop and never touches storage: an adapter whose
platform forgets a delivery once acknowledged keeps it in the :class:`Journal` the core hands
it (see :class:`Replaying`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

from bot.engine.command_specs import Commands
from bot.model.actions import Action
from bot.model.events import Attachment, Chat, Event
from bot.model.members import Member
from bot.model.pacing import Throttle

Sink = Callable[[Event], Awaitable[None]]

#: Capabilities an adapter may declare.
IMAGES = "images"
BUTTONS = "buttons"
EPHEMERAL = "ephemeral"
EDITS = "edits"


class Adapter(Protocol):
    """A platform connection."""

    platform: str
    capabilities: frozenset[str]

    async def start(self, sink: Sink) -> None:
        """Connect and start delivering events to ``sink``; return once running."""

    async def stop(self) -> None:
        """Disconnect; pending sends are finished or dropped cleanly."""

    async def send(self, action: Action) -> str | None:
        """Show ``action``; return the platform's message id for posts, else None.

        Raises:
            Undeliverable: the platform refuses for good (the member never opened a private
                chat with the bot, the bot was removed from the channel); retrying is useless.
        """

    async def is_admin(self, chat: Chat, user: Member) -> bool:
        """Whether the platform says ``user`` administers the community of ``chat``.

        The core gives moderator rights for it only in campaigns with a channel in that
        same community (see :meth:`community`).
        """

    async def community(self, chat: Chat) -> str | None:
        """The community ``chat`` belongs to, whose administrators :meth:`is_admin` tells:
        a Telegram group is its own, a Discord channel belongs to its server, a Slack
        channel to the workspace. None when there is none to administer (a private chat
        on Telegram or Discord) or it cannot be told.
        """

    async def download(self, attachment: Attachment, limit: int) -> bytes:
        """The bytes of a file a member sent, at most ``limit`` bytes.

        Raises:
            TooLarge: the file is bigger than ``limit`` (checked before and while reading).
        """


@runtime_checkable
class CommandReader(Protocol):
    """An optional capability: an adapter that reads Chorus's commands as its platform delivers
    them and lists them there (Discord's application commands, Telegram's command menus, Slack's
    forms). The core tells it, before :meth:`Adapter.start`, every command Chorus answers (how
    each is typed, its parameters, the form standing for it) and the names of those that run
    there: those of the core and of the kinds with a campaign on that platform, so members are
    not offered commands that cannot work."""

    def learn_commands(self, commands: Commands, offered: frozenset[str]) -> None:
        """Read invocations with ``commands``; list only those named in ``offered``."""
        ...


@runtime_checkable
class RoleTeller(Protocol):
    """An optional capability: an adapter that can tell a member's roles (Discord).

    Contest eligibility (``required_roles``) asks it; on a platform whose adapter does not
    offer it, a campaign that requires roles there refuses its members rather than let them
    in unchecked. Platforms without roles simply do not implement it.
    """

    async def member_roles(self, chat: Chat, user: Member) -> frozenset[str]:
        """The ids of the roles ``user`` holds where ``chat`` is (empty when unknown)."""
        ...


@runtime_checkable
class PrivateInvitation(Protocol):
    """An optional capability: an adapter whose platform lets a member open a private chat
    with the bot by a link (Telegram's ``t.me/<bot>?start=<token>``).

    A private message the platform refuses until the member starts the bot
    (:class:`~bot.model.errors.PrivateRefused`) waits; the member is told where they are, with
    this link when there is one.
    """

    def invitation(self, token: str) -> str:
        """A link that opens the member's private chat with the bot, ``token`` its payload."""
        ...


@runtime_checkable
class MembershipTeller(Protocol):
    """An optional capability: an adapter that can tell whether a member belongs to a chat.

    A participation sent in a private chat is accepted only from a member of one of the
    campaign's chats on that platform (see :mod:`bot.engine.access.membership`); the adapter
    asks the platform (Telegram ``getChatMember``, Discord guild membership, Slack channel
    members) and keeps answers briefly. A platform whose adapter does not offer it cannot tell,
    and a campaign that accepts private participation lets its members in unchecked there.
    """

    async def is_member(self, chat: Chat, user: Member) -> bool:
        """Whether ``user`` belongs to ``chat`` (one of a campaign's channels) right now.

        Raises:
            Exception: the platform could not be asked (network, rate limit); the
                participation is then refused by the core's error path, never let through.
        """
        ...


class Journal(Protocol):
    """The core's delivery journal, as an adapter sees it.

    A platform that considers a delivery done once acknowledged (a Slack ack, a Discord
    interaction deferred) never sends it again: the adapter records the raw delivery before
    acknowledging it, and says when its handling finished. The core replays what was recorded
    and never finished at the next start (:meth:`Replaying.replay`).
    """

    async def record(self, platform: str, delivery_id: str, payload: str) -> None:
        """Keep ``payload`` (what the adapter needs to translate the delivery again) durably;
        returns once it is on disk."""

    async def finish(self, platform: str, delivery_id: str) -> None:
        """The delivery was handled: forget it."""


class NoJournal:
    """Keeps nothing: for an adapter used outside a running Chorus (tests, benchmarks)."""

    async def record(self, platform: str, delivery_id: str, payload: str) -> None:
        """Nothing to keep."""

    async def finish(self, platform: str, delivery_id: str) -> None:
        """Nothing to forget."""


@runtime_checkable
class Replaying(Protocol):
    """An optional capability: an adapter that acknowledges deliveries before handling them.

    The core hands it the journal before :meth:`Adapter.start`, and after the start gives
    back every delivery recorded and never finished (a process that died in between), oldest
    first. ``replay`` translates the payload again and handles it like a fresh delivery, in
    the background; the inbox gives a delivery whose effect landed before the crash no second
    effect.
    """

    def keep_journal(self, journal: Journal) -> None:
        """Record deliveries in ``journal`` before acknowledging them."""

    async def replay(self, delivery_id: str, payload: str) -> None:
        """Handle a delivery recorded by an earlier process (returns once it is under way)."""


@runtime_checkable
class SingleReceiver(Protocol):
    """An optional capability: an adapter whose platform lets only one connection per bot
    receive (Telegram long polling: a second ``getUpdates`` gets ``409 Conflict``).

    With several processes, the core holds a lease for it: before :meth:`Adapter.start` it
    calls :meth:`defer_receiving` (the adapter connects and sends, but does not receive),
    then :meth:`start_receiving` in the one process holding the lease, and
    :meth:`stop_receiving` if that process loses it. The others stand by.
    """

    def single_receiver(self) -> bool:
        """Whether receiving needs the lease in the adapter's current mode (webhooks do not)."""
        ...

    def defer_receiving(self) -> None:
        """Do not start receiving in :meth:`Adapter.start`: the core will say when."""
        ...

    async def start_receiving(self) -> None:
        """Start receiving (this process now holds the lease)."""
        ...

    async def stop_receiving(self) -> None:
        """Stop receiving (the lease is lost, or the process stops)."""
        ...


@runtime_checkable
class Paced(Protocol):
    """An optional capability: an adapter that keeps its platform's sending limits.

    Alone, an adapter paces what it sends by itself. With several processes on one database,
    the core hands it a throttle shared by all of them before :meth:`Adapter.start`: the adapter
    then takes a turn from it for every request that counts against a limit of the bot or of
    a channel (see :mod:`bot.model.pacing`). Answers to a member's own press take none.
    """

    def pace_with(self, throttle: Throttle) -> None:
        """Take turns from ``throttle`` from now on."""
        ...
